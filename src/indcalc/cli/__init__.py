"""The command line: the only package that imports Typer.

`app` is the Typer application with every command registered on it. Commands live by topic:
`series` (growth, yoy, pop, list), `figures` (calc), `checks` (validate, check), `analysis` (ytd,
share, contribution, target) and `reports` (summary, plot). Beside them: `program` (the Typer app,
--version and the one error boundary), `options` (the options data commands share, in bundles),
`inputs` (FILE, stdin, the bundled figures) and `output` (formats, --output written atomically).
Importing a topic module registers its commands.

`main` imports only the module of the command asked for, so Typer builds one command's parameters
instead of all of them (about 80 ms less start-up); anything else (``--help``, a misspelt command)
gets the whole app.
"""

import gc
import importlib
import os
import sys
from typing import NoReturn

from indcalc.color import drop_unforcing
from indcalc.errors import EXIT_BROKEN_PIPE, EXIT_ERROR, EXIT_FINDINGS, EXIT_OK

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
    gc.disable()  # while modules are imported (`collecting`)
    numpy_settings()
    drop_unforcing()  # FORCE_COLOR=0: not forced, for Rich's tables and Typer's help too
    command = sys.argv[1] if len(sys.argv) > 1 else ""
    _register((COMMAND_MODULES[command],) if command in COMMAND_MODULES else MODULES)
    from indcalc.cli.program import app

    try:
        app(prog_name="indcalc")
    except SystemExit as done:
        if "pandas" not in sys.modules and not _other_threads():  # a light command: nothing to gain
            sys.exit(flushed(done.code))
        _exit_now(done.code)
    except OSError as exc:  # Typer's own output (--help, a usage error) could not be written
        sys.exit(flushed(EXIT_BROKEN_PIPE if isinstance(exc, BrokenPipeError) else EXIT_ERROR, exc))


def numpy_settings() -> None:
    """Ask numpy, before it is imported, not to back its large arrays with transparent huge pages
    (``NUMPY_MADVISE_HUGEPAGE=0``) and its OpenBLAS to start no threads (``OPENBLAS_NUM_THREADS=1``),
    unless the environment says otherwise.

    A command allocates and frees its arrays once, in a process that lives a second or two, so it
    gains little from fewer TLB misses, while every huge page faulted in is 2 MB zeroed at once (and
    memory compacted for it when fragmented). On this project's 2-core virtual machine, yoy on 2.28M rows
    spent 0.7-2.3 s of system time with huge pages and 0.4-0.8 s without (wall 1.8-3.4 s against
    1.6-2.1 s; README, Performance). ``NUMPY_MADVISE_HUGEPAGE=1 indcalc ...`` restores numpy's default.

    No command multiplies matrices, but OpenBLAS starts a thread per core when numpy is imported, and
    each spins for about a tenth of a second waiting for work: 3% of yoy's CPU time on the new user's
    panel (README, Performance), taken from the cores that parse the file.
    The Python API leaves numpy as it is: only the command line sets these.
    """
    os.environ.setdefault("NUMPY_MADVISE_HUGEPAGE", "0")
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")


def collecting() -> None:
    """Have Python's cycle collector run again, the objects made so far (the imported modules') moved
    out of its way for good (`gc.freeze`). `main` stops it while the command's modules are imported,
    until the command runs; a command reading figures stops it again until numpy, pyarrow and pandas
    are imported (`indcalc.cli.inputs.Inputs.load`). Importing makes hundreds of thousands of objects
    and no garbage cycles worth finding: yoy on the new user's panel ran the collector 120 times
    during its imports, 0.07 s in all, one full pass of 0.035 s holding the GIL while the file was
    parsed.
    """
    gc.freeze()
    gc.enable()


def flushed(code: object, failed: OSError | None = None) -> int:
    """The exit status of `code` once stdout and stderr are flushed: ENOSPC or EIO on stdout (often
    found only at this last flush: ``indcalc yoy > /dev/full``) is a one-line error and exit 2, a
    reader gone (EPIPE) 141; what could not be written is dropped, so that Python does not fail again
    at exit with an "Exception ignored" message. `failed` is a write that failed already."""
    if code is None:
        status = EXIT_OK
    elif isinstance(code, int):
        status = code
    else:
        _say(str(code))
        status = 1  # as Python exits on sys.exit(message)
    for name in ("stdout", "stderr"):
        stream = getattr(sys, name)
        try:
            if failed is not None and name == "stdout":
                raise failed
            if stream is not None:
                stream.flush()
        except BrokenPipeError:  # a reader gone
            _drop(stream)
            status = status or EXIT_BROKEN_PIPE
        except OSError as exc:
            _drop(stream)
            if name == "stdout":
                _say(f"indcalc: error: cannot write to stdout: {exc.strerror or exc}")
                status = EXIT_ERROR if status in (EXIT_OK, EXIT_FINDINGS) else status
        except ValueError:  # a stream closed
            status = status or EXIT_BROKEN_PIPE
        failed = None
    return status


def _say(message: str) -> None:
    try:
        if sys.stderr is not None:
            print(message, file=sys.stderr, flush=True)
    except (OSError, ValueError):  # stderr gone too: the status says it
        _drop(sys.stderr)


def _drop(stream: object) -> None:
    """Point a standard stream's descriptor at /dev/null: what is buffered in it is lost, quietly."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, stream.fileno())  # type: ignore[attr-defined]
        os.close(devnull)
    except (AttributeError, OSError, ValueError):
        pass


def _other_threads() -> bool:
    """Whether a thread besides the main one is alive (pandas being imported beside the parse, say),
    which the interpreter's teardown would wait for: a Ctrl-C that reached the main thread inside an
    import can leave a module's lock taken, and the importing thread waiting on it for ever (a test
    of Ctrl-C hung so, once, on a loaded machine)."""
    threading = sys.modules.get("threading")
    return threading is not None and threading.active_count() > 1


def _exit_now(code: object) -> NoReturn:
    """End the process as `sys.exit(code)` would, but without the interpreter's teardown: after a
    command that held millions of rows, freeing them object by object and unloading pandas and pyarrow
    takes about 0.2 s, work the operating system does for free. Standard streams are flushed first
    (`flushed`)."""
    os._exit(flushed(code))


def __getattr__(name: str) -> object:
    """`app`, with every command registered."""
    if name != "app":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    _register(MODULES)
    from indcalc.cli.program import app

    return app


__all__ = ["app", "main"]
