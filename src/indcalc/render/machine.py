"""The machine formats written as text: CSV, TSV and JSON, for programs to read.

- ``csv``: header row, no index, UTF-8, ``\\n`` line ends, minimal quoting; numbers unrounded in their
  shortest round-trip form (``193.57798165137615``, ``8.52e+10``); undefined figures are empty cells.
  Written by pyarrow's compute kernels, batch by batch, so millions of rows stream out fast; a result
  in `Parts` is written part by part as each is computed.
- ``tsv``: the same with tabs between cells (a cell holding a tab, newline or ``"`` is quoted).
- ``json``: a list of objects, one per line; unrounded numbers; ``null`` where undefined.

Text is written exactly as it is (but CSV's guard against spreadsheet formulas); no colour, no rounding.
"""

from __future__ import annotations

import itertools
import math
import os
from collections.abc import Callable, Iterable, Iterator
from typing import IO, TYPE_CHECKING, NamedTuple

from indcalc.copies import Copy, holding
from indcalc.formulas import Rows

if TYPE_CHECKING:
    from concurrent.futures import Future

    import numpy as np
    import pandas as pd
    import pyarrow as pa


class Parts(NamedTuple):
    """A result written as it is computed: frames with the same columns and types, in order, at least
    one (`indcalc check` hands its claims over a batch at a time). CSV, TSV and JSON write each as it
    comes, so the whole never needs to be held; other formats take the whole (`whole`).
    """

    frames: Iterable[pd.DataFrame]

    def whole(self) -> pd.DataFrame:
        """The frames as one."""
        import pandas as pd

        return pd.concat(list(self.frames), ignore_index=True)


def _frames(frame: pd.DataFrame | Parts) -> Iterator[pd.DataFrame]:
    return iter(frame.frames) if isinstance(frame, Parts) else iter([frame])


def write_csv(
    frame: pd.DataFrame | Parts,
    stream: IO[str],
    batch_rows: int = 1 << 16,
    *,
    raw: bool = False,
    advance: Callable[[int], None] | None = None,
    delimiter: str = ",",
) -> None:
    """CSV with minimal quoting and shortest round-trip numbers, built by pyarrow kernels.

    Batches of 65,536 rows, a few encoded at once: with 131,072, yoy's peak memory on 2.28M rows was
    545-564 MB against 501-509 MB, in the same time. `advance` is called with the number of rows of
    each batch written (for a progress bar). With ``delimiter="\\t"`` it is TSV: a cell is quoted
    when it holds a tab, CR, LF or ``"``.

    Text cells that a spreadsheet would run as a formula (starting with ``=``, ``+``, ``-``, ``@``, tab or
    CR) get a leading ``'``, as OWASP's CSV injection guidance advises, unless `raw`. Numbers are never
    touched.

    Each batch is turned into text cells (numbers formatted, quotes added where needed); when no cell
    of the batch needed quotes, which is the usual case, pyarrow's CSV writer lays the cells out with
    no quoting at all (about three times faster than joining them), else they are joined here.
    """
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.csv as pa_csv

    frames = _frames(frame)
    first = next(frames)
    binary = getattr(stream, "buffer", None)
    stream.write(delimiter.join(_csv_cell(str(c), delimiter) for c in first.columns) + "\n")
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

    def encode(batch: pa.RecordBatch, start: int, copier: _Copier) -> memoryview:
        """One batch as CSV bytes (pyarrow's kernels release the GIL, so batches encode in parallel)."""
        cells, quoted, known = [], False, {}
        for name, column in zip(batch.schema.names, batch.columns, strict=True):
            kind = column.type
            if pa.types.is_dictionary(kind):  # the few distinct values made cells, then expanded
                values, needed = cells_of(column.dictionary)
                column = pc.take(values, column.indices)
            elif pa.types.is_string(kind) or pa.types.is_large_string(kind):
                column, needed = cells_of(column)
            else:  # numbers; from_pandas made NaN (an undefined figure) null, written as an empty cell
                column, needed = copier.cells(name, column, start, known), False
                known[name] = column
            cells.append(column)
            quoted |= needed
        if not quoted:
            sink = pa.BufferOutputStream()
            names = [str(i) for i in range(len(cells))]
            pa_csv.write_csv(pa.RecordBatch.from_arrays(cells, names=names), sink, unquoted)
            return memoryview(sink.getvalue())
        nulls_empty = pc.JoinOptions(null_handling="replace", null_replacement="")
        cells[-1] = pc.binary_join_element_wise(cells[-1], newline, empty, options=nulls_empty)  # line end
        return joined_utf8(pc.binary_join_element_wise(*cells, comma, options=nulls_empty))

    from collections import deque
    from concurrent.futures import ThreadPoolExecutor

    workers = os.cpu_count() or 1
    if binary is not None:
        stream.flush()
    with ThreadPoolExecutor(max_workers=workers) as pool:
        pending: deque = deque()  # batches being encoded, in order; a few at a time bounds the memory
        for batch, start, copier in _batches(first, frames, batch_rows, figure_cells):
            if len(pending) > workers:
                _write_chunk(pending.popleft(), stream, binary, advance)
            pending.append((pool.submit(encode, batch, start, copier), batch.num_rows))
        while pending:
            _write_chunk(pending.popleft(), stream, binary, advance)
    if binary is not None:
        binary.flush()


def _batches(
    first: pd.DataFrame,
    rest: Iterator[pd.DataFrame],
    batch_rows: int,
    numbers: Callable[[pa.Array], pa.Array],
) -> Iterator[tuple[pa.RecordBatch, int, _Copier]]:
    """The rows of the frames as pyarrow record batches of at most `batch_rows` rows, none empty, each
    with its first row's position in its frame and the frame's `_Copier` (`numbers` formats figures)."""

    for frame in itertools.chain([first], rest):
        table = table_of(frame)
        copier, start = _Copier(table, holding(frame), numbers), 0
        for batch in table.to_batches(max_chunksize=batch_rows):
            if batch.num_rows:
                yield batch, start, copier
            start += batch.num_rows


class _Copier:
    """The cells of a table's number columns, taken from their source's cells where the column is a
    copy (`indcalc.copies`) rather than formatted again, and formatted once per distinct figure where
    figures repeat: formatting is the costliest step of writing."""

    #: Rows of a batch looked at to tell whether its figures repeat.
    SAMPLE = 4096

    def __init__(
        self, table: pa.Table, copies: dict[str, Copy], numbers: Callable[[pa.Array], pa.Array]
    ) -> None:
        self.table, self.copies, self.numbers = table, copies, numbers
        self.unrepeating: set[str] = set()  # columns a batch of which had too many distinct figures

    def cells(self, name: str, column: pa.Array, start: int, known: dict[str, pa.Array]) -> pa.Array:
        """The cells of `column`, the batch of column `name` from row `start`; `known` holds the cells
        of the batch's columns before it."""
        import numpy as np
        import pyarrow as pa
        import pyarrow.compute as pc

        copy = self.copies.get(name)
        if copy is None or copy.source not in known:
            return self.formatted(name, column)
        source = known[copy.source]
        if copy.rows is None:  # the source's figure wherever this column has one
            return pc.if_else(pc.is_valid(column), source, pa.scalar(None, source.type))
        rows = copy.rows[start : start + len(column)]
        defined = rows >= 0
        first = min(int(rows[defined].min()), start) if defined.any() else start  # of the cells taken from
        if first < start - len(column) or (defined.any() and rows[defined].max() >= start + len(column)):
            return self.formatted(name, column)  # a source row far before the batch, or after it
        if first < start:  # a source row before the batch: its few rows formatted here
            earlier = self.table[copy.source].slice(first, start - first).combine_chunks()
            source = pa.concat_arrays([self.numbers(earlier), source])
        return pc.take(source, pa.array(np.where(defined, rows - first, 0), mask=~defined))

    def formatted(self, name: str, column: pa.Array) -> pa.Array:
        """`column`'s cells (of column `name`): its distinct figures formatted, then spread, where fewer
        than 40% of a batch's figures are distinct, else each figure formatted (`figure_cells`).

        In 65,536 rows from 1,000 distinct figures spreading took 0.9 against 2.6 ms, from 10,000 (15%
        of the batch distinct) 1.3 against 2.5 ms, from 40,000 (48%) 2.7 against 2.5 ms; the benchmark's
        panels, 50-70% distinct, took 1.3-1.5 times as long spread, the new user's shares (15%) 0.74
        times. A sample cannot tell these apart (the first 4,096 rows were 56-75% distinct on the
        shares, 67-89% on the mixed panel), so the batch's distinct figures are found (0.4-1.7 ms),
        unless 90% of the sample's are distinct, and a column for which that was done in vain is not
        looked at again. Empty cells are not figures: yoy_pct, empty in a tenth of its rows (a series'
        first year), was once counted as repeating (0.26 s of CPU on the new user's panel, 0.18 s so).
        """
        import pyarrow.compute as pc

        sample = column.slice(0, self.SAMPLE)
        figures = len(sample) - sample.null_count
        if (
            len(column) > 2 * self.SAMPLE
            and name not in self.unrepeating
            and pc.count_distinct(sample).as_py() < 0.9 * figures
        ):
            encoded = pc.dictionary_encode(column)  # -0.0 and 0.0 apart: they are written -0 and 0
            if len(encoded.dictionary) < 0.4 * (len(column) - column.null_count):
                return pc.take(self.numbers(encoded.dictionary), encoded.indices)
            self.unrepeating.add(name)
        return self.numbers(column)


def _write_chunk(
    encoded: tuple[Future, int],
    stream: IO[str],
    binary: IO[bytes] | None,
    advance: Callable[[int], None] | None,
) -> None:
    future, rows = encoded
    _put(future.result(), stream, binary)
    if advance is not None:
        advance(rows)


def _put(chunk: memoryview, stream: IO[str], binary: IO[bytes] | None) -> None:
    """UTF-8 bytes to `stream`: straight to its `binary` buffer when it has one (flushed before)."""
    if binary is not None:
        binary.write(chunk)
    else:
        stream.write(bytes(chunk).decode("utf-8"))


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


def figure_cells(column: pa.Array) -> pa.Array:
    """Figures as text, exactly as pyarrow's cast to text writes them (`shortest`); null where a figure is
    null; a large_string array.

    pyarrow's cast takes 60-80 ns a figure (double-conversion). Where every figure is plain in both
    notations (whole numbers under 1e10, others from 1e-5 up to 1e10: double-conversion writes
    1e10 and over, and under 1e-6, in exponent form, orjson from 1e16 and under 1e-5) and at least half
    are figures, orjson writes them (`orjson_cells`), its ``.0`` left out of whole numbers: 35-45 ns a
    figure in all (1.2M figures: 44-58 ms against 67-90 ms), so yoy's CSV on the mixed panel took 0.73
    against 0.76-0.80 s. Other columns are cast.

    Example:
        >>> import pyarrow as pa
        >>> figure_cells(pa.array([5.0, -0.0, 0.25, None, 193.57798165137615])).to_pylist()
        ['5', '-0', '0.25', None, '193.57798165137615']
        >>> figure_cells(pa.array([8.52e10, 1.5e-6, 16.0])).to_pylist()
        ['8.52e+10', '0.0000015', '16']
    """
    import numpy as np
    import pyarrow as pa

    text = pa.large_string()
    if not pa.types.is_float64(column.type) or column.null_count * 2 > len(column):
        return column.cast(text)
    figures = column.to_numpy(zero_copy_only=False)  # null: NaN
    size, undefined = np.abs(figures), np.isnan(figures)
    whole = figures == np.trunc(figures)
    plain = undefined | ((size < 1e10) & (whole | (size >= 1e-5)))
    if not plain.all() or np.count_nonzero(undefined) != column.null_count:  # (a NaN that is no null)
        return column.cast(text)
    valid = pa.py_buffer(np.packbits(~undefined, bitorder="little")) if column.null_count else None
    return orjson_cells(figures, whole, valid)


def orjson_cells(
    figures: np.ndarray, whole: np.ndarray | None = None, valid: pa.Buffer | None = None
) -> pa.Array:
    """float64 `figures` as orjson writes them (the shortest digits that read back exactly, plain from
    1e-5 up to 1e16 and in exponent form beyond, as Python's repr is from 1e-4; ``5.0``; ``null`` for
    NaN and infinities), one large_string cell each, the ``.0`` of figures where `whole` holds left
    out; `valid`: a validity bitmap for the cells.

    orjson writes the whole array at once (``[5.0,0.25,null]``), in about 15 ns a figure; numpy finds
    where each ends and pyarrow's filter leaves the commas out (numpy's boolean indexing took twice as
    long; cutting with Python or pyarrow's split, 0.18 s for 2M figures, more than pyarrow's cast).

    Example:
        >>> import numpy as np
        >>> orjson_cells(np.array([5.0, 0.25, np.nan])).to_pylist()
        ['5.0', '0.25', 'null']
    """
    import numpy as np
    import orjson
    import pyarrow as pa
    import pyarrow.compute as pc

    if not len(figures):
        return pa.array([], pa.large_string())
    written = orjson.dumps(np.ascontiguousarray(figures, np.float64), option=orjson.OPT_SERIALIZE_NUMPY)
    chars = np.frombuffer(written, np.uint8)[1:]  # the "[" left out; the "]" ends the last as "," the others
    kept = chars != ord(",")
    kept[-1] = False
    ends = np.flatnonzero(~kept)  # where each figure's text ends
    if whole is not None and whole.any():  # 5.0 written 5
        at = ends[whole]
        kept[at - 1] = kept[at - 2] = False
        ends -= 2 * np.cumsum(whole)
    offsets = np.empty(len(figures) + 1, np.int64)
    offsets[0] = 0
    np.subtract(ends, np.arange(len(figures)), out=offsets[1:])  # less the commas before each end
    bits = pa.py_buffer(np.packbits(kept, bitorder="little"))
    data = pc.filter(pa.Array.from_buffers(pa.uint8(), len(chars), [None, pa.py_buffer(chars)]),
                     pa.Array.from_buffers(pa.bool_(), len(chars), [None, bits]))  # fmt: skip
    return pa.LargeStringArray.from_buffers(len(figures), pa.py_buffer(offsets), data.buffers()[1], valid)


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _csv_cell(text: str, delimiter: str = ",") -> str:
    return '"' + text.replace('"', '""') + '"' if any(c in text for c in f'"{delimiter}\r\n') else text


def write_json(
    frame: pd.DataFrame | Parts | Rows,
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
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    frames = _frames(frame)
    first_frame = next(frames)
    text = pa.large_string()
    keys = [json.dumps(str(c), ensure_ascii=False) + ": " for c in first_frame.columns]
    pieces = [pa.scalar((",\n{" if i == 0 else ", ") + key, text) for i, key in enumerate(keys)]
    close, empty, null = pa.scalar("}", text), pa.scalar("", text), pa.scalar("null", text)

    def dumped(values: pa.Array, mask: pa.Array) -> pa.Array:
        """`values` where `mask` holds, as `json.dumps` writes them (the rare cells kernels do not)."""
        chosen = values.filter(mask).to_pylist()
        return pa.array([json.dumps(v, ensure_ascii=False) for v in chosen], text)

    def numbers(column: pa.Array) -> pa.Array:
        """Figures as Python's json writes them; null where undefined (never NaN or Infinity)."""
        column = column.cast(pa.float64())
        figures = column.to_numpy(zero_copy_only=False)
        cells = orjson_cells(figures)  # as Python's repr from 1e-4 up to 1e16; "null" where undefined
        size = np.abs(figures)
        other = np.isfinite(figures) & ((size >= 1e16) | ((size < 1e-4) & (size != 0)))
        if other.any():  # figures that Python writes in exponent form (1e-05, 1e+16) are written by Python
            mask = pa.array(other)
            cells = pc.replace_with_mask(cells, mask, dumped(column, mask))
        return cells

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
            column = numbers(column)
        elif pa.types.is_boolean(kind):
            column = pc.if_else(column, pa.scalar("true", text), pa.scalar("false", text))
        elif pa.types.is_integer(kind):
            column = column.cast(text)
        else:  # anything else as Python's json writes its values
            values = [None if v is None else json.dumps(v, ensure_ascii=False) for v in column.to_pylist()]
            column = pa.array(values, text)
        return pc.fill_null(column, null)

    def encode(batch: pa.RecordBatch, start: int, copier: _Copier) -> memoryview:
        parts: list[pa.Array | pa.Scalar] = []
        known: dict[str, pa.Array] = {}
        for piece, name, column in zip(pieces, batch.schema.names, batch.columns, strict=True):
            if pa.types.is_float64(column.type):
                known[name] = cells = copier.cells(name, column, start, known)
                parts += [piece, pc.fill_null(cells, null)]
            else:
                parts += [piece, cells_of(column)]
        return joined_utf8(pc.binary_join_element_wise(*parts, close, empty))

    binary = getattr(stream, "buffer", None)
    stream.write("[")
    if binary is not None:
        stream.flush()
    first = True
    for batch, start, copier in _batches(first_frame, frames, batch_rows, numbers):
        chunk = encode(batch, start, copier)[1 if first else 0 :]  # the first line starts without its comma
        first = False
        _put(chunk, stream, binary)
        if advance is not None:
            advance(batch.num_rows)
    if binary is not None:
        binary.flush()
    stream.write("]\n" if first else "\n]\n")


def joined_utf8(lines: pa.Array) -> memoryview:
    """The UTF-8 bytes of a pyarrow text array's strings, one after another (its buffer, in place).

    Example:
        >>> import pyarrow as pa
        >>> bytes(joined_utf8(pa.array(["a,1\\n", "b,2\\n"], pa.large_string()).slice(1)))
        b'b,2\\n'
    """
    import numpy as np

    _, offsets, data = lines.buffers()
    bounds = np.frombuffer(offsets, dtype="int64")[lines.offset : lines.offset + len(lines) + 1]
    return memoryview(data)[bounds[0] : bounds[-1]]


def table_of(frame: pd.DataFrame) -> pa.Table:
    """`frame` as a pyarrow table, without its index or its attrs: they are the computation's notes to
    the writers (`indcalc.copies`, footnotes), not data, and pyarrow would try to keep them as JSON."""
    import pyarrow as pa

    if frame.attrs:
        frame = frame.copy(deep=False)
        frame.attrs = {}
    return pa.Table.from_pandas(frame, preserve_index=False)


def records(frame: pd.DataFrame | Rows) -> list[dict[str, object]]:
    """Rows as plain Python dicts (str, int, float, None), as JSON carries them."""
    if isinstance(frame, Rows):
        return [dict(zip(frame.columns, row, strict=True)) for row in frame.rows]

    rows = table_of(frame).to_pylist()
    for row in rows:
        for key, value in row.items():
            if isinstance(value, float) and math.isnan(value):
                row[key] = None
    return rows
