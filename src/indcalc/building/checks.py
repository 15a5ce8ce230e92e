"""Checks of the long table's series (entity, indicator), vectorised: errors for mixed frequencies,
bases or units and for repeated periods; warnings for periods missing inside a series and for jumps
of more than `JUMP_RATIO` times between neighbouring figures (a likely unit slip).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from indcalc import periods
from indcalc.building.categories import factorize_small
from indcalc.building.findings import Found, found_at, once_per_line
from indcalc.schema import frequency_lows, is_dense, packed_keys, series_label

if TYPE_CHECKING:
    from indcalc.building.reshape import Long
    from indcalc.building.units import Units

JUMP_RATIO = 100.0
_FREQUENCIES = len(periods.FREQUENCY_NAMES)  # (series, frequency) keys: series * _FREQUENCIES + code

_BASIS = ("a single period", "year to date")


def series_problems(
    long: Long,
    series: np.ndarray,
    code: np.ndarray,
    ordinal: np.ndarray,
    basis: np.ndarray,
    units: Units,
    usable: np.ndarray,
) -> list[Found]:
    """Mixed frequencies, bases or units, and repeated periods within a series (vectorised); both
    kinds are listed, a period repeating only among figures of one frequency and basis."""
    rows = slice(None) if usable.all() else np.flatnonzero(usable)  # no copies when every row is usable
    sub = series[rows]
    if len(sub) == 0:
        return []
    # A series whose unit combinations vary may still keep one base unit (its scales differ).
    if any(_varies_within(sub, v[rows]) for v in (code, basis, units.at)):
        positions = np.flatnonzero(usable)
        found = _mixtures(long, positions, series[positions], code, basis, units.same[units.at])
        if found:
            kind = (sub * _FREQUENCIES + code[rows]) * 2 + basis[rows]  # 2024 is not 2024Q1
            return [*found, *_duplicates(long, usable, kind, code[rows], ordinal[rows])]
    return _duplicates(long, usable, sub, code[rows], ordinal[rows])


def _varies_within(groups: np.ndarray, values: np.ndarray) -> bool:
    """Whether some group has more than one distinct value (arrays of non-negative integers or bools):
    each group's last value scattered, then compared with every value (no factorizing of pairs)."""
    if (values == values[0]).all():
        return False
    if groups.max() >= 1 << 24:  # sparse keys: numbered 0, 1, ... first
        groups, _ = factorize_small(groups)
    last = np.zeros(int(groups.max()) + 1, dtype=values.dtype)
    last[groups] = values
    return bool((last[groups] != values).any())


def _mixtures(
    long: Long,
    positions: np.ndarray,
    sub: np.ndarray,
    code: np.ndarray,
    basis: np.ndarray,
    base: np.ndarray,
) -> list[Found]:
    """Positions whose frequency, basis or base unit differs from the first of their series."""
    first_of = pd.Series(positions).groupby(sub).transform("first").to_numpy()
    first = np.full(len(code), -1)
    first[positions] = first_of

    def unit_field(p: int) -> int:
        return long.fields.get("unit", int(long.value_field[p]))

    names = periods.FREQUENCY_NAMES
    kinds = (  # (per position: what must not vary, message, field of the cell, expected)
        (
            code,
            lambda p, t, line: (
                f"series {series_name(long, p)!r} mixes frequencies: {t!r} is {names[code[p]]}, "
                f"line {line} is {names[code[first[p]]]}"
            ),
            long.period_field_of,
            "one frequency per series",
        ),
        (
            basis,
            lambda p, t, line: (
                f"series {series_name(long, p)!r} mixes year-to-date and single-period figures: "
                f"{t!r} is {_BASIS[int(basis[p])]}, line {line} is {_BASIS[int(basis[first[p]])]}"
            ),
            long.period_field_of,
            "one basis per series",
        ),
        (
            base,
            lambda p, t, line: (
                f"series {series_name(long, p)!r} changes unit: {t!r} here, "
                f"{long.text['unit'][first[p]]!r} on line {line}"
            ),
            unit_field,
            "one unit per series (scales of it may differ)",
        ),
    )
    found: list[Found] = []
    for values, message, field, expected in kinds:  # three kinds, not rows
        differing = positions[values[positions] != values[first_of]]
        found += found_at(differing, message, field, expected=expected, refs=first[differing])
    return found


def _duplicates(
    long: Long, usable: np.ndarray, series: np.ndarray, code: np.ndarray, ordinal: np.ndarray
) -> list[Found]:
    """Positions whose series already has their period, each referring to the first (`series`, `code`
    and `ordinal` are those of the usable positions)."""
    # each series is of one frequency here, or its `series` key tells its frequencies apart
    packed, _, _ = packed_keys(series, ordinal - frequency_lows(code, ordinal)[code])
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
    refs = earliest.reindex(key.to_numpy()[duplicate]).to_numpy()
    wide = long.period_field is None
    if wide:  # a row repeating another: once, at its first period (a column-major position)
        rows = np.asarray(long.row)
        same_row = rows[repeated] == rows[refs]  # a period column repeating another: each
        pair = rows[repeated].astype(np.int64) * (int(rows.max()) + 1) + rows[refs]
        _, first = np.unique(pair[~same_row], return_index=True)
        keep = np.sort(np.concatenate([np.flatnonzero(~same_row)[first], np.flatnonzero(same_row)]))
        repeated, refs = repeated[keep], refs[keep]
    # a line whose series share its period cell (ONS, FRED) repeating another: once, at that cell, as a
    # bad period there is; series of the line repeating different lines, each of those once
    kept, counts = once_per_line(long, repeated, refs)
    repeated, refs = repeated[kept], refs[kept]
    stands_for = dict(zip(repeated[counts > 1].tolist(), counts[counts > 1].tolist(), strict=True))
    if stands_for:  # positions per line: the series of each line
        per_line = np.bincount(long.file_rows[np.asarray(long.row)])

    def message(p: int, text: str, line: int, first: str, column: int | None) -> str:
        same = "" if first == text else f", the same period as {text!r} here"  # 2024-4 and 2024-04, say
        where = f"on line {line}"
        if long.row[int(refs[np.searchsorted(repeated, p)])] == long.row[p]:  # a wide table's period columns
            where = f"in column {column}" if column is not None else "in a column before"
        if p in stands_for:
            count, total = stands_for[p], int(per_line[long.file_rows[long.row[p]]])
            who = f"the {count:,}" if count == total else f"{count:,} of the {total:,}"
            return f"duplicate: {who} series of this line already have {first!r} {where}{same}"
        return f"duplicate: series {series_name(long, p)!r} already has {first!r} {where}{same}"

    return found_at(
        repeated,
        message,
        long.period_field_of,
        expected="one value per series and period",
        refs=refs,
        shown=(lambda p: str(long.period[p])) if wide else None,  # a wide table's cell is the value
        ref_text=True,
    )


def suspicious(
    long: Long,
    series: np.ndarray,
    code: np.ndarray,
    ordinal: np.ndarray,
    value: np.ndarray,
    present: np.ndarray,
    clean: np.ndarray,
    basis: np.ndarray | None = None,
    unread: np.ndarray | None = None,
) -> list[Found]:
    """Warnings: periods missing inside a series (among `present` rows), and jumps of over 100x
    between neighbouring `clean` figures. January is not missing before a year-to-date February
    (`basis` True: the combined January-February figure, 1-2月, covers it). Rows `unread`
    (positions whose period could not be read, an error each) between the two neighbours of a gap
    may hold its periods: when they are as many as the periods missing, the errors explain the gap
    and it is not warned of; when fewer, the warning names the first of them."""

    def neighbours(mask: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        positions = np.flatnonzero(mask)
        group = series[positions] * _FREQUENCIES + code[positions]  # a series mixing frequencies: each apart
        packed, _, _ = packed_keys(group, ordinal[positions])
        order = np.argsort(packed, kind="stable")
        same = group[order][1:] == group[order][:-1]
        order = positions[order]
        return order[:-1][same], order[1:][same]

    earlier, later = neighbours(present)
    covered = np.zeros(len(later), bool) if basis is None else basis[later].astype(bool)
    covered &= (code[later] == periods.MONTHLY) & (ordinal[later] % 12 == 1)  # a year-to-date February
    size = ordinal[later] - ordinal[earlier] - 1 - covered  # the periods missing before `later`
    gapped = size > 0
    before = dict(zip(later[gapped], earlier[gapped], strict=True))
    january = set(later[gapped & covered].tolist())  # covered by the figure after it
    count, first_unread = _unread_between(long, series, earlier[gapped], later[gapped], unread)
    warned = count < size[gapped]  # else rows whose period is an error may be every period missing
    partly = count[warned] > 0
    unread_before = dict(zip(later[gapped][warned][partly], count[warned][partly], strict=True))
    # the period cell, or the series' cell of a line whose period cell all its series share
    here = "this line's period" if long.shared_period else "this period"

    def missing(p: int, _t: str, line: int) -> str:
        e = before[p]
        first, last = ordinal[e] + 1, ordinal[p] - 1 - (p in january)
        labels = periods.format_periods(
            np.full(min(last - first + 1, 3), code[p]), np.arange(first, min(last, first + 2) + 1)
        )
        shown = ", ".join(labels) + (f" and {last - first - 2} more" if last - first + 1 > 3 else "")
        unread_here = unread_before.get(p, 0)
        if unread_here == 1:
            shown += f" (before {here}; the unreadable period on line {line} can be only one of them)"
        elif unread_here:
            shown += (
                f" (before {here}; the {unread_here} unreadable periods from line {line} on can be only "
                f"{unread_here} of them)"
            )
        else:
            shown += f" (before {here})"
        return f"series {series_name(long, p)!r} has no value for {shown}"

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
        return f"{t!r} is {_times(times)} the value on line {line}: a unit slip?"

    gaps, refs = later[gapped][warned], first_unread[warned]
    return [
        *found_at(
            gaps[~partly],
            missing,
            long.own_field_of,
            expected="a value for every period",
            severity="warning",
        ),
        *found_at(  # the line of the first row with an unread period the message names
            gaps[partly],
            missing,
            long.own_field_of,
            expected="a value for every period",
            refs=refs[partly],
            severity="warning",
        ),
        *found_at(
            later_figure[jumped],
            jump,
            long.value_field_of,
            expected=f"within {JUMP_RATIO:g} times its neighbour",
            refs=earlier_figure[jumped],
            severity="warning",
        ),
    ]


def _unread_between(
    long: Long, series: np.ndarray, earlier: np.ndarray, later: np.ndarray, unread: np.ndarray | None
) -> tuple[np.ndarray, np.ndarray]:
    """Per gap of a series between the positions `earlier` and `later`, how many lines of the file
    between theirs hold a row `unread` (its period not read) of that series, and the first of those
    rows (-1: none). In a file whose series share the period cell of a line (ONS, FRED), an unread
    period is every series' on its line. Sorted once and searched: no loop over gaps."""
    n = len(later)
    if unread is None or not len(unread) or not n:
        return np.zeros(n, dtype=np.int64), np.full(n, -1)
    rows = np.asarray(long.row)

    def line_of(positions: np.ndarray) -> np.ndarray:
        at = rows[positions].astype(np.int64)
        return at if long.file_rows is None else long.file_rows[at].astype(np.int64)

    if long.shared_period:
        group_unread, group = np.zeros(len(unread), np.int64), np.zeros(n, np.int64)
    else:  # the series numbered 0, 1, ... among these few positions
        _, numbered = np.unique(np.concatenate([series[unread], series[later]]), return_inverse=True)
        group_unread, group = numbered[: len(unread)], numbered[len(unread) :]
    unread_line, a, b = line_of(unread), line_of(earlier), line_of(later)
    width = int(max(unread_line.max(), a.max(), b.max())) + 1
    keys, first = np.unique(group_unread * width + unread_line, return_index=True)  # a line once
    start = np.searchsorted(keys, group * width + np.minimum(a, b), side="right")
    count = np.searchsorted(keys, group * width + np.maximum(a, b), side="left") - start
    return count, np.where(count > 0, unread[first][np.minimum(start, len(keys) - 1)], -1)


def empty_gaps(
    long: Long,
    series: np.ndarray,
    code: np.ndarray,
    ordinal: np.ndarray,
    empty: np.ndarray,
    stated: np.ndarray,
) -> list[Found]:
    """Warnings: `empty` value cells between two `stated` figures of their series, at a period no
    row of the series has a figure for (a gap, as a deleted row is; not before the first figure or
    after the last).

    The rows are sorted by (series, frequency, period) once; for each, the nearest figure before and
    after it in that order tell whether it lies inside its series: no loop over rows or series.
    """
    if not empty.any():  # the usual case: no sort
        return []
    positions = np.flatnonzero(empty | stated)
    group = series[positions] * _FREQUENCIES + code[positions]
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
        return f"series {series_name(long, p)!r} has no value for {label} (the cell is empty)"

    return found_at(
        positions[inside],
        message,
        long.value_field_of,
        expected="a value for every period",
        severity="warning",
    )


def series_name(long: Long, position: int) -> str:
    return series_label(long.text["entity"][position], long.text["indicator"][position])


def _times(ratio: float) -> str:
    """A jump's size beyond `JUMP_RATIO`, as a unit slip's warning says it: rounded to a whole number
    unless that shows the limit itself (100.004 times is "more than 100 times", not "100 times", beside
    "within 100 times its neighbour").

    Example:
        >>> _times(1012.4), _times(100.004), _times(1 / 250), _times(1 / 100.3)
        ('1,012 times', 'more than 100 times', '1/250 of', 'less than 1/100 of')
    """
    big = ratio if ratio > 1 else 1 / ratio
    if round(big) > JUMP_RATIO:
        return f"{big:,.0f} times" if ratio > 1 else f"1/{big:,.0f} of"
    return f"more than {JUMP_RATIO:,.0f} times" if ratio > 1 else f"less than 1/{JUMP_RATIO:,.0f} of"
