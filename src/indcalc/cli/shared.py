"""The Typer app, the options every command shares, and the one place errors become exit codes.

Each command (in the sibling modules) parses its options, then load -> compute -> render. Errors of
the `IndcalcError` family are turned into ``indcalc: error: <file>:<line>:<col>: <message>`` on
stderr and exit status 2 in one place (`_run`); `--debug` shows the traceback instead. pandas and
pyarrow are imported inside the commands that need them, so ``indcalc --help`` and ``indcalc
--version`` start fast.

Exit status: 0 success, 2 bad input or usage, 1 when a command found what it was asked to look for
(an inconsistent claim, a tripped alert, validate's warnings), 130 interrupted, 143 and 129 for
SIGTERM and SIGHUP while --output is written (`replacing`); a closed pipe
(``indcalc yoy | head``) ends quietly with 141 like other tools. A bug is exit 2 too, with a one-line
message asking for a report: never a traceback unless --debug.
"""

from __future__ import annotations

import contextlib
import enum
import io
import os
import sys
import time
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, TYPE_CHECKING, Annotated, NamedTuple, Optional

import typer

from indcalc import __version__
from indcalc.errors import IndcalcError, IndcalcWarning, UsageError
from indcalc.visible import visible

if TYPE_CHECKING:
    import pandas as pd

    from indcalc.formulas import Rows
    from indcalc.loader import Options

app = typer.Typer(
    name="indcalc",
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


class Sort(enum.StrEnum):
    """Orders of the series in a result; periods within a series are always in time order."""

    file = "file"
    name = "name"


class Format(enum.StrEnum):
    """Output formats; `auto` is a table on a terminal, CSV otherwise (or by --output's extension)."""

    auto = "auto"
    table = "table"
    csv = "csv"
    tsv = "tsv"
    json = "json"
    markdown = "markdown"
    text = "text"
    xlsx = "xlsx"
    parquet = "parquet"


#: The format each --output extension names (compared case-insensitively). ``.gz`` after a text one
#: compresses it (``out.csv.gz``). ``.txt`` is plain text: the table by default, any text format with
#: --format.
EXTENSIONS = {
    ".csv": "csv",
    ".tsv": "tsv",
    ".json": "json",
    ".md": "markdown",
    ".markdown": "markdown",
    ".txt": "text",
    ".xlsx": "xlsx",
    ".parquet": "parquet",
}


BUNDLED_NOTE = "indcalc: note: no FILE given and nothing piped in: using the bundled figures"
WAITING_NOTE = (
    "indcalc: note: no FILE given: waiting for the data piped in "
    "(give FILE, or `< /dev/null` for the bundled figures)"
)
WAIT_SECONDS = 2.0  # before saying that a pipe is being waited for


def _given(ctx: typer.Context, file: str | None) -> str | None:
    """FILE as given; when it is omitted, ``-`` if data is piped or redirected in, else None (the
    bundled figures, said on stderr).

    The rule (README, Input): stdin is read when it is a pipe, a socket or a regular file with data
    left; a pipe is waited for, as csvkit and Miller do, so ``slow-export | indcalc growth`` reads what
    it writes. A terminal, /dev/null, an empty file or pipe and a closed stdin give the bundled figures.
    """
    if file is not None or ctx.resilient_parsing:  # given, or completing a word in the shell
        return file
    try:
        piped = _stdin_has_data()
    except KeyboardInterrupt:
        raise typer.Exit(130) from None
    return "-" if piped else None  # None: the bundled figures, said once the work begins (_In.where)


def _stdin_has_data() -> bool:
    """Whether standard input holds data to read (`_given`); waits for a pipe's first byte or end."""
    import stat

    stream = sys.stdin
    if stream is None:  # closed when Python started
        return False
    try:
        fd = stream.fileno()
    except (AttributeError, OSError, ValueError):  # an in-memory stdin, as a test runner gives
        buffer = getattr(stream, "buffer", stream)
        try:
            if not buffer.seekable():
                return False
            at = buffer.tell()
            first = buffer.read(1)
            buffer.seek(at)
        except (AttributeError, OSError, ValueError):
            return False
        return bool(first)
    try:
        mode = os.fstat(fd).st_mode
        if os.isatty(fd):
            return False
        if stat.S_ISREG(mode):
            return os.fstat(fd).st_size > os.lseek(fd, 0, os.SEEK_CUR)
    except OSError:  # closed
        return False
    if stat.S_ISFIFO(mode) or stat.S_ISSOCK(mode):
        return _pipe_has_data(fd)
    return False  # /dev/null and other devices


def _pipe_has_data(fd: int) -> bool:
    """Wait until a pipe has data or is closed without any; True if it has data."""
    import select

    try:
        ready, _, _ = select.select([fd], [], [], WAIT_SECONDS)
        if not ready:
            typer.echo(WAITING_NOTE, err=True)
            select.select([fd], [], [])
    except (OSError, ValueError):  # no select() on pipes (Windows): read it
        return True
    try:
        import array
        import fcntl
        import termios

        count = array.array("i", [0])
        fcntl.ioctl(fd, termios.FIONREAD, count, True)
    except (ImportError, OSError):
        return True
    return count[0] > 0  # readable with nothing to read: closed without data


FileArg = Annotated[
    Optional[str],  # noqa: UP045 (Typer needs Optional at runtime on some versions)
    typer.Argument(
        metavar="FILE",
        show_default=False,
        callback=_given,
        help="CSV, TSV, Excel or Parquet file of indicators (columns indicator, period, value; optional "
        "entity, unit; or periods as columns). "
        "`-` reads stdin; omitted: stdin when data is piped in, else the bundled figures.",
    ),
]


def _glob_option(long: str, short: str, what: str, example: str) -> typer.models.OptionInfo:
    return typer.Option(
        long,
        short,
        metavar="GLOB",
        show_default=False,
        help=f"Only {what} matching this glob, case-insensitive; repeat for more. Example: `{example}`",
    )


def _period_option(flag: str, what: str, example: str) -> typer.models.OptionInfo:
    return typer.Option(
        flag,
        metavar="PERIOD",
        show_default=False,
        help=f"{what} period for every series. Example: `{flag} {example}`",
    )


IndicatorOpt = Annotated[
    Optional[list[str]],  # noqa: UP045
    _glob_option("--indicator", "-i", "indicators", "-i '*share*'"),
]
EntityOpt = Annotated[
    Optional[list[str]],  # noqa: UP045
    _glob_option("--entity", "-e", "entities", "-e Jingmen"),
]
FormatOpt = Annotated[
    Format,
    typer.Option(
        "--format",
        "-f",
        case_sensitive=False,
        help="auto: a table on a terminal, CSV when piped, and with --output the format its extension "
        "names. Given with --output, it must agree with the extension (.txt takes any text format). "
        "xlsx and parquet are binary: to a file or a pipe, never a terminal.",
    ),
]
OutputOpt = Annotated[
    Optional[Path],  # noqa: UP045
    typer.Option(
        "--output",
        "-o",
        metavar="PATH",
        show_default=False,
        callback=lambda path: None if path is not None and str(path) == "-" else path,
        help="Write here instead of stdout, in the format its extension names: .csv .tsv .json .md "
        ".markdown .txt .xlsx .parquet, and .gz after a text one (`-o out.csv.gz`); another extension, or "
        "none, needs --format; `-` is stdout. Written to a temporary file and renamed, so a failure never "
        "leaves half a file; a device, FIFO or /dev/stdout is written in place.",
    ),
]
DigitsOpt = Annotated[
    int,
    typer.Option(
        "--digits",
        min=0,
        max=15,
        help="Decimals shown in table and markdown output (CSV/JSON are never rounded).",
    ),
]
DebugOpt = Annotated[bool, typer.Option("--debug", help="Show the Python traceback of an error.")]
RawOpt = Annotated[
    bool,
    typer.Option(
        "--raw",
        help="Write CSV text cells as they are: without it, a cell starting with = + - @ gets a leading ' "
        "so spreadsheets do not run it as a formula.",
    ),
]
WideOpt = Annotated[
    Optional[bool],  # noqa: UP045
    typer.Option(
        "--wide/--long",
        show_default=False,
        help="Read a wide table (periods as column names, as in yearbooks) or a long one; "
        "by default the header decides.",
    ),
]
SheetOpt = Annotated[
    Optional[str],  # noqa: UP045
    typer.Option(
        "--sheet", metavar="NAME", show_default=False, help="The sheet of an .xlsx file (default: the first)."
    ),
]
EncodingOpt = Annotated[
    Optional[str],  # noqa: UP045
    typer.Option(
        "--encoding",
        metavar="NAME",
        show_default=False,
        help="Text encoding of a CSV; by default UTF-8, or UTF-16/32 by their BOM, else GB18030 if "
        "it reads as Chinese. Example: `--encoding latin-1`",
    ),
]
SortOpt = Annotated[
    Sort,
    typer.Option(
        "--sort",
        case_sensitive=False,
        help="Order of the series: file (as they first appear in the file) or name (entity, then "
        "indicator, by code point). Periods stay in time order. Example: `--sort name`",
    ),
]
ScaleOpt = Annotated[
    Optional[str],  # noqa: UP045
    typer.Option(
        "--scale-to",
        metavar="SCALE",
        show_default=False,
        help="Report every money series in this scale: 万, 亿, thousand, million, billion. "
        "Example: `--scale-to 亿`",
    ),
]


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


def _source_name(file: str | None) -> str:
    if file is None:
        return "bundled figures"
    return "stdin" if file == "-" else os.path.basename(file)


class _In(NamedTuple):  # a NamedTuple, not a dataclass: made in a third of the time at start-up
    """Where a command reads its figures, and which of them."""

    file: str | None
    indicators: list[str] | None = None
    entities: list[str] | None = None
    wide: bool | None = None
    sheet: str | None = None
    encoding: str | None = None
    scale_to: str | None = None
    sort: str = "file"

    def where(self) -> str | None:
        """The file to read, None for the bundled figures; then stderr is told so, at once (before the
        warnings about the figures; no progress bar is drawn yet). Called as the work begins, so a usage
        error found before it does not come with a note about figures."""
        if self.file is None:
            typer.echo(BUNDLED_NOTE, err=True)
        elif self.file == "-" and sys.stdin is None:  # `<&-`
            raise UsageError("cannot read stdin: it is closed; give FILE, or pipe the data in")
        return self.file

    def options(self) -> Options:
        from indcalc.loader import Options

        return Options(wide=self.wide, sheet=self.sheet, encoding=self.encoding, scale_to=self.scale_to)

    def load(self) -> pd.DataFrame:
        from indcalc.loader import load

        _import_meanwhile("indcalc.interpret", "indcalc.changes")  # pandas, while the file is parsed
        frame = load(self.where(), self.options())
        from indcalc.selection import select
        from indcalc.series_index import by_name

        frame = select(frame, self.indicators or (), self.entities or ())
        return by_name(frame) if self.sort == Sort.name else frame


def _import_meanwhile(*modules: str) -> None:
    """Import `modules` on another thread: importing pandas takes about half a second, which the
    loader spends reading and parsing the file (pyarrow releases the GIL), instead of waiting."""
    import importlib
    import threading

    def run() -> None:
        for module in modules:
            try:
                importlib.import_module(module)
            except Exception:  # the main thread's own import reports it
                return

    threading.Thread(target=run, name="indcalc-imports").start()


class _Out(NamedTuple):
    """How a command writes its result."""

    fmt: Format
    output: Path | None
    digits: int = 2
    raw: bool = False
    debug: bool = False


_told: list[str] = []  # what the running job said, for stderr once it ends


def _tell(message: str) -> None:
    """Print `message` on stderr when the running job ends: not while its progress bar is drawn."""
    _told.append(message)


def _run(
    job: Callable[[], pd.DataFrame | Rows | str],
    *,
    title: str,
    out: _Out,
    status: Callable[[pd.DataFrame | Rows | str], int] | None = None,
) -> None:
    """Run a command's job and render its result; the one place where errors become exit codes.

    `status` gives the exit status of a result that was written (``validate``'s 1 and 2).
    """
    try:
        if out.output is None and sys.stdout is None:  # `>&-`
            raise UsageError("cannot write to stdout: it is closed; give -o FILE, or redirect stdout")
        if out.output is not None and str(out.output) in ("", "."):  # -o "" reaches us as "."
            raise UsageError("-o needs a file name (or - for stdout)")
        if out.output is not None:
            _check_target(out.output)
        _resolve_format(out.fmt, out.output)  # fail before the work
        from indcalc.render import progress

        started = time.monotonic()
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", IndcalcWarning)
            try:
                with progress(title, since=started):
                    result = job()
            finally:  # after the progress bar is gone
                for warning in caught:
                    if issubclass(warning.category, IndcalcWarning):
                        typer.echo(visible(f"indcalc: warning: {warning.message}"), err=True)
                while _told:
                    typer.echo(visible(_told.pop(0)), err=True)
        _emit(result, title=title, out=out, started=started)
    except IndcalcError as exc:
        if out.debug:
            raise
        _report(exc)
        raise typer.Exit(exc.exit_code) from None
    except BrokenPipeError:
        # The reader went away (`indcalc yoy | head`): stop quietly, as Unix tools do.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        raise typer.Exit(141) from None
    except KeyboardInterrupt:
        raise typer.Exit(130) from None
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
        raise typer.Exit(2) from None
    if status is not None:
        raise typer.Exit(status(result))


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
    try:
        from click.globals import get_current_context
    except ImportError:  # Typer 0.28 carries its own Click
        from typer._click.globals import get_current_context

    context = get_current_context(silent=True)
    flags = {}
    for param in context.command.params if context else ():
        if param.param_type_name == "option" and param.name:
            flag = min(param.opts, key=len)
            for name in (param.name, param.name + "s", param.name[:-1] + "ies"):
                flags.setdefault(name, flag)
    return flags


def _resolve_format(fmt: Format, output: Path | None) -> str:
    """The format to write: --format, else --output's extension (`EXTENSIONS`), else a table on a
    terminal and CSV otherwise.

    Raises:
        UsageError: an extension that names no format (or none) without --format; a --format that
            another known extension contradicts (``-f json -o a.csv``); a binary format gzipped, or
            to a terminal.
    """
    from indcalc.render import BINARY_FORMATS

    if output is None:
        if fmt is Format.auto:
            return "table" if sys.stdout.isatty() else "csv"
        if fmt.value in BINARY_FORMATS and sys.stdout.isatty():
            raise UsageError(
                f"--format {fmt.value} is binary and not written to a terminal: "
                f"give -o FILE.{fmt.value} or redirect stdout"
            )
        return fmt.value
    gzipped = output.name.casefold().endswith(".gz")
    extension = os.path.splitext(output.name[:-3] if gzipped else output.name)[1]
    named = EXTENSIONS.get(extension.casefold())
    if named is None and fmt is Format.auto and _written_through(output):
        return "csv"  # /dev/stdout, a FIFO: CSV, as on a pipe
    if named is None and fmt is Format.auto:
        known = " ".join(EXTENSIONS)
        if extension:
            raise UsageError(
                f"cannot write {_shown(output)}: unknown extension {extension}; known: {known}, "
                "and .gz after a text one (.csv.gz); or give --format"
            )
        where = "before .gz " if gzipped else ""
        raise UsageError(
            f"cannot write {_shown(output)}: no extension {where}to tell the format; "
            f"name it with one of {known} (or .csv.gz ...), or give --format"
        )
    chosen = named if fmt is Format.auto else fmt.value
    if named not in (None, chosen) and not (named == "text" and chosen not in BINARY_FORMATS):
        raise UsageError(
            f"--format {chosen} does not match the extension of {_shown(output.name)} ({named}); "
            "drop --format or change the extension"
        )
    if gzipped and chosen in BINARY_FORMATS:
        raise UsageError(
            f"cannot write {_shown(output)}: .gz compresses text formats, and {chosen} is binary "
            f"(compressed already); write {_shown(output.name[:-3])}"
        )
    return chosen


def _emit(result: pd.DataFrame | Rows | str, *, title: str, out: _Out, started: float | None = None) -> None:
    """Render a result (or write a report already rendered, a str) to stdout or, atomically, --output,
    with a progress bar for a long CSV, TSV or workbook. A file named ``.gz`` is gzipped."""
    from indcalc.render import BINARY_FORMATS, progress, render

    chosen = _resolve_format(out.fmt, out.output)
    long = chosen in ("csv", "tsv", "xlsx", "json", "markdown") and hasattr(result, "shape")  # a DataFrame
    rows = result.shape[0] if long else None  # type: ignore[union-attr]
    binary = chosen in BINARY_FORMATS

    # No bar while writing to the terminal it is drawn on: it would be drawn over the lines written.
    on_screen = out.output is None and sys.stdout.isatty()

    def write(stream: IO, color: bool | None) -> None:
        if isinstance(result, str):
            stream.write(result)
            return
        from contextlib import nullcontext

        writing = nullcontext(None) if on_screen else progress(f"writing {title}", rows, since=started)
        with writing as advance:
            render(
                result,
                chosen,
                stream,
                title=title,
                digits=out.digits,
                raw=out.raw,
                color=color,
                advance=advance,
            )

    if out.output is None:
        try:
            if binary:  # to a pipe or file (never a terminal: see _resolve_format)
                buffer = io.BytesIO()  # a workbook or Parquet file is written with seeks; a pipe has none
                write(buffer, None)
                sys.stdout.flush()
                sys.stdout.buffer.write(buffer.getbuffer())
                sys.stdout.buffer.flush()
                return
            stream = sys.stdout
            if (
                chosen != "table"
                and hasattr(stream, "reconfigure")
                and (stream.encoding or "").lower() != "utf-8"
            ):
                stream.reconfigure(encoding="utf-8")
            write(stream, None)
            stream.flush()
        except BrokenPipeError:
            raise
        except OSError as exc:  # ENOSPC (`> /dev/full`), EIO: what is buffered can never be written
            _drop_stdout()
            raise UsageError(f"cannot write to stdout: {exc.strerror or exc}") from None
        return
    with replacing(out.output) as file:
        if binary and not file.seekable():  # a FIFO: no seeks
            buffer = io.BytesIO()
            write(buffer, False)
            file.write(buffer.getbuffer())
        elif binary:
            write(file, False)
        else:
            import gzip

            sink: IO[bytes] = file
            if out.output.name.casefold().endswith(".gz"):  # the name inside: out.csv of out.csv.gz
                sink = gzip.GzipFile(out.output.name, "wb", compresslevel=6, fileobj=file, mtime=0)
            with io.TextIOWrapper(sink, encoding="utf-8", newline="") as stream:
                write(stream, False)


def _drop_stdout() -> None:
    """Point stdout at /dev/null after a failed write, so the data still buffered is not written (and
    failed) again at exit, which Python would report with a traceback-like "Exception ignored"."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (AttributeError, OSError, ValueError):
        pass


class Signalled(BaseException):
    """SIGTERM or SIGHUP arrived while a file was written: raised, as SIGINT raises KeyboardInterrupt,
    so the temporary file is removed on the way out; the CLI exits with 128 + the signal's number."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


@contextlib.contextmanager
def _handled(names: tuple[str, ...], handler: Callable[[int, object], None]) -> Iterator[None]:
    """Within the block, `handler` handles the signals `names` (those the system has), and the handlers
    before are put back after; main thread only (elsewhere a no-op: only it may set handlers)."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        yield
        return
    before = {n: signal.signal(getattr(signal, n), handler) for n in names if hasattr(signal, n)}
    try:
        yield
    finally:
        for name, old in before.items():
            signal.signal(getattr(signal, name), old)


def _signals_raise() -> contextlib.AbstractContextManager[None]:
    """Within the block, SIGTERM and SIGHUP raise `Signalled` (main thread only; elsewhere a no-op)."""

    def handler(signum: int, _frame: object) -> None:
        raise Signalled(signum)

    return _handled(("SIGTERM", "SIGHUP"), handler)


@contextlib.contextmanager
def _signals_held() -> Iterator[None]:
    """Within the block, SIGINT, SIGTERM and SIGHUP are held, and the first one that came is raised
    again as it ends (main thread only; elsewhere a no-op), so none lands between a temporary file's
    creation and the code that removes it. Held by a handler of our own, not the signal mask: the mask
    is per thread, and a signal taken by another thread (pyarrow's, the import thread) still reached
    the main thread mid-way (seen)."""
    import signal

    came: list[int] = []
    with _handled(("SIGINT", "SIGTERM", "SIGHUP"), lambda signum, _frame: came.append(signum)):
        yield
    if came:
        signal.raise_signal(came[0])  # now, through the handler it was held from


def _shown(path: Path | str) -> str:
    """A path for a one-line message: a newline or other control character in it is escaped."""
    text = str(path)
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


def _written_through(output: Path) -> bool:
    """Whether --output names something written in place rather than replaced: a device (/dev/null),
    a FIFO, a socket, or a process's stream (/dev/stdout, /proc/self/fd/1), through any symlinks."""
    import stat

    try:
        mode = os.stat(output).st_mode
    except (OSError, ValueError):
        return False
    if not stat.S_ISREG(mode):
        return not stat.S_ISDIR(mode)
    return os.path.realpath(output).startswith("/proc/")


def _check_target(output: Path) -> None:
    """Fail before the work when --output cannot be written: its directory missing, or a directory."""
    import stat

    try:
        mode = os.stat(output).st_mode
    except FileNotFoundError:
        target = Path(os.path.realpath(output))  # a dangling symlink: its target is created
        if not target.parent.is_dir():
            raise UsageError(
                f"cannot write {_shown(output)}: no such directory {_shown(target.parent)}"
            ) from None
        return
    except OSError as exc:  # a name too long, a loop of symlinks, a directory not searchable
        raise UsageError(f"cannot write {_shown(output)}: {exc.strerror or exc}") from None
    if stat.S_ISDIR(mode):
        raise UsageError(f"cannot write {_shown(output)}: it is a directory")


@contextlib.contextmanager
def replacing(output: Path) -> Iterator[IO[bytes]]:
    """A binary file whose content becomes `output`'s, atomically: a failure or an interruption (SIGINT,
    SIGTERM, SIGHUP) leaves `output` as it was and no temporary behind.

    The rules (README, Output): a regular file (or a new one) is written to a temporary file made with
    a random name and O_EXCL in its directory (`tempfile.mkstemp`), given the mode (and, as root, the
    owner) of the file it replaces, or 0666 less the umask for a new one, and renamed over it. A
    symlink is followed and its target replaced, so the link stays. Anything else, a device such as
    /dev/null, a FIFO or /dev/stdout, is opened and written in place, never replaced.

    Raises:
        UsageError: `output` cannot be written (the message gives the system's reason).
    """
    import stat
    import tempfile

    try:
        with _signals_raise():
            if _written_through(output):
                with open(output, "wb") as stream:
                    yield stream
                return
            target = Path(os.path.realpath(output))  # through symlinks, dangling ones too
            try:
                before: os.stat_result | None = os.stat(target)
            except FileNotFoundError:
                before = None
            if before is not None and stat.S_ISDIR(before.st_mode):
                raise UsageError(f"cannot write {_shown(output)}: it is a directory")
            temporary = None
            try:
                # A signal between the temporary's creation and this try would leave it behind (seen):
                # held until it is named, then raised here, where the temporary is removed.
                with _signals_held():
                    fd, temporary = tempfile.mkstemp(prefix=".indcalc-", suffix=".tmp", dir=target.parent)
                with open(fd, "wb") as stream:
                    yield stream
                if before is not None:
                    os.chmod(temporary, stat.S_IMODE(before.st_mode))
                    if hasattr(os, "chown") and os.geteuid() == 0:  # root replacing a user's file
                        with contextlib.suppress(OSError):
                            os.chown(temporary, before.st_uid, before.st_gid)
                else:
                    umask = os.umask(0o22)
                    os.umask(umask)
                    os.chmod(temporary, 0o666 & ~umask)
                os.replace(temporary, target)
            except BaseException:
                if temporary is not None:
                    with contextlib.suppress(OSError):
                        os.unlink(temporary)
                raise
    except OSError as exc:
        if isinstance(exc, BrokenPipeError):  # a FIFO's reader gone: as for stdout
            raise
        raise UsageError(f"cannot write {_shown(output)}: {exc.strerror or exc}") from None
