"""Figures that cover more than one period (the combined January-February figure `indcalc ytd`
writes), and year-to-date rows: which figures a change may compare.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from indcalc import periods
from indcalc.series_index import _Sorted


def _is_ytd(frame: pd.DataFrame) -> np.ndarray:
    """Whether each row is a year-to-date figure (compared by category code, not string by string)."""
    basis = frame["basis"].array
    if not isinstance(basis, pd.Categorical):
        return np.asarray(basis) == "ytd"
    return np.asarray(basis.codes) == (basis.categories.get_loc("ytd") if "ytd" in basis.categories else -2)


#: Why a combined figure (from `indcalc ytd`) has no prior; the table's footnote gives it.
COMBINED_NOTES = {
    "pop": "pop compares single periods only: a combined figure (periods_covered over 1, such as the "
    "January-February figure of `indcalc ytd`) is not the prior of a single period, nor has one",
    "yoy": "yoy compares a combined figure (periods_covered over 1, such as the January-February figure "
    "of `indcalc ytd`) only with one covering as many periods a year before",
    "span": "a change over a span compares figures covering as many periods: a combined figure "
    "(periods_covered over 1, such as the January-February figure of `indcalc ytd`) is not compared "
    "with a single period, nor a year-to-date figure with one to another point of the year (1-2月 "
    "with 1-12月)",
}


def periods_covered(frame: pd.DataFrame) -> np.ndarray | None:
    """How many periods each row's figure covers, from the ``periods_covered`` or ``covers`` column
    `indcalc ytd` writes (its combined January-February figure is period 2024-02, covers
    2024-01..2024-02, periods_covered 2); None when the frame has neither: each figure covers its period.

    Worked out once per distinct cell; a cell that says nothing (empty, not a count) counts as 1.

    Example:
        >>> import pandas as pd
        >>> periods_covered(pd.DataFrame({"covers": ["2024-01..2024-02", "2024-03", ""]})).tolist()
        [2, 1, 1]
    """
    named = {str(c).strip().casefold(): c for c in frame.columns}
    for name, count in (("periods_covered", _count_cell), ("covers", _span_cell)):
        if name in named:
            column = frame[named[name]]
            if pd.api.types.is_numeric_dtype(column.dtype):
                values = column.to_numpy(dtype="float64", na_value=np.nan)
                return np.where(values >= 1, np.nan_to_num(values, nan=1), 1).astype("int64")
            cells = column.array if isinstance(column.dtype, pd.CategoricalDtype) else pd.Categorical(column)
            counts = np.array([count(str(c)) for c in cells.categories] + [1], dtype="int64")
            return counts[np.asarray(cells.codes)]  # code -1 (no cell): the 1 at the end
    return None


def _count_cell(text: str) -> int:
    text = text.strip()
    return int(text) if text.isdigit() and int(text) >= 1 else 1


def _span_cell(text: str) -> int:
    first, _, last = text.partition("..")
    start, end = periods.parse_period(first), periods.parse_period(last)
    if start is None or end is None or start.code != end.code or end.ordinal < start.ordinal:
        return 1
    return end.ordinal - start.ordinal + 1


def unlike_spans(
    frame: pd.DataFrame, rows: _Sorted, first: np.ndarray, last: np.ndarray
) -> np.ndarray | None:
    """Where the figures at sorted positions `first` and `last` (of the same series) cover different
    spans, which no change over a span compares (`COMBINED_NOTES["span"]`): different numbers of
    periods (a combined January-February figure from `indcalc ytd` against a single month), or
    year-to-date figures to different points of their years (January-February 2023 against the whole
    of 2024); None when there is no such pair.

    Example:
        >>> import io
        >>> from indcalc import load
        >>> from indcalc.series_index import _Sorted
        >>> text = "indicator,period,value,basis\\nx,2023-02,10,ytd\\nx,2023-12,70,ytd\\nx,2024-02,11,ytd\\n"
        >>> frame = load(io.BytesIO(text.encode()))
        >>> rows = _Sorted.of(frame)
        >>> unlike_spans(frame, rows, np.array([0, 0]), np.array([1, 2])).tolist()
        [True, False]
    """
    covered = periods_covered(frame)
    unlike = (
        np.zeros(len(first), bool)
        if covered is None
        else covered[rows.order[first]] != covered[rows.order[last]]
    )
    ytd = _is_ytd(frame)[rows.order[first]]  # a series has one basis
    if ytd.any():
        per_year = periods.periods_per_year(rows.code[first])
        unlike |= ytd & (rows.ordinal[first] % per_year != rows.ordinal[last] % per_year)
    return unlike if unlike.any() else None


def _same_length(
    frame: pd.DataFrame, rows: _Sorted, at: np.ndarray, prior: np.ndarray, prefix: str
) -> tuple[np.ndarray, str | None]:
    """`prior` (sorted positions of the priors of positions `at`) without the priors that cover
    another number of periods than their row, or (pop) any combined figure; and the footnote then."""
    covered = periods_covered(frame)
    if covered is None:
        return prior, None
    here = covered[rows.order[at]]
    there = np.where(prior >= 0, covered[rows.order[np.maximum(prior, 0)]], 0)
    apart = (prior >= 0) & (here != there)
    if prefix == "pop":
        apart |= (prior >= 0) & (here > 1)  # overlapping figures: a previous month inside this one
    if not apart.any():
        return prior, None
    return np.where(apart, -1, prior), COMBINED_NOTES[prefix]
