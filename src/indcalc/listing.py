"""Series kernel: one row per series, with its span and the periods missing in it (`indcalc list`)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from indcalc import periods
from indcalc.schema import LIST_COLUMNS, Computed, annotated, check_frame, no_notes, output_frame
from indcalc.series_index import _Sorted, carried
from indcalc.spans import _is_ytd, periods_covered


def list_series(frame: pd.DataFrame) -> pd.DataFrame:
    """One row per series: frequency, first and last period, count, and the periods missing between.

    Returns:
        Columns `LIST_COLUMNS`; ``missing`` is the missing periods separated by spaces.

    Example:
        >>> from indcalc import load
        >>> out = list_series(load())
        >>> row = out[out["indicator"] == "Scaled enterprises"]
        >>> row[["first", "last", "count", "missing_count"]].to_numpy().tolist()
        [['2020', '2025', 2, 4]]
    """
    return list_part(check_frame(frame)).frame


def list_part(frame: pd.DataFrame) -> Computed:
    """`list_series` as a kernel (`Computed`): the rows of whole series in; it has no notes."""
    figures = _figures(frame)
    rows = _Sorted.of(figures)
    starts, ends, ordinal = rows.starts, rows.ends, rows.ordinal
    count = ends - starts + 1
    none = rows.figure_ends()[0] < 0  # series with no figure: none counted, none missing

    # Gaps: after each position (not the last of its series), the ordinals up to the next one's
    # but those the next figure covers (January, in a year-to-date February: 1-2月).
    gap = np.r_[np.maximum(ordinal[1:] - ordinal[:-1] - 1 - _covered_before(figures, rows)[1:], 0), 0]
    gap[ends] = 0
    gap[np.repeat(none, count)] = 0
    gap_at = np.flatnonzero(gap > 0)
    sizes = gap[gap_at]
    owner = np.repeat(gap_at, sizes)
    step = np.arange(sizes.sum()) - np.repeat(np.cumsum(sizes) - sizes, sizes) + 1
    series_of_position = np.repeat(np.arange(len(starts)), count)
    missing = _joined_periods(rows.code[owner], ordinal[owner] + step, series_of_position[owner], len(starts))
    out = pd.DataFrame(
        {
            "entity": rows.take("entity", starts),
            "indicator": rows.take("indicator", starts),
            "unit": rows.take("unit", starts),
            "frequency": rows.take("frequency", starts),
            "first": rows.take("period", starts),
            "last": rows.take("period", ends),
            "count": np.where(none, 0, count).astype("int64"),
            "missing_count": np.add.reduceat(gap, starts) if len(starts) else np.zeros(0, "int64"),
            "missing": missing,
            **carried(rows, {"first": starts, "last": ends}),
        }
    )
    return Computed(output_frame(out[annotated(LIST_COLUMNS, frame, ("first", "last"))]), no_notes())


def _covered_before(frame: pd.DataFrame, rows: _Sorted) -> np.ndarray:
    """For each sorted position, how many periods before its own its figure covers: a combined
    figure's (``periods_covered`` 2: January-February from `indcalc ytd`), and January for a
    year-to-date February as releases publish it (1-2月, basis ytd)."""
    covered = periods_covered(frame)
    before = np.zeros(len(rows.order), "int64") if covered is None else covered[rows.order] - 1
    february = _is_ytd(frame)[rows.order] & (rows.code == periods.MONTHLY) & (rows.ordinal % 12 == 1)
    return np.maximum(before, february)


def _figures(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame's rows with a figure: a missing but annotated one (``: c``, NaN) is not counted, so
    its period is missing; a series with no figure at all keeps its rows (listed with a count of 0)."""
    has = np.isfinite(frame["value"].to_numpy(dtype="float64"))
    if has.all():
        return frame
    rows = _Sorted.of(frame)
    first, _ = rows.figure_ends()
    none = np.repeat(first < 0, rows.ends - rows.starts + 1)  # per sorted position: its series has none
    keep = has.copy()
    keep[rows.order[none]] = True
    return frame[keep]


def _joined_periods(codes: np.ndarray, ordinals: np.ndarray, series: np.ndarray, count: int) -> np.ndarray:
    """For each of `count` series, its periods (`series`: each one's series, in order) as one
    space-separated string, empty for none. Each distinct period is formatted once and the lists
    are joined by pyarrow: a sparse panel can miss millions of periods."""
    import pyarrow as pa
    import pyarrow.compute as pc

    span = int(ordinals.max(initial=0)) + 1
    at, distinct = pd.factorize(codes.astype("int64") * span + ordinals)
    labels = pa.array(periods.format_periods(distinct // span, distinct % span), pa.string())
    offsets = np.r_[0, np.cumsum(np.bincount(series, minlength=count))]
    lists = pa.LargeListArray.from_arrays(pa.array(offsets, pa.int64()), labels.take(pa.array(at)))
    return pc.binary_join(lists, " ").to_numpy(zero_copy_only=False)
