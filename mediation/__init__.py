"""mediation: case management for public-conflict mediators.

The package is organised in flat modules, one concept each; ``app.build_app`` is the
composition root and ``cli`` the only layer that prints.
"""

__version__ = "0.1.0"
