"""The Typer app, its --version, and the one boundary where errors become messages and exit codes.

Each command (in the topic modules) hands `run` a job: load -> compute, returning a result to render,
or a `Done` with notes for stderr and an exit status. Errors of the `IndcalcError` family are turned
into ``indcalc: error: <file>:<line>:<col>: <message>`` on stderr and exit status 2 here (`run`), and
so are Click's usage errors (an unknown option, a missing argument, a bad choice: `_Commands.main`);
`--debug` shows the traceback instead. pandas and pyarrow are imported inside the jobs that need
them, so ``indcalc --help`` and ``indcalc --version`` start fast.

Exit status (`indcalc.errors`): 0 success, 2 bad input or usage, 1 when a command found what it was
asked to look for (an inconsistent claim, a tripped alert, validate's warnings), 130 interrupted, 143
and 129 for SIGTERM and SIGHUP while --output is written (`indcalc.cli.output.replacing`); a closed
pipe (``indcalc yoy | head``) ends quietly with 141 like other tools. A bug is exit 2 too, with a
one-line message asking for a report: never a traceback unless --debug.
"""

from __future__ import annotations

import os
import sys
import time
import warnings
from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated, Any, NamedTuple

import typer
from typer.core import TyperGroup

from indcalc import __version__
from indcalc.cli.options import Output
from indcalc.cli.output import Signalled, check_target, emit, resolve_format
from indcalc.errors import (
    EXIT_BROKEN_PIPE,
    EXIT_ERROR,
    EXIT_INTERRUPTED,
    EXIT_OK,
    IndcalcError,
    IndcalcNote,
    IndcalcWarning,
    UsageError,
)
from indcalc.visible import visible

if TYPE_CHECKING:
    import pandas as pd

    from indcalc.formulas import Rows


# Click's base of the errors it shows (a usage error, a bad parameter), from Typer's Click, vendored or not.
_CLICK_EXCEPTION = next(c for c in typer.BadParameter.__mro__ if c.__name__ == "ClickException")


class _Commands(TyperGroup):
    """The app's group of commands: Click's usage errors (an unknown option, a missing argument, a bad
    choice) are one line, ``indcalc: error: ...`` on stderr with exit status 2, as every other error."""

    def main(self, *args: Any, standalone_mode: bool = True, **extra: Any) -> Any:
        if not standalone_mode:
            return super().main(*args, standalone_mode=False, **extra)
        given = args[0] if args else extra.get("args", sys.argv[1:])
        try:
            done = super().main(*args, standalone_mode=False, **extra)
        except _CLICK_EXCEPTION as exc:
            if type(exc).__name__ == "NoArgsIsHelpError":  # `indcalc` alone: the help, printed already
                sys.exit(EXIT_ERROR)
            context = getattr(exc, "ctx", None)
            hint = f" (see {context.command_path} --help)" if context is not None else ""
            typer.echo(visible(f"indcalc: error: {exc.format_message()}{hint}"), err=True)
            sys.exit(EXIT_ERROR)
        except typer.Abort:  # end of input at a prompt
            typer.echo("Aborted!", err=True)
            sys.exit(EXIT_INTERRUPTED)
        if not given:  # the help, printed by Click, is a usage error (Click before 8.2 exits 0 there)
            sys.exit(EXIT_ERROR)
        sys.exit(done if isinstance(done, int) else EXIT_OK)


app = typer.Typer(
    name="indcalc",
    cls=_Commands,
    help=(
        "Growth rates, percentage-point changes, YoY and CAGR from period-stamped indicator figures.\n\n"
        "Reads CSV, TSV, Excel or Parquet files, long (indicator, period, value; optionally entity, unit) "
        "or wide (periods as column names); without FILE it reads the data piped in, or else uses the "
        "figures bundled from the seed documents. Prints a table on a terminal and CSV when piped."
    ),
    no_args_is_help=True,
    # --install-completion / --show-completion, and _INDCALC_COMPLETE=source_bash (zsh, fish) for a
    # script: Typer imports its completion code anyway, so this costs start-up about 0.1 ms.
    add_completion=True,
    rich_markup_mode="markdown",
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"indcalc {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool,
        typer.Option("--version", "-V", callback=_version, is_eager=True, help="Show the version and exit."),
    ] = False,
) -> None:
    """Growth rates, percentage-point changes, YoY and CAGR from period-stamped indicator figures."""


class Done(NamedTuple):
    """What a job gives back when it has more to say than its result: notes for stderr (printed once its
    progress bar is gone) and the exit status once the result is written (`indcalc.errors`); a function
    giving it when it is known only then (a result written in `indcalc.render.Parts` as computed)."""

    result: pd.DataFrame | Rows | str | None  # None: nothing to write (the job wrote its output itself)
    notes: tuple[str, ...] = ()
    status: int | Callable[[], int] = EXIT_OK


def run(job: Callable[[], pd.DataFrame | Rows | str | Done], *, title: str, out: Output) -> None:
    """Run a command's job and render its result; the one place where errors become exit codes.

    Example: ``run(source.then("indcalc.changes", "yoy"), title="Year on year", out=out)``
    """
    try:
        if out.output is None and sys.stdout is None:  # `>&-`
            raise UsageError("cannot write to stdout: it is closed; give -o FILE, or redirect stdout")
        if out.output is not None and str(out.output) in ("", "."):  # -o "" reaches us as "."
            raise UsageError("-o needs a file name (or - for stdout)")
        if out.output is not None:
            check_target(out.output)
        resolve_format(out.fmt, out.output)  # fail before the work
        from indcalc.cli import collecting
        from indcalc.render import progress

        collecting()
        started = time.monotonic()
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", IndcalcWarning)
            try:
                with progress(title, since=started):
                    done = job()
            finally:  # after the progress bar is gone
                for warning in caught:
                    if issubclass(warning.category, IndcalcWarning):
                        kind = "note" if issubclass(warning.category, IndcalcNote) else "warning"
                        typer.echo(visible(f"indcalc: {kind}: {warning.message}"), err=True)
        done = done if isinstance(done, Done) else Done(done)
        for note in done.notes:
            typer.echo(visible(note), err=True)
        if done.result is not None:
            emit(done.result, title=title, out=out, started=started)
    except IndcalcError as exc:
        if out.debug:
            raise
        _report(exc)
        raise typer.Exit(exc.exit_code) from None
    except BrokenPipeError:
        # The reader went away (`indcalc yoy | head`): stop quietly, as Unix tools do.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        raise typer.Exit(EXIT_BROKEN_PIPE) from None
    except KeyboardInterrupt:
        raise typer.Exit(EXIT_INTERRUPTED) from None
    except Signalled as signalled:  # SIGTERM, SIGHUP while writing: the temporary is gone
        raise typer.Exit(128 + signalled.signum) from None
    except Exception as exc:  # a bug: still a one-line message and exit 2, never a traceback
        if out.debug:
            raise
        typer.echo(
            visible(
                f"indcalc: error: internal error ({type(exc).__name__}: {exc}); "
                "please report it, with the traceback that --debug shows"
            ),
            err=True,
        )
        raise typer.Exit(EXIT_ERROR) from None
    status = done.status() if callable(done.status) else done.status
    if status != EXIT_OK:
        raise typer.Exit(status)


def _report(exc: IndcalcError) -> None:
    for error in (exc, *getattr(exc, "also", ())):
        text = error.spelled(_flags()) if isinstance(error, UsageError) else str(error)
        typer.echo(visible(f"indcalc: error: {text}"), err=True)
    unshown = getattr(exc, "unshown", 0)
    if unshown:
        typer.echo(f"indcalc: error: ... and {unshown:,} more problem{'s' * (unshown > 1)}", err=True)


def _flags() -> dict[str, str]:
    """The current command's options by the Python names of the library's parameters (a list one,
    such as parts, by its repeated option's singular name): a library error names its parameters,
    the CLI names the flags (`UsageError.spelled`); the short flag where there is one (``-i``)."""
    try:  # Typer 0.28 carries its own Click: the context is its, even when Click is installed too
        from typer._click.globals import get_current_context
    except ImportError:
        from click.globals import get_current_context

    context = get_current_context(silent=True)
    flags = {}
    for param in context.command.params if context else ():
        if param.param_type_name == "option" and param.name:
            flag = min(param.opts, key=len)
            for name in (param.name, param.name + "s", param.name[:-1] + "ies"):
                flags.setdefault(name, flag)
    return flags
