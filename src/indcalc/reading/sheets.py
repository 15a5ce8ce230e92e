"""Reading Excel workbooks (``.xlsx``, by openpyxl) and Parquet files (by pyarrow) into a `Grid`.

Both are read whole into memory; each row keeps its number (the sheet's row number; for Parquet,
counting the header as 1) for messages.
"""

from __future__ import annotations

import dataclasses
import io
from collections.abc import Sequence

import pyarrow as pa

from indcalc.errors import InputError
from indcalc.reading.grid import Grid, sheet_hint
from indcalc.reading.margins import ABOVE, BELOW, SCANNED, Skipped, footer_start, header_at
from indcalc.reading.sources import RawFile


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


def xlsx_grid(src: RawFile, sheet: str | None, header_row: int | None = None) -> Grid:
    """The grid of a workbook's sheet (None: the first), each cell as text (see `_cell_text`), its
    header on row `header_row` (None: found below any title rows) and note rows below the table left
    out (both said on stderr, see `indcalc.reading.margins`)."""
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(src.data), read_only=True, data_only=True)
        if sheet is not None and sheet not in book.sheetnames:
            names = ", ".join(map(repr, book.sheetnames))
            raise InputError(f"no sheet {sheet!r}; the workbook has {names}", path=src.name)
        worksheet = book[sheet] if sheet is not None else book.worksheets[0]
        others = tuple(book.sheetnames) if sheet is None and len(book.sheetnames) > 1 else ()
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
        raise InputError(f"empty sheet: expected a header and data rows{sheet_hint(others)}", path=src.name)
    above = header_at(src.name, rows, header_row)
    (header_line, header), data = rows[above], rows[above + 1 :]
    last = data[-SCANNED:]
    end = len(data) - len(last) + footer_start([cells for _, cells in last], len(header))
    skipped = (Skipped.of(ABOVE, rows[:above]), Skipped.of(BELOW, data[end:]))
    data = data[:end]
    while header and not header[-1] and all(len(r) < len(header) or not r[len(header) - 1] for _, r in data):
        header.pop()  # trailing columns with neither a name nor data
    width = len(header)
    columns = [[(r[i] if i < len(r) else "") for _, r in data] for i in range(width)]
    table = pa.table({f"f{i}": pa.array(col, pa.string()) for i, col in enumerate(columns)})
    grid = _memory_grid(src.name, header, header_line, table, [line for line, _ in data], skipped)
    return dataclasses.replace(grid, sheets=others)


def parquet_grid(src: RawFile) -> Grid:
    """The grid of a Parquet file: floats kept as float64, dates as their month, the rest as text."""
    import pyarrow.parquet as pq

    try:
        source = pa.BufferReader(src.data)
        schema = pq.read_schema(source)
        # text columns repeat a few values: read them dictionary-encoded, as a CSV's are
        text = [f.name for f in schema if pa.types.is_string(f.type) or pa.types.is_large_string(f.type)]
        table = pq.read_table(source, read_dictionary=text)
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
        elif pa.types.is_dictionary(column.type) and pa.types.is_string(column.type.value_type):
            columns[f"f{i}"] = column
        else:
            columns[f"f{i}"] = column.cast(pa.string())
    frame = pa.table(columns)
    return _memory_grid(src.name, header, 1, frame, range(2, table.num_rows + 2))


def _memory_grid(
    name: str,
    header: list[str],
    header_line: int,
    table: pa.Table,
    lines: Sequence[int],
    skipped: tuple[Skipped, ...] = (),
) -> Grid:
    """A grid whose rows are already in memory, each with its line (sheet row) number."""

    def typed(value_field: int | None) -> pa.Table:
        """Every column as text, an empty or missing cell as "" (as from a CSV), but for a float
        `value_field`: that one as it is (null: no figure); with a `value_field`, a dictionary-encoded
        column stays encoded (the fast path, as a CSV's)."""

        def cells(i: int, column: pa.ChunkedArray) -> pa.ChunkedArray:
            if i == value_field and pa.types.is_floating(column.type):
                return column
            if value_field is None or not pa.types.is_dictionary(column.type):
                column = column.cast(pa.string())
            return pa.compute.fill_null(column, "") if column.null_count else column

        return pa.table(
            {
                name: cells(i, column)
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

    return Grid(name, header, header_line, typed, locate, skipped=skipped)
