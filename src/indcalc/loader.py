"""Reading indicator files: the only module that touches input files.

`load` turns a long-format CSV into one validated DataFrame, the *loaded frame*, with this schema:

==========  ===========  ==========================================================================
column      dtype        meaning
==========  ===========  ==========================================================================
entity      category     who the figure is about (empty when the file has no ``entity`` column)
indicator   category     what is measured
unit        category     unit of the value (empty when the file has no ``unit`` column)
period      category     canonical period label: ``2024``, ``2024Q1`` or ``2024-04``
value       float64      the figure; rows whose value cell is empty are dropped (missing figure)
frequency   category     ``annual``, ``quarterly`` or ``monthly``
ordinal     int64        period ordinal (see `indcalc.periods`)
...         str          any other columns of the file, kept and ignored by the computations
==========  ===========  ==========================================================================

Rows keep file order. Header names match case-insensitively with surrounding spaces stripped, and so
do the text cells of entity, indicator and unit (surrounding spaces stripped). A series is
(entity, indicator); within a series, periods must be unique, of one frequency, and of one unit.

Every problem raises `InputError` naming the file, the physical line (the header is line 1, quoted
multi-line cells counted) and the column (1-based field number), with up to 20 problems listed.
The fast path is pyarrow's multithreaded CSV reader; the slower Python `csv` module is used only to
locate problems after something went wrong.
"""

from __future__ import annotations

import csv
import io
import os
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv

from indcalc import periods
from indcalc.errors import InputError

REQUIRED = ("indicator", "period", "value")
OPTIONAL = ("entity", "unit")
KEY_TEXT = ("entity", "indicator", "unit")
MAX_PROBLEMS = 20
NUMBER_PATTERN = r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$"

_DICT = pa.dictionary(pa.int32(), pa.string())


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
class _Source:
    name: str  # as shown in messages
    data: bytes


@dataclass(frozen=True)
class _Problems:
    """Rows with one kind of problem, before their lines are known."""

    rows: np.ndarray  # data record indices, 0-based, in file order
    column: str  # normalised column name
    message: Callable[[int, str, int], str]  # (row, cell text, line of the ref row) -> message
    refs: np.ndarray | None = None  # per row, another row the message refers to ("line N")


def load(source: str | os.PathLike[str] | BinaryIO | None = None) -> pd.DataFrame:
    """Read a long-format indicator CSV into the validated loaded frame (schema in the module doc).

    Args:
        source: a path, ``"-"`` for standard input, an open binary file, or None for the bundled data.

    Returns:
        The loaded frame, rows in file order.

    Raises:
        InputError: the file is missing, empty, not CSV, or has bad cells, duplicates, a series
            mixing frequencies or changing unit.

    Example:
        >>> frame = load()
        >>> row = frame[frame["indicator"] == "High-tech manufacturing share of industrial output"]
        >>> row[["period", "value", "unit"]].to_numpy().tolist()
        [['2020', 5.45, '%'], ['2025', 16.0, '%']]
    """
    src = _read_source(source)
    header, header_line = _read_header(src)
    columns = _map_columns(src, header, header_line)
    table = _read_table(src, header, columns)
    if table.num_rows == 0:
        raise InputError("no data rows after the header", path=src.name, line=header_line)
    frame, problems = _build_frame(table, columns)
    if problems:
        raise _located(src, columns, problems)
    if frame.empty:
        raise InputError(f"no figures: the value cell is empty in all {table.num_rows} rows", path=src.name)
    return frame


def _read_source(source: str | os.PathLike[str] | BinaryIO | None) -> _Source:
    if hasattr(source, "read"):
        return _checked(_Source(str(getattr(source, "name", "<stream>")), source.read()))
    if source is None:
        path = bundled_data_path()
        name = str(path)
    elif str(source) == "-":
        return _checked(_Source("<stdin>", sys.stdin.buffer.read()))
    else:
        path = Path(source)
        name = str(source)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError("no such file", path=name) from None
    except IsADirectoryError:
        raise InputError("is a directory, not a file", path=name) from None
    except PermissionError:
        raise InputError("permission denied", path=name) from None
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", path=name) from None
    return _checked(_Source(name, data))


def _checked(src: _Source) -> _Source:
    if not src.data or src.data.isspace():
        raise InputError("empty file: expected a CSV header and data rows", path=src.name)
    nul = src.data.find(b"\x00", 0, 1 << 16)
    if nul >= 0:
        line, column = _byte_position(src.data, nul)
        raise InputError(
            "binary data (a NUL byte), not a CSV text file", path=src.name, line=line, column=column
        )
    if src.data.count(b'"') % 2:
        raise _diagnose(src) or InputError("unterminated quoted field", path=src.name)
    return src


def _byte_position(data: bytes, offset: int) -> tuple[int, int]:
    """1-based line and field number of a byte offset."""
    start = data.rfind(b"\n", 0, offset) + 1
    prefix = data[start:offset].decode("utf-8", errors="replace")
    fields = next(csv.reader([prefix]), [""])
    return data.count(b"\n", 0, offset) + 1, max(len(fields), 1)


def _text(src: _Source) -> io.TextIOWrapper:
    return io.TextIOWrapper(io.BytesIO(src.data), encoding="utf-8-sig", newline="")


class _BrokenRecord(Exception):
    """The csv module could not parse the record starting at `line`."""

    def __init__(self, line: int, reason: str) -> None:
        super().__init__(reason)
        self.line = line


def _text_records(src: _Source) -> Iterator[tuple[int, list[str]]]:
    """(start line, fields) of every non-blank record, header included, via Python's csv module.

    Raises:
        _BrokenRecord: a record that does not parse (an unterminated quote, say).
        UnicodeDecodeError: bytes that are not UTF-8.
    """
    reader = csv.reader(_text(src), strict=True)
    while True:
        start = reader.line_num + 1
        try:
            fields = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise _BrokenRecord(start, str(exc)) from None
        if fields:
            yield start, fields


def _read_header(src: _Source) -> tuple[list[str], int]:
    try:
        line, header = next(_text_records(src))
    except (_BrokenRecord, UnicodeDecodeError, StopIteration):
        raise _diagnose(src) or InputError("cannot read the header", path=src.name) from None
    return header, line


def _map_columns(src: _Source, header: list[str], line: int) -> dict[str, int]:
    """Normalised name -> field index, for every named column; errors on missing or repeated ones."""
    columns: dict[str, int] = {}
    for index, raw in enumerate(header):
        name = raw.strip().casefold()
        if not name:
            continue  # unnamed columns (trailing commas of a spreadsheet export) are ignored
        if name in columns:
            raise InputError(
                f"column {raw.strip()!r} appears twice in the header (fields {columns[name] + 1} "
                f"and {index + 1})",
                path=src.name,
                line=line,
                column=index + 1,
            )
        columns[name] = index
    missing = [name for name in REQUIRED if name not in columns]
    if missing:
        found = ", ".join(repr(h.strip()) for h in header)
        raise InputError(
            f"missing required column{'s' if len(missing) > 1 else ''} "
            f"{', '.join(map(repr, missing))} (the header has {found}); "
            f"required: indicator, period, value; optional: entity, unit",
            path=src.name,
            line=line,
        )
    return columns


def _read_table(src: _Source, header: list[str], columns: dict[str, int]) -> pa.Table:
    """The fast path: pyarrow reads the value column as float64; on a bad number, as text."""
    try:
        return _arrow_read(src, header, columns, pa.float64())
    except pa.ArrowInvalid as exc:
        if "conversion error to double" not in str(exc):
            raise _diagnose(src) or InputError(f"cannot read as CSV: {exc}", path=src.name) from None
    try:
        return _arrow_read(src, header, columns, pa.string())
    except pa.ArrowInvalid as exc:
        raise _diagnose(src) or InputError(f"cannot read as CSV: {exc}", path=src.name) from None


def _arrow_read(
    src: _Source, header: list[str], columns: dict[str, int], value_type: pa.DataType
) -> pa.Table:
    types = {header[i]: pa.string() for i in columns.values()}
    for name in (*REQUIRED, *OPTIONAL):
        if name in columns:
            types[header[columns[name]]] = _DICT
    types[header[columns["value"]]] = value_type
    table = pa_csv.read_csv(
        pa.BufferReader(src.data),
        parse_options=pa_csv.ParseOptions(newlines_in_values=True),
        convert_options=pa_csv.ConvertOptions(
            column_types=types,
            include_columns=[header[i] for i in columns.values()],
            null_values=[""],
            strings_can_be_null=False,
            quoted_strings_can_be_null=False,
        ),
    )
    return table.rename_columns(list(columns))


def _diagnose(src: _Source) -> InputError | None:
    """Find the first structural problem (encoding, quoting, field count) with the csv module."""
    try:
        src.data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, column = _byte_position(src.data, exc.start)
        return InputError(
            f"not UTF-8 text (byte 0x{src.data[exc.start]:02x}); save the file as UTF-8 CSV",
            path=src.name,
            line=line,
            column=column,
        )
    width = None
    try:
        for start, fields in _text_records(src):
            if width is None:
                width = len(fields)
            elif len(fields) != width:
                return InputError(
                    f"this row has {len(fields)} fields, the header has {width}",
                    path=src.name,
                    line=start,
                    column=min(len(fields), width) + (len(fields) > width),
                )
    except _BrokenRecord as exc:
        opened = src.data.split(b"\n")[exc.line - 1].decode("utf-8")
        reason = str(exc)
        if "unexpected end of data" in reason:
            reason = 'unterminated quoted field (a " with no closing ")'
        column = len(next(csv.reader([opened]), [""]))
        return InputError(reason, path=src.name, line=exc.line, column=column)
    return None


def _tidy(values: pd.Categorical, transform=None) -> pd.Categorical:
    """Strip (or otherwise transform) the categories, merge equal ones and sort them."""
    categories = pd.Series(values.categories, dtype="str")
    labels = categories.str.strip() if transform is None else transform(categories)
    uniques = np.sort(pd.unique(labels.to_numpy(dtype=object)).astype(str))
    remap = np.searchsorted(uniques, labels.to_numpy(dtype=object).astype(str))
    codes = np.asarray(values.codes)
    return pd.Categorical.from_codes(remap[codes], categories=pd.Index(uniques, dtype="str"))


def _build_frame(table: pa.Table, columns: dict[str, int]) -> tuple[pd.DataFrame, list[_Problems]]:
    """The loaded frame, or the problems that stop it from being built."""
    rows = table.num_rows
    value = table.column("value")
    if pa.types.is_floating(value.type):
        numbers = value.to_numpy()
        bad = ~np.isfinite(numbers) & ~pc.is_null(value).to_numpy()
    else:
        trimmed = pc.utf8_trim_whitespace(value)
        missing = pc.equal(trimmed, "")
        good = pc.or_(missing, pc.match_substring_regex(trimmed, NUMBER_PATTERN))
        bad = ~good.to_numpy()
        text_numbers = pc.if_else(pc.or_(missing, pc.invert(good)), None, trimmed)
        numbers = pc.cast(text_numbers, pa.float64()).to_numpy()
    problems = [
        _Problems(
            np.flatnonzero(bad),
            "value",
            lambda _r, t, _l: f"{t!r} is not a number; expected a plain number like 1100 or -5.45",
        )
    ]

    text = {}
    for name in KEY_TEXT:
        if name in columns:
            text[name] = _tidy(table.column(name).to_pandas().array)
        else:
            text[name] = pd.Categorical.from_codes(np.zeros(rows, dtype="int8"), categories=[""])
    problems.append(
        _Problems(
            np.flatnonzero(np.asarray(text["indicator"]) == ""),
            "indicator",
            lambda _r, _t, _l: "the indicator is empty",
        )
    )

    raw_period = table.column("period").to_pandas().array
    freq_by_cat, ordinal_by_cat = periods.parse_periods(list(raw_period.categories))
    code = freq_by_cat[raw_period.codes]
    ordinal = ordinal_by_cat[raw_period.codes]
    bad_period = np.flatnonzero(code == periods.INVALID)
    problems.append(
        _Problems(
            bad_period,
            "period",
            lambda _r, t, _l: f"{t!r} is not a period; expected {periods.EXPECTED_FORMS}",
        )
    )
    if len(bad_period) == 0:
        problems += _series_problems(text, code, ordinal)
    problems = [p for p in problems if len(p.rows)]
    if problems:
        return pd.DataFrame(), problems

    labels = periods.format_periods(freq_by_cat, ordinal_by_cat)
    frame = pd.DataFrame(
        {
            "entity": text["entity"],
            "indicator": text["indicator"],
            "unit": text["unit"],
            "period": _tidy(raw_period, transform=lambda _: pd.Series(labels, dtype="str")),
            "value": numbers,
            "frequency": pd.Categorical.from_codes(code, categories=list(periods.FREQUENCY_NAMES)),
            "ordinal": ordinal.astype("int64"),
        }
    )
    for name in columns:
        if name not in frame.columns:
            frame[name] = table.column(name).to_pandas()
    present = ~np.isnan(numbers)
    return (frame if present.all() else frame[present].reset_index(drop=True)), []


def _series_problems(
    text: dict[str, pd.Categorical], code: np.ndarray, ordinal: np.ndarray
) -> list[_Problems]:
    """Mixed frequencies, changing units and duplicate periods within a series (vectorised)."""
    entity = np.asarray(text["entity"].codes, dtype="int64")
    indicator = np.asarray(text["indicator"].codes, dtype="int64")
    series = entity * (len(text["indicator"].categories) + 1) + indicator
    first = pd.Series(np.arange(len(series))).groupby(series).transform("first").to_numpy()

    def name(row: int) -> str:
        ent, ind = text["entity"][row], text["indicator"][row]
        return f"{ent} / {ind}" if ent else ind

    def frequency(row: int) -> str:
        return periods.FREQUENCY_NAMES[code[row]]

    mixed = np.flatnonzero(code != code[first])
    unit = np.asarray(text["unit"].codes)
    changed = np.flatnonzero(unit != unit[first])
    problems = [
        _Problems(
            mixed,
            "period",
            lambda r, t, line: (
                f"series {name(r)!r} mixes frequencies: {t!r} is {frequency(r)}, "
                f"line {line} is {frequency(first[r])}"
            ),
            first[mixed],
        ),
        _Problems(
            changed,
            "unit",
            lambda r, t, line: (
                f"series {name(r)!r} changes unit: {t!r} here, {text['unit'][first[r]]!r} on line {line}"
            ),
            first[changed],
        ),
    ]
    if len(mixed) or len(changed):
        return problems
    key = pd.Series(series * (1 << 20) + ordinal)
    duplicate = key.duplicated(keep="first").to_numpy()
    rows = np.flatnonzero(duplicate)
    if len(rows) == 0:
        return []
    earliest = pd.Series(key.index[~duplicate], index=key[~duplicate].to_numpy())
    return [
        _Problems(
            rows,
            "period",
            lambda r, t, line: f"duplicate: series {name(r)!r} already has {t!r} on line {line}",
            earliest.reindex(key.to_numpy()[rows]).to_numpy(),
        )
    ]


def _located(src: _Source, columns: dict[str, int], problems: list[_Problems]) -> InputError:
    """One InputError for the earliest problem, the next ones (up to 20 in all) in its `also`."""
    found = sorted(
        (int(row), kind, None if kind.refs is None else int(kind.refs[i]))
        for kind in problems
        for i, row in enumerate(kind.rows[:MAX_PROBLEMS])
    )
    shown = found[:MAX_PROBLEMS]
    total = sum(len(kind.rows) for kind in problems)
    records = _record_lines(src, {r for r, _, _ in shown} | {f for _, _, f in shown if f is not None})
    errors = []
    for row, kind, ref in shown:
        line, fields = records[row]
        index = columns[kind.column]
        cell = fields[index] if index < len(fields) else ""
        ref_line = records[ref][0] if ref is not None else 0
        errors.append(
            InputError(kind.message(row, cell, ref_line), path=src.name, line=line, column=index + 1)
        )
    first = errors[0]
    first.also = tuple(errors[1:])
    first.unshown = total - len(shown)
    return first


def _record_lines(src: _Source, rows: set[int]) -> dict[int, tuple[int, list[str]]]:
    """Start line and fields of the given data records (0-based, header excluded)."""
    found: dict[int, tuple[int, list[str]]] = {}
    last = max(rows)
    for index, (line, fields) in enumerate(_text_records(src)):
        row = index - 1
        if row in rows:
            found[row] = (line, fields)
        if row >= last:
            break
    return found
