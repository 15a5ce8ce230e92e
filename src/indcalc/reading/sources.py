"""Where a file's bytes come from, and what format they are in: the first step of reading.

A source is a path, ``"-"`` for standard input, an open binary file, or None for the bundled figures.
Its bytes are read whole, gzip is unwrapped, and the format (CSV, TSV, ``.xlsx``, Parquet) is told by
the name's extension or else by the first bytes. This module needs neither pandas nor numpy.
"""

from __future__ import annotations

import gzip
import io
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from indcalc.errors import InputError

Source = str | os.PathLike[str] | BinaryIO | None


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
    data: bytes
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
    """The bytes and format of `source` (None: the bundled figures)."""
    if source is None:
        return _typed(str(bundled_data_path()), bundled_data_path().read_bytes())
    return _typed(*read_bytes(source))


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
