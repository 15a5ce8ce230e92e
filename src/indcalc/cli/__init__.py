"""The command line: the only package that imports Typer.

`app` is the Typer application with every command registered on it. Commands live by topic:
`series` (growth, yoy, pop, list), `figures` (calc), `checks` (validate, check), `analysis` (ytd,
share, contribution, target) and `reports` (summary, plot); `shared` holds the Typer app, the options
every command shares and the error boundary. Importing a topic module registers its commands.

`main` imports only the module of the command asked for, so Typer builds one command's parameters
instead of all of them (about 80 ms less start-up); anything else (``--help``, a misspelt command)
gets the whole app.
"""

import importlib
import os
import sys
from typing import NoReturn

# The topic modules, in their order in --help, and the module of each command.
MODULES = ("series", "figures", "checks", "analysis", "reports")
COMMAND_MODULES = {
    **dict.fromkeys(("growth", "yoy", "pop", "list"), "series"),
    "calc": "figures",
    **dict.fromkeys(("validate", "check"), "checks"),
    **dict.fromkeys(("ytd", "share", "contribution", "target"), "analysis"),
    **dict.fromkeys(("summary", "plot"), "reports"),
}


def _register(modules: tuple[str, ...]) -> None:
    for module in modules:
        importlib.import_module(f"indcalc.cli.{module}")


def main() -> None:
    """Entry point of the `indcalc` console script (see `indcalc.__main__` for the fast --version)."""
    command = sys.argv[1] if len(sys.argv) > 1 else ""
    _register((COMMAND_MODULES[command],) if command in COMMAND_MODULES else MODULES)
    from indcalc.cli.shared import app

    try:
        app(prog_name="indcalc")
    except SystemExit as done:
        if "pandas" not in sys.modules:  # a light command: nothing to gain
            raise
        _exit_now(done.code)


def _exit_now(code: object) -> NoReturn:
    """End the process as `sys.exit(code)` would, but without the interpreter's teardown: after a
    command that held millions of rows, freeing them object by object and unloading pandas and pyarrow
    takes about 0.2 s, work the operating system does for free. Standard streams are flushed first."""
    if code is None:
        status = 0
    elif isinstance(code, int):
        status = code
    else:
        print(code, file=sys.stderr)
        status = 1
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (BrokenPipeError, ValueError):  # a reader gone, or a stream closed
            status = status or 141
    os._exit(status)


def __getattr__(name: str) -> object:
    """`app`, with every command registered."""
    if name != "app":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    _register(MODULES)
    from indcalc.cli.shared import app

    return app


__all__ = ["app", "main"]
