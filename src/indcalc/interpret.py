"""From a grid of cells to the *loaded frame*: columns, wide or long, numbers, units, periods, checks.

The loaded frame has one row per figure:

==========  ===========  ==========================================================================
column      dtype        meaning
==========  ===========  ==========================================================================
entity      category     who the figure is about (empty when the file has no entity column)
indicator   category     what is measured
unit        category     unit of the value, with its scale (``billion yuan``, ``亿元``, ``%``)
period      category     canonical period label: ``2024``, ``2024Q1`` or ``2024-04``
value       float64      the figure in that unit; rows with a missing figure are dropped
frequency   category     ``annual``, ``quarterly`` or ``monthly``
ordinal     int64        period ordinal (see `indcalc.periods`)
basis       category     ``period`` or ``ytd`` (a year-to-date figure: ``2024年1-4月``, or basis column)
qualifier   category     ``>``, ``<``, ``+`` as written beside the number (``1,100+``), else empty
...         str          any other columns of the file (at most `MAX_EXTRA_COLUMNS`, 1,000; more is an
                         error), kept and ignored by the computations, but
                         ``periods_covered`` and ``covers`` (`indcalc.spans.periods_covered`)
==========  ===========  ==========================================================================

Header names match case-insensitively, and Chinese names work too (指标, 地区, 单位, 时间, 数值).
A table with no period and value columns whose other column names are periods is *wide* (a yearbook
table): each period column is melted into rows (in the loaded frame, row after row of the file, each
row's periods in column order); the identifier columns are the others, the first of them being the
indicator when none is named so.

Within a series (entity, indicator) periods must be unique and of one frequency and one basis, and
the unit of one base; scales of that base are put on one scale, the one most of its rows use (ties:
the larger), so ``8 million yuan`` beside ``30 billion yuan`` becomes ``0.008 billion yuan``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from indcalc import periods, quantities
from indcalc.errors import InputError, UsageError
from indcalc.formulas import is_percent_unit
from indcalc.grid import COLUMN_ALIASES, Grid, Inspection, Problem, map_columns, normal
from indcalc.schema import is_dense, packed_keys, series_key

BASIS_WORDS = {
    "": "period",
    "period": "period",
    "当期": "period",
    "ytd": "ytd",
    "cumulative": "ytd",
    "累计": "ytd",
}
JUMP_RATIO = 100.0

_BASIS = ("a single period", "year to date")


@dataclass
class _Found:
    """Positions (rows of the long table) with one kind of problem, before their lines are known."""

    positions: np.ndarray
    message: Callable[[int, str, int], str]  # (position, cell text, line of the ref) -> message
    field: Callable[[int], int]  # position -> field index of the offending cell
    expected: str = ""
    refs: np.ndarray | None = None  # per position, another position the message refers to
    severity: str = "error"
    hint: bool = False  # error messages end with "; expected ..."


@dataclass
class _Long:
    """The table in long form, one position per figure cell, with where each cell came from."""

    row: np.ndarray | range  # source data row of each position
    value_field: np.ndarray  # field index of the value cell
    period_field: int | None  # field index of the period cell; None when periods are column names
    values: pa.ChunkedArray
    period: pd.Categorical
    text: dict[str, pd.Categorical]  # entity, indicator, unit, basis
    fields: dict[str, int]  # field index of each of those the file has
    extras: dict[str, pa.ChunkedArray] = field(default_factory=dict)


def interpret(
    grid: Grid,
    *,
    wide: bool | None = None,
    scale_to: str | None = None,
    warnings: bool = True,
    limit: int | None = None,
) -> Inspection:
    """The loaded frame of a grid and the problems found in it (module doc): all of them counted, the
    first `limit` in line order listed (None: every one)."""
    target = _scale_target(scale_to)
    try:
        columns = map_columns(grid)
        long = _to_long(grid, columns, wide)
    except InputError as exc:
        return Inspection(None, [Problem.of(exc)])
    if len(long.row) == 0:
        return Inspection(
            None, [Problem(grid.name, grid.header_line, None, "error", "no data rows after the header")]
        )
    frame, found = _build(long, target, warnings)
    try:
        problems = _locate(grid, long, found, limit)
    except InputError as exc:  # the file broke while its problems were being located
        return Inspection(None, [Problem.of(exc)])
    errors = sum(len(kind.positions) for kind in found if kind.severity == "error")
    warned = sum(len(kind.positions) for kind in found) - errors
    if errors:
        return Inspection(None, problems, (errors, warned))
    if frame.empty:
        empty = Problem(
            grid.name,
            None,
            None,
            "error",
            f"no figures: every one of the {len(long.row)} value cells is empty",
        )
        if limit is not None:
            del problems[max(limit - 1, 0) :]  # room for the error, which is about the whole file
        return Inspection(None, [*problems, empty], (1, warned))
    return Inspection(frame, problems, (0, warned))


def _scale_target(scale_to: str | None) -> tuple[str, float] | None:
    if scale_to is None:
        return None
    factor = quantities.scale_factor(scale_to)
    if factor is None:
        known = ", ".join(quantities.VALUE_SCALES)
        raise UsageError(f"--scale-to {scale_to!r} is not a scale; expected one of {known}")
    return scale_to.strip().casefold(), factor


def _to_long(grid: Grid, columns: dict[str, int], wide: bool | None) -> _Long:
    is_long = "period" in columns and "value" in columns
    period_names = {}
    if wide or (wide is None and not is_long):  # a long table's other names need not be periods
        ids = set(COLUMN_ALIASES)
        candidates = {n: i for n, i in columns.items() if n not in ids and not n.startswith("#")}
        codes, _, _ = periods.parse_periods([grid.header[i] for i in candidates.values()])
        period_names = {
            n: i for (n, i), c in zip(candidates.items(), codes, strict=True) if c != periods.INVALID
        }
    if wide or (not is_long and wide is None and period_names and "value" not in columns):
        if not period_names:
            raise InputError(
                "no column name is a period, so this is not a wide table",
                path=grid.name,
                line=grid.header_line,
            )
        return _melt(grid, columns, period_names)
    missing = [name for name in ("indicator", "period", "value") if name not in columns]
    if missing:
        found = ", ".join(repr(h.strip()) for h in grid.header)
        raise InputError(
            f"missing required column{'s' * (len(missing) > 1)} {', '.join(map(repr, missing))} "
            f"(the header has {found}); required: indicator, period, value (optional: entity, unit), "
            f"or a wide table with periods as column names",
            path=grid.name,
            line=grid.header_line,
        )
    extra = _extra_fields(grid, columns, melted=False)
    table = grid.table(columns["value"])
    n = table.num_rows
    return _Long(
        row=range(n),
        value_field=np.broadcast_to(columns["value"], n),
        period_field=columns["period"],
        values=table.column(columns["value"]),
        period=_categorical(table.column(columns["period"])),
        text=_text_columns(table, columns, n),
        fields={n: i for n, i in columns.items() if n in ("entity", "indicator", "unit", "basis")},
        extras=_extras(grid, table, extra),
    )


def _melt(grid: Grid, columns: dict[str, int], period_names: dict[str, int]) -> _Long:
    """A wide table's period columns as rows (empty cells become missing figures)."""
    ids = {n: i for n, i in columns.items() if n not in period_names}
    if "indicator" not in ids:
        first = min(ids.values(), default=None)
        if first is None:
            raise InputError(
                "a wide table needs an indicator column besides its periods",
                path=grid.name,
                line=grid.header_line,
            )
        name = next(n for n, i in ids.items() if i == first)
        ids["indicator"] = ids.pop(name)
    extra = _extra_fields(grid, ids, melted=True)
    table = grid.table(None)
    fields = list(period_names.values())
    n = table.num_rows
    rows = np.tile(np.arange(n), len(fields))
    labels, label_codes = np.unique([grid.header[i].strip() for i in fields], return_inverse=True)
    return _Long(
        row=rows,
        value_field=np.repeat(fields, n),
        period_field=None,
        values=pa.chunked_array([table.column(i) for i in fields], type=pa.string())
        if fields
        else pa.chunked_array([], pa.string()),
        period=pd.Categorical.from_codes(np.repeat(label_codes, n), categories=pd.Index(labels, dtype="str")),
        text=_text_columns(table, ids, len(rows), rows),
        fields={n: i for n, i in ids.items() if n in ("entity", "indicator", "unit", "basis")},
        extras=_extras(grid, table, extra, rows),
    )


def _categorical(column: pa.ChunkedArray) -> pd.Categorical:
    """A text column as a categorical with stripped, merged and sorted categories."""
    if not pa.types.is_dictionary(column.type):
        column = pc.dictionary_encode(column)
    chunks = column.unify_dictionaries().chunks  # one dictionary; each chunk's own codes into it
    dictionary = chunks[0].dictionary if chunks else pa.array([], pa.string())
    return _recoded([chunk.indices.to_numpy() for chunk in chunks], pc.utf8_trim_whitespace(dictionary))


def _recoded(codes: np.ndarray | list[np.ndarray], labels: pa.Array) -> pd.Categorical:
    """A categorical whose code c (all in range; a list: pieces to concatenate) means ``labels[c]``,
    equal labels merged and categories sorted (by code point).

    The labels are sorted once by pyarrow, with no Python string per label (a free-text column has
    as many as rows), and the new codes written once, in the smallest integer type pandas would use.
    """
    order = pc.array_sort_indices(labels)
    ordered = labels.take(order)
    first = np.ones(len(labels), dtype=bool)  # where a new label starts in sorted order
    if len(labels) > 1:
        first[1:] = pc.not_equal(ordered[1:], ordered[:-1]).to_numpy(zero_copy_only=False)
    size = int(first.sum())
    small = next(t for t in ("int8", "int16", "int32", "int64") if size < np.iinfo(t).max)
    remap = np.empty(len(labels), dtype=small)
    remap[order.to_numpy()] = np.cumsum(first) - 1
    pieces = codes if isinstance(codes, list) else [codes]
    new = np.empty(sum(len(c) for c in pieces), dtype=small)
    start = 0
    for piece in pieces:  # a few pieces (CSV blocks), not rows
        np.take(remap, piece, out=new[start : start + len(piece)])
        start += len(piece)
    # to_pandas, not pd.array(dtype="str"): pandas 2 makes that a numpy str array, which drops a final NUL
    categories = pd.Index(ordered.filter(pa.array(first)).to_pandas())
    return pd.Categorical.from_codes(new, dtype=pd.CategoricalDtype(categories), validate=False)


#: Columns a file may have besides those indcalc reads (each becomes a column of the loaded frame).
MAX_EXTRA_COLUMNS = 1000


def _extra_fields(grid: Grid, columns: dict[str, int], *, melted: bool) -> dict[str, int]:
    """The file's other named columns (`columns` without the period columns of a wide table): at most
    `MAX_EXTRA_COLUMNS`, checked before the table is parsed."""
    names = {n: i for n, i in columns.items() if n not in COLUMN_ALIASES and not n.startswith("#")}
    if len(names) > MAX_EXTRA_COLUMNS:
        shown = ", ".join(repr(grid.header[i].strip()) for i in list(names.values())[:3])
        raise InputError(
            f"{len(names):,} other columns ({shown}, ...) besides "
            f"{'the identifiers and periods' if melted else 'indicator, period and value'}: "
            f"indcalc keeps at most {MAX_EXTRA_COLUMNS:,} (in the loaded frame, unused by the commands); "
            "remove the others",
            path=grid.name,
            line=grid.header_line,
        )
    return names


def _extras(
    grid: Grid, table: pa.Table, names: dict[str, int], rows: np.ndarray | None = None
) -> dict[str, pa.ChunkedArray]:
    """The other columns `names` (`_extra_fields`), one value per position (`rows`: each position's
    row; None: position is row)."""
    return {
        grid.header[i].strip(): table.column(i) if rows is None else table.column(i).take(pa.array(rows))
        for i in names.values()
    }


def _text_columns(
    table: pa.Table, columns: dict[str, int], n: int, rows: np.ndarray | None = None
) -> dict[str, pd.Categorical]:
    """Entity, indicator, unit and basis of each of `n` positions (`rows`: each position's row; None:
    position is row), empty where the file has no such column."""
    text = {}
    for name in ("entity", "indicator", "unit", "basis"):
        if name in columns:
            values = _categorical(table.column(columns[name]))
            text[name] = values if rows is None else values.take(rows)
        else:
            text[name] = _blank(n)
    return text


def _found(positions: np.ndarray, *args, **kwargs) -> list[_Found]:
    """A _Found when there are positions, else nothing."""
    return [_Found(np.asarray(positions), *args, **kwargs)] if len(positions) else []


def _build(
    long: _Long, target: tuple[str, float] | None, warnings: bool
) -> tuple[pd.DataFrame, list[_Found]]:
    """The loaded frame and what is wrong or suspicious, by position."""
    n = len(long.row)

    def value_field(p: int) -> int:
        return int(long.value_field[p])

    period_field = partial(_period_field, long)
    found: list[_Found] = []

    if pa.types.is_floating(long.values.type):  # the fast path: plain numbers only
        number = long.values.to_numpy()
        bad = ~np.isfinite(number) & ~pc.is_null(long.values).to_numpy(zero_copy_only=False)
        if bad.any():
            number = np.where(bad, np.nan, number)
        no, blank = np.broadcast_to(False, n), np.broadcast_to("", n)  # constant views, no memory
        parsed = quantities.Numbers(number, np.broadcast_to(1.0, n), bad, no, no, blank, blank)
    else:
        parsed = quantities.parse_numbers(long.values)
    found += _found(
        np.flatnonzero(parsed.bad),
        lambda _p, t, _l: f"{t!r} is not a number",
        value_field,
        expected="a number such as 1100, 1,100, 5.45%, 27.4亿 or 2.74 billion",
        hint=True,
    )
    if warnings:
        found += _found(
            np.flatnonzero(parsed.token),
            lambda _p, t, _l: f"{t!r} marks a missing figure",
            value_field,
            expected="a number, or an empty cell",
            severity="warning",
        )
    indicator = long.text["indicator"]
    found += _found(
        np.flatnonzero(np.asarray(indicator.codes) == _code_of(indicator, "")),
        lambda _p, _t, _l: "the indicator is empty",
        lambda _p: long.fields["indicator"],
        expected="the name of what is measured",
    )

    period_codes, ordinals, ytd = periods.parse_periods(list(long.period.categories))
    at = np.asarray(long.period.codes, dtype=np.intp)  # once, not once per lookup below
    code, ordinal, is_ytd = period_codes[at], ordinals.astype("int64")[at], ytd[at]
    found += _found(
        np.flatnonzero(code == periods.INVALID),
        lambda _p, t, _l: f"{t!r} is not a period",
        period_field,
        expected=periods.EXPECTED_FORMS,
        hint=True,
    )
    basis_words = np.array([BASIS_WORDS.get(normal(b), "?") for b in long.text["basis"].categories])
    basis_codes = np.asarray(long.text["basis"].codes)
    found += _found(
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

    units = _units(long, parsed, value_field)
    found += units.found
    series = series_key(long.text["entity"], long.text["indicator"])
    usable = np.isfinite(parsed.value) & (code != periods.INVALID)
    # A row whose number is bad still claims its period: the series checks run on every row that
    # states a figure and has a period, so fixing the number does not bring a duplicate to light.
    stated = usable | (parsed.bad & (code != periods.INVALID))
    found += _series_problems(long, series, code, ordinal, basis, units, stated)

    scaled = _series_scale(series, units, usable, target)
    if scaled is None:  # one scale everywhere (the usual case): values as they are, a label per unit
        value = parsed.value
        names = zip(units.word, units.base_names[units.base], strict=True)
        label = _labelled(units.at, [quantities.join_unit(str(w), str(b)) for w, b in names])
    else:
        factor, word = scaled
        value = _rescaled(parsed.value, units.factor[units.at], factor)
        label = _unit_labels(word, units.base_names, units.base[units.at])

    if warnings:  # on the rows no error is about, so one slip is not reported twice
        clean = usable.copy()
        for kind in found:
            if kind.severity == "error":
                clean[kind.positions] = False
        present = code != periods.INVALID  # a bad or missing figure is reported, not also a gap
        found += _suspicious(long, series, code, ordinal, value, present, clean, period_field, value_field)
        empty = present & np.isnan(parsed.value) & ~parsed.bad & ~parsed.token
        found += _empty_gaps(long, series, code, ordinal, empty, stated, value_field)
    keep = slice(None) if usable.all() else np.flatnonzero(usable)  # no copies when every row is kept
    if not isinstance(long.row, range) and n:  # a melted wide table: its rows in the file's order
        columns = np.count_nonzero(np.diff(long.value_field)) + 1  # a block of positions per column
        by_row = np.arange(n).reshape(columns, -1).T.ravel()
        keep = by_row if usable.all() else by_row[usable[by_row]]
    labels = periods.format_periods(period_codes, ordinals)
    frame = pd.DataFrame(
        {
            "entity": long.text["entity"][keep],
            "indicator": indicator[keep],
            "unit": label[keep],
            "period": _recoded(np.asarray(long.period.codes), pa.array(labels, pa.string()))[keep],
            "value": value[keep],
            "frequency": pd.Categorical.from_codes(code[keep], categories=list(periods.FREQUENCY_NAMES)),
            "ordinal": ordinal[keep],
            "basis": pd.Categorical.from_codes(basis[keep].astype("int8"), categories=["period", "ytd"]),
            "qualifier": _factorized(parsed.qualifier[keep])
            if (parsed.qualifier != "").any()
            else _blank(len(value[keep])),
        },
        copy=False,
    )
    extras = {n: _categorical(c)[keep] for n, c in long.extras.items() if n not in frame.columns}
    if extras:  # in one go: a column at a time costs a copy of the columns before it (issue 14)
        frame = pd.concat([frame, pd.DataFrame(extras, index=frame.index, copy=False)], axis=1)
    return frame, found


def _rescaled(value: np.ndarray, written: np.ndarray, factor: np.ndarray) -> np.ndarray:
    """Values written on scale `written` put on scale `factor` (both powers of ten), as decimals: the
    figure's decimal point moves, so 2.3 million is 230 万 and 8 million 0.008 billion, the floats that
    reading "230" and "0.008" give (a float product alone can give 229.99999999999997). So a
    difference of such figures keeps their decimals (`indcalc.arithmetic.difference`)."""
    from indcalc.arithmetic import decimals  # here: pandas-backed, imported on use

    up = written >= factor
    ratio = np.where(up, written / factor, factor / written)  # a whole power of ten
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        out = np.where(up, value * ratio, value / ratio)
        places = decimals(value).astype("int64")
        shift = np.rint(np.log10(ratio)).astype("int64")
        moved = np.where(up, places - shift, places + shift).clip(0)
        known = (places >= 0) & (moved <= 15)
        scale = 10.0 ** np.where(known, moved, 0)
        snapped = np.rint(out * scale)
        snapped /= scale
    return np.where(known & np.isfinite(snapped), snapped, out)


@dataclass(frozen=True)
class _Units:
    """The distinct (unit, value scale, percent) combinations and which one each position has."""

    at: np.ndarray  # per position: its combination
    base: np.ndarray  # per combination: the base unit, a code into base_names
    base_names: np.ndarray
    word: np.ndarray  # per combination: the scale word
    factor: np.ndarray  # per combination: the scale factor
    found: list[_Found]


def _units(long: _Long, parsed: quantities.Numbers, value_field: Callable[[int], int]) -> _Units:
    """Split units into scale and base, merging in a scale or % written in the value cell.

    Done once per distinct (unit, value scale, percent) combination, then spread to the positions.
    """
    unit = long.text["unit"]
    if not (parsed.scale != "").any():  # no scale written in any value cell (the fast path's case)
        scale_codes, scale_words = 0, np.array([""])
    else:
        scale_codes, scale_words = pd.factorize(parsed.scale)
        scale_words = np.asarray(scale_words, dtype=str)
    if len(scale_words) == 1 and not parsed.percent.any():  # a combination per unit: no per-row work
        at, combos = np.asarray(unit.codes), np.arange(len(unit.categories), dtype="int64") * 2
    else:
        combo = (np.asarray(unit.codes, dtype="int64") * len(scale_words) + scale_codes) * 2 + parsed.percent
        at, combos = _factorize_small(combo)
    bases, words, factors, conflicts = [], [], [], []
    for c in combos:
        unit_text = str(unit.categories[c // 2 // len(scale_words)]) if len(unit.categories) else ""
        value_word = str(scale_words[c // 2 % len(scale_words)])
        factor, word, base = quantities.split_unit(unit_text)
        conflict = ""
        if c % 2 and not unit_text:
            base = "%"
        elif c % 2 and not is_percent_unit(base):
            conflict = f"is a percent but the unit is {unit_text!r}"
        if value_word and word:
            conflict = f"has a scale ({value_word}) and so has the unit ({unit_text}): write one"
        elif value_word:
            word, factor = value_word, quantities.VALUE_SCALES[value_word]
        bases.append(base)
        words.append(word)
        factors.append(factor)
        conflicts.append(conflict)
    base_names, base_codes = np.unique(np.array(bases, dtype=str), return_inverse=True)
    wrong = np.flatnonzero((np.array(conflicts, dtype=object) != "")[at]) if len(combos) else np.zeros(0, int)
    found = _found(
        wrong,
        lambda p, t, _l: f"{t!r} {conflicts[at[p]]}",
        value_field,
        expected="a unit and a value that agree",
    )
    return _Units(
        at, base_codes, base_names, np.array(words, dtype=str), np.array(factors, dtype="float64"), found
    )


def _series_name(long: _Long, position: int) -> str:
    entity, indicator = long.text["entity"][position], long.text["indicator"][position]
    return f"{entity} / {indicator}" if entity else str(indicator)


def _series_problems(
    long: _Long,
    series: np.ndarray,
    code: np.ndarray,
    ordinal: np.ndarray,
    basis: np.ndarray,
    units: _Units,
    usable: np.ndarray,
) -> list[_Found]:
    """Mixed frequencies, bases or units, and repeated periods within a series (vectorised); both
    kinds are listed, a period repeating only among figures of one frequency and basis."""
    rows = slice(None) if usable.all() else np.flatnonzero(usable)  # no copies when every row is usable
    sub = series[rows]
    if len(sub) == 0:
        return []
    # A series whose unit combinations vary may still keep one base unit (its scales differ).
    if any(_varies_within(sub, v[rows]) for v in (code, basis, units.at)):
        positions = np.flatnonzero(usable)
        found = _mixtures(long, positions, series[positions], code, basis, units.base[units.at])
        if found:
            kind = sub * 6 + code[rows] * 2 + basis[rows]  # (series, frequency, basis): 2024 is not 2024Q1
            return [*found, *_duplicates(long, usable, kind, ordinal[rows])]
    return _duplicates(long, usable, sub, ordinal[rows])


def _varies_within(groups: np.ndarray, values: np.ndarray) -> bool:
    """Whether some group has more than one distinct value (arrays of non-negative integers or bools)."""
    if (values == values[0]).all():
        return False
    value_codes, distinct = _factorize_small(values.astype("int64"))
    group_codes, groups_seen = _factorize_small(groups)
    _, pairs = _factorize_small(group_codes.astype("int64") * len(distinct) + value_codes)
    return len(pairs) > len(groups_seen)


def _mixtures(
    long: _Long,
    positions: np.ndarray,
    sub: np.ndarray,
    code: np.ndarray,
    basis: np.ndarray,
    base: np.ndarray,
) -> list[_Found]:
    """Positions whose frequency, basis or base unit differs from the first of their series."""
    first_of = pd.Series(positions).groupby(sub).transform("first").to_numpy()
    first = np.full(len(code), -1)
    first[positions] = first_of

    def unit_field(p: int) -> int:
        return long.fields.get("unit", int(long.value_field[p]))

    names = periods.FREQUENCY_NAMES
    mixed = positions[code[positions] != code[first_of]]
    bases = positions[(basis[positions] != basis[first_of])]
    units = positions[base[positions] != base[first_of]]
    return [
        *_found(
            mixed,
            lambda p, t, line: (
                f"series {_series_name(long, p)!r} mixes frequencies: {t!r} is {names[code[p]]}, "
                f"line {line} is {names[code[first[p]]]}"
            ),
            partial(_period_field, long),
            expected="one frequency per series",
            refs=first[mixed],
        ),
        *_found(
            bases,
            lambda p, t, line: (
                f"series {_series_name(long, p)!r} mixes year-to-date and single-period figures: "
                f"{t!r} is {_BASIS[int(basis[p])]}, line {line} is {_BASIS[int(basis[first[p]])]}"
            ),
            partial(_period_field, long),
            expected="one basis per series",
            refs=first[bases],
        ),
        *_found(
            units,
            lambda p, t, line: (
                f"series {_series_name(long, p)!r} changes unit: {t!r} here, "
                f"{long.text['unit'][first[p]]!r} on line {line}"
            ),
            unit_field,
            expected="one unit per series (scales of it may differ)",
            refs=first[units],
        ),
    ]


def _period_field(long: _Long, position: int) -> int:
    return int(long.value_field[position]) if long.period_field is None else long.period_field


def _duplicates(long: _Long, usable: np.ndarray, series: np.ndarray, ordinal: np.ndarray) -> list[_Found]:
    """Positions whose series already has their period, each referring to the first (`series` and
    `ordinal` are those of the usable positions)."""
    packed, _, _ = packed_keys(series, ordinal)
    if is_dense(packed):  # a mark per (series, period): no sort needed
        seen = np.zeros(int(packed.max()) + 1, dtype=bool)
        seen[packed] = True
        repeats = np.count_nonzero(seen) < len(packed)
    else:
        ordered = np.sort(packed)
        repeats = (ordered[1:] == ordered[:-1]).any()
    if not repeats:  # the usual case, found without hashing
        return []
    positions = np.flatnonzero(usable)
    key = pd.Series(packed)
    duplicate = key.duplicated(keep="first").to_numpy()
    earliest = pd.Series(positions[~duplicate], index=key[~duplicate].to_numpy())
    repeated = positions[duplicate]
    return _found(
        repeated,
        lambda p, t, line: f"duplicate: series {_series_name(long, p)!r} already has {t!r} on line {line}",
        partial(_period_field, long),
        expected="one value per series and period",
        refs=earliest.reindex(key.to_numpy()[duplicate]).to_numpy(),
    )


def _series_scale(
    series: np.ndarray, units: _Units, usable: np.ndarray, target: tuple[str, float] | None
) -> tuple[np.ndarray, np.ndarray] | None:
    """Per position, the scale factor and word its series is reported in; None when every position
    has the one scale already.

    The scale most rows of the series use (ties: the larger); with a target, money series use it.
    """
    uniform = len(units.factor) == 0 or (
        (units.factor == units.factor[0]).all() and (units.word == units.word[0]).all()
    )
    if target is None and uniform:
        return None
    factor, word = units.factor[units.at], units.word[units.at]
    counts = pd.DataFrame({"series": series, "factor": factor, "word": word})[usable]
    if counts.empty:
        return factor, word
    tally = counts.groupby(["series", "factor", "word"], sort=False).size().reset_index(name="n")
    tally = tally.sort_values(["series", "n", "factor"], ascending=[True, False, False])
    chosen = tally.drop_duplicates("series").set_index("series")
    chosen_factor = chosen["factor"].reindex(series).to_numpy(dtype="float64")
    chosen_word = chosen["word"].reindex(series).to_numpy(dtype=object)
    factor = np.where(np.isnan(chosen_factor), factor, chosen_factor)
    word = np.where(pd.isna(chosen_word), word, chosen_word).astype(str)
    if target is not None:
        money = np.array([quantities.is_currency(str(b)) for b in units.base_names], dtype=bool)
        if len(money):
            is_money = money[units.base[units.at]]
            word = np.where(is_money, target[0], word)
            factor = np.where(is_money, target[1], factor)
    return factor, word


def _unit_labels(word: np.ndarray, base_names: np.ndarray, base: np.ndarray) -> pd.Categorical:
    """``join_unit(word, base)`` per position, computed once per distinct pair."""
    word_codes, words = pd.factorize(word)
    width = max(len(base_names), 1)
    at, pairs = _factorize_small(word_codes.astype("int64") * width + base)
    labels = [quantities.join_unit(str(words[p // width]), str(base_names[p % width])) for p in pairs]
    return _labelled(at, labels)


def _labelled(codes: np.ndarray, labels: list[str]) -> pd.Categorical:
    """A categorical whose code c means ``labels[c]`` (equal labels merged, categories sorted)."""
    return _recoded(codes, pa.array(labels or [""], pa.string()))


def _factorize_small(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Codes and sorted uniques of non-negative integers from a small range, by a lookup table."""
    if len(values) == 0 or values.max() > 1 << 24:
        codes, uniques = pd.factorize(values)
        return codes, np.asarray(uniques)
    seen = np.zeros(int(values.max()) + 1, dtype=bool)
    seen[values] = True
    uniques = np.flatnonzero(seen)
    index = np.zeros(len(seen), dtype="int64")
    index[uniques] = np.arange(len(uniques))
    return index[values], uniques


def _code_of(values: pd.Categorical, label: str) -> int:
    """The code of a category, or -2 (no row has it) when it is not one."""
    categories = values.categories
    return int(categories.get_loc(label)) if label in categories else -2


def _blank(length: int) -> pd.Categorical:
    """A text column that is empty on every row."""
    return pd.Categorical.from_codes(np.zeros(length, dtype="int8"), categories=pd.Index([""], dtype="str"))


def _factorized(values: np.ndarray) -> pd.Categorical:
    """A categorical of text values, hashed rather than sorted."""
    codes, uniques = pd.factorize(values)
    return _labelled(codes, [str(u) for u in uniques])


def _suspicious(
    long: _Long,
    series: np.ndarray,
    code: np.ndarray,
    ordinal: np.ndarray,
    value: np.ndarray,
    present: np.ndarray,
    clean: np.ndarray,
    period_field: Callable[[int], int],
    value_field: Callable[[int], int],
) -> list[_Found]:
    """Warnings: periods missing inside a series (among `present` rows), and jumps of over 100x
    between neighbouring `clean` figures."""

    def neighbours(mask: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        positions = np.flatnonzero(mask)
        group = series[positions] * 3 + code[positions]  # a series mixing frequencies: each apart
        packed, _, _ = packed_keys(group, ordinal[positions])
        order = np.argsort(packed, kind="stable")
        same = group[order][1:] == group[order][:-1]
        order = positions[order]
        return order[:-1][same], order[1:][same]

    earlier, later = neighbours(present)
    gapped = ordinal[later] - ordinal[earlier] > 1
    before = dict(zip(later[gapped], earlier[gapped], strict=True))

    def missing(p: int, _t: str, _l: int) -> str:
        e = before[p]
        first, last = ordinal[e] + 1, ordinal[p] - 1
        labels = periods.format_periods(
            np.full(min(last - first + 1, 3), code[p]), np.arange(first, min(last, first + 2) + 1)
        )
        shown = ", ".join(labels) + (f" and {last - first - 2} more" if last - first + 1 > 3 else "")
        return f"series {_series_name(long, p)!r} has no value for {shown} (before this period)"

    earlier_figure, later_figure = neighbours(clean)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = value[later_figure] / value[earlier_figure]
    jumped = (
        (value[earlier_figure] > 0)
        & (value[later_figure] > 0)
        & ((ratio > JUMP_RATIO) | (ratio < 1 / JUMP_RATIO))
    )
    prior = dict(zip(later_figure[jumped], earlier_figure[jumped], strict=True))

    def jump(p: int, t: str, line: int) -> str:
        times = value[p] / value[prior[p]]
        size = f"{times:,.0f} times" if times > 1 else f"1/{1 / times:,.0f} of"
        return f"{t!r} is {size} the value on line {line}: a unit slip?"

    return [
        *_found(
            later[gapped], missing, period_field, expected="a value for every period", severity="warning"
        ),
        *_found(
            later_figure[jumped],
            jump,
            value_field,
            expected=f"within {JUMP_RATIO:g} times its neighbour",
            refs=earlier_figure[jumped],
            severity="warning",
        ),
    ]


def _empty_gaps(
    long: _Long,
    series: np.ndarray,
    code: np.ndarray,
    ordinal: np.ndarray,
    empty: np.ndarray,
    stated: np.ndarray,
    value_field: Callable[[int], int],
) -> list[_Found]:
    """Warnings: `empty` value cells between two `stated` figures of their series, at a period no
    row of the series has a figure for (a gap, as a deleted row is; not before the first figure or
    after the last).

    The rows are sorted by (series, frequency, period) once; for each, the nearest figure before and
    after it in that order tell whether it lies inside its series: no loop over rows or series.
    """
    if not empty.any():  # the usual case: no sort
        return []
    positions = np.flatnonzero(empty | stated)
    group = series[positions] * 3 + code[positions]
    packed, _, _ = packed_keys(group, ordinal[positions])
    order = np.argsort(packed, kind="stable")
    positions, packed, group = positions[order], packed[order], group[order]
    index = np.arange(len(positions))
    figure = stated[positions]
    starts = np.r_[True, group[1:] != group[:-1]]
    ends = np.r_[group[1:] != group[:-1], True]
    first = np.maximum.accumulate(np.where(starts, index, 0))  # of the row's group
    last = np.minimum.accumulate(np.where(ends, index, len(index))[::-1])[::-1]
    before = np.maximum.accumulate(np.where(figure, index, -1))  # the nearest figure
    after = np.minimum.accumulate(np.where(figure, index, len(index))[::-1])[::-1]
    inside = ~figure & (before >= first) & (after <= last)
    # a figure for the same period sorts next to the cell: nearest before or after it
    inside &= packed[np.maximum(before, 0)] != packed
    inside &= packed[np.minimum(after, len(index) - 1)] != packed

    def message(p: int, _t: str, _l: int) -> str:
        label = periods.format_periods(np.array([code[p]]), np.array([ordinal[p]]))[0]
        return f"series {_series_name(long, p)!r} has no value for {label} (the cell is empty)"

    return _found(
        positions[inside], message, value_field, expected="a value for every period", severity="warning"
    )


def _locate(
    grid: Grid, long: _Long, found: list[_Found], limit: int | None = None, batch: int = 1 << 17
) -> list[Problem]:
    """Problems with file, line, column and cell text, in line order: the first `limit` of them (None:
    all), so that locating them reads no further into the file than it must; located `batch` at a
    time, so that only a batch's records are held."""
    chosen = []  # (row, field, kind, index into its positions)
    for kind in found:
        kind_rows = kind.positions if isinstance(long.row, range) else np.asarray(long.row)[kind.positions]
        order = np.argsort(kind_rows, kind="stable")[:limit]  # (row, position): line, then column
        chosen += [(int(kind_rows[i]), kind.field(int(kind.positions[i])), kind, int(i)) for i in order]
    chosen.sort(key=lambda c: c[:2])
    if limit is not None:
        del chosen[limit:]
    problems: list[Problem] = []
    for start in range(0, len(chosen), batch):  # a batch's records at a time: bounded memory
        problems += _problems(grid, long, chosen[start : start + batch])
    return problems


def _problems(grid: Grid, long: _Long, chosen: list[tuple[int, int, _Found, int]]) -> list[Problem]:
    """`chosen` problems (row, field, kind, index into its positions) located and worded."""
    rows = {row for row, *_ in chosen}
    rows |= {int(long.row[kind.refs[i]]) for _, _, kind, i in chosen if kind.refs is not None}
    records = grid.locate(rows) if rows else {}
    problems = []
    for row, column, kind, i in chosen:
        p = int(kind.positions[i])
        line, cells = records.get(row, (None, []))
        text = cells[column] if column < len(cells) else ""
        ref_line = records.get(int(long.row[kind.refs[i]]), (0, []))[0] if kind.refs is not None else 0
        problems.append(
            Problem(
                grid.name,
                line,
                column + 1,
                kind.severity,
                kind.message(p, text, ref_line),
                text,
                kind.expected,
                kind.hint,
            )
        )
    return problems
