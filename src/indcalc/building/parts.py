"""Parts and shares of a total (其中 rows, 比重(%)), and the lookups the checks of stated figures share
(`indcalc.building.stated`): each position's total, the nearest row above it in the file's order, and
the position of a period in a group by one lookup of packed keys.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from indcalc import periods, unit_names
from indcalc.building.findings import Found, found_at
from indcalc.quantities import fmt

if TYPE_CHECKING:
    from collections.abc import Callable

    from indcalc.building.reshape import Long

_PART = r"^\s*(?:其中|of which|[#＃])"  # 其中：税收收入, of which: tax, #税收收入 (a yearbook's 其中项)
SLACK = 1e-9  # relative: an interval that touches the stated one within a float's error meets it


def field_of(long: Long, name: str) -> Callable[[int], int]:
    """The field of a position's stated figure `name` (in a wide table, the column about its period:
    ``name@period field`` in `long.fields`, from `indcalc.building.stated.attach`).

    Example:
        >>> from types import SimpleNamespace
        >>> fields = {"stated_growth_pct": 3, "stated_growth_pct@4": 5}
        >>> long = SimpleNamespace(fields=fields, value_field=[2, 4])
        >>> [field_of(long, "stated_growth_pct")(p) for p in (0, 1)]
        [3, 5]
    """
    return lambda p: long.fields.get(f"{name}@{long.value_field[p]}", long.fields[name])


def kind(series: np.ndarray, code: np.ndarray, basis: np.ndarray) -> np.ndarray:
    """(series, frequency, basis) as one key: 2024 is not 2024Q1, nor a year-to-date figure a month's.

    Example:
        >>> kind(np.array([0, 0, 1]), np.array([0, 1, 0]), np.array([0, 0, 1])).tolist()
        [0, 2, 9]
    """
    return (series * len(periods.FREQUENCY_NAMES) + code.astype("int64")) * 2 + basis


def lookup(
    group: np.ndarray,
    ordinal: np.ndarray,
    have: np.ndarray,
    want: np.ndarray,
    want_group: np.ndarray | None = None,
) -> np.ndarray:
    """The position with a figure (`have`) in each position's group (or `want_group`) at ordinal
    `want`, or -1 (also where `want` is negative).

    Example:
        >>> group, ordinal = np.array([0, 0, 1]), np.array([2023, 2024, 2024])
        >>> lookup(group, ordinal, np.ones(3, bool), ordinal - 1).tolist()  # a year earlier
        [-1, 0, -1]
    """
    span = int(max(ordinal.max(initial=0), want.max(initial=0))) + 1
    at = np.flatnonzero(have)
    index = pd.Index(group[at] * span + ordinal[at])
    first = ~index.duplicated()
    found = index[first].get_indexer((group if want_group is None else want_group) * span + want)
    return np.where((found >= 0) & (want >= 0), at[first][np.maximum(found, 0)], -1)


def outside(low: np.ndarray, high: np.ndarray, stated: np.ndarray, half: np.ndarray) -> np.ndarray:
    """Where the interval [low, high] the levels give misses the stated figure's, ``stated +- half``
    (as `indcalc.claim_judging` takes a printed figure); touching within a float's error is meeting.

    Example:
        >>> low, high, half = np.array([4.4, 4.4]), np.array([4.6, 4.6]), np.zeros(2)
        >>> outside(low, high, np.array([4.6, 4.7]), half).tolist()
        [False, True]
    """
    slack = SLACK * np.maximum(np.abs(stated), 1)
    return (high < stated - half - slack) | (low > stated + half + slack)


def _totals(long, code, ordinal, basis, value, clean, mark) -> np.ndarray:
    """Each position's total: the figure for its period in the nearest row at or above it, in the
    file's order, that is `mark`ed (per position; a row is marked when any of its positions is); -1
    where there is none."""
    indicator = long.text["indicator"]
    codes = np.asarray(indicator.codes).astype("int64")
    rows = np.asarray(long.row)
    marked_rows = np.zeros(int(rows.max(initial=0)) + 1, bool)
    marked_rows[rows[mark]] = True
    mark = marked_rows[rows]
    order = np.argsort(rows, kind="stable")  # the file's order
    above = np.maximum.accumulate(np.where(mark[order], np.arange(len(order)), -1))
    total_indicator = np.full(len(rows), -1, "int64")
    total_indicator[order] = np.where(above >= 0, codes[order[np.maximum(above, 0)]], -1)
    entity = np.asarray(long.text["entity"].codes).astype("int64")
    kinds = len(indicator.categories) + 1
    key = kind(entity * kinds + codes, code, basis)
    want_key = kind(entity * kinds + total_indicator, code, basis)
    have = clean & mark & np.isfinite(value)
    return np.where(total_indicator >= 0, lookup(key, ordinal, have, ordinal, want_key), -1)


def parts(long, code, ordinal, basis, value, clean, parsed) -> list[Found]:
    """Parts (其中 rows) larger than their total, the nearest row above them that is not a part, both
    on one scale (亿元 and 万元 as 元); a part in another unit than its total's (个, 亿元) is not compared.

    Example:
        >>> import io
        >>> from indcalc import inspect
        >>> text = "指标,单位,2024年\\n收入,万元,1423000\\n其中：税收,亿元,150.2\\n#工业,亿元,1\\n"
        >>> [(p.line, p.column) for p in inspect(io.BytesIO(text.encode())).problems]
        [(3, 3)]
    """
    indicator = long.text["indicator"]
    names = pa.array(list(indicator.categories), pa.string())
    if not len(names) or not pc.any(pc.match_substring_regex(names, _PART)).as_py():
        return []
    is_part = pc.match_substring_regex(names, _PART).to_numpy(zero_copy_only=False)[
        np.asarray(indicator.codes)
    ]
    total = _totals(long, code, ordinal, basis, value, clean, ~is_part)
    t = np.maximum(total, 0)
    unit = long.text["unit"]
    split = [unit_names.split_unit(str(u)) for u in unit.categories]  # a few units, not rows
    unit_codes = np.asarray(unit.codes)
    base = np.array([b.casefold() for _, _, b in split] + [""])[unit_codes]
    level = parsed.value * parsed.factor * np.array([f for f, _, _ in split] + [1.0])[unit_codes]
    wrong = is_part & clean & (total >= 0) & (base == base[t])
    wrong &= (level > level[t] * (1 + SLACK)) & (level[t] >= 0)
    positions = np.flatnonzero(wrong)
    labels = Labels(code, ordinal)

    def message(p: int, text: str, line: int) -> str:
        units = ("", "") if unit[p] == unit[total[p]] else (f" {unit[p]}", f" {unit[total[p]]}")
        return (
            f"part {indicator[p]!r} {text}{units[0]} ({labels[p]}) is larger than its total "
            f"{indicator[total[p]]!r} {fmt(value[total[p]], 6)}{units[1]} (line {line})"
        )

    return found_at(
        positions,
        message,
        long.value_field_of,
        expected="a part no larger than its total",
        refs=total[positions],
        severity="warning",
    )


def shares(long, code, ordinal, basis, level, figure, clean) -> list[Found]:
    """Stated shares (比重(%)) of a total, the nearest row above stating 100, that the levels do not give.

    Example:
        >>> import io
        >>> from indcalc import inspect
        >>> text = "指标,2024年,2024年构成(%)\\n总计,200,100\\n甲,50,25.0\\n乙,150,76.0\\n"
        >>> [(p.line, p.column, p.text) for p in inspect(io.BytesIO(text.encode())).problems]
        [(4, 3, '76.0')]
    """
    value, value_half = level
    stated, stated_half, _ = figure
    total = _totals(long, code, ordinal, basis, value, clean, np.abs(stated - 100) <= stated_half)
    t = np.maximum(total, 0)
    checked = np.isfinite(stated) & np.isfinite(value) & (total >= 0) & (total != np.arange(len(total)))
    checked &= value[t] - value_half[t] > 0
    with np.errstate(divide="ignore", invalid="ignore"):
        low = (value - value_half) / (value[t] + value_half[t]) * 100
        high = (value + value_half) / (value[t] - value_half[t]) * 100
        exact = value / value[t] * 100
    wrong = checked & outside(low, high, stated, stated_half)
    positions = np.flatnonzero(wrong)
    indicator = long.text["indicator"]

    def message(p: int, text: str, line: int) -> str:
        return (
            f"stated share {text}% of {indicator[total[p]]!r}, but {fmt(value[p], 6)} / "
            f"{fmt(value[total[p]], 6)} (line {line}) gives {exact[p]:.2f}%"
        )

    return found_at(
        positions,
        message,
        field_of(long, "stated_share_pct"),
        expected="the share the levels give, within their rounding",
        refs=total[positions],
        severity="warning",
    )


class Labels:
    """Period labels of positions, worded only for the findings listed."""

    def __init__(self, code: np.ndarray, ordinal: np.ndarray) -> None:
        self.code, self.ordinal = code, ordinal

    def __getitem__(self, p: int) -> str:
        return periods.format_periods(self.code[p : p + 1], self.ordinal[p : p + 1])[0]
