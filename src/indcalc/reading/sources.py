"""Where a file's bytes come from, and what format they are in: the first step of reading.

A source is a path, ``"-"`` for standard input, an open binary file, or None for the bundled figures.
Its bytes are read whole (a big file's into memory of no file, see `copied`), gzip is unwrapped, and the
format (CSV, TSV, ``.xlsx``, Parquet) is told by the name's extension or else by the first bytes. This
module needs neither pandas nor numpy.
"""

from __future__ import annotations

import contextlib
import gzip
import io
import mmap
import os
import stat
import sys
from collections.abc import Iterator
from concurrent.futures import Future
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from indcalc.errors import InputError

Source = str | os.PathLike[str] | BinaryIO | None | Future
Bound = int | None  # a slice's start or end
Affix = bytes | tuple[bytes, ...]  # what startswith and endswith look for


def bundled_data_path() -> Path:
    """The CSV of figures from the seed documents that ships with indcalc.

    Installed, it is package data (``indcalc/data/indicators.csv``); in a source checkout it is the
    repository's ``data/indicators.csv``.

    Example:
        >>> bundled_data_path().name
        'indicators.csv'
    """
    packaged = Path(__file__).parent.with_name("data") / "indicators.csv"  # beside indcalc/reading
    if packaged.is_file():
        return packaged
    return Path(__file__).resolve().parents[3] / "data" / "indicators.csv"


@dataclass(frozen=True)
class RawFile:
    """A source's bytes, read whole and unwrapped from gzip, and their format."""

    name: str  # as shown in messages
    data: bytes  # or a `Mapped` file, which reads as bytes do
    kind: str  # csv, tsv, xlsx or parquet


def read_bytes(source: str | os.PathLike[str] | BinaryIO) -> tuple[str, bytes]:
    """The name to show in messages and the bytes of a file, ``"-"`` (stdin) or an open binary file.

    Raises:
        InputError: the file is missing, a directory, or unreadable.

    Example:
        >>> import io
        >>> read_bytes(io.BytesIO(b"indicator,period,value\\n"))
        ('<stream>', b'indicator,period,value\\n')
    """
    if hasattr(source, "read"):
        return str(getattr(source, "name", "<stream>")), source.read()  # type: ignore[union-attr]
    if str(source) == "-":
        return "<stdin>", sys.stdin.buffer.read()
    with _reading(str(source)):
        return str(source), Path(source).read_bytes()


def open_bytes(source: str | os.PathLike[str]) -> tuple[str, BinaryIO]:
    """The name to show in messages and `source` open to read as bytes, a block at a time, and again
    from the start: a path, or ``"-"``, stdin (read whole, as a FIFO is, to be read again).

    Raises:
        InputError: the file is missing, a directory, or unreadable.

    Example:
        >>> name, file = open_bytes(bundled_data_path())
        >>> file.read(7), file.close()
        (b'entity,', None)
    """
    if str(source) == "-":
        return "<stdin>", io.BytesIO(sys.stdin.buffer.read())
    with _reading(str(source)):
        file = open(source, "rb")  # noqa: SIM115 (the caller closes it)
        if file.seekable():
            return str(source), file
        with file:  # a FIFO (`<(zcat report.gz)`): read whole, so that it can be read again
            return str(source), io.BytesIO(file.read())


def status_of(file: BinaryIO) -> os.stat_result | None:
    """The status of a regular file open as `file` (its size and time of modification), to tell later
    whether it changed while it was read (`unchanged`); None for any other (stdin or a FIFO, read into
    memory by `open_bytes`).

    Example:
        >>> name, file = open_bytes(bundled_data_path())
        >>> status_of(file).st_size == bundled_data_path().stat().st_size, status_of(io.BytesIO(b"a"))
        (True, None)
        >>> file.close()
    """
    try:
        status = os.fstat(file.fileno())
    except (OSError, ValueError):  # io.UnsupportedOperation: no file descriptor
        return None
    return status if stat.S_ISREG(status.st_mode) else None


def unchanged(name: str, file: BinaryIO, status: os.stat_result | None) -> None:
    """Nothing when the file open as `file` (`name` in messages) has the size and time of modification
    it had when `status` was taken (`status_of`): a file read more than once, a block at a time
    (`indcalc check`'s report: checked as UTF-8, looked at for HTML, split into lines), then gave the
    same bytes each time, all of them.

    Raises:
        InputError: the file is shorter (cut short while it was read, as `copied` says of a data file),
            or longer or written since (still being written).

    Example:
        >>> import tempfile
        >>> with tempfile.NamedTemporaryFile() as file:
        ...     _ = file.write(b"Output doubled from 2 to 4.\\n")
        ...     file.flush()
        ...     status = status_of(file)
        ...     _ = file.truncate(7)
        ...     try:
        ...         unchanged("r.txt", file, status)
        ...     except InputError as error:
        ...         print(str(error).split(":")[:2])
        ['r.txt', ' the file was cut short while it was read (7 of 28 bytes)']
    """
    if status is None:
        return
    now = os.fstat(file.fileno())
    if now.st_size < status.st_size:
        raise InputError(
            f"the file was cut short while it was read ({now.st_size:,} of {status.st_size:,} bytes): "
            "read it again once it is written",
            path=name,
        )
    if (now.st_size, now.st_mtime_ns) != (status.st_size, status.st_mtime_ns):
        raise InputError(
            f"the file changed while it was read ({status.st_size:,} bytes when it was opened, "
            f"{now.st_size:,} now): read it again once it is written",
            path=name,
        )


@contextmanager
def _reading(name: str) -> Iterator[None]:
    """Errors of opening or reading file `name` as `InputError`s."""
    try:
        yield
    except FileNotFoundError:
        raise InputError("no such file", path=name) from None
    except IsADirectoryError:
        raise InputError("is a directory, not a file", path=name) from None
    except PermissionError:
        raise InputError("permission denied", path=name) from None
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", path=name) from None


def read_source(source: Source) -> RawFile:
    """The bytes and format of `source` (None: the bundled figures); a regular file of `MAPPED_BYTES`
    or more is copied into memory of no file (`Mapped`, `copied`) where the system has it.

    Raises:
        InputError: the file is missing, unreadable, or was cut short while it was read.
    """
    if isinstance(source, Future):  # a read begun on another thread (`fetching`)
        return source.result()
    if source is None:
        return _typed(str(bundled_data_path()), bundled_data_path().read_bytes())
    if isinstance(source, (str, os.PathLike)) and str(source) != "-" and _ANONYMOUS:
        with _reading(str(source)), open(source, "rb") as file:
            status = os.fstat(file.fileno())
            data: bytes | None = None
            if stat.S_ISREG(status.st_mode) and status.st_size >= MAPPED_BYTES:
                data = copied(str(source), file, status.st_size)
            return _typed(str(source), file.read() if data is None else data)
    return _typed(*read_bytes(source))


def fetching(source: Source) -> Source:
    """`source`, or for a path to a regular file of `MAPPED_BYTES` or more, its read (`read_source`)
    begun on another thread, to be taken by `read_source`: the command line begins it before it imports
    numpy and pyarrow, so that the copy (`copied`, which releases the GIL) is made meanwhile on the
    second core. On the new user's 150 MB it took 0.03-0.04 s on the main thread (README, Performance).
    A problem with the file is raised when the read is taken, as if it were made then.

    Example:
        >>> small = bundled_data_path()  # under 16 MB: read when it is taken, as it is
        >>> fetching("-"), fetching(None), fetching(small) is small
        ('-', None, True)
    """
    if not isinstance(source, (str, os.PathLike)) or str(source) == "-" or not _ANONYMOUS:
        return source
    try:
        status = os.stat(source)
    except OSError:  # said when it is read
        return source
    if not stat.S_ISREG(status.st_mode) or status.st_size < MAPPED_BYTES:
        return source
    import threading

    read: Future = Future()

    def run() -> None:
        try:
            read.set_result(read_source(source))
        except BaseException as exc:  # raised again where the read is taken
            read.set_exception(exc)

    threading.Thread(target=run, name="indcalc-read", daemon=True).start()
    return read


#: Files at least this big are copied into memory of no file rather than into `bytes` (`read_source`).
MAPPED_BYTES = 16 << 20
# an anonymous private mapping: memory of no file (0 where mmap has no such flag: files are read)
_ANONYMOUS = getattr(mmap, "MAP_ANONYMOUS", 0) and mmap.MAP_PRIVATE | mmap.MAP_ANONYMOUS


def copied(name: str, file: BinaryIO, size: int) -> Mapped | None:
    """The `size` bytes of open file `name`, read into memory of no file (`Mapped`) in transparent huge
    pages where the system has them; None where it maps no memory so (read the file as a small one is).

    A file's own pages are never mapped (as they were before): a mapping of a file stops the process
    (SIGBUS) when another program truncates the file while it is read, as with any tool that maps files
    (ripgrep, Polars, DuckDB). A copy cannot: a file cut short while it is copied is an error, and what
    happens to it after is not seen. The copy costs what the mapping did not (README, Performance): on
    this project's virtual machine 0.03 s for 145 MB on the main thread (0.05 s in 4 KB pages, 0.06 s
    into `bytes`; a mapping took 0.001 s), and the copy's memory.

    Raises:
        InputError: the file is shorter than `size`: cut short since its size was taken.

    Example:
        >>> import tempfile
        >>> with tempfile.TemporaryFile() as file:
        ...     _ = file.write(b"a,b\\n1,2\\n")
        ...     _ = file.seek(0)
        ...     text = copied("a.csv", file, 8)
        >>> text[:], isinstance(text, Mapped)
        (b'a,b\\n1,2\\n', True)
    """
    try:
        data = Mapped(-1, size, flags=_ANONYMOUS)
    except (OSError, ValueError):  # no memory mapped so here: read as a small file is
        return None
    if hasattr(mmap, "MADV_HUGEPAGE"):  # 2 MB pages: 0.05 -> 0.03 s for 145 MB
        with contextlib.suppress(OSError):
            data.madvise(mmap.MADV_HUGEPAGE)
    view, done = memoryview(data), 0
    try:
        while done < size:
            count = file.readinto(view[done:])  # type: ignore[attr-defined]
            if not count:
                raise InputError(
                    f"the file was cut short while it was read ({done:,} of {size:,} bytes): "
                    "read it again once it is written",
                    path=name,
                )
            done += count
    finally:
        view.release()
    return data


class Mapped(mmap.mmap):
    """A big file's bytes in memory of no file (`copied`), which read as `bytes` do: a reader that
    takes bytes takes it.

    Copied into an anonymous mapping in huge pages, a file is read faster than into `bytes`, whose
    pages fault in 4 KB at a time (145 MB: 0.03 against 0.06 s), and pyarrow parses the pages as they
    are (README, Performance). What the reading path asks of the whole text (find, slices, startswith,
    isascii, isspace, a byte's count, ``in``, decode, a buffer) is answered on the mapping without a
    copy; any other bytes method or operator on the whole (the rare paths: a broken file diagnosed) is
    answered by the bytes copied into `bytes` once.

    Example:
        >>> text = Mapped(-1, 8)
        >>> text[:] = b"a,b\\n1,2\\n"
        >>> text.startswith(b"a,"), text.count(b","), b"1,2" in text, text.splitlines(), text[:3]
        (True, 2, True, [b'a,b', b'1,2'], b'a,b')
    """

    CHUNK = 1 << 22  # bytes copied at a time by isspace and count

    def __getattr__(self, name: str) -> object:  # a bytes method mmap lacks
        if name.startswith("_") or not hasattr(bytes, name):
            raise AttributeError(name)
        return getattr(self.whole(), name)

    def whole(self) -> bytes:
        """The bytes, copied once."""
        if "_whole" not in self.__dict__:
            self.__dict__["_whole"] = self[:]
        return self.__dict__["_whole"]

    def _chunks(self, start: Bound = None, end: Bound = None) -> Iterator[bytes]:
        start, end = self._ends(start, end)
        for at in range(start, end, self.CHUNK):
            yield self[at : min(at + self.CHUNK, end)]

    def _ends(self, start: Bound, end: Bound) -> tuple[int, int]:
        start, end, _ = slice(start, end).indices(len(self))
        return start, max(start, end)

    def find(self, sub: bytes | int, start: Bound = None, end: Bound = None) -> int:
        return super().find(_sub(sub), *self._ends(start, end))

    def rfind(self, sub: bytes | int, start: Bound = None, end: Bound = None) -> int:
        return super().rfind(_sub(sub), *self._ends(start, end))

    def startswith(self, prefix: Affix, start: Bound = None, end: Bound = None) -> bool:
        start, end = self._ends(start, end)
        longest = max(map(len, prefix)) if isinstance(prefix, tuple) else len(prefix)
        return self[start : min(end, start + longest)].startswith(prefix)

    def endswith(self, suffix: Affix, start: Bound = None, end: Bound = None) -> bool:
        start, end = self._ends(start, end)
        longest = max(map(len, suffix)) if isinstance(suffix, tuple) else len(suffix)
        return self[max(start, end - longest) : end].endswith(suffix)

    def decode(self, encoding: str = "utf-8", errors: str = "strict") -> str:
        return str(self, encoding, errors)  # from the mapping: no copy beside the text

    def isascii(self) -> bool:
        import numpy as np  # a pass over the mapping, no copy: 0.01 s for 100 MB

        return not len(self) or int(np.frombuffer(self, dtype=np.uint8).max()) < 0x80

    def isspace(self) -> bool:
        return len(self) > 0 and all(chunk.isspace() for chunk in self._chunks())

    def count(self, sub: bytes | int, start: Bound = None, end: Bound = None) -> int:
        if isinstance(sub, int) or len(sub) == 1:  # a byte: chunk by chunk
            return sum(chunk.count(sub) for chunk in self._chunks(start, end))
        return self.whole().count(sub, *self._ends(start, end))

    def __contains__(self, sub: bytes | int) -> bool:
        return self.find(sub) >= 0

    def __eq__(self, other: object) -> bool:
        try:
            return memoryview(self) == other
        except TypeError:
            return NotImplemented

    def __hash__(self) -> int:
        return hash(self.whole())

    def __bytes__(self) -> bytes:
        return self.whole()

    def __add__(self, other: bytes) -> bytes:
        return self.whole() + other


def stream_of(data: bytes, start: int = 0) -> BinaryIO:
    """`data` from byte `start` as a binary stream, read a buffer at a time: `io.BytesIO` shares a
    `bytes` object's memory but copies anything else, as a whole `Mapped` file (0.09 s for 145 MB).

    Example:
        >>> stream_of(b"a,b\\n1,2\\n").readline(), stream_of(b"a,b\\n1,2\\n", 4).readline()
        (b'a,b\\n', b'1,2\\n')
    """
    if isinstance(data, Mapped):
        return io.BufferedReader(_Reader(data, start))
    stream = io.BytesIO(data)
    stream.seek(start)
    return stream


class _Reader(io.RawIOBase):
    """A raw stream of a `Mapped` file's bytes, each read copied from the mapping."""

    def __init__(self, data: Mapped, start: int = 0) -> None:
        self.view, self.at = memoryview(data), start

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        piece = self.view[self.at : self.at + len(buffer)]
        buffer[: len(piece)] = piece
        self.at += len(piece)
        return len(piece)

    def close(self) -> None:
        self.view.release()
        super().close()


def _sub(sub: bytes | int) -> bytes:
    """What bytes.find looks for: bytes, or a byte's value."""
    return bytes([sub]) if isinstance(sub, int) else sub


def _typed(name: str, data: bytes) -> RawFile:
    """The format, from the name's extension or else the first bytes; gzip is unwrapped."""
    lowered = name.casefold()
    if lowered.endswith(".gz") or data[:2] == b"\x1f\x8b":
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError) as exc:
            raise InputError(f"not a readable gzip file ({exc})", path=name) from None
        lowered = lowered.removesuffix(".gz")
    if lowered.endswith(".xlsx") or data[:4] == b"PK\x03\x04":
        return RawFile(name, data, "xlsx")
    if lowered.endswith(".parquet") or data[:4] == b"PAR1":
        return RawFile(name, data, "parquet")
    if not data or data.isspace():
        raise InputError("empty file: expected a header and data rows", path=name)
    return RawFile(name, data, "tsv" if lowered.endswith(".tsv") else "csv")
