"""The growth formulas on single figures, in plain Python: no numpy, no pandas, so `indcalc calc`
starts in a fraction of the time it takes to import pandas.

`indcalc.arithmetic.growth_figures` is the vectorised twin for whole series; a property test checks that
the two agree. Definitions are in `indcalc.arithmetic`.
"""

from __future__ import annotations

import math
import sys
from dataclasses import dataclass
from fractions import Fraction

from indcalc.errors import UsageError
from indcalc.schema import GROWTH_COLUMNS


@dataclass(frozen=True)
class Rows:
    """A small result built without pandas: column names and rows of str, float or None (undefined).

    `indcalc.render` writes it as it writes a DataFrame.
    """

    columns: list[str]
    rows: list[list[object]]

    def __len__(self) -> int:
        """The number of rows, as ``len`` of a DataFrame (a table in a terminal counts them)."""
        return len(self.rows)


#: Figures are read to at most this many significant digits (a float holds 15 faithfully).
SIGNIFICANT_DIGITS = 15


def decimals(value: float) -> int | None:
    """The decimals a figure is written to: the fewest d with ``round(value, d) == value``, those of
    its shortest form (``repr``: 25.90 and 25.9 are one figure), counting at most 15 significant
    digits (what a float holds); None for a figure with more (a ratio such as 1/3), or not finite.
    The same steps as the vectorised `indcalc.arithmetic.decimals`, so both agree on every float.

    Example:
        >>> decimals(25.9), decimals(18.0), decimals(0.008), decimals(1 / 3), decimals(1e-20)
        (1, 0, 3, None, None)
    """
    size = abs(value)
    if not math.isfinite(value) or 0 < size < 1e-16:  # none of 0.000...001 to 15 decimals
        return None
    limit = 10.0**SIGNIFICANT_DIGITS

    def close(digits: int) -> bool:
        scale = 10.0**digits
        return round(value * scale) / scale == value

    most = math.floor(math.log10(limit / (size if size > 0 else 1)) - 1e-9)
    return next((d for d in range(min(most, SIGNIFICANT_DIGITS) + 1) if close(d)), None)


def difference(to_value: float, from_value: float) -> float:
    """``to_value - from_value`` as decimals: a difference of figures written to d decimals has at most
    d, so 43.9 - 25.9 is 18.0 and 8.2 - 5.6 is 2.6 (not 2.5999999999999996). A figure with no
    decimal form (see `decimals`) gives the plain float difference.

    Example:
        >>> difference(43.9, 25.9), difference(8.2, 5.6), difference(16, 5.45), difference(1 / 3, 0)
        (18.0, 2.6, 10.55, 0.3333333333333333)
    """
    change = to_value - from_value
    to_digits, from_digits = decimals(to_value), decimals(from_value)
    if to_digits is None or from_digits is None or not math.isfinite(change):
        return change
    scale = 10.0 ** max(to_digits, from_digits)  # as numpy rounds, so both give the same float
    if not abs(change * scale) < EXACT_INTEGERS:  # more digits than a float holds: rounding adds error,
        # and the float difference may be the float next to the decimal one: the decimals subtracted
        # exactly, rounded once (-65536.3875108267 - 983040.160177859 is ...6856, not ...6858)
        return float(_written(to_value, to_digits) - _written(from_value, from_digits))
    return round(change * scale) / scale


def _written(value: float, digits: int) -> Fraction:
    """A figure as the decimal it is written as (`decimals` of it are `digits`): k / 10**digits."""
    return Fraction(round(value * 10.0**digits), 10**digits)


def whole_numbers(from_value: float, to_value: float) -> tuple[int, int] | None:
    """Two figures as whole numbers of the last decimal place of the one with more: 5.45 and 16 are
    545 and 1600 hundredths, and 0.0011 and 0.00121 (110 and 121) the same numbers as 0.11 and 0.121.
    Their ratio is the ratio of the decimals as written, whatever the scale they are on; None when a
    figure has no decimal form (`decimals`).

    Example:
        >>> whole_numbers(5.45, 16), whole_numbers(0.0011, 0.00121), whole_numbers(1 / 3, 1)
        ((545, 1600), (110, 121), None)
    """
    from_digits, to_digits = decimals(from_value), decimals(to_value)
    if from_digits is None or to_digits is None:
        return None
    most = max(from_digits, to_digits)
    return (
        round(from_value * 10.0**from_digits) * 10 ** (most - from_digits),
        round(to_value * 10.0**to_digits) * 10 ** (most - to_digits),
    )


#: Below this a float holds every integer exactly, so a difference scaled to whole units rounds exactly;
#: at or above it (-90.99993896484375 to 14 decimals) rounding would add an error, not remove one.
EXACT_INTEGERS = 2.0**52

_TINY = sys.float_info.min  # the smallest normal float: a ratio below it has lost digits


def _power(base: float, exponent: float) -> float:
    """``base ** exponent``, infinite when too large for a float (as numpy gives it)."""
    try:
        return base**exponent
    except OverflowError:
        return math.inf


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
    if not (math.isfinite(from_value) and math.isfinite(to_value)):  # a base too large for a float
        return dict.fromkeys(("change", "pct_change", "pp_change", "multiple", "cagr_pct"))
    change = difference(to_value, from_value)
    based = from_value > 0
    multiple = pct_change = None
    wholes = whole_numbers(from_value, to_value) if based else None
    if wholes:
        # the ratios of the decimals as written, each rounded once (Python's int division rounds
        # correctly): 0.1 to 0.3 is 200%, not 199.99999999999997, 5.6 to 8.2 is 2600 / 56 =
        # 46.42857142857143, and 0.11 to 0.121 is 10% on any scale (million or 亿)
        whole_from, whole_to = wholes
        multiple = whole_to / whole_from
        pct_change = (whole_to - whole_from) * 100 / whole_from
    elif based:  # a figure with no decimal form (a ratio): the floats
        multiple = to_value / from_value
        hundredfold = (to_value - from_value) * 100  # 1e308 to -1e308: too large, (to / from - 1) * 100
        pct_change = hundredfold / from_value if math.isfinite(hundredfold) else (multiple - 1) * 100
    cagr = None
    if based and years is not None and years > 0 and to_value >= 0:
        exponent = 1 / years
        try:
            if to_value > 0 and not _TINY <= multiple < math.inf:  # as compute.growth_figures
                grown = _power(to_value, exponent) / _power(from_value, exponent)
            else:
                grown = multiple**exponent
            # over one year the rate is the change: 100 to 110 is 10%, not 10.000000000000009
            cagr = pct_change if years == 1 else (grown - 1) * 100
        except (OverflowError, ZeroDivisionError):
            cagr = None
    return {
        "change": _finite(change),
        "pct_change": _finite(pct_change),
        "pp_change": _finite(change) if percent else None,
        "multiple": _finite(multiple),
        "cagr_pct": _finite(cagr),
    }


def calc(
    from_value: float,
    to_value: float,
    *,
    years: float | None = None,
    percent: bool = False,
    unit: str | None = None,
) -> Rows:
    """Growth between two figures read in a report, in the columns of `indcalc growth`.

    ``unit`` (default ``%`` for percents, else empty) is the unit column: the scale of figures
    written with one (``亿`` for 27.4亿 and 30亿).

    Example:
        >>> row = dict(zip(GROWTH_COLUMNS, calc(5.45, 16, years=5, percent=True).rows[0]))
        >>> round(row["pp_change"], 2), round(row["cagr_pct"], 2)
        (10.55, 24.04)
    """
    if years is not None and not years >= 0:
        raise UsageError(f"--years must be zero or more, not {years:g}")
    f = figures(from_value, to_value, years, percent)
    if unit is None:
        unit = "%" if percent else ""
    row = ["", "", unit, "", "", _finite(float(from_value)), _finite(float(to_value))]  # too large: empty
    row += [f["change"], f["pct_change"], f["pp_change"], f["multiple"], years, f["cagr_pct"]]
    return Rows(list(GROWTH_COLUMNS), [row])


def implied_base(
    value: float, *, growth_pct: float | None = None, pp: float | None = None, unit: str | None = None
) -> Rows:
    """The earlier figure implied by a figure and its stated growth; the columns of `calc`.

    ``growth_pct``: base = value / (1 + growth_pct / 100), for "85.2 billion yuan, up 28.6%".
    ``pp``: base = value - pp, for a percent "3.7 percentage points above" another (a `difference`).
    ``unit``: as in `calc`.

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
        grown = calc(value / (1 + growth_pct / 100), value, unit=unit)
        if grown.rows[0][GROWTH_COLUMNS.index("from_value")] is not None:  # a base: growth as stated
            grown.rows[0][GROWTH_COLUMNS.index("pct_change")] = float(growth_pct)
        return grown
    return calc(difference(value, pp), value, percent=True, unit=unit)


def implied_total(value: float, share_pct: float) -> Rows:
    """The total of which `value` is `share_pct` percent: total = value / (share_pct / 100).

    Example:
        >>> [round(v, 2) for v in implied_total(2.74, 6.35).rows[0]]
        [2.74, 6.35, 43.15]
    """
    if not share_pct > 0:
        raise UsageError(f"--share {share_pct:g}: a share must be more than 0%")
    return Rows(
        ["value", "share_pct", "total"],
        [[float(value), float(share_pct), _finite(value / (share_pct / 100))]],
    )
