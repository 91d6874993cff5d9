#!/usr/bin/env python3
"""Run the mediation CLI from a checkout: ``python run.py case list`` = ``mediation case list``."""

import sys

from mediation.cli.main import main

if __name__ == "__main__":
    sys.exit(main())
