"""The machine formats written as bytes (to a binary stream): an Excel workbook and Parquet.

- ``xlsx``: one sheet, a bold header row, numbers as numbers, text always as text (never a formula),
  undefined figures as empty cells.
- ``parquet``: the columns with their types (float64, int64, string); undefined figures are null.
"""

from __future__ import annotations

import io
import math
from collections.abc import Callable
from typing import IO, TYPE_CHECKING

from indcalc.formulas import Rows
from indcalc.render.machine import figure_cells, joined_utf8, table_of

if TYPE_CHECKING:
    import pandas as pd
    import pyarrow as pa

#: Rows of data an .xlsx sheet holds under its header row.
XLSX_MAX_ROWS = 1_048_575
#: Characters an .xlsx cell holds.
XLSX_MAX_CHARS = 32_767


def arrow_table(frame: pd.DataFrame | Rows) -> pa.Table:
    """A result as a pyarrow Table: figures float64 (null where undefined), counts int64, text as
    string (a category's labels decoded).

    Example:
        >>> arrow_table(Rows(["claim", "pct_change"], [["x", 69.5], ["y", None]])).to_pylist()
        [{'claim': 'x', 'pct_change': 69.5}, {'claim': 'y', 'pct_change': None}]
    """
    import pyarrow as pa

    if isinstance(frame, Rows):  # a few rows built without pandas: a column with text is text
        columns = [list(column) for column in zip(*frame.rows, strict=True)] or [[] for _ in frame.columns]
        arrays = []
        for values in columns:
            kind = pa.string() if any(isinstance(v, str) for v in values) else pa.float64()
            cleaned = [None if isinstance(v, float) and math.isnan(v) else v for v in values]
            arrays.append(pa.array(cleaned, kind))
        return pa.table(arrays, names=list(frame.columns))
    table = table_of(frame).replace_schema_metadata(None)
    for i, column in enumerate(table.columns):
        # An object column with no value (no claims found, say) is text: pandas keeps figures in floats.
        if (
            pa.types.is_dictionary(column.type)
            or pa.types.is_large_string(column.type)
            or pa.types.is_null(column.type)
        ):
            table = table.set_column(i, table.field(i).name, column.cast(pa.string()))
    return table


def write_parquet(frame: pd.DataFrame | Rows, sink: IO[bytes]) -> None:
    """A Parquet file of the result, column types kept (see `arrow_table`)."""
    import pyarrow.parquet as pq

    pq.write_table(arrow_table(frame), sink)


def write_xlsx(
    frame: pd.DataFrame | Rows,
    sink: IO[bytes],
    *,
    title: str = "",
    advance: Callable[[int], None] | None = None,
    batch_rows: int = 1 << 16,
) -> None:
    """An Excel workbook of one sheet (named from `title`): a bold, frozen header row, then numbers as
    numbers (unrounded, as in CSV), text as text cells (a text starting with ``=`` is shown, never run
    as a formula), undefined figures and empty text as empty cells.

    openpyxl lays out the workbook and its header; the rows of the sheet are built by pyarrow's kernels,
    batch by batch, as `indcalc.render.machine.write_csv` builds CSV (openpyxl takes minutes for a
    million rows).

    Raises:
        UsageError: the result does not fit a sheet (more than `XLSX_MAX_ROWS` rows, a text longer than
            `XLSX_MAX_CHARS` or holding a control character), rather than a workbook that loses data.
    """
    import zipfile

    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    from indcalc.errors import UsageError

    table = arrow_table(frame)
    if table.num_rows > XLSX_MAX_ROWS:
        raise UsageError(
            f"{table.num_rows:,} rows do not fit an .xlsx sheet (at most {XLSX_MAX_ROWS:,}); "
            "write .csv or .parquet instead"
        )
    for name, column in zip(table.column_names, table.columns, strict=True):
        if not pa.types.is_string(column.type):
            continue
        if pc.any(pc.match_substring_regex(column, r"[\x00-\x08\x0b\x0c\x0e-\x1f]")).as_py():
            raise UsageError(
                f"column {name} holds a control character, which an .xlsx cell cannot; "
                "write .csv or .parquet instead"
            )
        if (pc.max(pc.utf8_length(column)).as_py() or 0) > XLSX_MAX_CHARS:
            raise UsageError(
                f"column {name} holds a text longer than an .xlsx cell's {XLSX_MAX_CHARS:,} "
                "characters; write .csv or .parquet instead"
            )
    book = Workbook(write_only=True)
    sheet = book.create_sheet(_sheet_name(title))
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    header = []
    for name in table.column_names:
        cell = WriteOnlyCell(sheet, value=name)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    scaffold = io.BytesIO()
    book.save(scaffold)

    text = pa.large_string()
    empty = pa.scalar("", text)
    letters = [get_column_letter(j + 1) for j in range(table.num_columns)]

    def cells_of(column: pa.Array, letter: str, rows: pa.Array) -> pa.Array:
        """A column's cells as XML; null where the cell is empty (left out of the row)."""
        if pa.types.is_string(column.type):
            content = column.cast(text)
            for plain, entity in (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ("\r", "&#13;")):
                content = pc.replace_substring(content, plain, entity)
            content = pc.if_else(pc.equal(content, empty), pa.scalar(None, text), content)
            middle, end = '" t="inlineStr"><is><t xml:space="preserve">', "</t></is></c>"
        else:
            if pa.types.is_floating(column.type):  # never written as inf or nan
                column = pc.if_else(pc.is_finite(column), column, pa.scalar(None, column.type))
            content = figure_cells(column)  # the shortest digits that read back exactly, as in CSV
            middle, end = '"><v>', "</v></c>"
        pieces = (f'<c r="{letter}', rows, middle, content, end)
        return pc.binary_join_element_wise(
            *(pa.scalar(p, text) if isinstance(p, str) else p for p in pieces), empty
        )

    def encode(batch: pa.RecordBatch, first: int) -> memoryview:
        rows = pa.array(np.arange(first, first + batch.num_rows, dtype=np.int64)).cast(text)
        cells = [
            cells_of(column, letter, rows) for column, letter in zip(batch.columns, letters, strict=True)
        ]
        fill = pc.JoinOptions(null_handling="replace", null_replacement="")
        lines = pc.binary_join_element_wise(
            pa.scalar('<row r="', text),
            rows,
            pa.scalar('">', text),
            *cells,
            pa.scalar("</row>", text),
            empty,
            options=fill,
        )
        return joined_utf8(lines)

    part = "xl/worksheets/sheet1.xml"
    # Zip64 only where the sheet may pass 2 GiB: some versions of Excel refuse it needlessly.
    large = table.nbytes + 64 * table.num_rows * table.num_columns > (1 << 31) - 1
    with (
        zipfile.ZipFile(scaffold) as source,
        zipfile.ZipFile(sink, "w", zipfile.ZIP_DEFLATED, compresslevel=3) as target,  # 6 takes twice as long
    ):
        for info in source.infolist():
            if info.filename != part:
                target.writestr(info.filename, source.read(info))
                continue
            head, tail = source.read(info).split(b"</sheetData>")
            with target.open(part, "w", force_zip64=large) as stream:
                stream.write(head)
                first = 2
                for batch in table.to_batches(max_chunksize=batch_rows):
                    stream.write(encode(batch, first))
                    first += batch.num_rows
                    if advance is not None:
                        advance(batch.num_rows)
                stream.write(b"</sheetData>" + tail)


def _sheet_name(title: str) -> str:
    """A sheet name from a title: its part before " · ", less the characters Excel forbids, at most
    31 characters.

    Example:
        >>> _sheet_name("Growth, first to last period · bundled figures"), _sheet_name("")
        ('Growth, first to last period', 'indcalc')
    """
    import re

    name = re.sub(r"[\[\]:*?/\\]", " ", title.split(" · ")[0]).strip(" '")[:31].strip(" '")
    return name or "indcalc"
