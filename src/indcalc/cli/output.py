"""Writing a command's result: the format (--format, or --output's extension), and --output written
atomically (`replacing`, with its signal handling) or stdout.
"""

from __future__ import annotations

import contextlib
import io
import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, TYPE_CHECKING

from indcalc.cli.options import Format, Output
from indcalc.errors import UsageError

if TYPE_CHECKING:
    import pandas as pd

    from indcalc.formulas import Rows

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
    ".html": "html",
    ".htm": "html",
    ".xlsx": "xlsx",
    ".parquet": "parquet",
}


def resolve_format(fmt: Format, output: Path | None) -> str:
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


def emit(result: pd.DataFrame | Rows | str, *, title: str, out: Output, started: float | None = None) -> None:
    """Render a result (or write a report already rendered, a str) to stdout or, atomically, --output,
    with a progress bar for a long CSV, TSV or workbook. A file named ``.gz`` is gzipped."""
    from indcalc.render import BINARY_FORMATS, progress, render

    chosen = resolve_format(out.fmt, out.output)
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
            if binary:  # to a pipe or file (never a terminal: see resolve_format)
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


def signals_raise() -> contextlib.AbstractContextManager[None]:
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


def check_target(output: Path) -> None:
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
        with signals_raise():
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
