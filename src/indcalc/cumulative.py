"""Year-to-date series (累计) to single-period values (当月).

``value(m) = ytd(m) - ytd(m-1)`` within a year. The first published period of a year keeps its
cumulative value and covers the months from January (a combined January-February figure, say); a
period whose predecessor is missing gets no value.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from indcalc import periods
from indcalc.arithmetic import difference
from indcalc.errors import IndcalcWarning, UsageError
from indcalc.schema import YTD_COLUMNS, Computed, annotated, check_frame, output_frame
from indcalc.series_index import _Sorted, carried
from indcalc.spans import _is_ytd


def ytd(frame: pd.DataFrame) -> pd.DataFrame:
    """Discrete values of the year-to-date series in `frame` (module doc).

    Series that are not year-to-date are left out with a warning.

    Raises:
        UsageError: there is no year-to-date series.

    Example:
        >>> import io
        >>> from indcalc import load
        >>> text = "indicator,period,value\\nx,2024年1-2月,30\\nx,2024年1-3月,45\\nx,2024年1-5月,80\\n"
        >>> ytd(load(io.BytesIO(text.encode())))[["period", "value", "covers"]].values.tolist()
        [['2024-02', 30.0, '2024-01..2024-02'], ['2024-03', 15.0, '2024-03'], ['2024-05', nan, '2024-05']]
    """
    return finish_ytd(ytd_part(check_frame(frame)))


def finish_ytd(part: Computed) -> pd.DataFrame:
    """`ytd`'s result from its kernel's (`ytd_part`) on the whole table: an error when it is empty,
    else a warning of its notes."""
    if part.frame.empty:
        raise UsageError(
            "no year-to-date series: mark them with a basis column (ytd, 累计) or 2024年1-4月 periods"
        )
    if len(part.notes):
        warnings.warn(
            f"{len(part.notes)} series that are not year-to-date left out", IndcalcWarning, stacklevel=3
        )
    return part.frame


def ytd_part(frame: pd.DataFrame) -> Computed:
    """`ytd` as a kernel (`Computed`): the rows of whole series in; a note ``not_ytd`` on each series
    that is not year-to-date, left out."""
    cumulative = _is_ytd(frame)
    left = frame.loc[~cumulative, ["entity", "indicator"]].drop_duplicates()
    notes = left.assign(note="not_ytd", detail="").reset_index(drop=True)
    if not cumulative.all():
        frame = frame[cumulative]
    rows = _Sorted.of(frame)
    per_year = periods.periods_per_year(rows.code)
    year = rows.ordinal // per_year
    previous = rows.earlier(1)
    same_year = previous >= 0
    same_year[same_year] = (rows.ordinal[previous[same_year]] // per_year[same_year]) == year[same_year]
    first_in_year = np.r_[True, (rows.key[1:] != rows.key[:-1]) | (year[1:] != year[:-1])]
    value = rows.values()
    single = np.where(same_year, difference(value, rows.values(previous)), np.nan)
    discrete = np.where(first_in_year, value, single)
    start = year * per_year
    covered = np.where(first_in_year, rows.ordinal - start + 1, 1)
    labels = periods.format_periods(rows.code, rows.ordinal)
    first_labels = periods.format_periods(rows.code, start)
    covers = np.where(covered > 1, np.char.add(np.char.add(first_labels, ".."), labels), labels)
    out = pd.DataFrame(
        {
            "entity": rows.take("entity"),
            "indicator": rows.take("indicator"),
            "unit": rows.take("unit"),
            "period": rows.take("period"),
            "ytd_value": value,
            "value": discrete,
            "covers": covers,
            "periods_covered": covered.astype("int64"),
            **carried(rows, {"": None}),
        }
    )
    return Computed(output_frame(out[annotated(YTD_COLUMNS, frame, ("",))]), notes)
