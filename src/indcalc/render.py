"""The one output path: a result DataFrame to a table, CSV, TSV, JSON, Markdown, an Excel workbook or
Parquet. The only module that imports Rich.

- ``csv``: header row, no index, UTF-8, ``\\n`` line ends, minimal quoting; numbers unrounded in their
  shortest round-trip form (``193.57798165137615``, ``8.52e+10``); undefined figures are empty cells.
  Written by pyarrow's compute kernels, batch by batch, so millions of rows stream out fast.
- ``tsv``: the same with tabs between cells (a cell holding a tab, newline or ``"`` is quoted).
- ``xlsx``: one sheet, a bold header row, numbers as numbers, text always as text (never a formula),
  undefined figures as empty cells. Binary: written to a binary stream.
- ``parquet``: the columns with their types (float64, int64, string); undefined figures are null.
  Binary: written to a binary stream.
- ``json``: a list of objects, one per line; unrounded numbers; ``null`` where undefined.
- ``table``: for people: rounded to ``digits``, thousands separators, ``%``/``pp``/``×`` suffixes, positive
  changes green and negative red (no colour when NO_COLOR is set or the output is not a terminal),
  undefined shown as an em dash and explained in a footnote, text columns that are empty everywhere
  left out, CJK text aligned by display width.
- ``markdown``: a GitHub table with the same rounding and footnote as the table.
"""

from __future__ import annotations

import io
import math
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import IO, TYPE_CHECKING

from indcalc.formulas import Rows, is_percent_unit

if TYPE_CHECKING:
    from concurrent.futures import Future

    import pandas as pd
    import pyarrow as pa
    from rich.console import Console

FORMATS = ("table", "text", "csv", "tsv", "json", "markdown", "xlsx", "parquet")
#: Formats written as bytes (to a binary stream), not text.
BINARY_FORMATS = ("xlsx", "parquet")
#: Rows of data an .xlsx sheet holds under its header row.
XLSX_MAX_ROWS = 1_048_575
#: Characters an .xlsx cell holds.
XLSX_MAX_CHARS = 32_767
UNDEFINED = "—"

MULTIPLE_COLUMNS = frozenset({"multiple"})


def is_percent_column(name: str) -> bool:
    """Columns in percent carry ``pct`` (``pct_change``, ``yoy_pct``, ``share_pct``, ...)."""
    return name.endswith(("pct_change", "_pct"))


def is_pp_column(name: str) -> bool:
    """Columns in percentage points carry ``pp`` (``pp_change``, ``yoy_pp``, ``contribution_pp``, ...)."""
    return name == "pp_change" or name.endswith(("_pp", "_pp_change"))


def is_signed_column(name: str) -> bool:
    """Changes and growth rates, coloured green when up and red when down."""
    return "change" in name or name.startswith(("yoy_", "pop_", "contribution_")) or name.endswith("cagr_pct")


#: A table in a terminal shows this many rows at most, then says how many more there are.
TERMINAL_ROWS = 200
#: In a terminal too narrow for the whole table, these columns are hidden first (in this order); then
#: the other columns not in `KEPT_LONGEST`, from the right; then those of `KEPT_LONGEST`, from its end.
NARROW_DROP_ORDER = (
    "file",
    "expected",
    "years",
    "multiple",
    "change",
    "yoy_change",
    "missing_count",
    "prior_period",
    "unit",
    "text",
    "frequency",
    "first_period",
    "pop_change",
)
#: The columns a command exists for, kept longest in a narrow terminal (the first the longest): the
#: sparkline and latest figure of summary, the rates of yoy, pop, share and contribution, target's
#: required and historical CAGR, growth's pct_change, pp_change and periods.
KEPT_LONGEST = (
    "trend",
    "latest_value",
    "latest_period",
    "yoy_pct",
    "yoy_pp",
    "pop_pct",
    "pop_pp",
    "share_pct",
    "share_pp_change",
    "contribution_pp",
    "contribution_rate_pct",
    "required_cagr_pct",
    "target_value",
    "historical_cagr_pct",
    "target_period",
    "pct_change",
    "pp_change",
    "from_period",
    "to_period",
    "period",
    "verdict",
)
#: Never hidden: what names a row.
NEVER_HIDDEN = frozenset({"entity", "indicator", "claim", "problem"})
#: Text columns drawn whole, never wrapped or cut (a sparkline cut short shows another trend).
UNBROKEN = frozenset({"trend"})
#: Text columns wrap but never below this width (or their header's), so names stay readable.
TEXT_MIN_WIDTH = {"indicator": 18, "entity": 10, "problem": 40, "expected": 24}

#: Why a column can be empty; the table's footnote gives the reasons for the columns that are.
FOOTNOTES = {
    "pct_change": "pct_change and multiple are undefined from a zero or negative base",
    "multiple": "pct_change and multiple are undefined from a zero or negative base",
    "pp_change": "pp_change is given only for percent units",
    "cagr_pct": "cagr_pct is undefined from a zero or negative base, to a negative value, or without a span",
    "years": "years is known only when the periods (or --years) are given",
    "prior_period": "a comparison needs its earlier period (for yoy the same period a year before, "
    "for pop the previous one)",
    "yoy_pct": "yoy_pct is undefined from a zero or negative prior value",
    "yoy_pp": "yoy_pp is given only for percent units",
    "pop_pct": "pop_pct is undefined from a zero or negative prior value",
    "pop_pp": "pop_pp is given only for percent units",
    "value": "a single-period value needs the previous period of the year",
    "share_pct": "a share needs the total for the same period",
    "share_pp_change": "a change of share needs the part's previous period",
    "contribution_pp": "contributions need both periods and a positive total",
}
#: Where a change column of a row is undefined, the figures computed from it are too, for this reason
#: (not the reason of `FOOTNOTES`, which is for a change that is there).
NO_EARLIER = {
    "yoy_change": "yoy figures need the same period a year before",
    "pop_change": "period-on-period figures need the previous period",
    "change": "a series with a single period has no change over its span",
}


#: Why a figure is empty when its figures are there and its formula applies (1e308 to -1e308: change).
TOO_LARGE = "a figure too large for a 64-bit float is left empty"


def _too_large(column: str, change: str, row: dict[str, object]) -> bool | None:
    """Whether `row[column]` is empty only because it is beyond a float: both figures are there and
    none of the formula's conditions (a positive base, a percent unit, a span) leaves it undefined;
    None when a figure is not there."""
    if change == "change":
        low, high = row.get("from_value"), row.get("to_value")
    else:
        low, high = row.get("prior_value"), row.get("value")
    if not all(isinstance(v, (int, float)) and math.isfinite(v) for v in (low, high)):
        return None
    if column == change:
        return True
    if column.endswith("pp") or column == "pp_change":
        return row[change] is None and is_percent_unit(str(row.get("unit") or ""))
    if column == "cagr_pct":
        years = row.get("years")
        return low > 0 and high >= 0 and isinstance(years, (int, float)) and years > 0
    return column in ("pct_change", "multiple", "yoy_pct", "pop_pct") and low > 0


def _change_of(column: str) -> str | None:
    """The change column whose figures `column` is computed from (`yoy_pct` from `yoy_change`)."""
    if column in NO_EARLIER:
        return column
    for prefix in ("yoy_", "pop_"):
        if column.startswith(prefix):
            return prefix + "change"
    return "change" if column in ("pct_change", "pp_change", "multiple", "cagr_pct", "years") else None


def why_undefined(column: str, row: dict[str, object]) -> str | None:
    """The footnote's reason why `row[column]` is undefined: the reason that applies to this row.

    Example:
        >>> why_undefined("yoy_pct", {"prior_value": None, "yoy_change": None, "yoy_pct": None})
        'yoy figures need the same period a year before'
        >>> why_undefined("yoy_pct", {"prior_value": 0.0, "yoy_change": 3.0, "yoy_pct": None})
        'yoy_pct is undefined from a zero or negative prior value'
    """
    change = _change_of(column)
    if column in ("prior_period", "prior_value"):  # yoy's, pop's or share's, by the table's columns
        if "share_pp_change" in row:
            return FOOTNOTES["share_pp_change"]
        change = next((c for c in ("yoy_change", "pop_change") if c in row), None)
    beyond = _too_large(column, change, row) if change is not None and change in row else None
    if beyond:
        return TOO_LARGE
    if beyond is None and change is not None and change in row and row[change] is None:
        return NO_EARLIER[change]
    if column.startswith("pop_") and column not in FOOTNOTES:  # annualized and log rates
        return "period-on-period rates are undefined from a zero or negative prior value"
    return FOOTNOTES.get(column)


def render(
    frame: pd.DataFrame,
    fmt: str,
    stream: IO[str],
    *,
    title: str = "",
    digits: int = 2,
    color: bool | None = None,
    raw: bool = False,
    width: int | None = None,
    advance: Callable[[int], None] | None = None,
) -> None:
    """Write `frame` to `stream` in format `fmt` (one of `FORMATS`).

    Args:
        frame: a result of a computation; column names decide the number formats.
        fmt: ``table``, ``text``, ``csv``, ``tsv``, ``json``, ``markdown``, ``xlsx`` or ``parquet``.
        stream: a text stream (its ``buffer`` is used for CSV when it has one); a binary one for the
            `BINARY_FORMATS`.
        title: shown above tables and as the Markdown heading.
        digits: decimals shown in tables and Markdown (machine formats are never rounded).
        color: force colour on or off in tables; None lets Rich decide (terminal, NO_COLOR).
        raw: CSV text cells exactly as they are, without the guard against spreadsheet formulas.
        width: the terminal width for a table written to a stand-in for the terminal.
        advance: called with the number of rows of each batch written (CSV, TSV, xlsx; see `progress`).

    Example:
        >>> import io, pandas as pd
        >>> out = io.StringIO()
        >>> render(pd.DataFrame({"indicator": ["x"], "pct_change": [193.57798]}), "markdown", out)
        >>> print(out.getvalue().strip())
        | indicator | pct_change |
        | :-- | --: |
        | x | 193.58% |
    """
    if fmt in ("csv", "tsv") and isinstance(frame, Rows):
        write_rows_csv(frame, stream, raw=raw, delimiter="\t" if fmt == "tsv" else ",")
    elif fmt in ("csv", "tsv"):
        write_csv(frame, stream, raw=raw, advance=advance, delimiter="\t" if fmt == "tsv" else ",")
    elif fmt == "xlsx":
        write_xlsx(frame, stream, title=title, advance=advance)  # type: ignore[arg-type]
    elif fmt == "parquet":
        write_parquet(frame, stream)  # type: ignore[arg-type]
    elif fmt == "json":
        write_json(frame, stream)
    elif fmt == "markdown":
        write_markdown(frame, stream, title=title, digits=digits)
    elif fmt == "table":
        write_table(frame, stream, title=title, digits=digits, color=color, width=width)
    elif fmt == "text":  # the table as plain text, whatever the stream: for mail
        write_table(frame, _Plain(stream), title=title, digits=digits, color=False)
    else:
        raise ValueError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")


@contextmanager
def progress(
    label: str,
    total: int | None = None,
    *,
    since: float | None = None,
    after_seconds: float = 2.0,
    console: Console | None = None,
) -> Iterator[Callable[[int], None]]:
    """A Rich progress bar on stderr once the work has taken `after_seconds` (counted from `since`, a
    `time.monotonic()`, when given), on a terminal only; yields ``advance(n)``, which moves it `n` of
    `total` steps (without a total the bar pulses). Standard output is left alone: results go there.

    Example:
        >>> with progress("yoy", total=10) as advance:  # stderr is no terminal here: nothing shown
        ...     advance(10)
    """
    import sys
    import time

    if console is None and not sys.stderr.isatty():
        yield lambda _n: None
        return
    from threading import Event, Lock, Timer

    from rich.console import Console
    from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    bar = Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.percentage:>3.0f}%" if total else ""),
        TimeElapsedColumn(),
        console=console or Console(stderr=True),
        transient=True,
        redirect_stdout=False,  # results go to stdout, untouched
        redirect_stderr=False,
    )
    task = bar.add_task(label, total=total)
    guard, ended = Lock(), Event()

    def show() -> None:
        with guard:  # not once the work is done: a timer firing as it ends would leave a bar behind
            if not ended.is_set():
                bar.start()

    waited = time.monotonic() - since if since is not None else 0.0
    timer = Timer(max(after_seconds - waited, 0.0), show)
    timer.daemon = True
    timer.start()
    try:
        yield lambda n: bar.advance(task, n)
    finally:
        timer.cancel()
        with guard:
            ended.set()
            bar.stop()


def write_csv(
    frame: pd.DataFrame,
    stream: IO[str],
    batch_rows: int = 1 << 17,
    *,
    raw: bool = False,
    advance: Callable[[int], None] | None = None,
    delimiter: str = ",",
) -> None:
    """CSV with minimal quoting and shortest round-trip numbers, built by pyarrow kernels.

    `advance` is called with the number of rows of each batch written (for a progress bar). With
    ``delimiter="\\t"`` it is TSV: a cell is quoted when it holds a tab, CR, LF or ``"``.

    Text cells that a spreadsheet would run as a formula (starting with ``=``, ``+``, ``-``, ``@``, tab or
    CR) get a leading ``'``, as OWASP's CSV injection guidance advises, unless `raw`. Numbers are never
    touched.

    Each batch is turned into text cells (numbers formatted, quotes added where needed); when no cell
    of the batch needed quotes, which is the usual case, pyarrow's CSV writer lays the cells out with
    no quoting at all (about three times faster than joining them), else they are joined here.
    """
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.csv as pa_csv

    table = pa.Table.from_pandas(frame, preserve_index=False)
    binary = getattr(stream, "buffer", None)
    stream.write(delimiter.join(_csv_cell(str(c), delimiter) for c in frame.columns) + "\n")
    if len(frame) == 0:
        return
    text = pa.large_string()
    comma, newline, empty, quote = (pa.scalar(t, text) for t in (delimiter, "\n", "", '"'))
    apostrophe = pa.scalar("'", text)
    unquoted = pa_csv.WriteOptions(include_header=False, quoting_style="none", delimiter=delimiter)
    special = r'["\t\r\n]' if delimiter == "\t" else r'[",\r\n]'

    def cells_of(strings: pa.Array) -> tuple[pa.Array, bool]:
        """Text as CSV cells, and whether any of them needed quotes."""
        strings = strings.cast(text)
        if not raw:
            formula = pc.match_substring_regex(strings, r"^[=+\-@\t\r]")
            strings = pc.if_else(formula, pc.binary_join_element_wise(apostrophe, strings, empty), strings)
        needs = pc.match_substring_regex(strings, special)
        if not pc.any(needs).as_py():
            return strings, False
        wrapped = pc.binary_join_element_wise(quote, pc.replace_substring(strings, '"', '""'), quote, empty)
        return pc.if_else(needs, wrapped, strings), True

    def encode(batch: pa.RecordBatch) -> memoryview:
        """One batch as CSV bytes (pyarrow's kernels release the GIL, so batches encode in parallel)."""
        cells, quoted = [], False
        for column in batch.columns:
            kind = column.type
            if pa.types.is_dictionary(kind):  # the few distinct values made cells, then expanded
                values, needed = cells_of(column.dictionary)
                column = pc.take(values, column.indices)
            elif pa.types.is_string(kind) or pa.types.is_large_string(kind):
                column, needed = cells_of(column)
            else:  # numbers; from_pandas made NaN (an undefined figure) null, written as an empty cell
                column, needed = column.cast(text), False
            cells.append(column)
            quoted |= needed
        if not quoted:
            sink = pa.BufferOutputStream()
            names = [str(i) for i in range(len(cells))]
            pa_csv.write_csv(pa.RecordBatch.from_arrays(cells, names=names), sink, unquoted)
            return memoryview(sink.getvalue())
        nulls_empty = pc.JoinOptions(null_handling="replace", null_replacement="")
        cells[-1] = pc.binary_join_element_wise(cells[-1], newline, empty, options=nulls_empty)  # line end
        lines = pc.binary_join_element_wise(*cells, comma, options=nulls_empty)
        _, offsets, data = lines.buffers()
        bounds = np.frombuffer(offsets, dtype="int64")[lines.offset : lines.offset + len(lines) + 1]
        return memoryview(data)[bounds[0] : bounds[-1]]

    from collections import deque
    from concurrent.futures import ThreadPoolExecutor

    workers = os.cpu_count() or 1
    if binary is not None:
        stream.flush()
    with ThreadPoolExecutor(max_workers=workers) as pool:
        pending: deque = deque()  # batches being encoded, in order; a few at a time bounds the memory
        for batch in table.to_batches(max_chunksize=batch_rows):
            if len(pending) > workers:
                _write_chunk(pending.popleft(), stream, binary, advance)
            pending.append((pool.submit(encode, batch), batch.num_rows))
        while pending:
            _write_chunk(pending.popleft(), stream, binary, advance)
    if binary is not None:
        binary.flush()


def _write_chunk(
    encoded: tuple[Future, int],
    stream: IO[str],
    binary: IO[bytes] | None,
    advance: Callable[[int], None] | None,
) -> None:
    future, rows = encoded
    chunk = future.result()
    if binary is not None:
        binary.write(chunk)
    else:
        stream.write(bytes(chunk).decode("utf-8"))
    if advance is not None:
        advance(rows)


def write_rows_csv(rows: Rows, stream: IO[str], *, raw: bool = False, delimiter: str = ",") -> None:
    """The CSV (or TSV) of `write_csv` for a small result built without pandas and pyarrow."""
    stream.write(delimiter.join(_csv_cell(c, delimiter) for c in rows.columns) + "\n")
    for row in rows.rows:
        cells = []
        for value in row:
            if value is None or (isinstance(value, float) and math.isnan(value)):
                cells.append("")
            elif isinstance(value, str):
                guarded = "'" + value if not raw and value[:1] in FORMULA_STARTS else value
                cells.append(_csv_cell(guarded, delimiter))
            else:
                cells.append(shortest(float(value)))
        stream.write(delimiter.join(cells) + "\n")


def shortest(value: float) -> str:
    """A float as pyarrow writes it: the shortest digits that read back exactly; plain notation from
    1e-6 up to 1e10, else exponent form.

    Example:
        >>> shortest(193.57798165137615), shortest(16.0), shortest(8.52e10)
        ('193.57798165137615', '16', '8.52e+10')
        >>> shortest(1.5e-6), shortest(2.5e-7), shortest(-3.5e12)
        ('0.0000015', '2.5e-7', '-3.5e+12')
    """
    from decimal import Decimal

    if value == 0:
        return "-0" if math.copysign(1, value) < 0 else "0"
    exact = Decimal(repr(value))
    sign, digits, exponent = exact.as_tuple()
    scientific = len(digits) + exponent - 1
    if -7 < scientific < 10:
        return format(exact.normalize(), "f")
    mantissa = "".join(map(str, digits)).rstrip("0") or "0"
    body = mantissa[0] + ("." + mantissa[1:] if len(mantissa) > 1 else "")
    return f"{'-' if sign else ''}{body}e{'+' if scientific > 0 else '-'}{abs(scientific)}"


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _csv_cell(text: str, delimiter: str = ",") -> str:
    return '"' + text.replace('"', '""') + '"' if any(c in text for c in f'"{delimiter}\r\n') else text


def write_json(frame: pd.DataFrame | Rows, stream: IO[str]) -> None:
    """A JSON list of objects, one per line, unrounded; null where a figure is undefined."""
    import json

    stream.write("[")
    rows = records(frame)
    for index, record in enumerate(rows):
        stream.write(",\n" if index else "\n")
        stream.write(json.dumps(record, ensure_ascii=False, allow_nan=False))
    stream.write("\n]\n" if rows else "]\n")


def records(frame: pd.DataFrame | Rows) -> list[dict[str, object]]:
    """Rows as plain Python dicts (str, int, float, None), as JSON carries them."""
    if isinstance(frame, Rows):
        return [dict(zip(frame.columns, row, strict=True)) for row in frame.rows]
    import pyarrow as pa

    rows = pa.Table.from_pandas(frame, preserve_index=False).to_pylist()
    for row in rows:
        for key, value in row.items():
            if isinstance(value, float) and math.isnan(value):
                row[key] = None
    return rows


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
    table = pa.Table.from_pandas(frame, preserve_index=False).replace_schema_metadata(None)
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
    batch by batch, as `write_csv` builds CSV (openpyxl takes minutes for a million rows).

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
            content = column.cast(text)  # the shortest digits that read back exactly, as in CSV
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
        _, offsets, data = lines.buffers()
        bounds = np.frombuffer(offsets, dtype="int64")[lines.offset : lines.offset + len(lines) + 1]
        return memoryview(data)[bounds[0] : bounds[-1]]

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


#: From this size on a figure is written in exponent form: a float holds 15 significant digits, and the
#: decimal digits of 1e308 written out are binary noise after those.
HUGE = 1e16


def format_cell(column: str, value: object, digits: int = 2) -> str:
    """A cell as people read it: rounded, thousands separators, unit suffixes; em dash if undefined.

    Example:
        >>> format_cell("pct_change", 193.578), format_cell("pp_change", 10.55), format_cell("multiple", 3.0)
        ('193.58%', '10.55 pp', '3.00×')
        >>> format_cell("value", 1100.0), format_cell("value", 85.2), format_cell("value", 0.008)
        ('1,100', '85.2', '0.008')
        >>> format_cell("yoy_pct", None), format_cell("count", 12)
        ('—', '12')
        >>> format_cell("value", 1e308), format_cell("pct_change", -2.5e20)
        ('1e+308', '-2.5e+20%')
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return UNDEFINED
    if isinstance(value, str):
        return value
    number = float(value)  # type: ignore[arg-type]
    if abs(number) >= HUGE:  # 1e308, not its 309 digits of binary noise: 15 significant digits
        written = f"{number:.15g}"
        suffix = "%" if is_percent_column(column) else " pp" if is_pp_column(column) else ""
        return written + (suffix or ("×" if column in MULTIPLE_COLUMNS else ""))
    if is_percent_column(column):
        return f"{number:,.{digits}f}%"
    if is_pp_column(column):
        return f"{number:,.{digits}f} pp"
    if column in MULTIPLE_COLUMNS:
        return f"{number:,.{digits}f}×"
    if number.is_integer() and abs(number) < 1e15:
        return f"{int(number):,}"
    places = digits
    if 0 < abs(number) < 1:  # keep small figures visible: `digits` significant digits
        places = max(digits, -math.floor(math.log10(abs(number))) + digits - 1)
    text = f"{number:,.{places}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _display(
    frame: pd.DataFrame | Rows, digits: int
) -> tuple[list[str], list[list[str]], list[bool], list[dict[str, object]]]:
    """Columns to show, formatted cells, which columns are numeric, and the rows (for `_footnote`)."""
    rows = records(frame)
    names = list(frame.columns)
    text = {c for c in names if all(isinstance(r[c], str) or r[c] is None for r in rows)} if rows else set()
    if not isinstance(frame, Rows):
        text = {c for c in names if _is_text(frame[c])}
    columns = [c for c in names if not (c in text and rows and all(not r[c] for r in rows))]
    numeric = [c not in text for c in columns]
    cells = [[format_cell(c, row[c], digits) for c in columns] for row in rows]
    return columns, cells, numeric, rows


def _footnote(rows: list[dict[str, object]], columns: list[str], undefined: dict[str, str]) -> str:
    """Why cells of `columns` are undefined, each reason once, in column order; `undefined` is what the
    computation noted of whole columns (``frame.attrs["undefined"]``: a ytd figure covering two months
    left without a one-month prior, say)."""
    reasons: list[str] = []
    for c in columns:
        for row in rows:
            reason = why_undefined(c, row) if row[c] is None else None
            if reason is not None and reason not in reasons:
                reasons.append(reason)
    for c, reason in undefined.items():  # what a computation said of a column as a whole
        if c in columns and any(row[c] is None for row in rows) and reason not in reasons:
            reasons.append(reason)
    return f"{UNDEFINED} undefined: " + "; ".join(reasons) + "." if reasons else ""


def _undefined(frame: pd.DataFrame | Rows) -> dict[str, str]:
    return getattr(frame, "attrs", {}).get("undefined", {})


def _is_text(series: pd.Series) -> bool:
    import pandas as pd

    return isinstance(series.dtype, pd.CategoricalDtype) or pd.api.types.is_string_dtype(series.dtype)


def write_markdown(frame: pd.DataFrame, stream: IO[str], *, title: str = "", digits: int = 2) -> None:
    """A GitHub table with the rounding of the terminal table, and the footnote."""
    columns, cells, numeric, rows = _display(frame, digits)
    note = _footnote(rows, columns, _undefined(frame))

    def line(values: list[str]) -> str:
        return "| " + " | ".join(v.replace("|", "\\|").replace("\n", " ") for v in values) + " |\n"

    if title:
        stream.write(f"### {title}\n\n")
    stream.write(line(columns))
    stream.write(line(["--:" if n else ":--" for n in numeric]))
    for row in cells:
        stream.write(line(row))
    if note:
        stream.write(f"\n{note}\n")


def write_table(
    frame: pd.DataFrame | Rows,
    stream: IO[str],
    *,
    title: str = "",
    digits: int = 2,
    color: bool | None = None,
    width: int | None = None,
) -> None:
    """A Rich table for people; plain box-drawing text when the stream is not a terminal.

    A terminal gets the first `TERMINAL_ROWS` rows and a line saying how many more there are (a
    table of a whole panel would take an hour to draw and scroll past unread); files and pipes get
    every row. `width` is the terminal's, for a stream that stands in for one (a report composed
    before writing).
    """
    from rich import box
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    terminal = stream.isatty() if hasattr(stream, "isatty") else False
    count = len(frame)
    more = count - TERMINAL_ROWS if terminal else 0
    columns, cells, numeric, rows = _display(_head(frame, TERMINAL_ROWS) if more > 0 else frame, digits)
    target = stream if terminal else io.StringIO()
    console = Console(
        file=target,
        force_terminal=color if color is not None else None,
        no_color=(color is False) or None,
        width=width if terminal and width else None if terminal else 100_000,
        highlight=False,
        emoji=False,
        markup=False,
    )
    layout = fit_columns(columns, cells, numeric, console.width if terminal else None)
    if layout.width is not None:  # too wide even narrowed: the terminal wraps the lines, nothing is cut
        console.width = layout.width
    note = _footnote(rows, [columns[i] for i, _, _ in layout.columns], _undefined(frame))  # columns shown
    table = Table(
        title=Text(title, style="bold") if title else None,
        box=box.SIMPLE_HEAVY,
        title_justify="left",
        show_edge=False,
    )
    for i, header, width in layout.columns:
        whole = numeric[i] or columns[i] in UNBROKEN
        table.add_column(
            header,
            justify="right" if numeric[i] else "left",
            no_wrap=whole,
            width=width,
            overflow="fold",  # a word longer than its column goes on the next line, never cut with …
        )
    for row in cells:
        table.add_row(*(_styled(columns[i], row[i]) for i, _, _ in layout.columns))
    console.print(table)
    if note:
        console.print(Text(note, style="dim"))
    if more > 0:
        rows = f"{more:,} more row{'s' * (more > 1)}"
        console.print(Text(f"… and {rows}: --format csv, or a file or pipe, gives every row.", style="dim"))
    if layout.hidden:
        hidden = ", ".join(layout.hidden)
        console.print(Text(f"Hidden to fit the terminal: {hidden} (see --format csv).", style="dim"))
    if not terminal:  # plain text for files and pipes: no padding to a screen width
        stream.writelines(line.rstrip() + "\n" for line in target.getvalue().splitlines())


def _head(frame: pd.DataFrame | Rows, count: int) -> pd.DataFrame | Rows:
    """The first `count` rows of a DataFrame or of `Rows`."""
    if isinstance(frame, Rows):
        return Rows(frame.columns, frame.rows[:count])
    return frame.head(count)


@dataclass(frozen=True)
class Layout:
    """Which columns a terminal table shows: (index, header, fixed width or None), and which it hides."""

    columns: list[tuple[int, str, int | None]]
    hidden: list[str]
    width: int | None = None  # wider than the terminal: the width the table needs


def fit_columns(columns: list[str], cells: list[list[str]], numeric: list[bool], width: int | None) -> Layout:
    """Fit a table into `width` terminal cells (None: any width).

    When the table is too wide, headers break after their underscores, text columns wrap down to a
    readable width, and columns are hidden: first number columns with no defined value, then those in
    `NARROW_DROP_ORDER`, then the others from the right, and last those in `KEPT_LONGEST` (the
    columns the command exists for); `NEVER_HIDDEN` columns stay. Numbers and sparklines are never cut
    or wrapped: when even the narrowest table is wider than `width`, `Layout.width` says how wide it is
    and its lines are left to the terminal to wrap.

    Example:
        >>> fit_columns(["indicator", "years"], [["Scaled enterprises", "5"]], [False, True], 30).columns
        [(0, 'indicator', None), (1, 'years', None)]
        >>> fit_columns(["indicator", "years"], [["Scaled enterprises", "5"]], [False, True], 24)
        Layout(columns=[(0, 'indicator', 18)], hidden=['years'], width=None)
        >>> fit_columns(["indicator", "years"], [["Scaled enterprises", "5"]], [False, True], 26)
        Layout(columns=[(0, 'indicator', 18)], hidden=['years'], width=None)
    """
    from rich.cells import cell_len

    def footprint(sizes: dict[int, int]) -> int:  # padding of 2 and a rule of 1 per column, and the edges
        return sum(size + 3 for size in sizes.values()) + 1

    natural = {
        i: max(cell_len(t) for t in [name, *(row[i] for row in cells)]) for i, name in enumerate(columns)
    }
    if width is None or footprint(natural) <= width:
        return Layout([(i, name, None) for i, name in enumerate(columns)], [])
    whole = [numeric[i] or name in UNBROKEN for i, name in enumerate(columns)]
    headers = {i: name.replace("_", "_\n") for i, name in enumerate(columns)}
    sizes = {}
    for i, name in enumerate(columns):
        header = max(cell_len(part) for part in headers[i].split("\n"))
        body = max((cell_len(row[i]) for row in cells), default=0)
        sizes[i] = (
            max(header, body)
            if whole[i]
            else min(max(header, body), max(TEXT_MIN_WIDTH.get(name, 12), header))
        )
    empty = [i for i in range(len(columns)) if numeric[i] and all(row[i] == UNDEFINED for row in cells)]
    order = [c for c in NARROW_DROP_ORDER if c in columns]
    order += [c for c in reversed(columns) if c not in order and c not in KEPT_LONGEST]
    order += [c for c in reversed(KEPT_LONGEST) if c in columns]
    droppable = empty + [
        columns.index(c) for c in order if c not in NEVER_HIDDEN and columns.index(c) not in empty
    ]
    while droppable and footprint(sizes) > width:
        del sizes[droppable.pop(0)]
    # Room left over goes to the wrapped text columns, in proportion to what they lack.
    lacking = {i: natural[i] - sizes[i] for i in sizes if not whole[i] and natural[i] > sizes[i]}
    room = width - footprint(sizes)
    if room > 0 and lacking:
        total = sum(lacking.values())
        for i, short in lacking.items():
            sizes[i] += min(short, room * short // total)
    return Layout(
        [(i, headers[i], None if whole[i] else sizes[i]) for i in sizes],
        [columns[i] for i in range(len(columns)) if i not in sizes],
        footprint(sizes) if footprint(sizes) > width else None,
    )


class _Plain:
    """A stream that says it is not a terminal, so a table comes out as plain text."""

    def __init__(self, stream: IO[str]) -> None:
        self.stream = stream

    def isatty(self) -> bool:
        return False

    def write(self, text: str) -> int:
        return self.stream.write(text)

    def writelines(self, lines: object) -> None:
        self.stream.writelines(lines)  # type: ignore[arg-type]


def _styled(column: str, text: str) -> object:
    from rich.text import Text

    style = ""
    if is_signed_column(column) and text != UNDEFINED:
        style = "red" if text.startswith("-") else ("" if _is_zero(text) else "green")
    elif text == UNDEFINED:
        style = "dim"
    return Text(text, style=style)


def _is_zero(text: str) -> bool:
    return not any(ch in "123456789" for ch in text)
