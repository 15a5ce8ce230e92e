"""Growth between figures read in a report (`indcalc calc`), as DataFrames (`indcalc.formulas`)."""

from __future__ import annotations

import pandas as pd

from indcalc import formulas
from indcalc.schema import output_frame


def calc(
    from_value: float, to_value: float, *, years: float | None = None, percent: bool = False
) -> pd.DataFrame:
    """Growth between two figures read in a report; the same columns as `growth` (`formulas.calc`).

    Example:
        >>> row = calc(5.45, 16, years=5, percent=True).iloc[0]
        >>> [round(float(row[k]), 2) for k in ("pp_change", "pct_change", "cagr_pct")]
        [10.55, 193.58, 24.04]
    """
    return _frame(formulas.calc(from_value, to_value, years=years, percent=percent))


def implied_base(value: float, *, growth_pct: float | None = None, pp: float | None = None) -> pd.DataFrame:
    """The earlier figure implied by a figure and its growth or pp gap (`formulas.implied_base`).

    Example:
        >>> round(float(implied_base(85.2, growth_pct=28.6)["from_value"][0]), 2)
        66.25
    """
    return _frame(formulas.implied_base(value, growth_pct=growth_pct, pp=pp))


def implied_total(value: float, share_pct: float) -> pd.DataFrame:
    """The total of which `value` is `share_pct` percent (`formulas.implied_total`).

    Example:
        >>> implied_total(2.74, 6.35).round(2).to_dict("records")
        [{'value': 2.74, 'share_pct': 6.35, 'total': 43.15}]
    """
    return _frame(formulas.implied_total(value, share_pct))


def _frame(rows: formulas.Rows) -> pd.DataFrame:
    frame = pd.DataFrame(rows.rows, columns=rows.columns)
    for column in frame.columns:
        if frame[column].dtype == object and not all(isinstance(v, str) for v in frame[column]):
            frame[column] = frame[column].astype("float64")
    return output_frame(frame)
