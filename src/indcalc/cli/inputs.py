"""Where a command's figures come from: FILE, data piped in, or the bundled figures.

`given` is FILE's callback: without FILE, standard input is read when it holds data (a pipe is waited
for), else the bundled figures are used and stderr says so (`BUNDLED_NOTE`). `Inputs` is the input
bundle every data command gets (`indcalc.cli.options.bundled`): where to read, how, and which series.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, NamedTuple

import typer

from indcalc.errors import EXIT_INTERRUPTED, UsageError

if TYPE_CHECKING:
    import pandas as pd

    from indcalc.reading import Options

BUNDLED_NOTE = "indcalc: note: no FILE given and nothing piped in: using the bundled figures"
WAITING_NOTE = (
    "indcalc: note: no FILE given: waiting for the data piped in "
    "(give FILE, or `< /dev/null` for the bundled figures)"
)
WAIT_SECONDS = 2.0  # before saying that a pipe is being waited for


def given(ctx: typer.Context, file: str | None) -> str | None:
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
        raise typer.Exit(EXIT_INTERRUPTED) from None
    return "-" if piped else None  # None: the bundled figures, said once the work begins (Inputs.where)


def _stdin_has_data() -> bool:
    """Whether standard input holds data to read (`given`); waits for a pipe's first byte or end."""
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


def typed(file: str | None) -> contextlib.AbstractContextManager[None]:
    """Where `file` is ``-`` and stdin the terminal, the data is typed there: no progress bar over it
    (`indcalc.render.progress_bar.typing`)."""
    if file == "-" and sys.stdin is not None and sys.stdin.isatty():
        from indcalc.render.progress_bar import typing

        return typing()
    return contextlib.nullcontext()


def source_name(file: str | None) -> str:
    """How titles and reports name a source: its file's base name, ``stdin`` or ``bundled figures``."""
    if file is None:
        return "bundled figures"
    return "stdin" if file == "-" else os.path.basename(file)


class Inputs(NamedTuple):  # a NamedTuple, not a dataclass: made in a third of the time at start-up
    """Where a command reads its figures, and which of them."""

    file: str | None
    indicators: list[str] | None = None
    entities: list[str] | None = None
    wide: bool | None = None
    sheet: str | None = None
    encoding: str | None = None
    scale_to: str | None = None
    header_row: int | None = None
    skip: int | None = None
    period_col: str | None = None
    value_col: str | None = None
    entity_col: list[str] | None = None
    indicator_col: list[str] | None = None
    unit_col: str | None = None
    missing: list[str] | None = None
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
        from indcalc.reading import Options

        if self.header_row is not None and self.skip is not None:
            raise UsageError("give --header-row or --skip, not both")
        return Options(
            wide=self.wide,
            sheet=self.sheet,
            encoding=self.encoding,
            scale_to=self.scale_to,
            header_row=self.header_row if self.skip is None else self.skip + 1,
            period_col=self.period_col,
            value_col=self.value_col,
            entity_col=tuple(self.entity_col or ()),
            indicator_col=tuple(self.indicator_col or ()),
            unit_col=self.unit_col,
            missing=tuple(self.missing or ()),
        )

    def load(self) -> pd.DataFrame:
        import gc

        heap_reuse()
        from indcalc.reading.sources import fetching

        source = fetching(self.where())  # a big file copied while numpy and pyarrow are imported
        gc.disable()  # until numpy, pyarrow and pandas are imported (`_import_meanwhile`)
        from indcalc.reading import load

        arrow_pool()
        _import_meanwhile("indcalc.building.build", "indcalc.changes")  # pandas, while the file is parsed
        with typed(self.file):
            frame = load(source, self.options())
        from indcalc.selection import select
        from indcalc.series_index import by_name

        frame = select(frame, self.indicators or (), self.entities or ())
        return by_name(frame) if self.sort == "name" else frame

    @property
    def name(self) -> str:
        """The source as a title names it (`source_name`)."""
        return source_name(self.file)

    def then(self, module: str, function: str, *args: object, **kwargs: object) -> Callable[[], pd.DataFrame]:
        """A command's job: load the figures, then ``module.function(frame, *args, **kwargs)``; the module
        is imported after the load, while pandas is imported meanwhile (`load`).

        Example: ``run(source.then("indcalc.changes", "yoy"), title=..., out=out)``
        """

        def job() -> pd.DataFrame:
            frame = self.load()
            import importlib

            return getattr(importlib.import_module(module), function)(frame, *args, **kwargs)

        return job


def arrow_pool() -> None:
    """Give pyarrow's buffers to jemalloc rather than its default mimalloc, unless
    ``ARROW_DEFAULT_MEMORY_POOL`` names a pool (the command line only; pyarrow builds without
    jemalloc, as on Windows, keep theirs), and have jemalloc hand pages freed 50 ms ago back to the
    system (its decay time).

    Measured on this project's 2-core virtual machine, yoy on 2.28M rows, alternating: peak memory
    575-616 MB against 594-640 MB (436-453 against 485-516 MB on the mixed panel), and system time
    0.5-0.6 s against 0.4-2.0 s. mimalloc backs its arenas with transparent huge pages (135 faulted in
    for yoy on the mixed panel, against 7 with jemalloc): as for numpy's arrays (`indcalc.cli.
    numpy_settings`), each is costly to fault in here and wholly resident however little of it is used.

    The parsed table is freed once the loaded frame is built, and jemalloc otherwise keeps its pages
    resident beside the kernel's arrays (which numpy takes from the C allocator) to the end: with the
    50 ms decay, yoy's peak was 504-514 MB against 564-570 MB on the Parquet panel, 505-537 against
    556-576 MB on a Chinese CSV one and 515-525 against 537-543 MB on the wide table, for 5-15
    thousand more page faults and no change in time beyond the noise (4 alternations; 300 ms kept
    536-559 MB on Parquet). A decay of 0 while loading only was worse: it stayed for the rest of the
    run, and the writer's buffers were handed back and faulted in again batch after batch (395
    thousand faults against 77 thousand on the wide table).
    """
    if os.environ.get("ARROW_DEFAULT_MEMORY_POOL"):
        return
    import contextlib

    import pyarrow as pa

    with contextlib.suppress(NotImplementedError):  # ArrowNotImplementedError: built without jemalloc
        pa.set_memory_pool(pa.jemalloc_memory_pool())
        pa.jemalloc_set_decay_ms(50)


#: glibc's malloc serves blocks up to this size from its heap and keeps this much freed memory there.
HEAP_REUSE_BYTES = 256 << 20


def heap_reuse() -> None:
    """Have glibc's malloc, which numpy's arrays and Python's objects come from, serve blocks of up
    to 256 MB from its heap and keep up to 256 MB of freed memory there for the next ones, unless
    ``GLIBC_TUNABLES``, ``MALLOC_MMAP_THRESHOLD_`` or ``MALLOC_TRIM_THRESHOLD_`` set malloc's own
    way (the command line only; other C libraries keep theirs).

    By default a block above 32 MB (the file's bytes), or above the largest freed so far, is mapped
    afresh and unmapped when freed, and freed memory beyond twice that goes back to the system: each
    of the kernel's and the writer's arrays was faulted in page by page again. Measured on this
    project's 2-core virtual machine, yoy on the new user's panel (2.05M rows), alternating: 215-227
    thousand page faults against 151-170 thousand, wall 1.66-2.11 s against 1.53-1.76 s, peak memory
    487-539 MB against 534-573 MB (1 GB instead of 256 MB: the same faults; 128 MB: 200 thousand).
    """
    if "glibc.malloc" in os.environ.get("GLIBC_TUNABLES", "") or any(
        name in os.environ for name in ("MALLOC_MMAP_THRESHOLD_", "MALLOC_TRIM_THRESHOLD_")
    ):
        return
    try:
        if not os.confstr("CS_GNU_LIBC_VERSION"):
            return
    except (ValueError, OSError, AttributeError):  # not glibc, or not a POSIX system
        return
    import ctypes

    m_trim_threshold, m_mmap_threshold = -1, -3  # malloc.h
    libc = ctypes.CDLL(None)
    libc.mallopt(m_mmap_threshold, HEAP_REUSE_BYTES)
    libc.mallopt(m_trim_threshold, HEAP_REUSE_BYTES)


def _import_meanwhile(*modules: str) -> None:
    """Import `modules` on another thread: importing pandas takes about half a second, which the
    loader spends reading and parsing the file (pyarrow releases the GIL), instead of waiting; then
    have the cycle collector run again (`indcalc.cli.collecting`)."""
    import importlib
    import threading

    from indcalc.cli import collecting

    def run() -> None:
        try:
            for module in modules:
                importlib.import_module(module)
        except Exception:  # the main thread's own import reports it
            pass
        finally:
            collecting()

    threading.Thread(target=run, name="indcalc-imports").start()
