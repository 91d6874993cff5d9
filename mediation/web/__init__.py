"""The web console: server-rendered pages over the same use cases, permissions and audit
trail as the command line (``mediation web``). Sign-in, sessions and CSRF in ``session``,
the words of every page in ``words``, pages in ``pages``, actions in ``actions``."""
