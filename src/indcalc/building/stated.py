"""Checks of what a table states beside its levels (`indcalc.reading.derived`), for ``indcalc validate``.

- A stated growth (``stated_*_growth_pct``) against the growth the levels in the same file give: the
  base found by period arithmetic (the same period a year earlier, the period before, or the end of
  the year before), every figure taken as the interval its printed rounding allows, as ``indcalc
  check`` does for text: 1,000 -> 1,045 gives 4.40%-4.60%, so 4.6 is fine and 4.7 is not.
- A single-period figure (当月) against the difference of consecutive year-to-date ones (累计); the
  first figure of a year (January, or the combined January-February figure 1-2月) against the
  year-to-date figure itself.
- A part marked 其中 (or "of which", or ``#`` as yearbooks mark 其中项) against its total, the nearest
  row above it that is not a part: a part larger than its total, both on one scale (亿元 and 万元 as
  元); a part in another unit than its total's is not compared.
- A stated share (比重(%), 构成(%), 占比(%), share (%)) against the share of the total, the nearest row
  above (or at) it whose stated share is 100, that the levels give, within their rounding.

Each finding is a warning at the stated cell (its line and column), naming the stated figure and the
one the levels give. Vectorised: the bases are found by one lookup of packed keys, and only the
findings listed are worded.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from indcalc import arithmetic, periods, quantities
from indcalc.building.categories import text_categorical
from indcalc.building.findings import Found, found_at
from indcalc.building.parts import SLACK, Labels, field_of, kind, lookup, outside, parts, shares
from indcalc.quantities import fmt
from indcalc.schema import STATED_COLUMNS

if TYPE_CHECKING:
    from indcalc.building.reshape import Long
    from indcalc.reading.grid import Grid

_BASES = {
    "year": "a year earlier",
    "previous": "the period before",
    "year_end": "the end of the year before",
}
_LEVEL_NAMES = {"value": "", "stated_period_value": "single-period ", "stated_ytd_value": "year-to-date "}


def attach(grid: Grid, long: Long) -> None:
    """Note the field of each stated column in `long.fields`; in a wide table, keep a stated figure
    only at the period column it is about, and merge the columns of one role (a growth column after
    each year) into one.

    The period column a stated column of a wide table is about: the year its header names
    (``2024年比上年增长(%)``), else the nearest one to its left when period columns follow it
    (``2023年, 比上年增长(%), 2024年, 比上年增长(%)``), else the latest one (``2024年, 2023年,
    比上年增长(%)``). The field of each figure is in ``long.fields`` as ``name@period field``.

    Example:
        >>> import io
        >>> from indcalc import load
        >>> frame = load(io.BytesIO("指标,2023年,2024年,比上年增长(%)\\nx,1000,1045,4.5\\n".encode()))
        >>> frame[["period", "value", "stated_growth_pct"]].values.tolist()
        [['2023', 1000.0, nan], ['2024', 1045.0, 4.5]]
    """
    tagged = [n for n in long.extras if n.partition("@")[0] in STATED_COLUMNS]
    if long.period_field is not None or not len(long.value_field):
        for name in tagged:  # not melted: a column tagged for a wide table keeps its role alone
            long.fields[name] = grid.header.index(name)
        return
    columns = np.flatnonzero(np.bincount(long.value_field))  # the melted columns: no sort of every cell
    headers = [grid.header[c].strip() for c in columns]
    _, ordinal, _ = periods.parse_periods(headers)
    latest = int(columns[np.lexsort((columns, ordinal))[-1]])
    years = {h[:4]: int(c) for h, c in zip(headers, columns, strict=True) if re.fullmatch(r"\d{4}\s*年?", h)}
    value_field = np.asarray(long.value_field)
    for name in tagged:
        role, _, tag = name.partition("@")
        field = grid.header.index(name)
        left = columns[columns < field]
        about = int(left.max()) if len(left) and (columns > field).any() else latest
        about = years.get(tag.partition(":")[2], about)
        keep = pa.array(value_field == about)
        cells = pc.if_else(keep, long.extras.pop(name), long.extras.get(role, pa.scalar("", pa.string())))
        long.extras[role] = cells
        long.fields.setdefault(role, field)
        long.fields[f"{role}@{about}"] = field


def extra_column(
    name: str, cells: pa.ChunkedArray, value: np.ndarray, parsed: quantities.Numbers
) -> pd.Categorical | np.ndarray:
    """A column of the file other than indcalc's own, for the loaded frame: a stated figure as a
    number (NaN where the cell is empty or not a number, which validate reports), a stated level in
    the unit of the value (`value`, the level parsed as `parsed` and scaled), any other as text.

    Example:
        >>> levels = quantities.parse_numbers(pa.chunked_array([["1亿", "2亿"]]))
        >>> in_wan = levels.value * levels.factor / 1e4  # the value put on 万 (--scale-to 万)
        >>> extra_column("stated_period_value", pa.chunked_array([["0.5亿", ""]]), in_wan, levels).tolist()
        [5000.0, nan]
        >>> extra_column("stated_growth_pct", pa.chunked_array([["4.8", "-0.1"]]), in_wan, levels).tolist()
        [4.8, -0.1]
    """
    if name not in STATED_COLUMNS:
        return text_categorical(cells)
    numbers = quantities.parse_numbers(cells)
    return numbers.value * numbers.factor * (_value_unit(value, parsed) if name in _LEVEL_NAMES else 1.0)


def _value_unit(value: np.ndarray, parsed: quantities.Numbers) -> np.ndarray:
    """What a figure as written (with its scale word) is multiplied by to be in the value's unit (the
    unit's scale, and --scale-to's): 1 where the value cannot tell."""
    with np.errstate(divide="ignore", invalid="ignore"):
        unit = np.abs(value / (parsed.value * parsed.factor))
    return np.where(np.isfinite(unit) & (unit > 0), unit, 1.0)


def stated_findings(
    long: Long,
    series: np.ndarray,
    code: np.ndarray,
    ordinal: np.ndarray,
    basis: np.ndarray,
    parsed: quantities.Numbers,
    value: np.ndarray,
    clean: np.ndarray,
    printed: pa.ChunkedArray,
) -> list[Found]:
    """Warnings where a stated figure disagrees with the levels (module doc); `value` is the scaled
    level of each position, `clean` the positions no error is about, `printed` the value cells as the
    file gives them (text, or floats when the file was read as plain numbers).

    Example:
        >>> import io
        >>> from indcalc import inspect
        >>> text = "指标,2023年,2024年,比上年增长(%)\\nx,1000,1045,4.6\\ny,1000,1045,4.7\\n"
        >>> [(p.line, p.column, p.text) for p in inspect(io.BytesIO(text.encode())).problems]  # 4.40%-4.60%
        [(3, 4, '4.7')]
    """
    stated = [n for n in long.extras if n in STATED_COLUMNS]
    part_findings = parts(long, code, ordinal, basis, value, clean, parsed)
    if not stated:
        return part_findings
    unit = _value_unit(value, parsed)
    levels = {"value": (value, _half(printed, parsed) * unit)}
    figures = {}
    for name in stated:
        numbers = quantities.parse_numbers(long.extras[name])
        is_level = name in _LEVEL_NAMES
        scale = unit if is_level else 1.0  # a level in the value's unit, a percent as it is
        figure = numbers.value * numbers.factor * scale
        figure[~clean] = np.nan
        figures[name] = (figure, _half(long.extras[name], numbers) * scale, numbers)
        if is_level:
            levels[name] = figures[name][:2]
    group = kind(series.astype("int64"), code, basis)
    found = []
    for name in stated:
        found += found_at(
            np.flatnonzero(figures[name][2].bad),
            lambda _p, t, _l: f"{t!r} is not a number: a stated figure that cannot be checked",
            field_of(long, name),
            expected="a number, or an empty cell",
            severity="warning",
        )
    for name in stated:  # a few columns, not rows
        of, base = STATED_COLUMNS[name]
        if base == "total":
            found += shares(long, code, ordinal, basis, levels["value"], figures[name], clean)
        elif of in levels:
            found += _growth(long, name, group, code, ordinal, levels[of], figures[name], base, of)
    if "value" in levels and ("stated_period_value" in figures or "stated_ytd_value" in figures):
        found += _single_periods(long, group, code, ordinal, levels, figures)
    return [*found, *part_findings]


def _half(cells: pa.ChunkedArray, numbers: quantities.Numbers) -> np.ndarray:
    """Half the last printed digit of each figure, in the unit of the figure with its scale word (a
    float column, read without its text: the fewest decimals that give it, `arithmetic.decimals`, up
    to 6)."""
    if pa.types.is_string(cells.type) or pa.types.is_dictionary(cells.type):
        text = pc.cast(cells, pa.string()) if pa.types.is_dictionary(cells.type) else cells
        decimals = pc.utf8_length(pc.struct_field(pc.extract_regex(text, r"\d[.](?P<d>\d+)"), [0]))
        places = pc.fill_null(decimals, 0).to_numpy(zero_copy_only=False).astype("float64")
    else:
        shortest = arithmetic.decimals(numbers.value).astype("float64")  # -1: no decimal form
        places = np.where((shortest < 0) | (shortest > 6), 6.0, shortest)
    return 0.5 * 10.0**-places * numbers.factor


def _base_ordinal(code: np.ndarray, ordinal: np.ndarray, base: str) -> np.ndarray:
    per_year = np.asarray(periods.PERIODS_PER_YEAR)[code]
    if base == "year":
        return ordinal - per_year
    if base == "previous":
        return ordinal - 1
    return ordinal // per_year * per_year - 1  # year_end: December (Q4, the year) before


def _growth(long, name, group, code, ordinal, level, figure, base, of) -> list[Found]:
    """Stated growth `figure` of `level` on the `base` period, outside what the levels' rounding allows."""
    y, y_half = level
    stated, stated_half, _ = figure
    has_level = np.isfinite(y)
    prior = lookup(group, ordinal, has_level, _base_ordinal(code, ordinal, base))
    checked = np.isfinite(stated) & has_level & (prior >= 0)
    x, x_half = y[np.maximum(prior, 0)], y_half[np.maximum(prior, 0)]
    checked &= x - x_half > 0  # growth from a zero or negative base is undefined
    with np.errstate(divide="ignore", invalid="ignore"):
        low = ((y - y_half) / (x + x_half) - 1) * 100
        high = ((y + y_half) / (x - x_half) - 1) * 100
        exact = (y / x - 1) * 100
    wrong = checked & outside(low, high, stated, stated_half)
    at = np.flatnonzero(wrong)
    labels = Labels(code, ordinal)
    what = f"stated {_LEVEL_NAMES[of]}growth"

    def message(p: int, text: str, line: int) -> str:
        q = int(prior[p])
        ref = "" if int(long.row[q]) == int(long.row[p]) else f", line {line}"
        rounding = f"{low[p]:+.2f}% to {high[p]:+.2f}%"
        rounding = "" if rounding == f"{exact[p]:+.2f}% to {exact[p]:+.2f}%" else f" ({rounding} as rounded)"
        levels = f"{fmt(x[p], 6)} ({labels[q]}{ref}) -> {fmt(y[p], 6)} ({labels[p]})"
        return f"{what} {text}% on {_BASES[base]}, but {levels} gives {exact[p]:+.2f}%{rounding}"

    return found_at(
        at,
        message,
        field_of(long, name),
        expected="the growth the levels give, within their rounding",
        refs=prior[at],
        severity="warning",
    )


def _single_periods(long, group, code, ordinal, levels, figures) -> list[Found]:
    """Single-period figures that are not the difference of consecutive year-to-date ones."""
    ytd_name, single_name = (
        ("stated_ytd_value", "value") if "stated_ytd_value" in figures else ("value", "stated_period_value")
    )
    ytd, ytd_half = levels[ytd_name]
    single, single_half = levels[single_name]
    per_year = np.asarray(periods.PERIODS_PER_YEAR)[code]
    within = ordinal % per_year  # 0: January (Q1)
    has_ytd = np.isfinite(ytd)
    prior = lookup(group, ordinal, has_ytd, np.where(within > 0, ordinal - 1, -1))
    # the first of its year: January (Q1), or a February with no January (the combined 1-2月 figure)
    first = (within == 0) | ((within == 1) & (code == periods.MONTHLY) & (prior < 0))
    q = np.maximum(prior, 0)
    computed = np.where(first, ytd, ytd - ytd[q])
    spread = np.where(first, ytd_half, ytd_half + ytd_half[q])
    checked = np.isfinite(single) & has_ytd & (first | (prior >= 0))
    slack = SLACK * np.maximum(np.abs(ytd), 1)
    wrong = checked & (np.abs(single - computed) > spread + single_half + slack)
    at = np.flatnonzero(wrong)
    labels = Labels(code, ordinal)
    field = long.value_field_of if single_name == "value" else field_of(long, single_name)

    def message(p: int, text: str, line: int) -> str:
        low, high = fmt(computed[p] - spread[p], 6), fmt(computed[p] + spread[p], 6)
        rounding = f" ({low} to {high} as rounded)" if low != high else ""
        if first[p]:
            gives = f"{fmt(ytd[p], 6)} ({labels[p]}, the first of its year: the same figure){rounding}"
        else:
            shown = f"line {line}" if int(long.row[prior[p]]) != int(long.row[p]) else "this line"
            gives = (
                f"{fmt(ytd[p], 6)} ({labels[p]}) - {fmt(ytd[prior[p]], 6)} ({labels[prior[p]]}, {shown}) "
                f"= {fmt(computed[p], 6)}{rounding}"
            )
        return f"stated single-period figure {text}, but the year-to-date figures give {gives}"

    return found_at(
        at,
        message,
        field,
        expected="this year-to-date figure less the one before",
        refs=np.where(first[at], at, prior[at]),
        severity="warning",
    )
