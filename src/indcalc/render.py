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
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import IO, TYPE_CHECKING

from indcalc.formulas import Rows, is_percent_unit
from indcalc.visible import visible

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
    "period",
    "verdict",
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
    "value",
)
#: Never hidden: what names a row.
NEVER_HIDDEN = frozenset({"entity", "indicator", "claim", "problem"})
#: Text columns drawn whole, never wrapped or cut (a sparkline cut short shows another trend).
UNBROKEN = frozenset({"trend"})
#: Text columns wrap but never below this width (or their header's), so names stay readable.
TEXT_MIN_WIDTH = {"indicator": 18, "entity": 10, "problem": 40, "expected": 24}
#: ... and on a terminal too narrow for those, down to this before a column the command exists for goes.
TEXT_NARROWEST = 10

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
    # The arithmetic itself decides (Python's float ops give inf where numpy's do): a cell left empty for
    # another reason (a combined ytd figure against a single month) is not beyond a float.
    if column == change:
        return not math.isfinite(high - low)
    if column.endswith("pp") or column == "pp_change":
        return not math.isfinite(high - low) and is_percent_unit(str(row.get("unit") or ""))
    if column == "cagr_pct":
        years = row.get("years")
        if not (low > 0 and high >= 0 and isinstance(years, (int, float)) and years > 0):
            return False
        try:
            return not math.isfinite(high ** (1 / years) / low ** (1 / years))
        except OverflowError:
            return True
    if column in ("pct_change", "multiple", "yoy_pct", "pop_pct") and low > 0:
        return not math.isfinite(high / low * (1 if column == "multiple" else 100))
    return False


def _change_of(column: str) -> str | None:
    """The change column whose figures `column` is computed from (`yoy_pct` from `yoy_change`)."""
    if column in NO_EARLIER:
        return column
    for prefix in ("yoy_", "pop_"):
        if column.startswith(prefix):
            return prefix + "change"
    return "change" if column in ("pct_change", "pp_change", "multiple", "cagr_pct", "years") else None


def _change_column(column: str, names: Iterable[str]) -> str | None:
    """The change column whose figures `column` is computed from, among `names`: a prior period's or
    value's is yoy's or pop's, by the table's columns."""
    if column in ("prior_period", "prior_value"):
        return next((c for c in ("yoy_change", "pop_change") if c in names), None)
    return _change_of(column)


def why_undefined(column: str, row: dict[str, object]) -> str | None:
    """The footnote's reason why `row[column]` is undefined: the reason that applies to this row.

    Example:
        >>> why_undefined("yoy_pct", {"prior_value": None, "yoy_change": None, "yoy_pct": None})
        'yoy figures need the same period a year before'
        >>> why_undefined("yoy_pct", {"prior_value": 0.0, "yoy_change": 3.0, "yoy_pct": None})
        'yoy_pct is undefined from a zero or negative prior value'
    """
    if column in ("prior_period", "prior_value") and "share_pp_change" in row:  # share's
        return FOOTNOTES["share_pp_change"]
    change = _change_column(column, row)
    beyond = _too_large(column, change, row) if change is not None and change in row else None
    if beyond:
        return TOO_LARGE
    if change is not None and change in row and row[change] is None:
        start, end = (
            row.get("first_period", row.get("from_period")),
            row.get("latest_period", row.get("to_period")),
        )
        if change == "change" and start != end and not _too_large(change, change, row):
            return None  # two periods, not beyond a float: the computation's own note says why
            # (frame.attrs["undefined"]: a combined ytd figure against a single period)
        if beyond is None:
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
        advance: called with the number of rows of each batch written (CSV, TSV, xlsx, JSON, Markdown;
            see `progress`).

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
        write_json(frame, stream, advance=advance)
    elif fmt == "markdown":
        write_markdown(frame, stream, title=title, digits=digits, advance=advance)
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

    if console is None and (sys.stderr is None or not sys.stderr.isatty()):  # closed (2>&-) or not a terminal
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


def write_json(
    frame: pd.DataFrame | Rows,
    stream: IO[str],
    batch_rows: int = 1 << 16,
    *,
    advance: Callable[[int], None] | None = None,
) -> None:
    """A JSON list of objects, one per line, unrounded; null where a figure is undefined.

    Text is exact (JSON escapes its control characters); numbers are written as Python's `json` writes
    them (``16.0``, ``1e-05``, ``8.52e+16``). A DataFrame is written batch by batch from its pyarrow
    table, each line built by pyarrow's kernels, so millions of rows stream out in bounded memory;
    `advance` is called with the number of rows of each batch written.
    """
    import json

    if isinstance(frame, Rows):
        stream.write("[")
        rows = records(frame)
        for index, record in enumerate(rows):
            stream.write(",\n" if index else "\n")
            stream.write(json.dumps(record, ensure_ascii=False, allow_nan=False))
        stream.write("\n]\n" if rows else "]\n")
        return
    import pyarrow as pa
    import pyarrow.compute as pc

    table = pa.Table.from_pandas(frame, preserve_index=False)
    text = pa.large_string()
    keys = [json.dumps(str(c), ensure_ascii=False) + ": " for c in frame.columns]
    pieces = [pa.scalar((",\n{" if i == 0 else ", ") + key, text) for i, key in enumerate(keys)]
    close, empty, null = pa.scalar("}", text), pa.scalar("", text), pa.scalar("null", text)

    def dumped(values: pa.Array, mask: pa.Array) -> pa.Array:
        """`values` where `mask` holds, as `json.dumps` writes them (the rare cells kernels do not)."""
        chosen = values.filter(mask).to_pylist()
        return pa.array([json.dumps(v, ensure_ascii=False) for v in chosen], text)

    def cells_of(column: pa.Array) -> pa.Array:
        kind = column.type
        if pa.types.is_dictionary(kind):  # the few distinct values made cells, then expanded
            return pc.fill_null(pc.take(cells_of(column.dictionary), column.indices), null)
        if pa.types.is_string(kind) or pa.types.is_large_string(kind):
            column = column.cast(text)
            quote = pa.scalar('"', text)
            cells = pc.binary_join_element_wise(quote, column, quote, empty)
            special = pc.fill_null(pc.match_substring_regex(column, r'[\x00-\x1f"\\]'), False)
            if pc.any(special).as_py():  # quotes, backslashes, controls: escaped by Python's json
                cells = pc.replace_with_mask(cells, special, dumped(column, special))
            column = cells
        elif pa.types.is_floating(kind):
            column = column.cast(pa.float64())
            finite = pc.fill_null(pc.is_finite(column), False)
            cells = column.cast(text)  # the shortest digits that read back exactly, as Python's repr
            # pyarrow writes 16 and 0.0000015 where Python writes 16.0 and 1.5e-06: whole numbers get
            # their ".0"; figures that Python writes in another notation are written by Python.
            whole = pc.invert(pc.match_substring_regex(cells, r"[.e]"))
            cells = pc.if_else(whole, pc.binary_join_element_wise(cells, pa.scalar(".0", text), empty), cells)
            size = pc.abs(column)
            tiny = pc.and_(pc.less(size, 1e-4), pc.not_equal(size, 0))
            other = pc.fill_null(pc.and_(finite, pc.or_(pc.greater_equal(size, 1e10), tiny)), False)
            if pc.any(other).as_py():
                cells = pc.replace_with_mask(cells, other, dumped(column, other))
            column = pc.if_else(finite, cells, pa.scalar(None, text))  # never NaN or Infinity: null
        elif pa.types.is_boolean(kind):
            column = pc.if_else(column, pa.scalar("true", text), pa.scalar("false", text))
        elif pa.types.is_integer(kind):
            column = column.cast(text)
        else:  # anything else as Python's json writes its values
            values = [None if v is None else json.dumps(v, ensure_ascii=False) for v in column.to_pylist()]
            column = pa.array(values, text)
        return pc.fill_null(column, null)

    def encode(batch: pa.RecordBatch) -> memoryview:
        parts: list[pa.Array | pa.Scalar] = []
        for piece, column in zip(pieces, batch.columns, strict=True):
            parts += [piece, cells_of(column)]
        return _joined(pc.binary_join_element_wise(*parts, close, empty))

    binary = getattr(stream, "buffer", None)
    stream.write("[")
    if binary is not None:
        stream.flush()
    first = True
    for batch in table.to_batches(max_chunksize=batch_rows):
        if batch.num_rows == 0:
            continue
        chunk = encode(batch)[1 if first else 0 :]  # the first line starts without its comma
        first = False
        if binary is not None:
            binary.write(chunk)
        else:
            stream.write(bytes(chunk).decode("utf-8"))
        if advance is not None:
            advance(batch.num_rows)
    if binary is not None:
        binary.flush()
    stream.write("]\n" if first else "\n]\n")


def _joined(lines: pa.Array) -> memoryview:
    """The UTF-8 bytes of a pyarrow text array's strings, one after another (its buffer, in place)."""
    import numpy as np

    _, offsets, data = lines.buffers()
    bounds = np.frombuffer(offsets, dtype="int64")[lines.offset : lines.offset + len(lines) + 1]
    return memoryview(data)[bounds[0] : bounds[-1]]


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
        return visible(value)
    return number_format(column, digits)(float(value))  # type: ignore[arg-type]


def number_format(column: str, digits: int = 2) -> Callable[[float], str]:
    """How `format_cell` writes a defined figure of `column`: a function of the float, chosen once for
    a whole column.

    Example:
        >>> number_format("yoy_pct")(-3.456), number_format("value", 3)(0.0001234)
        ('-3.46%', '0.000123')
    """
    fixed = f",.{digits}f"
    suffix = (
        "%"
        if is_percent_column(column)
        else " pp"
        if is_pp_column(column)
        else "×"
        if column in MULTIPLE_COLUMNS
        else ""
    )
    if suffix:  # 1e308 as 1e+308, not its 309 digits of binary noise: 15 significant digits
        return lambda number: format(number, fixed if abs(number) < HUGE else ".15g") + suffix

    def plain(number: float) -> str:
        size = abs(number)
        if size >= HUGE:
            return format(number, ".15g")
        if number.is_integer() and size < 1e15:
            return format(int(number), ",")
        if 0 < size < 1:  # keep small figures visible: `digits` significant digits
            text = format(number, f",.{max(digits, -math.floor(math.log10(size)) + digits - 1)}f")
        else:
            text = format(number, fixed)
        return text.rstrip("0").rstrip(".") if "." in text else text

    return plain


def _display(
    frame: pd.DataFrame | Rows, digits: int
) -> tuple[list[str], list[list[str]], list[bool], list[dict[str, object]]]:
    """Columns to show, formatted cells, which columns are numeric, and the rows (for `_footnote`)."""
    rows = records(frame)
    names = list(frame.columns)
    # Rows (calc's) hold Python values: a text column has text, a figure column left undefined on every
    # row is still a figure column, shown as undefined and footnoted.
    text = {
        c
        for c in names
        if any(isinstance(r[c], str) for r in rows)
        and all(isinstance(r[c], str) or r[c] is None for r in rows)
    }
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


def _table_footnote(table: pa.Table, columns: list[str], undefined: dict[str, str]) -> str:
    """`_footnote` of a whole pyarrow table without a Python call per row: the rows whose cells are
    undefined are grouped by all that `why_undefined` looks at (whether the change is undefined,
    whether both figures are there and where their arithmetic passes a float, the base's sign, the
    span, whether the two periods differ, a percent unit), and `why_undefined` is asked of the first
    row of each group; the reasons come in the order of those rows."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    names = table.column_names

    def floats(name: str) -> np.ndarray:
        return np.asarray(table[name].cast(pa.float64()).to_numpy(zero_copy_only=False), dtype="float64")

    def flag(values: pa.ChunkedArray) -> np.ndarray:
        return np.asarray(pc.fill_null(values, False).to_numpy(zero_copy_only=False), dtype=bool)

    reasons: list[str] = []
    for c in columns:
        missing = flag(pc.is_null(table[c]))
        if not missing.any():
            continue
        change = _change_column(c, names)
        features = []
        if change is not None and change in names:
            features.append(flag(pc.is_null(table[change])))
            low_name, high_name = (
                ("from_value", "to_value") if change == "change" else ("prior_value", "value")
            )
            if low_name in names and high_name in names:
                low, high = floats(low_name), floats(high_name)
                years = floats("years") if "years" in names else np.full(len(low), np.nan)
                with np.errstate(all="ignore"):
                    root = np.power(high, 1 / years) / np.power(low, 1 / years)
                    features += [
                        np.isfinite(low) & np.isfinite(high),
                        ~np.isfinite(high - low),
                        ~np.isfinite(high / low * 100),
                        ~np.isfinite(high / low),
                        ~np.isfinite(root),
                        low > 0,
                        high >= 0,
                        years > 0,
                    ]
            for start, end in (("first_period", "latest_period"), ("from_period", "to_period")):
                if start in names and end in names:
                    text = pa.string()
                    features.append(flag(pc.not_equal(table[start].cast(text), table[end].cast(text))))
            if "unit" in names:
                units = table["unit"].cast(pa.string())
                percent = [u for u in pc.unique(units).to_pylist() if u is not None and is_percent_unit(u)]
                features.append(flag(pc.is_in(units, value_set=pa.array(percent, pa.string()))))
        kind = np.zeros(len(missing), dtype="int64")
        for bit, feature in enumerate(features):
            kind |= feature.astype("int64") << bit
        kinds, first = np.unique(np.where(missing, kind, -1), return_index=True)
        for position in sorted(first[kinds >= 0].tolist()):
            reason = why_undefined(c, table.slice(position, 1).to_pylist()[0])
            if reason is not None and reason not in reasons:
                reasons.append(reason)
    for c, reason in undefined.items():  # what a computation said of a column as a whole
        if c in columns and table[c].null_count and reason not in reasons:
            reasons.append(reason)
    return f"{UNDEFINED} undefined: " + "; ".join(reasons) + "." if reasons else ""


def _undefined(frame: pd.DataFrame | Rows) -> dict[str, str]:
    return getattr(frame, "attrs", {}).get("undefined", {})


def _is_text(series: pd.Series) -> bool:
    import pandas as pd

    return isinstance(series.dtype, pd.CategoricalDtype) or pd.api.types.is_string_dtype(series.dtype)


def write_markdown(
    frame: pd.DataFrame | Rows,
    stream: IO[str],
    *,
    title: str = "",
    digits: int = 2,
    batch_rows: int = 1 << 15,
    advance: Callable[[int], None] | None = None,
) -> None:
    """A GitHub table with the rounding of the terminal table, and the footnote.

    Text from the data is shown as `visible` shows it and escaped for GitHub-flavoured Markdown
    (`markdown_text`), so each row stays one row and each cell reads as its text. A DataFrame is
    written batch by batch (`advance` is called with the rows of each), in bounded memory.
    """

    def line(values: Sequence[str]) -> str:
        return "| " + " | ".join(values) + " |\n"

    if title:
        stream.write(f"### {markdown_text(visible(title), heading=True)}\n\n")
    if isinstance(frame, Rows):
        columns, cells, numeric, rows = _display(frame, digits)
        note = _footnote(rows, columns, _undefined(frame))
        stream.write(line([markdown_text(visible(c)) for c in columns]))
        stream.write(line(["--:" if n else ":--" for n in numeric]))
        for row, cell in zip(rows, cells, strict=True):
            values = [row[c] for c in columns]
            pairs = zip(values, cell, strict=True)
            stream.write(line([markdown_text(t) if isinstance(v, str) else t for v, t in pairs]))
    else:
        import pyarrow as pa

        table = pa.Table.from_pandas(frame, preserve_index=False)
        text = {c for c in frame.columns if _is_text(frame[c])}
        columns = [c for c in frame.columns if not (c in text and len(frame) and _blank(table[c]))]
        note = _table_footnote(table, columns, _undefined(frame))
        stream.write(line([markdown_text(visible(str(c))) for c in columns]))
        stream.write(line([":--" if c in text else "--:" for c in columns]))
        shown = table.select([list(frame.columns).index(c) for c in columns])
        for batch in shown.to_batches(max_chunksize=batch_rows):
            pairs = zip(columns, batch.columns, strict=True)
            cells = [_markdown_cells(c, column, digits) for c, column in pairs]
            stream.write("".join(line(row) for row in zip(*cells, strict=True)))
            if advance is not None:
                advance(batch.num_rows)
    if note:
        stream.write(f"\n{note}\n")


#: What GitHub-flavoured Markdown reads as markup inside a table cell: escaped with a backslash. An
#: underscore between two letters or digits is left alone (it cannot emphasise: ``pct_change``), and
#: so is an ampersand that cannot start a character reference (``R&D``).
_MARKDOWN_SPECIAL = r"[\\`*\[\]<>|~]|&(?=#|\w+;)|_(?![^\W_])|(?<![^\W_])_"


def markdown_text(text: str, *, heading: bool = False) -> str:
    """`text` escaped to read as itself in a GitHub-flavoured Markdown table cell (or a heading): its
    markup characters (``\\ ` * _ [ ] < > | ~``, an ``&`` that would start a character reference, and ``#``
    in a heading) after a backslash, and
    spaces at its ends, which a table cell would trim, as character references. Control characters
    are for `visible` to show first.

    Example:
        >>> print(markdown_text("back\\\\|slash"), markdown_text("pct_change"))
        back\\\\\\|slash pct_change
        >>> print(markdown_text("<b>R&D &amp;</b>"))
        \\<b\\>R&D \\&amp;\\</b\\>
        >>> print(markdown_text(" *x* "))
        &#32;\\*x\\*&#32;
    """
    import re

    def escaped(match: re.Match[str]) -> str:
        found = match.group()
        if found.isspace():
            return "".join(f"&#{ord(c)};" for c in found)
        return "\\" + found

    pattern = _MARKDOWN_SPECIAL + ("|#" if heading else "") + r"|^\s+|\s+$"
    return re.sub(pattern, escaped, text)


def _blank(column: pa.ChunkedArray) -> bool:
    """Whether a text column holds nothing but nulls and empty strings."""
    import pyarrow as pa
    import pyarrow.compute as pc

    return bool(pc.all(pc.equal(pc.fill_null(column.cast(pa.string()), ""), "")).as_py() is not False)


def _markdown_cells(name: str, column: pa.Array, digits: int) -> list[str]:
    """A column of a batch as Markdown cells: text `visible` and escaped (each distinct value once),
    figures as `format_cell` writes them."""
    import pyarrow as pa
    import pyarrow.compute as pc

    kind = column.type
    if pa.types.is_dictionary(kind) or pa.types.is_string(kind) or pa.types.is_large_string(kind):
        coded = column if pa.types.is_dictionary(kind) else pc.dictionary_encode(column)
        labels = pa.array([markdown_text(visible(str(v))) for v in coded.dictionary.to_pylist()], pa.string())
        return pc.fill_null(pc.take(labels, coded.indices), UNDEFINED).to_pylist()
    if pa.types.is_floating(kind) or pa.types.is_integer(kind):
        write = number_format(name, digits)
        return [UNDEFINED if v is None or v != v else write(float(v)) for v in column.to_pylist()]
    return [
        markdown_text(format_cell(name, v, digits)) if isinstance(v, str) else format_cell(name, v, digits)
        for v in column.to_pylist()
    ]


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
    shown = [visible(str(c)) for c in columns]  # a column's name may come from a file
    layout = fit_columns(shown, cells, numeric, console.width if terminal else None)
    if layout.width is not None:  # too wide even narrowed: the terminal wraps the lines, nothing is cut
        console.width = layout.width
    note = _footnote(rows, [columns[i] for i, _, _ in layout.columns], _undefined(frame))  # columns shown
    table = Table(
        title=Text(visible(title), style="bold") if title else None,
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
    readable width (`TEXT_MIN_WIDTH`), and columns are hidden: first number columns with no defined
    value, then those in `NARROW_DROP_ORDER`, then the others from the right; then text columns wrap
    down to `TEXT_NARROWEST`, and last those in `KEPT_LONGEST` (the columns the command exists for)
    are hidden; `NEVER_HIDDEN` columns stay. A hidden column (but an empty one) that fits again once
    later ones are gone comes back. Numbers and sparklines are never cut
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
    kept = [i for i in droppable if columns[i] in KEPT_LONGEST]
    dropped = []
    for phase in ("others", "wrap", "kept"):
        if phase == "wrap":  # text columns wrap down to TEXT_NARROWEST before a kept column goes
            for i in sizes if footprint(sizes) > width else ():
                if not whole[i]:
                    sizes[i] = min(sizes[i], max(TEXT_NARROWEST, cell_len(headers[i].split("\n")[0])))
            continue
        for i in [i for i in droppable if (i in kept) == (phase == "kept")]:
            if footprint(sizes) <= width:
                break
            dropped.append((i, sizes.pop(i)))
    for i, size in reversed(dropped):  # what fits again after later drops comes back, most wanted first
        if i not in empty and footprint(sizes) + size + 3 <= width:
            sizes[i] = size
    sizes = dict(sorted(sizes.items()))
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
