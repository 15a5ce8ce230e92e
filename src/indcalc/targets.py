"""What reaching a target takes, beside a series' own history.

required_cagr_pct = ((target / latest) ** (1 / years) - 1) * 100 from the latest value to the target
period; historical_cagr_pct from the first to the latest value; projected_value = latest *
(1 + historical_cagr_pct / 100) ** years, worked out as latest * (latest / first) ** (years / span),
with no round trip through the rate: over as many years as the history, latest * (latest / first), to
the last bit on any CPU (a vectorised pow may differ in its last bit between CPUs).
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from indcalc import periods
from indcalc.arithmetic import growth_figures
from indcalc.errors import IndcalcWarning, NothingMatched, UsageError
from indcalc.schema import TARGET_COLUMNS, check_frame, output_frame, with_figures
from indcalc.series_index import _period_arg, _Sorted, what_series_have
from indcalc.spans import COMBINED_NOTES, unlike_spans


def target(frame: pd.DataFrame, value: float, by: str) -> pd.DataFrame:
    """What reaching `value` by period `by` takes, beside the series' own history (module doc).

    Raises:
        UsageError: `by` is not a period, or is not later than a series' latest period.

    Example:
        >>> import io
        >>> from indcalc import load
        >>> text = "indicator,period,value\\nfirms,2020,890\\nfirms,2025,1100\\n"
        >>> row = target(load(io.BytesIO(text.encode())), 1500, "2030").iloc[0]
        >>> columns = ("years", "required_cagr_pct", "historical_cagr_pct", "projected_value")
        >>> [round(float(row[c]), 2) for c in columns]
        [5.0, 6.4, 4.33, 1359.55]
    """
    frame = with_figures(check_frame(frame))  # the latest figure, not a flagged gap
    goal = _period_arg(by, "by")
    rows = _Sorted.of(frame)
    first, last = rows.starts, rows.ends
    same = rows.code[last] == goal.code
    if len(same) and not same.any():  # an empty frame has no target to miss
        raise NothingMatched(
            f"{{=by}}{goal.label} is {goal.frequency}, but "
            + what_series_have(rows, {"by": goal}, ahead=True),
            parameters=("by",),
        )
    if same.sum() < len(last):
        warnings.warn(
            f"{(~same).sum()} series of another frequency than --by {goal.label} left out",
            IndcalcWarning,
            stacklevel=2,
        )
    first, last = first[same], last[same]
    per_year = periods.periods_per_year(rows.code[last])
    years = (goal.ordinal - rows.ordinal[last]) / per_year
    if (years <= 0).any():
        raise UsageError(
            f"{{=by}}{goal.label} is not after the latest period of every series", parameters=("by",)
        )
    latest = rows.values(last)
    span = (rows.ordinal[last] - rows.ordinal[first]) / per_year
    needed = growth_figures(latest, np.full(len(last), float(value)), years, np.zeros(len(last), bool))
    history = growth_figures(rows.values(first), latest, span, np.zeros(len(last), bool))
    unlike = unlike_spans(frame, rows, first, last)  # a combined figure (ytd) against a single period
    if unlike is not None:
        history = {name: np.where(unlike, np.nan, values) for name, values in history.items()}
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        exponent = years / span
        paced = latest * np.where(exponent == 1, history["multiple"], history["multiple"] ** exponent)
        # a multiple beyond a float (1e-300 to 1e300) whose rate is not: through the rate
        projected = np.where(np.isfinite(paced), paced, latest * (1 + history["cagr_pct"] / 100) ** years)
        projected = np.where(np.isnan(history["cagr_pct"]), np.nan, projected)
    out = pd.DataFrame(
        {
            "entity": rows.take("entity", last),
            "indicator": rows.take("indicator", last),
            "unit": rows.take("unit", last),
            "latest_period": rows.take("period", last),
            "latest_value": latest,
            "target_period": goal.label,
            "target_value": float(value),
            "years": years.astype("float64"),
            "required_cagr_pct": needed["cagr_pct"],
            "historical_cagr_pct": history["cagr_pct"],
            "projected_value": np.where(np.isfinite(projected), projected, np.nan),
        }
    )[TARGET_COLUMNS]
    if unlike is not None:
        out.attrs["undefined"] = {"historical_cagr_pct": COMBINED_NOTES["span"]}  # the table's footnote
    return output_frame(out)
