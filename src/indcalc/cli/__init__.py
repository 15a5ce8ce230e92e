"""The command line: the only package that imports Typer.

`app` is the Typer application; importing this package registers every command on it. Commands live
by topic: `series` (growth, yoy, pop, list), `analysis` (ytd, share, contribution, target), `figures`
(calc) and `checks` (validate); `app` holds the shared options and the error boundary.
"""

# Importing the modules registers their commands, in this order in --help.
from indcalc.cli import series, figures, checks, analysis, reports  # noqa: F401, I001
from indcalc.cli.app import app, main

__all__ = ["app", "main"]
