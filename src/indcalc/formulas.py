"""The growth formulas on single figures, in plain Python: no numpy, no pandas, so `indcalc calc`
starts in a fraction of the time it takes to import pandas.

`indcalc.compute.growth_figures` is the vectorised twin for whole series; a property test checks that
the two agree. Definitions are in `indcalc.compute`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from indcalc.errors import UsageError

GROWTH_COLUMNS = [
    "entity",
    "indicator",
    "unit",
    "from_period",
    "to_period",
    "from_value",
    "to_value",
    "change",
    "pct_change",
    "pp_change",
    "multiple",
    "years",
    "cagr_pct",
]
PERCENT_UNITS = frozenset({"%", "％", "percent", "pct", "per cent", "percentage"})


@dataclass(frozen=True)
class Rows:
    """A small result built without pandas: column names and rows of str, float or None (undefined).

    `indcalc.render` writes it as it writes a DataFrame.
    """

    columns: list[str]
    rows: list[list[object]]


def is_percent_unit(unit: str) -> bool:
    """Whether a unit marks a percent (so changes are also given in percentage points).

    Example:
        >>> is_percent_unit(" Percent "), is_percent_unit("％"), is_percent_unit("billion yuan")
        (True, True, False)
    """
    return unit.strip().casefold() in PERCENT_UNITS


def _finite(value: float | None) -> float | None:
    return value if value is not None and math.isfinite(value) else None


def figures(
    from_value: float, to_value: float, years: float | None, percent: bool
) -> dict[str, float | None]:
    """change, pct_change, pp_change, multiple and cagr_pct of one pair of figures; None where undefined.

    Example:
        >>> f = figures(5.45, 16, 5, True)
        >>> [round(f[k], 2) for k in ("change", "pct_change", "pp_change", "multiple", "cagr_pct")]
        [10.55, 193.58, 10.55, 2.94, 24.04]
        >>> figures(0, 5, 5, False)["pct_change"] is None
        True
    """
    change = to_value - from_value
    based = from_value > 0
    multiple = to_value / from_value if based else None
    cagr = None
    if based and years is not None and years > 0 and to_value >= 0:
        try:
            cagr = ((to_value / from_value) ** (1 / years) - 1) * 100
        except OverflowError:
            cagr = None
    return {
        "change": _finite(change),
        "pct_change": _finite(change / from_value * 100) if based else None,
        "pp_change": _finite(change) if percent else None,
        "multiple": _finite(multiple),
        "cagr_pct": _finite(cagr),
    }


def calc(from_value: float, to_value: float, *, years: float | None = None, percent: bool = False) -> Rows:
    """Growth between two figures read in a report, in the columns of `indcalc growth`.

    Example:
        >>> row = dict(zip(GROWTH_COLUMNS, calc(5.45, 16, years=5, percent=True).rows[0]))
        >>> round(row["pp_change"], 2), round(row["cagr_pct"], 2)
        (10.55, 24.04)
    """
    if years is not None and not years >= 0:
        raise UsageError(f"--years must be zero or more, not {years:g}")
    f = figures(from_value, to_value, years, percent)
    row = ["", "", "%" if percent else "", "", "", float(from_value), float(to_value)]
    row += [f["change"], f["pct_change"], f["pp_change"], f["multiple"], years, f["cagr_pct"]]
    return Rows(list(GROWTH_COLUMNS), [row])


def implied_base(value: float, *, growth_pct: float | None = None, pp: float | None = None) -> Rows:
    """The earlier figure implied by a figure and its stated growth; the columns of `calc`.

    ``growth_pct``: base = value / (1 + growth_pct / 100), for "85.2 billion yuan, up 28.6%".
    ``pp``: base = value - pp, for a percent "3.7 percentage points above" another.

    Example:
        >>> round(implied_base(85.2, growth_pct=28.6).rows[0][5], 2)
        66.25
        >>> round(implied_base(6.35, pp=3.7).rows[0][5], 2)
        2.65
    """
    if (growth_pct is None) == (pp is None):
        raise UsageError("give one of --growth and --pp")
    if growth_pct is not None:
        if not growth_pct > -100:
            raise UsageError(f"--growth {growth_pct:g}: a fall of 100% or more has no base")
        return calc(value / (1 + growth_pct / 100), value)
    return calc(value - pp, value, percent=True)


def implied_total(value: float, share_pct: float) -> Rows:
    """The total of which `value` is `share_pct` percent: total = value / (share_pct / 100).

    Example:
        >>> [round(v, 2) for v in implied_total(2.74, 6.35).rows[0]]
        [2.74, 6.35, 43.15]
    """
    if not share_pct > 0:
        raise UsageError(f"--share {share_pct:g}: a share must be more than 0%")
    return Rows(
        ["value", "share_pct", "total"], [[float(value), float(share_pct), value / (share_pct / 100)]]
    )
