"""The loaded frame built from a grid (see `indcalc.building`): the numbers parsed, periods and bases
read, units reconciled, the series checked, and the columns made categoricals.
"""

from __future__ import annotations

import codecs
import math
import os
import re

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from indcalc import periods, quantities
from indcalc.building.categories import blank_categorical, category_code, coded_categorical, dense_keys
from indcalc.building.checks import empty_gaps, series_name, series_problems, suspicious
from indcalc.building.findings import Found, found_at, locate, once_per_line
from indcalc.building.reshape import Long, to_long
from indcalc.building.stated import attach, extra_column, stated_findings
from indcalc.building.units import left_unscaled, scale_target, scaled_values, split_units
from indcalc.errors import InputError
from indcalc.reading.fields import clipped, joins_rows
from indcalc.reading.grid import Grid, Inspection, Problem, map_columns, normal
from indcalc.schema import annotations, series_key

BASIS_WORDS = {
    "": "period",
    "period": "period",
    "当期": "period",
    "ytd": "ytd",
    "cumulative": "ytd",
    "累计": "ytd",
}


def interpret(
    grid: Grid,
    *,
    wide: bool | None = None,
    scale_to: str | None = None,
    warnings: bool = True,
    limit: int | None = None,
) -> Inspection:
    """The loaded frame of a grid and the problems found in it (see `indcalc.building`): all of them
    counted, the first `limit` in line order listed (None: every one)."""
    target = scale_target(scale_to)
    try:
        columns = map_columns(grid)
        long = to_long(grid, columns, wide)
        attach(grid, long)  # stated growth and 当月 figures (`indcalc.building.stated`)
    except InputError as exc:
        return Inspection.stopped(exc, limit)
    if len(long.row) == 0 or (long.blank is not None and long.blank.all()):  # none, or empty (,,,)
        return Inspection(
            None, [Problem(grid.name, grid.header_line, None, "error", "no data rows after the header")]
        )
    frame, found, notes = _build(long, target, warnings)
    codec = codecs.lookup(grid.codec).name if grid.codec else ""  # cp936 and 936 are gbk
    if codec in ("gb18030", "gbk", "gb2312"):
        found += _utf8_read_as_gb(long, codec.upper() if grid.forced else None)
    if warnings and grid.delimiter:
        found += _joined_lines(long, grid.delimiter, len(grid.header))
    try:
        problems = locate(grid, long, found, limit)
    except InputError as exc:  # the file broke while its problems were being located
        return Inspection.stopped(exc, limit)
    errors = sum(len(kind.positions) for kind in found if kind.severity == "error")
    warned = sum(len(kind.positions) for kind in found) - errors
    if errors:
        return Inspection(None, problems, (errors, warned), read=frame)
    if frame.empty:  # cells read as text, not as empty floats, hold missing-value marks (NA, ..)
        cells = "empty" if pa.types.is_floating(long.values.type) else "empty or a missing-value mark"
        empty = Problem(
            grid.name,
            None,
            None,
            "error",
            f"no figures: the value cell is {cells}"
            if len(long.row) == 1
            else f"no figures: every one of the {len(long.row):,} value cells is {cells}",
        )
        if limit is not None:
            del problems[max(limit - 1, 0) :]  # room for the error, which is about the whole file
        return Inspection(None, [*problems, empty], (1, warned), read=frame)
    return Inspection(frame, problems, (0, warned), notes, read=frame)


def _build(
    long: Long, target: tuple[str, float] | None, warnings: bool
) -> tuple[pd.DataFrame, list[Found], tuple[str, ...]]:
    """The loaded frame, what is wrong or suspicious, by position, and warnings about the whole frame
    (what --scale-to left on its own scale)."""
    n = len(long.row)
    flags = None
    printed = long.values  # as printed: stated figures are checked within the levels' printed rounding
    if not pa.types.is_floating(long.values.type):
        long.values = _plain_numbers(long.values)
    if not pa.types.is_floating(long.values.type):  # flags after the values (12.3 p): a column of their own
        long.values, flags = quantities.split_flags(long.values)
    parsed, found = _numbers(long)
    blank = np.zeros(n, bool) if long.blank is None else long.blank  # empty rows (,,,): as blank lines
    indicator = long.text["indicator"]
    no_indicator = (np.asarray(indicator.codes) == category_code(indicator, "")) & ~blank
    found += found_at(
        _once_per_row(long, np.flatnonzero(no_indicator)),
        lambda _p, _t, _l: "the indicator is empty",
        lambda _p: long.fields["indicator"],
        expected="the name of what is measured",
    )

    period_codes, ordinals, ytd = periods.parse_periods(list(long.period.categories))
    at = np.asarray(long.period.codes, dtype=np.intp)  # once, not once per lookup below
    code, ordinal, is_ytd = period_codes[at], ordinals.astype("int64")[at], ytd[at]
    bad_period = np.flatnonzero((code == periods.INVALID) & ~blank)
    # a period cell the series of a row share (ONS, FRED) is one problem, not one each
    bad_period = bad_period[once_per_line(long, bad_period)[0]]
    found += found_at(
        bad_period,
        lambda _p, t, _l: f"{t!r} is not a period{_fiscal(t)}",
        long.period_field_of,
        expected=periods.EXPECTED_FORMS,
        hint=True,
    )
    basis_words = np.array([BASIS_WORDS.get(normal(b), "?") for b in long.text["basis"].categories])
    basis_codes = np.asarray(long.text["basis"].codes)
    found += found_at(
        np.flatnonzero((basis_words == "?")[basis_codes]) if len(basis_words) else np.zeros(0, "int64"),
        lambda p, _t, _l: f"{long.text['basis'][p]!r} is not a basis",
        lambda _p: long.fields["basis"],
        expected="period or ytd (当期 or 累计)",
        hint=True,
    )
    ytd_by_word = basis_words == "ytd"
    basis = (
        ytd_by_word[basis_codes] if len(basis_words) else np.zeros(n, bool)
    ) | is_ytd  # True: year to date

    units = split_units(long, parsed)
    found += units.found
    series = series_key(long.text["entity"], long.text["indicator"])
    if flags is not None and "flag" not in long.extras:
        long.extras["flag"] = flags
    # A missing figure with an annotation (``: c``, confidential) is a row too, its value NaN, so that
    # its annotation reaches the output (`indcalc.schema.ANNOTATION_COLUMNS`).
    figure = np.isfinite(parsed.value) | (_annotated(long) & ~parsed.bad & ~parsed.token)
    usable = figure & (code != periods.INVALID)
    if warnings:
        found += _marks(long, series, parsed, figure | parsed.bad)
    # A row whose number is bad still claims its period: the series checks run on every row that
    # states a figure and has a period, so fixing the number does not bring a duplicate to light.
    stated = usable | (parsed.bad & (code != periods.INVALID))
    from concurrent.futures import ThreadPoolExecutor

    # The series checks on another core, beside the scaling and the frame's making (numpy releases
    # the GIL): on the new user's panel (2.05M rows) they took 31 ms, scaling 11 ms and the frame 25 ms.
    with ThreadPoolExecutor(max_workers=1) as pool:
        checked = pool.submit(series_problems, long, series, code, ordinal, basis, units, stated)
        value, label = scaled_values(parsed.value, series, units, usable & np.isfinite(parsed.value), target)
        left = left_unscaled(series, units, usable & np.isfinite(parsed.value), target, label)
        keep = _kept(long, usable)
        unfilled = (
            ()
            if figure.all()
            else _without_figures(
                long, series, figure | parsed.bad, ~figure & ~parsed.bad & (code != periods.INVALID)
            )
        )
        labels = periods.format_periods(period_codes, ordinals)
        if (parsed.qualifier != "").any():
            qualifier_codes, qualifiers = pd.factorize(parsed.qualifier[keep])  # hashed: a few distinct ones
            qualifier = coded_categorical(qualifier_codes, [str(q) for q in qualifiers])
        else:
            qualifier = blank_categorical(len(value[keep]))
        frame = pd.DataFrame(
            {
                "entity": long.text["entity"][keep],
                "indicator": indicator[keep],
                "unit": label[keep],
                "period": coded_categorical(np.asarray(long.period.codes), pa.array(labels, pa.string()))[
                    keep
                ],
                "value": value[keep],
                "frequency": pd.Categorical.from_codes(code[keep], categories=list(periods.FREQUENCY_NAMES)),
                "ordinal": ordinal[keep],
                "basis": pd.Categorical.from_codes(basis[keep].astype("int8"), categories=["period", "ytd"]),
                "qualifier": qualifier,
            },
            copy=False,
        )
        found += checked.result()

    if warnings:  # on the rows no error is about, so one slip is not reported twice
        clean = usable & np.isfinite(parsed.value)
        for kind in found:
            if kind.severity == "error":
                clean[kind.positions] = False
        present = code != periods.INVALID  # a bad or missing figure is reported, not also a gap
        # a series with no figure at all is named once, as having none (`_without_figures`): no gaps
        present &= _in_series_with_figures(series, usable, present)
        found += suspicious(long, series, code, ordinal, value, present, clean, basis, bad_period)
        empty = present & ~figure & ~parsed.bad & ~parsed.token
        found += empty_gaps(long, series, code, ordinal, empty, stated)
        found += stated_findings(long, series, code, ordinal, basis, parsed, value, clean, printed)
    extras = {
        n: extra_column(n, c, value, parsed)[keep] for n, c in long.extras.items() if n not in frame.columns
    }
    if extras:  # in one go: a column at a time costs a copy of the columns before it (issue 14)
        frame = pd.concat([frame, pd.DataFrame(extras, index=frame.index, copy=False)], axis=1)
    if unfilled:
        # as list and validate say (`indcalc.reading.derived.without_figures_note`): a wide table's rows
        frame.attrs["without_figures"] = (unfilled, not isinstance(long.row, range))
    return frame, found, (left,) if left else ()


def _without_figures(
    long: Long, series: np.ndarray, stating: np.ndarray, unfilled: np.ndarray
) -> tuple[str, ...]:
    """The names of the series, in file order, whose rows are all `unfilled` (a period and an empty
    value cell or a missing-value mark): none of their rows is in the loaded frame. A series with a
    row `stating` a figure (one, or a bad number or a bad period that an error names) is not one of
    them. Looked for only when some value cell is unfilled."""
    if not unfilled.any():
        return ()
    keys = dense_keys(series)
    filled = np.zeros(int(keys.max(initial=-1)) + 1, dtype=bool)  # a mark per series with a figure:
    filled[keys[stating]] = True  # no sort (the wide table's 2.4M rows: 0.06 s with np.isin)
    at = np.flatnonzero(unfilled)
    at = at[~filled[keys[at]]]
    _, first = np.unique(keys[at], return_index=True)
    return tuple(series_name(long, int(p)) for p in np.sort(at[first]))


def _in_series_with_figures(series: np.ndarray, usable: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """Per position, whether its series has a `usable` figure; True everywhere when each of `rows`
    is usable (the usual case: no table of series is made).

    Example:
        >>> usable = np.array([True, False, False])
        >>> _in_series_with_figures(np.array([0, 0, 1]), usable, np.ones(3, bool)).tolist()
        [True, True, False]
    """
    if usable[rows].all():
        return np.ones(len(series), dtype=bool)
    keys = dense_keys(series)
    filled = np.zeros(int(keys.max(initial=-1)) + 1, dtype=bool)
    filled[keys[usable]] = True
    return filled[keys]


def _joined_lines(long: Long, delimiter: str, width: int) -> list[Found]:
    """A warning at the first cell of each text (entity, indicator, unit or another column's) that
    holds a line break and as many of the file's delimiters as a row has: lines that a quote left open
    above joined into one cell (``"GDP,2024,105\\nFR,GDP,2025,110\\nUS,TV 55"``), their rows lost,
    where a CSV reader finds nothing wrong. A name written over two lines (``"GDP, real\\nchained"``)
    has fewer."""
    import pyarrow.compute as pc

    columns = {name: _named(long.text[name]) for name in ("entity", "indicator", "unit")}
    for name, cells in long.extras.items():
        if pa.types.is_dictionary(cells.type):
            cells = cells.cast(cells.type.value_type)
        if pc.any(pc.match_substring_regex(cells, r"[\r\n]")).as_py():
            encoded = pc.dictionary_encode(cells.combine_chunks())
            columns[name] = (encoded.dictionary.to_pylist(), encoded.indices.to_numpy(zero_copy_only=False))
    found = []
    for name, (texts, codes) in columns.items():
        joined = [code for code, text in enumerate(texts) if joins_rows(text, delimiter, width)]
        at = _first_of_each(codes, joined)
        field = long.fields.get(name, long.extra_fields.get(name))
        found += found_at(
            at,
            lambda p, _t, _l, texts=texts, codes=codes, name=name: (
                f"the {name} {clipped(texts[codes[p]], 60)!r} holds line breaks and delimiters"
            ),
            lambda _p, field=field: field,
            expected="one row's cell: a quote left open above may have joined lines into this one",
            severity="warning",
        )
    return found


def _utf8_read_as_gb(long: Long, forced: str | None) -> list[Found]:
    """An error at the first cell of each entity, indicator or unit name, in a file read as GB18030,
    whose bytes are UTF-8 Chinese (``人口`` read as ``浜哄彛``): lines in UTF-8 added to a GBK file,
    which GB18030 decodes too, into other characters, or a UTF-8 file read with ``--encoding
    forced``. Its distinct names are looked at, not its rows."""
    if forced:
        read_as, advice = f"{forced}, as --encoding says", "is the file UTF-8? Then leave out --encoding"
    else:
        read_as = "GB18030, the rest of the file's encoding"
        advice = "the file mixes two encodings, so save it all as UTF-8"
    found = []
    for name in ("entity", "indicator", "unit"):
        texts, codes = _named(long.text[name])
        read = [_as_utf8(text) if not text.isascii() else None for text in texts]
        found += found_at(
            _first_of_each(codes, [code for code, text in enumerate(read) if text is not None]),
            lambda p, t, _l, read=read, codes=codes: (
                f"{clipped(t, 60)!r} is UTF-8 read as {read_as}: in UTF-8 it reads "
                f"{read[codes[p]]!r}; {advice}"
            ),
            lambda _p, name=name: long.fields[name],
            expected="text in the file's one encoding",
        )
    return found


def _as_utf8(text: str) -> str | None:
    """`text`'s GB18030 bytes read as UTF-8 when they are UTF-8 Chinese (two CJK characters or more,
    no other non-ASCII ones), as GBK text almost never is; else None.

    Example:
        >>> _as_utf8("人口".encode().decode("gb18030")), _as_utf8("人口"), _as_utf8("元")
        ('人口', None, None)
    """
    try:
        utf8 = text.encode("gb18030").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return None
    wide = [c for c in utf8 if not c.isascii()]
    chinese = sum("\u3400" <= c <= "\u9fff" for c in wide)
    return (
        utf8
        if chinese >= 2 and all("\u3000" <= c <= "\u9fff" or "\uff00" <= c <= "\uffef" for c in wide)
        else None
    )


def _named(values: pd.Categorical) -> tuple[list[str], np.ndarray]:
    """A text column's distinct texts and each position's code into them."""
    return list(values.categories), np.asarray(values.codes)


def _first_of_each(codes: np.ndarray, wanted: list[int]) -> np.ndarray:
    """The first position of each of the codes `wanted`, in position order."""
    at = np.flatnonzero(np.isin(codes, wanted)) if wanted else np.zeros(0, "int64")
    return _firsts(at, codes[at])


def _firsts(positions: np.ndarray, keys: np.ndarray) -> np.ndarray:
    """The first of `positions` for each of their `keys`, in position order."""
    return np.sort(positions[np.unique(keys, return_index=True)[1]])


def _fiscal(text: str) -> str:
    """What to add when a period cell names two years one apart (``2015/2016``, ``2015-16``:
    Statistics Canada's and the UK's fiscal years), which indcalc does not read.

    Example:
        >>> _fiscal("1999-00")
        ': a fiscal year, not read; name each by one year (2000 for the one ending in 2000)'
        >>> _fiscal("2015/2016") == _fiscal("2015-16"), _fiscal("2015/2017")
        (True, '')
    """
    found = re.fullmatch(r"\s*(\d{4})\s*[/-]\s*(\d{2}|\d{4})\s*", text)
    if found is None:
        return ""
    start, end = int(found[1]), int(found[2])
    if end < 100:
        end += start - start % 100 + (100 if end < start % 100 else 0)
    if end != start + 1:
        return ""
    return f": a fiscal year, not read; name each by one year ({end} for the one ending in {end})"


def _once_per_row(long: Long, positions: np.ndarray) -> np.ndarray:
    """`positions` but one per row of the file (a melted wide table has a position per period
    column): for a problem with a cell of the row's own, said once."""
    return positions if isinstance(long.row, range) else _firsts(positions, long.row[positions])


def _annotated(long: Long) -> np.ndarray:
    """Per position, whether any of its annotations (`indcalc.schema.ANNOTATION_COLUMNS`) is written."""
    written = np.zeros(len(long.row), dtype=bool)
    for name in annotations(long.extras.keys()):
        cells = pc.utf8_trim_whitespace(long.extras[name].cast(pa.string()))
        written |= pc.fill_null(pc.not_equal(cells, ""), False).to_numpy(zero_copy_only=False)
    return written


def _too_large(text: str) -> bool:
    """Whether a cell is a number written out (not ``inf``) too large for a float (``1e400``).

    Example:
        >>> _too_large("1e400"), _too_large("-1E+999"), _too_large("inf"), _too_large("abc")
        (True, True, False, False)
    """
    try:
        return math.isinf(float(text)) and any(c.isdigit() for c in text)
    except ValueError:
        return False


def _numbers(long: Long) -> tuple[quantities.Numbers, list[Found]]:
    """The value cells parsed, and those that are not numbers (`_marks`: those that mark a missing
    figure)."""
    n = len(long.row)
    if pa.types.is_floating(long.values.type):  # the fast path: plain numbers only
        number = long.values.to_numpy()
        bad = ~np.isfinite(number) & ~pc.is_null(long.values).to_numpy(zero_copy_only=False)
        if bad.any():
            number = np.where(bad, np.nan, number)
        no, blank = np.broadcast_to(False, n), np.broadcast_to("", n)  # constant views, no memory
        parsed = quantities.Numbers(number, np.broadcast_to(1.0, n), bad, no, no, blank, blank)
    else:
        parsed = quantities.parse_numbers(long.values)
    found = found_at(
        np.flatnonzero(parsed.bad),
        lambda _p, t, _l: f"{t!r} is {'beyond the range of a float' if _too_large(t) else 'not a number'}",
        long.value_field_of,
        expected="a number such as 1100, 1,100, 5.45%, 27.4亿 or 2.74 billion",
        hint=True,
    )
    return parsed, found


def _marks(long: Long, series: np.ndarray, parsed: quantities.Numbers, stating: np.ndarray) -> list[Found]:
    """Warnings at the cells that mark a missing figure (``..``, ``n/a``), but for those of a series
    with no row `stating` a figure: that series is one problem, named once as having no figures
    (`_without_figures`), not a warning per cell of it."""
    marks = np.flatnonzero(parsed.token)
    if len(marks):
        marks = marks[_in_series_with_figures(series, stating, parsed.token)[marks]]
    return found_at(
        marks,
        lambda _p, t, _l: f"{t!r} marks a missing figure",
        long.value_field_of,
        expected="a number, or an empty cell",
        severity="warning",
    )


def _plain_numbers(cells: pa.ChunkedArray) -> pa.ChunkedArray:
    """Text value cells as float64 (null: an empty cell) when every one is empty or a plain finite
    number (``-12.5``, ``3e4``: what the CSV reader's fast path reads, and read to the same float as
    `quantities.parse_numbers` reads it), else as they are. A wide table's cells, melted, come as
    text: this spares them the grammar of value cells (regular expressions over every cell).
    """
    from concurrent.futures import ThreadPoolExecutor

    def cast(chunk: pa.Array) -> pa.Array:
        return pc.cast(pc.if_else(pc.equal(chunk, ""), None, chunk), pa.float64())

    try:
        with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:  # pyarrow releases the GIL
            numbers = pa.chunked_array(list(pool.map(cast, cells.chunks)), pa.float64())
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):  # a cell that is not a plain number
        return cells
    return numbers if pc.all(pc.is_finite(numbers)).as_py() is not False else cells


def _kept(long: Long, usable: np.ndarray) -> slice | np.ndarray:
    """The positions that make the frame's rows, in the file's order: the `usable` ones."""
    n = len(long.row)
    keep = slice(None) if usable.all() else np.flatnonzero(usable)  # no copies when every row is kept
    if not isinstance(long.row, range) and n:  # a melted wide table: its rows in the file's order
        columns = np.count_nonzero(np.diff(long.value_field)) + 1  # a block of positions per column
        by_row = np.arange(n).reshape(columns, -1).T.ravel()
        keep = by_row if usable.all() else by_row[usable[by_row]]
    return keep
