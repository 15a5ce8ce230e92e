"""Exact decimal arithmetic and the growth formulas, vectorised over arrays.

Definitions (``from`` and ``to`` are the values of the first and last period):

- ``change = to - from``, to the decimals of the figures: a difference of figures written to d
  decimals has at most d, so 43.9 - 25.9 is 18 and 8.2 - 5.6 is 2.6 (not 2.5999999999999996). The
  decimals of a figure are the fewest that give it back (`decimals`: 25.90 and 25.9 are one figure),
  counting at most 15 significant digits; a figure with more (a ratio) gives the plain float
  difference. Ratios (pct_change, multiple, cagr_pct) keep full precision.
- ``pct_change = (to - from) / from * 100`` (the same as ``(to / from - 1) * 100``, with less rounding
  error; that form where ``to - from`` is beyond a float: 1e308 to -1e308 is -200%) and
  ``multiple = to / from``: empty when ``from <= 0`` (growth from a zero or negative base is
  undefined, as official statistics treat it). Both are worked out on the figures as the decimals
  they are written as, as whole numbers of their last decimal place (`formulas.whole_numbers`:
  5.45 -> 16 is 1055 * 100 / 545), each rounded once: so they do not depend on the scale the
  figures are on (0.11 -> 0.121 million and 0.0011 -> 0.00121 亿 are both 10%, to the last bit),
  and ``cagr_pct``, worked out from ``multiple``, neither. A figure with no decimal form (a ratio
  such as 1/3, or one of more than 15 significant digits) gives the float formulas.
- ``pp_change = to - from`` (as ``change``), only for percent units (``%``, ``％``, ``percent``, ``pct``,
  ``per cent``)
- ``years = (to ordinal - from ordinal) / periods per year``
- ``cagr_pct = ((to / from) ** (1 / years) - 1) * 100``: empty when years is 0, ``from <= 0`` or ``to < 0``;
  where ``to / from`` is beyond a float (1e-300 to 1e300 in 10 years), ``to ** (1 / years) / from **
  (1 / years)`` is the multiple a year
- a figure too large for a 64-bit float is empty rather than infinite; one that fits is given even
  when a step on the way to it would not
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import pandas as pd

from indcalc import formulas
from indcalc.quantities import is_percent_unit


def decimals(values: np.ndarray) -> np.ndarray:
    """`formulas.decimals` of each value, vectorised: int8, -1 where a value has no decimal form.

    Worked in blocks of 2**16 values, so that its temporaries stay small beside a large table.

    Example:
        >>> decimals(np.array([25.9, 18.0, 0.008, 1 / 3, np.nan])).tolist()
        [1, 0, 3, -1, -1]
    """
    values = np.asarray(values, dtype="float64")
    flat = values.ravel()
    out = np.empty(len(flat), dtype="int8")
    block = 1 << 16
    sample = _many_decimals(flat[:_SAMPLE])
    few = min(int(sample.max(initial=-1)) + 1, _FEW) if 10 * (sample >= 0).sum() >= 9 * len(sample) else 0
    for start in range(0, len(flat), block):  # a few dozen blocks for millions of values
        out[start : start + block] = _decimals(flat[start : start + block], few)
    return out.reshape(values.shape)


_POWERS = 10.0 ** np.arange(formulas.SIGNIFICANT_DIGITS + 1)
_TENS = 10 ** np.arange(formulas.SIGNIFICANT_DIGITS + 1, dtype="int64")
_TINY = np.finfo("float64").tiny  # the smallest normal float: a ratio below it has lost digits


#: Values whose decimals tell how many to try one by one (`_decimals`), and the most tried.
_SAMPLE, _FEW = 512, 6


def _decimals(values: np.ndarray, few: int) -> np.ndarray:
    """`decimals` of one block of values, trying each d below `few` first.

    Figures as published have a few decimals: when nine in ten of the first values have a decimal
    form, each d up to their most (below `_FEW`) is tried on every value still open, as
    `formulas.decimals` tries them (``rint(v * 10**d) / 10**d == v``, the fewest d that holds), on
    values small enough for d to be within 15 significant digits; the rest take the general steps
    (`_many_decimals`). The new user's 2.05M shares to one or two decimals: 0.05 against 0.13 s;
    2M figures to four decimals 0.04 against 0.11 s; ratios (no decimal form) as before.
    """
    if not few:
        return _many_decimals(values)
    out = np.full(len(values), -1, dtype="int8")
    size = np.abs(values)
    open_ = np.ones(len(values), dtype=bool)
    with np.errstate(invalid="ignore", over="ignore"):
        for d in range(few):
            scale = _POWERS[d]
            hit = np.rint(values * scale) / scale == values
            # below half of 10**(15 - d), d decimals are within 15 significant digits (`most` >= d)
            hit &= open_ & (size < 0.5 * _POWERS[formulas.SIGNIFICANT_DIGITS - d])
            out[hit] = d
            open_ &= ~hit
            if not open_.any():
                return out
    rest = np.flatnonzero(open_)
    out[rest] = _many_decimals(values[rest])
    return out


def _many_decimals(values: np.ndarray) -> np.ndarray:
    """`decimals` of any values: the most decimals within 15 significant digits, less the trailing
    zeros of the figure written so."""
    out = np.full(len(values), -1, dtype="int8")
    size = np.abs(values)
    with np.errstate(divide="ignore", over="ignore", invalid="ignore"):
        # the most decimals a figure of this size has within 15 significant digits
        most = np.floor(np.log10(10.0**formulas.SIGNIFICANT_DIGITS / np.where(size > 0, size, 1)) - 1e-9)
    fits = np.isfinite(values) & (most >= 0) & ~((size > 0) & (size < 1e-16))
    at = None if fits.all() else np.flatnonzero(fits)  # None: every position
    value = values if at is None else values[at]
    most = np.minimum(most if at is None else most[at], formulas.SIGNIFICANT_DIGITS).astype("int64")
    # Written to `most` decimals, as digits: a whole number k with value == k / 10**most, or none.
    scale = _POWERS[most]
    digits = np.rint(value * scale)
    written = digits / scale == value
    if not written.all():
        at = np.flatnonzero(written) if at is None else at[written]
        digits, most = digits[written], most[written]
    # Trailing zeros of those digits are decimals the figure does not need: found by bisection.
    whole = np.abs(digits).astype("int64")  # below 10**15: exact, and integer division is fast
    low, high = np.zeros(len(most), dtype="int64"), most.copy()
    while (low < high).any():
        middle = (low + high + 1) // 2
        zeros = whole % _TENS[middle] == 0
        low = np.where(zeros, middle, low)
        high = np.where(zeros, high, middle - 1)
    out[slice(None) if at is None else at] = most - low
    return out


def difference(
    to_value: np.ndarray,
    from_value: np.ndarray,
    to_decimals: np.ndarray | None = None,
    from_decimals: np.ndarray | None = None,
) -> np.ndarray:
    """`formulas.difference` on arrays: ``to - from`` rounded to the decimals of the figures, so
    43.9 - 25.9 is 18.0, not 17.999999999999996; the plain difference where a figure has no decimal
    form. Decimals already known (`decimals` of each side) may be given.

    Example:
        >>> difference(np.array([43.9, 8.2, 16.0, 1 / 3]), np.array([25.9, 5.6, 5.45, 0.0])).tolist()
        [18.0, 2.6, 10.55, 0.3333333333333333]
    """
    to_value = np.asarray(to_value, dtype="float64")
    from_value = np.asarray(from_value, dtype="float64")
    to_decimals = decimals(to_value) if to_decimals is None else to_decimals
    from_decimals = decimals(from_value) if from_decimals is None else from_decimals
    return _Difference.of(to_value, from_value, to_decimals, from_decimals).change


class _Difference(NamedTuple):
    """`difference` and the steps to it that the ratios of the figures take again (`_ratios`)."""

    change: np.ndarray  # `difference`
    whole: np.ndarray  # to - from in whole numbers of the pair's last decimal place where `known`
    scale: np.ndarray | np.float64  # 10 ** the decimals of the pair (the more of the two); 1 where unknown;
    # or one for every pair (`_common_scale`)
    known: np.ndarray  # both figures have a decimal form
    large: np.ndarray  # known, but `whole` in hundredths is beyond a float's whole numbers

    @classmethod
    def of(
        cls, to_value: np.ndarray, from_value: np.ndarray, to_decimals: np.ndarray, from_decimals: np.ndarray
    ) -> _Difference:
        known = (to_decimals >= 0) & (from_decimals >= 0)
        with np.errstate(invalid="ignore", over="ignore"):
            plain = to_value - from_value
            common = cls._common_scale(to_value, from_value, to_decimals, from_decimals, known, plain)
            if common is not None:
                return cls._on(plain, common, known)
            digits = np.where(known, np.maximum(to_decimals, from_decimals), -1)
            scale = _POWERS[np.where(known, digits, 0)]
            whole = plain * scale
            size = np.abs(whole)
            np.rint(whole, out=whole, where=known)  # where unknown: the float difference, as it is
            np.add(whole, 0.0, out=whole, where=known)  # 0 to -0 is 0, as `formulas.difference` says
            change = whole / scale
        beyond = known & ~(size < formulas.EXACT_INTEGERS)
        for i in np.flatnonzero(beyond & np.isfinite(plain)) if beyond.any() else ():
            # more digits than a float holds (rare): the decimals subtracted exactly, rounded once
            change.flat[i] = formulas.difference(float(to_value.flat[i]), float(from_value.flat[i]))
        return cls(change, whole, scale, known, known & ~(size < _WHOLE / 100))

    @staticmethod
    def _common_scale(
        to_value: np.ndarray,
        from_value: np.ndarray,
        to_decimals: np.ndarray,
        from_decimals: np.ndarray,
        known: np.ndarray,
        plain: np.ndarray,
    ) -> float | None:
        """10 ** the most decimals of any figure, when every pair can be worked on it rather than on
        its own decimals: each pair of figures with a difference has a decimal form, and the largest
        figure on that scale is far within a float's whole numbers. Then each pair's whole numbers
        are its own times a power of ten, exact, so the difference rounds to the same float and the
        ratios (quotients of exact whole numbers, rounded once) are the same; but with one scale, not
        a gather of one per pair (the yoy kernel's difference on the benchmark's wide table, 2.4M
        rows: 44 -> 28 ms)."""
        if not plain.size or not (known | np.isnan(plain)).all():
            return None
        most = max(int(to_decimals.max()), int(from_decimals.max()))
        if most < 0:
            return None
        scale = float(_POWERS[min(most, len(_POWERS) - 1)])
        # the largest figure's size (fmax and fmin pass over NaN), far within whole numbers on the scale
        largest = max(
            max(float(np.fmax.reduce(v, axis=None)), -float(np.fmin.reduce(v, axis=None)))
            for v in (to_value, from_value)
        )
        return scale if largest * scale < _WHOLE / 1024 else None

    @classmethod
    def _on(cls, plain: np.ndarray, scale: float, known: np.ndarray) -> _Difference:
        """The steps with every pair on one `scale` (`_common_scale`)."""
        whole = plain * scale
        np.rint(whole, out=whole)
        whole += 0.0  # -0 is 0 (0 to -0 changes by 0, as `formulas.difference` says): 1.5 ms for 2.4M
        change = whole / scale
        large = known & ~(np.abs(whole) < _WHOLE / 100)
        return cls(change, whole, np.float64(scale), known, large)


def to_places(values: np.ndarray, places: np.ndarray) -> np.ndarray:
    """Each value rounded to its number of decimal places (as `formulas.difference` rounds: float for
    float); unchanged where places is negative (unknown), or where the value has more digits than a
    float holds at that many places.

    Example:
        >>> to_places(np.array([2.5999999999999996, 89.80000000000001, 1 / 3]), np.array([1, 1, -1])).tolist()
        [2.6, 89.8, 0.3333333333333333]
    """
    scale = _POWERS.take(np.maximum(places, 0))
    with np.errstate(invalid="ignore", over="ignore"):  # in place: 2M rows in 12 ms, not 21
        scaled = values * scale
        rounded = np.rint(scaled)
        rounded /= scale
        fits = np.less(np.abs(scaled, out=scaled), formulas.EXACT_INTEGERS)  # beyond: as it is
        fits &= places >= 0
        np.copyto(rounded, values, where=~fits)
    return rounded


def growth_figures(
    from_value: np.ndarray,
    to_value: np.ndarray,
    years: np.ndarray | None,
    percent: np.ndarray,
    from_decimals: np.ndarray | None = None,
    to_decimals: np.ndarray | None = None,
) -> dict[str, np.ndarray]:
    """The growth formulas (module doc) on arrays; NaN where a figure is undefined.

    Without `years` (a comparison with one earlier period) only ``change``, ``pct_change`` and
    ``pp_change`` are computed. ``change`` and ``pp_change`` are `difference`s (decimals of the
    figures, which may be given); the ratios keep full precision.

    Example:
        >>> import numpy as np
        >>> f = growth_figures(np.array([5.45]), np.array([16.0]), np.array([5.0]), np.array([True]))
        >>> [round(float(f[k][0]), 2) for k in ("change", "pct_change", "pp_change", "multiple", "cagr_pct")]
        [10.55, 193.58, 10.55, 2.94, 24.04]
    """
    from_value = np.asarray(from_value, dtype="float64")
    to_value = np.asarray(to_value, dtype="float64")
    percent = np.asarray(percent, dtype=bool)
    from_decimals = decimals(from_value) if from_decimals is None else from_decimals
    to_decimals = decimals(to_value) if to_decimals is None else to_decimals
    with np.errstate(divide="ignore", invalid="ignore", over="ignore", under="ignore"):
        steps = _Difference.of(to_value, from_value, to_decimals, from_decimals)
        change = steps.change
        pct_change, multiple = _ratios(from_value, to_value, steps, with_multiple=years is not None)
        figures = {
            "change": change,
            "pct_change": pct_change,
            "pp_change": change if percent.all() else np.where(percent, change, np.nan),
        }
        if years is not None:
            years = np.asarray(years, dtype="float64")
            based = from_value > 0
            compounding = based & (years > 0) & (to_value >= 0)
            exponent = 1 / np.where(compounding, years, 1)
            figures["multiple"] = multiple
            grown = multiple**exponent
            # to / from beyond the range of a float (1e-300 to 1e300), or in its subnormal end, while
            # its root is not: the root of each figure, then their ratio
            extreme = compounding & (to_value > 0) & ~((multiple >= _TINY) & np.isfinite(multiple))
            if extreme.any():
                safe_from = np.where(extreme, from_value, 1)
                split = np.where(extreme, to_value, 1) ** exponent / safe_from**exponent
                grown = np.where(extreme, split, grown)
            rate = np.where(years == 1, pct_change, (grown - 1) * 100)  # over one year, the change
            figures["cagr_pct"] = np.where(compounding, rate, np.nan)
    # A figure too large for a float (from a subnormal base, say) is reported as undefined, not inf.
    return {name: np.where(np.isinf(v), np.nan, v) if np.isinf(v).any() else v for name, v in figures.items()}


def multiples(
    from_value: np.ndarray,
    to_value: np.ndarray,
    from_decimals: np.ndarray | None = None,
    to_decimals: np.ndarray | None = None,
) -> np.ndarray:
    """``to / from`` of each pair of figures, as the decimals they are written as (module doc), so
    the same on any scale; NaN where ``from <= 0``.

    Example:
        >>> multiples(np.array([0.11, 0.0011, 5.45, 0.0]), np.array([0.121, 0.00121, 16.0, 3.0])).tolist()
        [1.1, 1.1, 2.9357798165137616, nan]
    """
    from_value = np.asarray(from_value, dtype="float64")
    to_value = np.asarray(to_value, dtype="float64")
    from_decimals = decimals(from_value) if from_decimals is None else from_decimals
    to_decimals = decimals(to_value) if to_decimals is None else to_decimals
    with np.errstate(divide="ignore", invalid="ignore", over="ignore", under="ignore"):
        steps = _Difference.of(to_value, from_value, to_decimals, from_decimals)
        return _ratios(from_value, to_value, steps, with_multiple=True)[1]


#: Below this a float holds every whole number: a product or quotient of whole numbers below it is
#: rounded once.
_WHOLE = 2.0**53


def _ratios(
    from_value: np.ndarray, to_value: np.ndarray, steps: _Difference, *, with_multiple: bool
) -> tuple[np.ndarray, np.ndarray | None]:
    """pct_change and multiple (NaN where ``from <= 0``; multiple None unless `with_multiple`), as
    `formulas.figures` works them out: on the figures as whole numbers of their last decimal place
    (`formulas.whole_numbers`), ``(to - from) * 100 / from`` and ``to / from`` are divisions of exact
    floats, each rounded once, as Python rounds a division of its integers, and so the same whatever
    the scale of the figures. Where a figure has no decimal form: the floats as they are.

    The difference in whole numbers is `difference`'s own step (`_Difference.whole`): beside it only
    the base is made whole. The few pairs whose difference in hundredths is beyond a float's whole
    numbers (more than 15 significant digits in all) are worked out one by one in Python's integers.
    """
    scale, known = steps.scale, steps.known
    whole_from = from_value * scale  # scale 1 where a figure has no decimal form: the float as it is
    np.rint(whole_from, out=whole_from, where=known)
    based = from_value > 0
    hundredfold = steps.whole * 100
    shape = np.broadcast_shapes(hundredfold.shape, whole_from.shape)
    pct_change = np.divide(hundredfold, whole_from, out=np.full(shape, np.nan), where=based)
    multiple = None
    if with_multiple:
        whole_to = np.where(known, whole_from + steps.whole, to_value)
        multiple = np.divide(whole_to, whole_from, out=np.full(shape, np.nan), where=based)
    overflowed = np.isinf(hundredfold)
    if overflowed.any():  # 1e308 to -1e308: to - from is too large, (to / from - 1) * 100 is -200
        ratio = to_value / np.where(based, from_value, 1)
        pct_change = np.where(overflowed & based, (ratio - 1) * 100, pct_change)
    if steps.large.any():
        for i in np.flatnonzero(steps.large & based):  # in Python's integers, rounded once
            exact_from, exact_to = formulas.whole_numbers(float(from_value.flat[i]), float(to_value.flat[i]))
            pct_change.flat[i] = (exact_to - exact_from) * 100 / exact_from
            if multiple is not None:
                multiple.flat[i] = exact_to / exact_from
    return pct_change, multiple


def _percent(units: pd.Categorical) -> np.ndarray:
    """Whether each row's unit is a percent, computed once per distinct unit."""
    flags = np.array([is_percent_unit(str(u)) for u in units.categories], dtype=bool)
    return flags[np.asarray(units.codes)] if len(flags) else np.zeros(len(units), dtype=bool)
