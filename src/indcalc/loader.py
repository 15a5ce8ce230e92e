"""Reading indicator files: the only module that touches input files.

`load` turns a file into one validated DataFrame, the *loaded frame* (schema in `indcalc.interpret`).
It reads:

- CSV, TSV and their ``.gz`` forms; the delimiter is sniffed among ``,`` ``;`` tab and ``|``; UTF-8 with
  or without a BOM, UTF-16 or UTF-32 with a BOM (Excel's "Unicode Text"), else GB18030 (which covers
  GBK) when it gives Chinese text, unless ``encoding`` is given; CRLF line ends, blank lines and quoted
  multi-line cells are fine.
- ``.xlsx`` (the first sheet, or ``sheet``) and ``.parquet``, by extension; on standard input the
  format is sniffed from the first bytes.
- Long tables (columns indicator, period, value, optional entity, unit, basis) and wide ones (periods as
  column names, as in statistical yearbooks), detected from the header unless ``wide`` says.

Every problem is located: the file, the physical line (the header is line 1; for Excel, the sheet's
row number; for Parquet, the row number counting the header as 1) and the column (1-based field
number). `load` raises `InputError` listing the first 20 problems and counting the rest; `inspect`
returns them all (or the first ones asked for, counting all), warnings included, for ``indcalc
validate``. The fast path is pyarrow's multithreaded CSV reader; Python's csv
module is used only to locate problems after something went wrong.
"""

from __future__ import annotations

import csv
import functools
import gzip
import io
import os
import re
import struct
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

import pyarrow as pa
import pyarrow.csv as pa_csv

from indcalc.errors import InputError
from indcalc.grid import Grid, Inspection, Problem, map_columns

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

DELIMITERS = (",", ";", "\t", "|")
_VISIBLE = re.compile(rb"\S")
_TEXT = pa.dictionary(pa.int32(), pa.string())  # text columns repeat a few values: read them encoded
MAX_LISTED = 20

Source = str | os.PathLike[str] | BinaryIO | None


def bundled_data_path() -> Path:
    """The CSV of figures from the seed documents that ships with indcalc.

    Installed, it is package data (``indcalc/data/indicators.csv``); in a source checkout it is the
    repository's ``data/indicators.csv``.
    """
    packaged = Path(__file__).with_name("data") / "indicators.csv"
    if packaged.is_file():
        return packaged
    return Path(__file__).resolve().parents[2] / "data" / "indicators.csv"


@dataclass(frozen=True)
class Options:
    """How to read a file; every field has a working default.

    Attributes:
        wide: True or False forces a wide or long table; None detects it from the header.
        sheet: the Excel sheet to read (default: the first).
        encoding: the text encoding of a CSV (default: UTF-8, or UTF-16/32 by their byte order mark,
            else GB18030 if it gives Chinese text; see `_decode`).
        scale_to: put every money series on this scale (``亿``, ``billion``, ...).
    """

    wide: bool | None = None
    sheet: str | None = None
    encoding: str | None = None
    scale_to: str | None = None


def load(source: Source = None, options: Options | None = None) -> pd.DataFrame:
    """Read an indicator file into the validated loaded frame.

    Args:
        source: a path, ``"-"`` for standard input, an open binary file, or None for the bundled data.
        options: format options (`Options`).

    Raises:
        InputError: what could not be read, located; the next 19 problems in its ``also``, and how
            many more there are in its ``unshown``.

    Example:
        >>> frame = load()
        >>> row = frame[frame["indicator"] == "High-tech manufacturing share of industrial output"]
        >>> row[["period", "value", "unit"]].to_numpy().tolist()
        [['2020', 5.45, '%'], ['2025', 16.0, '%']]
    """
    found = inspect(source, options, warnings=False, limit=MAX_LISTED)
    if found.error_count:
        raise error_of(found.errors, found.error_count)
    assert found.frame is not None
    return found.frame


def inspect(
    source: Source = None,
    options: Options | None = None,
    *,
    warnings: bool = True,
    limit: int | None = None,
) -> Inspection:
    """Read a file as `load` does, but return every problem (errors and, if asked, warnings).

    Warnings are suspicious but readable things: missing-value tokens, periods missing inside a series
    (a deleted row or an empty value cell), and jumps of more than 100x between neighbours (a likely
    unit slip). With `limit`, only the first problems in line order are listed (and located), but all
    are counted (`Inspection.error_count`, `Inspection.warning_count`).

    Example:
        >>> found = inspect(io.BytesIO(b"indicator,period,value\\nx,2023,a\\nx,2024,b\\n"), limit=1)
        >>> [(p.line, p.message) for p in found.problems], found.error_count
        ([(2, "'a' is not a number")], 2)
    """
    options = options or Options()
    try:
        grid = _grid(_read_source(source), options)
        columns = map_columns(grid)
        if options.wide is not True and "period" in columns and "value" in columns:
            grid.table(columns["value"])  # a long table: parsed now, before pandas is needed (see grid)
    except InputError as exc:
        return Inspection(None, [Problem.of(exc)])
    from indcalc.interpret import interpret

    return interpret(grid, wide=options.wide, scale_to=options.scale_to, warnings=warnings, limit=limit)


def error_of(problems: list[Problem], total: int | None = None) -> InputError:
    """One InputError for the first problem, with the next ones (up to 20 in all) in its ``also`` and
    the number of the others (of `total`, by default those in `problems`) in its ``unshown``."""
    errors = [p.as_error() for p in problems[:MAX_LISTED]]
    first = errors[0]
    first.also = tuple(errors[1:])
    first.unshown = (len(problems) if total is None else total) - len(errors)
    return first


@dataclass(frozen=True)
class _Source:
    name: str  # as shown in messages
    data: bytes
    kind: str  # csv, tsv, xlsx or parquet


def read_bytes(source: str | os.PathLike[str] | BinaryIO) -> tuple[str, bytes]:
    """The name to show in messages and the bytes of a file, ``"-"`` (stdin) or an open binary file.

    Raises:
        InputError: the file is missing, a directory, or unreadable.
    """
    if hasattr(source, "read"):
        return str(getattr(source, "name", "<stream>")), source.read()  # type: ignore[union-attr]
    if str(source) == "-":
        return "<stdin>", sys.stdin.buffer.read()
    name = str(source)
    try:
        return name, Path(source).read_bytes()
    except FileNotFoundError:
        raise InputError("no such file", path=name) from None
    except IsADirectoryError:
        raise InputError("is a directory, not a file", path=name) from None
    except PermissionError:
        raise InputError("permission denied", path=name) from None
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", path=name) from None


def _read_source(source: Source) -> _Source:
    if source is None:
        return _typed(str(bundled_data_path()), bundled_data_path().read_bytes())
    return _typed(*read_bytes(source))


def _typed(name: str, data: bytes) -> _Source:
    """The format, from the name's extension or else the first bytes; gzip is unwrapped."""
    lowered = name.casefold()
    if lowered.endswith(".gz") or data[:2] == b"\x1f\x8b":
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError) as exc:
            raise InputError(f"not a readable gzip file ({exc})", path=name) from None
        lowered = lowered.removesuffix(".gz")
    if lowered.endswith(".xlsx") or data[:4] == b"PK\x03\x04":
        return _Source(name, data, "xlsx")
    if lowered.endswith(".parquet") or data[:4] == b"PAR1":
        return _Source(name, data, "parquet")
    if not data or data.isspace():
        raise InputError("empty file: expected a header and data rows", path=name)
    return _Source(name, data, "tsv" if lowered.endswith(".tsv") else "csv")


def _grid(src: _Source, options: Options) -> Grid:
    if src.kind == "xlsx":
        return _xlsx_grid(src, options.sheet)
    if src.kind == "parquet":
        return _parquet_grid(src)
    return _csv_grid(src, options.encoding)


# --- CSV -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Text:
    """A CSV source decoded: its UTF-8 bytes for pyarrow and what it takes to locate records."""

    name: str
    data: bytes  # UTF-8, no BOM
    delimiter: str


_BOMS = (  # (byte order mark, codec, name): a UTF-32LE mark starts like a UTF-16LE one, so it comes first
    (b"\xff\xfe\x00\x00", "utf-32-le", "UTF-32LE"),
    (b"\x00\x00\xfe\xff", "utf-32-be", "UTF-32BE"),
    (b"\xff\xfe", "utf-16-le", "UTF-16LE"),
    (b"\xfe\xff", "utf-16-be", "UTF-16BE"),
)


def _decode(src: _Source, encoding: str | None) -> _Text:
    """The text of a CSV source as UTF-8, decoded as `encoding` says, else as its byte order mark
    says (UTF-8, UTF-16 or UTF-32), else as UTF-8, else as GB18030 if that gives Chinese text.

    A file in UTF-16 or UTF-32, or in an encoding given, is transcoded to UTF-8 in memory (the
    loader holds the whole file in memory anyway); valid UTF-8 is used as it is, without a copy.
    """
    data = src.data
    if encoding is not None:
        return _transcoded(src, data, encoding, encoding, forced=True)
    for mark, codec, name in _BOMS:
        if data.startswith(mark):
            return _transcoded(src, data[len(mark) :], codec, name)
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    nul = data.find(b"\x00", 0, 1 << 16)
    if nul >= 0:
        raise _binary(src, data, nul)
    if not _is_utf8(data):
        data = _guessed(src, data)
    return _Text(src.name, data, "\t" if src.kind == "tsv" else _sniff_delimiter(data))


def _transcoded(src: _Source, data: bytes, codec: str, shown: str, forced: bool = False) -> _Text:
    """`data` decoded as `codec` (named `shown` in messages; `forced`: as --encoding says) and encoded
    as UTF-8."""
    marked = next((name for mark, _, name in _BOMS if data.startswith(mark)), None) if forced else None
    hint = f": it starts with a {marked} byte order mark; leave out --encoding" if marked else ""
    try:
        text = data.decode(codec)
    except LookupError:
        raise InputError(f"unknown encoding {codec!r}", path=src.name) from None
    except UnicodeError as exc:
        try:
            before, byte = data[: exc.start].decode(codec), data[exc.start]  # type: ignore[attr-defined]
        except (AttributeError, UnicodeError, IndexError):  # a codec such as idna, which says no more
            raise InputError(f"not {shown} text ({exc})", path=src.name) from None
        if hint and exc.start < 4:  # --encoding utf-8 on Excel's Unicode Text, say
            raise _located(src, before, f"not {shown} text{hint}") from None
        raise _undecodable(src, before, byte, f"{shown} text") from None
    text = text.removeprefix("\ufeff")
    nul = text.find("\x00", 0, 1 << 16)
    if nul >= 0:
        raise _located(src, text[:nul], f"binary data (a NUL character), not a text file{hint}")
    try:
        utf8 = text.encode("utf-8")
    except UnicodeEncodeError as exc:  # a lone surrogate, from a codec such as unicode_escape
        raise _located(src, text[: exc.start], f"not {shown} text (a lone surrogate)") from None
    return _Text(src.name, utf8, "\t" if src.kind == "tsv" else _sniff_delimiter(utf8))


def _guessed(src: _Source, data: bytes) -> bytes:
    """`data`, known not to be UTF-8, decoded as GB18030 when that gives text that looks Chinese; as UTF-8.

    GB18030 decodes almost any bytes, so a Latin-1 file would read as nonsense (``Côte`` as
    ``C魌e``): the decoded text must look Chinese (see `_not_chinese`), else the error suggests
    ``--encoding latin-1``, or ``cp1252`` when bytes 0x80-0x9F (Windows-1252's “”, €, …) occur.
    When neither reading works, the byte named is where the one that goes further (as UTF-8 or as
    GB18030) fails.
    """
    utf8_failure = _utf8_error(data).start
    try:
        text, failed = data.decode("gb18030"), None
    except UnicodeDecodeError as exc:
        text, failed = data[: exc.start].decode("gb18030"), exc.start
    if failed is not None and utf8_failure > failed:  # UTF-8 text with a bad byte
        before = data[:utf8_failure].decode("utf-8")
        raise _undecodable(src, before, data[utf8_failure], "UTF-8 or GB18030 text")
    utf8 = text.encode("utf-8")
    odd = _not_chinese(utf8)
    if odd is not None:
        before = utf8[:odd].decode("utf-8")
        byte = data[min(len(before.encode("gb18030")), len(data) - 1)]
        western = "cp1252" if re.search(rb"[\x80-\x9f]", data) else "latin-1"  # “smart quotes”, €, …
        raise _located(
            src,
            before,
            f"looks like neither UTF-8 nor Chinese text (GB18030 reads byte 0x{byte:02X} as "
            f"{text[len(before)]!r}); give --encoding, e.g. --encoding {western}",
        )
    if failed is not None:
        raise _undecodable(src, text, data[failed], "UTF-8 or GB18030 text")
    return utf8


@functools.cache
def _gb2312() -> np.ndarray:
    """Which BMP characters GB2312 has: the common hanzi, CJK and full-width punctuation, ① ℃ ‰ ..."""
    import numpy as np

    table = np.zeros(0x10000, dtype=bool)
    for high in range(0xA1, 0xF8):
        for low in range(0xA1, 0xFF):
            try:
                table[ord(bytes((high, low)).decode("gb2312"))] = True
            except UnicodeDecodeError:
                continue
    return table


def _not_chinese(utf8: bytes) -> int | None:
    """Where (a byte offset) the first character that does not look Chinese starts, when no more than
    half of the non-ASCII characters of the UTF-8 text `utf8` look Chinese; None when more than half
    do (or there are none). Vectorised over the bytes, a block at a time.

    A character looks Chinese if it is in GB2312 (the common hanzi, CJK and full-width punctuation,
    ①, ℃, ‰, “” ...) and touches a Latin letter on one side at most (``GDP增速``); or if it is another
    CJK ideograph or punctuation mark (traditional, rare) beside another Chinese character and
    touching no Latin letter. Latin-1 read as GB18030 gives rare ideographs wedged into words
    (``C魌e d'Ivoire``) or standing alone (``50 癈`` for ``50 °C``).

    Example:
        >>> [_not_chinese(t.encode()) for t in ("指标,C魌e", "GDP增速,C魌e", "Zurich", "國內生產總值,50 癈")]
        [None, None, None, None]
        >>> _not_chinese("C魌e d'Ivoire".encode()), _not_chinese("单位,50 癈,3 癈".encode())
        (1, 10)
    """
    import numpy as np

    view = np.frombuffer(utf8, dtype=np.uint8)
    size = len(view)

    def at(offsets: np.ndarray) -> np.ndarray:  # the bytes at `offsets`, 0 past the end
        return np.where(offsets < size, view[np.minimum(offsets, size - 1)], 0).astype(np.uint32)

    def letter(byte: np.ndarray) -> np.ndarray:
        return ((byte | 0x20) >= ord("a")) & ((byte | 0x20) <= ord("z"))

    gb2312 = _gb2312()
    chinese = total = 0
    first: int | None = None
    block = 1 << 24  # bounds the temporary arrays
    for start in range(0, size, block):
        lead = np.flatnonzero(view[start : start + block] >= 0xC0) + start  # where characters start
        if not len(lead):
            continue
        b0, b1, b2, b3 = (at(lead + k) for k in range(4))
        length = 2 + (b0 >= 0xE0) + (b0 >= 0xF0)
        code = np.select(
            [length == 2, length == 3],
            [(b0 & 0x1F) << 6 | b1 & 0x3F, (b0 & 0x0F) << 12 | (b1 & 0x3F) << 6 | b2 & 0x3F],
            (b0 & 0x07) << 18 | (b1 & 0x3F) << 12 | (b2 & 0x3F) << 6 | b3 & 0x3F,
        )
        left, right = letter(np.where(lead > 0, at(lead - 1), 0)), letter(at(lead + length))
        common = gb2312[np.minimum(code, 0xFFFF)] & (code <= 0xFFFF)
        cjk = (
            ((code >= 0x3000) & (code <= 0x303F))  # CJK punctuation
            | ((code >= 0x3400) & (code <= 0x4DBF))
            | ((code >= 0x4E00) & (code <= 0x9FFF))
            | ((code >= 0xF900) & (code <= 0xFAFF))
            | ((code >= 0xFF00) & (code <= 0xFFEF))  # full-width forms
            | ((code >= 0x20000) & (code <= 0x3134F))
        )
        han = common | cjk
        joined = lead[1:] == lead[:-1] + length[:-1]  # character i is followed by character i + 1
        in_run = np.r_[joined & han[1:], False] | np.r_[False, joined & han[:-1]]
        looks = (common & ~(left & right)) | (cjk & ~(left | right) & in_run)
        chinese += int(looks.sum())
        total += len(lead)
        if first is None and not looks.all():
            first = int(lead[np.argmin(looks)])
    return None if 2 * chinese > total else first


def _binary(src: _Source, data: bytes, nul: int) -> InputError:
    """The error for a NUL byte at `nul`, saying so if the file looks like UTF-16 with no byte order mark."""
    sample = data[: 1 << 12]
    hint = ""
    for order, zeros, others in (("le", sample[1::2], sample[0::2]), ("be", sample[0::2], sample[1::2])):
        if zeros.count(0) * 2 > len(zeros) and not others.count(0):  # ASCII in UTF-16: every other byte 0
            hint = f"; if it is UTF-16 text without a byte order mark, give --encoding utf-16-{order}"
    return _located(
        src, data[:nul].decode("utf-8", "replace"), f"binary data (a NUL byte), not a text file{hint}"
    )


def _is_utf8(data: bytes) -> bool:
    """Whether `data` is valid UTF-8, checked by pyarrow's validator (ten times faster than decoding)."""
    if data.isascii():
        return True
    offsets = pa.py_buffer(struct.pack("<2q", 0, len(data)))
    try:
        pa.LargeStringArray.from_buffers(1, offsets, pa.py_buffer(data)).validate(full=True)
    except pa.ArrowInvalid:
        return False
    return True


def _utf8_error(data: bytes) -> UnicodeDecodeError:
    """Where decoding `data`, known not to be UTF-8, as UTF-8 fails."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc
    raise ValueError("the data is valid UTF-8")


def _undecodable(src: _Source, before: str, byte: int, what: str) -> InputError:
    """The error for `byte`, which follows the text `before` and is not `what` (``UTF-8 text``)."""
    return _located(
        src, before, f"not {what} (byte 0x{byte:02X}); save the file as UTF-8 CSV or pass --encoding"
    )


def _located(src: _Source, before: str, message: str) -> InputError:
    """An error about what follows the text `before` (the start of the file, decoded), located by its
    1-based line and field number, fields split on the file's delimiter (tab in a TSV, else sniffed
    from `before`: in a header cut short, from the part before the problem)."""
    delimiter = "\t" if src.kind == "tsv" else _sniff_delimiter(before.encode("utf-8", "replace"))
    start = before.rfind("\n") + 1
    line, column = before.count("\n") + 1, _field_count(before[start:], delimiter)
    return InputError(message, path=src.name, line=line, column=column)


def _field_count(text: str, delimiter: str) -> int:
    """How many fields a line (or the start of one) has; at least 1."""
    try:
        return max(len(next(csv.reader([text.replace("\r", " ")], delimiter=delimiter), [""])), 1)
    except csv.Error:  # a stray quote: count delimiters instead
        return text.count(delimiter) + 1


def _sniff_delimiter(data: bytes) -> str:
    """The delimiter among , ; tab | that splits the header line into the most fields (comma on ties)."""
    first = next((line for line in data[: 1 << 16].splitlines() if line.strip()), b"").decode(
        "utf-8", "replace"
    )
    counts = {d: _field_count(first, d) for d in DELIMITERS}
    best = max(counts.values())
    return next(d for d in DELIMITERS if counts[d] == best)


class _BrokenRecord(Exception):
    """The csv module could not parse the record starting at `line`."""

    def __init__(self, line: int, reason: str) -> None:
        super().__init__(reason)
        self.line = line


def _records(text: _Text) -> Iterator[tuple[int, int, list[str]]]:
    """(start line, end line, fields) of every non-blank record, header included.

    Raises:
        _BrokenRecord: a record that does not parse (an unterminated quote, say).
    """
    stream = io.TextIOWrapper(io.BytesIO(text.data), encoding="utf-8", newline="")
    reader = csv.reader(stream, delimiter=text.delimiter, strict=True)
    while True:
        start = reader.line_num + 1
        try:
            fields = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise _BrokenRecord(start, str(exc)) from None
        if fields:
            yield start, reader.line_num, fields


def _diagnose(text: _Text) -> InputError | None:
    """The first structural problem (quoting, field count), found with the csv module."""
    width = None
    try:
        for start, _end, fields in _records(text):
            if width is None:
                width = len(fields)
            elif len(fields) != width:
                return InputError(
                    f"this row has {len(fields)} fields, the header has {width}",
                    path=text.name,
                    line=start,
                    column=min(len(fields), width) + (len(fields) > width),
                )
    except _BrokenRecord as exc:
        lines = text.data.splitlines() or [b""]  # split as the csv module counts lines: \r, \n or \r\n
        opened = lines[min(exc.line, len(lines)) - 1].decode("utf-8", "replace")
        reason = str(exc)
        if "unexpected end of data" in reason:
            reason = 'unterminated quoted field (a " with no closing ")'
        return InputError(reason, path=text.name, line=exc.line, column=_field_count(opened, text.delimiter))
    return None


def _csv_grid(src: _Source, encoding: str | None) -> Grid:
    text = _decode(src, encoding)
    if not text.data or text.data.isspace():  # a byte order mark alone, say
        raise InputError("empty file: expected a header and data rows", path=src.name)
    quoted = b'"' in text.data
    if quoted and text.data.count(b'"') % 2:
        raise _diagnose(text) or InputError("unterminated quoted field", path=src.name)
    try:
        header_line, header_end, header = next(_records(text))
    except (_BrokenRecord, StopIteration):
        raise _diagnose(text) or InputError("cannot read the header", path=src.name) from None
    offset = 0
    for _ in range(header_end):  # the bytes after the header record
        offset = text.data.find(b"\n", offset) + 1 or len(text.data)
    body = pa.py_buffer(text.data).slice(offset)
    names = [f"f{i}" for i in range(len(header))]

    def read(value_field: int | None, value_type: pa.DataType) -> pa.Table:
        text_type = pa.string() if value_field is None else _TEXT
        return pa_csv.read_csv(
            pa.BufferReader(body),
            read_options=pa_csv.ReadOptions(column_names=names),
            parse_options=pa_csv.ParseOptions(delimiter=text.delimiter, newlines_in_values=quoted),
            convert_options=pa_csv.ConvertOptions(
                column_types={n: value_type if i == value_field else text_type for i, n in enumerate(names)},
                null_values=[""],
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
                check_utf8=False,  # `_decode` made it UTF-8
            ),
        )

    parsed: dict[int | None, pa.Table] = {}

    def table(value_field: int | None) -> pa.Table:
        """Every column as text; with `value_field`, that one as float64 when it is all plain numbers
        and the others dictionary-encoded (the fast path). Parsed once per `value_field`."""
        if value_field not in parsed:
            parsed.clear()
            parsed[value_field] = parse(value_field)
        return parsed[value_field]

    def parse(value_field: int | None) -> pa.Table:
        if not _VISIBLE.search(text.data, offset):
            return pa.table({n: pa.array([], pa.string()) for n in names})
        try:
            try:
                return read(value_field, pa.float64())
            except pa.ArrowInvalid as exc:
                if value_field is None or "conversion error to double" not in str(exc):
                    raise
                return read(value_field, pa.string())
        except pa.ArrowInvalid as exc:
            raise _diagnose(text) or InputError(f"cannot read as CSV: {exc}", path=src.name) from None

    def locate(rows: set[int]) -> dict[int, tuple[int, list[str]]]:
        if not quoted and text.data.count(b"\r") == text.data.count(b"\r\n"):
            return _plain_locate(text, rows)
        found: dict[int, tuple[int, list[str]]] = {}
        last = max(rows, default=-1)
        try:
            for index, (line, _end, fields) in enumerate(_records(text)):
                if index - 1 in rows:
                    found[index - 1] = (line, fields)
                if index - 1 >= last:
                    break
        except _BrokenRecord:  # quoting pyarrow let pass but the strict reader does not
            raise _diagnose(text) or InputError("cannot read as CSV", path=src.name) from None
        return found

    return Grid(src.name, header, header_line, table, locate)


def _plain_locate(text: _Text, rows: set[int]) -> dict[int, tuple[int, list[str]]]:
    """`locate` for a file with no quotes and no bare CR, where every non-empty line is a record:
    the lines are found by numpy, not read one by one (validate reports problems all over a big file).
    """
    import numpy as np

    view = np.frombuffer(text.data, dtype=np.uint8)
    block = 1 << 24  # bounds the temporary mask
    newlines = [np.flatnonzero(view[at : at + block] == 10) + at for at in range(0, len(view), block)]
    ends = np.concatenate([np.zeros(0, "int64"), *newlines])
    starts = np.r_[0, ends + 1]
    stops = np.r_[ends, len(view)]
    stops -= (stops > starts) & (view[np.maximum(stops - 1, 0)] == 13) if len(view) else 0  # CRLF
    records = np.flatnonzero(stops > starts)  # pyarrow and the csv module skip empty lines
    wanted = np.array(sorted(r for r in rows if r + 1 < len(records)), dtype="int64")
    return {
        int(r): (int(line) + 1, text.data[start:stop].decode("utf-8").split(text.delimiter))
        for r, line, start, stop in zip(
            wanted, records[wanted + 1], starts[records[wanted + 1]], stops[records[wanted + 1]], strict=True
        )
    }


# --- Excel and Parquet -----------------------------------------------------------------------------


def _cell_text(value: object) -> str:
    """An Excel cell as text: integral floats without ``.0``; dates as their month (``2024-04``)."""
    import datetime

    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).upper()
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, datetime.date):
        return f"{value.year}-{value.month:02d}"
    return str(value)


def _xlsx_grid(src: _Source, sheet: str | None) -> Grid:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(src.data), read_only=True, data_only=True)
        if sheet is not None and sheet not in book.sheetnames:
            names = ", ".join(map(repr, book.sheetnames))
            raise InputError(f"no sheet {sheet!r}; the workbook has {names}", path=src.name)
        worksheet = book[sheet] if sheet is not None else book.worksheets[0]
        rows: list[tuple[int, list[str]]] = []
        for number, values in enumerate(worksheet.iter_rows(values_only=True), start=1):
            cells = [_cell_text(v).strip() for v in values]
            if any(cells):
                rows.append((number, cells))
        book.close()
    except InputError:
        raise
    except Exception as exc:
        # Untrusted bytes into a third-party parser: a damaged workbook fails in zipfile, zlib, XML or
        # openpyxl itself, in ways no fixed list covers. Whatever it is, the user needs one clear error.
        raise InputError(
            f"not a readable .xlsx workbook ({type(exc).__name__}: {exc})", path=src.name
        ) from None
    if not rows:
        raise InputError("empty sheet: expected a header and data rows", path=src.name)
    (header_line, header), data = rows[0], rows[1:]
    while header and not header[-1] and all(len(r) < len(header) or not r[len(header) - 1] for _, r in data):
        header.pop()  # trailing columns with neither a name nor data
    width = len(header)
    columns = [[(r[i] if i < len(r) else "") for _, r in data] for i in range(width)]
    table = pa.table({f"f{i}": pa.array(col, pa.string()) for i, col in enumerate(columns)})
    return _memory_grid(src.name, header, header_line, table, [line for line, _ in data])


def _parquet_grid(src: _Source) -> Grid:
    import pyarrow.parquet as pq

    try:
        table = pq.read_table(pa.BufferReader(src.data))
        table.validate(full=True)  # text that is not UTF-8, say
    except Exception as exc:  # as for workbooks: damaged input into a third-party parser
        raise InputError(
            f"not a readable Parquet file ({type(exc).__name__}: {exc})", path=src.name
        ) from None
    header = list(table.column_names)
    columns = {}
    for i, column in enumerate(table.columns):
        if pa.types.is_floating(column.type):
            columns[f"f{i}"] = column.cast(pa.float64())
        elif pa.types.is_date(column.type) or pa.types.is_timestamp(column.type):
            columns[f"f{i}"] = pa.compute.strftime(column.cast(pa.timestamp("s")), "%Y-%m")
        else:
            columns[f"f{i}"] = column.cast(pa.string())
    frame = pa.table(columns)
    return _memory_grid(src.name, header, 1, frame, list(range(2, table.num_rows + 2)))


def _memory_grid(name: str, header: list[str], header_line: int, table: pa.Table, lines: list[int]) -> Grid:
    """A grid whose rows are already in memory, each with its line (sheet row) number."""

    def typed(value_field: int | None) -> pa.Table:
        """Every column as text, an empty or missing cell as "" (as from a CSV), but for a float
        `value_field`: that one as it is (null: no figure)."""
        return pa.table(
            {
                name: column
                if i == value_field and pa.types.is_floating(column.type)
                else pa.compute.fill_null(column.cast(pa.string()), "")
                for i, (name, column) in enumerate(zip(table.column_names, table.columns, strict=True))
            }
        )

    def locate(rows: set[int]) -> dict[int, tuple[int, list[str]]]:
        return {
            r: (
                lines[r],
                [str(v) if v is not None else "" for v in table.slice(r, 1).to_pylist()[0].values()],
            )
            for r in rows
        }

    return Grid(name, header, header_line, typed, locate)
