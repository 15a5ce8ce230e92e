"""Judging claims (`indcalc.claims`): a relation stated of a figure that moved, recomputed from the
figures taken as the intervals their rounding allows.

The conventions: a percent change is (y / x - 1) x 100; percentage points y - x, basis points 100 times
that; 增长N倍 / "increased by N times" is x(N + 1) and 是…的N倍 / "N times" / "N-fold" is xN; average annual
growth is a CAGR over the years the sentence names; a share of a target is y / x x 100. A qualified
figure is met when the change is on its side: above it ("more than", 超过, 逾, 翻了一番多), just below it
within a fifth ("nearly", "almost", 近), within a tenth ("about", 约).
"""

from __future__ import annotations

import math
from typing import NamedTuple

from indcalc.claim_patterns import WORD_MULTIPLES
from indcalc.quantities import fmt


class Figure(NamedTuple):
    """A printed number: its value, the interval its rounding allows, and what it measures."""

    value: float
    low: float
    high: float
    percent: bool
    unit: str
    text: str
    factor: float = 1.0  # the scale word's factor: value / factor is the number as printed
    currency: str = ""  # a currency written before it: $, RMB, US$
    unit_apart: bool = True  # whether its unit is written apart from it: 3.26 bn, not 3.26bn

    def written(self, number: str | None = None) -> str:
        """The figure as written, with its currency, scale word and unit, or `number` in its place (in
        the same scale and unit, spaced as the figure is, its thousands separated as the figure's
        are): ``$1.52 billion``, ``4.8亿美元``, ``5.45%``, ``£3.26bn``, ``1 250 000``.

        Example:
            >>> dollars = Figure(1.52e9, 1.515e9, 1.525e9, False, "billion", "1.52", 1e9, "$")
            >>> dollars.written(), dollars.written("1.36")
            ('$1.52 billion', '$1.36 billion')
            >>> Figure(4.8e8, 4.75e8, 4.85e8, False, "亿美元", "4.8", 1e8).written()
            '4.8亿美元'
            >>> pounds = Figure(3.26e9, 3.255e9, 3.265e9, False, "bn", "3.26", 1e9, "£", unit_apart=False)
            >>> pounds.written("2.54")
            '£2.54bn'
            >>> Figure(1.3e6, 1.3e6, 1.3e6, False, "", "1 300 000").written("1,250,000")
            '1 250 000'
        """
        if number is None and self.percent:
            return self.text
        if number is not None and "," in number and not self.text.isdigit() and "," not in self.text:
            spaced = next((c for c in " \u00a0\u202f" if c in self.text), None)  # 1 250 000
            number = number.replace(",", spaced) if spaced else number
        return self.currency + with_unit(self.text if number is None else number, self.unit, self.unit_apart)


def with_unit(number: str, unit: str, apart: bool = True) -> str:
    """A figure and its unit as written: ``19.81亿元`` (a unit in Chinese follows its figure), else
    with a space, ``1.99 billion yuan``, unless the figure was written without one (not `apart`:
    ``3.26bn``, ``2.5k tons``).

    Example:
        >>> with_unit("19.81", "亿元"), with_unit("1.99", "billion yuan"), with_unit("3", "")
        ('19.81亿元', '1.99 billion yuan', '3')
        >>> with_unit("3.26", "bn", apart=False)
        '3.26bn'
    """
    return f"{number}{unit}" if not unit or not unit[0].isascii() or not apart else f"{number} {unit}"


def _stated_interval(text: str) -> tuple[float, float]:
    decimals = len(text.split(".")[1]) if "." in text else 0
    half = 0.5 * 10**-decimals
    value = float(text)
    return value - half, value + half


def _overlaps(low: float, high: float, other_low: float, other_high: float) -> bool:
    return low <= other_high and other_low <= high


def describe(x: Figure, y: Figure) -> str:
    """What the figures give; never starting with + or -, so spreadsheets read it as text.

    Example:
        >>> describe(Figure(5.6, 5.55, 5.65, True, "%", "5.6%"), Figure(5.2, 5.15, 5.25, True, "%", "5.2%"))
        '×0.93, -7.14%, -0.40 pp'
        >>> less, level = (Figure(v, v, v, False, "", "") for v in (-17.8e6, 31.2e6))  # up 49,000,000
        >>> describe(less, level)
        'change +49,000,000'
    """
    if x.value <= 0:
        change = y.value - x.value
        return f"change {'+' if change >= 0 else ''}{fmt(change, 6)}"
    text = f"×{y.value / x.value:.2f}, {(y.value / x.value - 1) * 100:+.2f}%"
    return text + (f", {y.value - x.value:+.2f} pp" if x.percent and y.percent else "")


class Relation(NamedTuple):
    """A relation stated in a sentence: its kind, its direction (1 up, -1 down, 0 either way), the figure
    as written, a qualifier ("gt" more than, "lt" nearly, "about") and where it is."""

    kind: str
    sign: int
    stated: str
    qualifier: str = ""
    start: int = 0
    end: int = 0


def judge(
    relation: Relation,
    x: Figure,
    y: Figure,
    years: int | None = None,
    ratio: tuple[float, float] | None = None,
) -> tuple[str, str]:
    """(verdict, note) of a stated relation against a transition x -> y, over `years` for a CAGR.

    y / x is taken as low as the lowest y over the highest x, as high as the highest over the lowest,
    unless `ratio` gives its interval: where x is y less the change stated of it, the two are rounded
    as one (2.5 million less an exact 49,000 is 2.0%, whatever 2.5 million was rounded from).

    Example:
        >>> x, y = Figure(3, 3, 3, False, "", "3"), Figure(6, 6, 6, False, "", "6")
        >>> judge(Relation("times_more", 1, "2"), x, y)  # 增长2倍 is x3; 3 -> 6 is x2
        ('inconsistent', '增长2倍 is ×3: the figures give ×2.00')
        >>> judge(Relation("cagr", 1, "14.9"), x, y, years=5)[0]  # 2 ** (1 / 5) = 1.1487
        'consistent'
    """
    kind, sign, stated, qualifier = relation[:4]
    if x.low <= 0:
        return "info", "growth from a zero or negative base is undefined"
    if ratio is None:
        ratio = (y.low / x.high if math.isfinite(x.high) else 0.0), y.high / x.low
    ratio_low, ratio_high = ratio
    exact_ratio = y.value / x.value
    if kind == "word":
        exact = WORD_MULTIPLES[stated.lower()]
        ok = _qualified(qualifier, ratio_low, ratio_high, exact, exact * 0.95, exact * 1.05)
        meant = {"gt": "more than ", "lt": "just under ", "about": "about "}.get(qualifier, "")
        note = f"the figures give ×{exact_ratio:.2f}, not {meant}×{exact:g}" if not ok else ""
        return ("consistent" if ok else "inconsistent"), note
    low, high = _stated_interval(stated)
    if kind in ("multiple", "times_more"):
        extra = 1 if kind == "times_more" else 0  # 增长2倍 is x3
        ok = _qualified(qualifier, ratio_low, ratio_high, float(stated) + extra, low + extra, high + extra)
        note = "" if ok else f"the figures give ×{exact_ratio:.2f}"
        if extra:
            note = f"增长{stated}倍 is ×{float(stated) + 1:g}" + (f": {note}" if note else "")
        return ("consistent" if ok else "inconsistent"), note
    if kind == "share":
        ok = _overlaps(ratio_low * 100, ratio_high * 100, low, high)
        return ("consistent", "") if ok else ("inconsistent", f"the figures give {exact_ratio * 100:.2f}%")
    if kind in ("pp", "bp"):
        if not (x.percent and y.percent):
            return "info", "percentage points of figures that are not percents"
        per_point = 100 if kind == "bp" else 1
        pp_low, pp_high = (y.low - x.high) * per_point, (y.high - x.low) * per_point
        if sign:  # "down 0.6 percentage points": the change itself, its sign included
            ok = _overlaps(pp_low, pp_high, *((low, high) if sign > 0 else (-high, -low)))
        else:  # "by 0.6 percentage points": the size of the change, either way
            size_low = 0.0 if pp_low <= 0 <= pp_high else min(abs(pp_low), abs(pp_high))
            ok = _overlaps(size_low, max(abs(pp_low), abs(pp_high)), low, high)
        unit = "bp" if kind == "bp" else "pp"
        change = (y.value - x.value) * per_point
        if not ok:
            return "inconsistent", f"the figures give {change:+.2f} {unit}"
        direction = sign or (1 if change >= 0 else -1)  # "by N points": either way, as the change went
        return "consistent", _rounding_note(stated, change, direction, x, y, pp_low, pp_high, f" {unit}")
    signed_low, signed_high = (low, high) if sign > 0 else (-high, -low)
    if kind == "cagr":
        if not years:
            return "info", "average annual growth, but no years named"
        root = 1 / years
        pct_low, pct_high = (ratio_low**root - 1) * 100, (ratio_high**root - 1) * 100
        change = (exact_ratio**root - 1) * 100
        ok = _qualified(qualifier, *_sized(pct_low, pct_high, sign), float(stated), low, high)
        note = f"average annual growth over {years} years: the figures give {change:+.2f}% a year"
        return ("consistent" if ok else "inconsistent"), note
    pct_low, pct_high = (ratio_low - 1) * 100, (ratio_high - 1) * 100
    change = (exact_ratio - 1) * 100
    magnitude = (pct_low, pct_high) if sign > 0 else (-pct_high, -pct_low)
    if _qualified(qualifier, *magnitude, float(stated), low, high):
        return "consistent", "" if qualifier else _rounding_note(
            stated, change, sign, x, y, pct_low, pct_high
        )
    if x.percent and y.percent and not qualifier:
        points_low, points_high = y.low - x.high, y.high - x.low
        if _overlaps(points_low, points_high, signed_low, signed_high):
            return "inconsistent", (
                f"{stated}% is the change in percentage points ({y.value - x.value:+.2f} pp); "
                f"the relative change is {change:+.2f}%: probably meant {stated} percentage points"
            )
    meant = f", not {_QUALIFIER_LABELS[qualifier]}{stated}%" if qualifier else ""
    return "inconsistent", f"the figures give {change:+.2f}%{meant}"


def _sized(low: float, high: float, sign: int) -> tuple[float, float]:
    """A computed change [low, high] as a stated figure of direction `sign` measures it: itself (up), its
    fall (down), or its size either way (0).

    Example:
        >>> _sized(-4.5, -4.2, -1), _sized(-4.5, -4.2, 0), _sized(-1.0, 2.0, 0)
        ((4.2, 4.5), (4.2, 4.5), (0.0, 2.0))
    """
    if sign > 0:
        return low, high
    if sign < 0:
        return -high, -low
    if low <= 0 <= high:
        return 0.0, max(-low, high)
    return min(abs(low), abs(high)), max(abs(low), abs(high))


def _qualified(
    qualifier: str, low: float, high: float, stated: float, stated_low: float, stated_high: float
) -> bool:
    """Whether a computed interval [low, high] (a size: a fall counted as positive) fits a stated figure:
    above it ("more than"), just below it, within a fifth ("nearly"), within a tenth ("about"), or
    within its rounding."""
    if qualifier == "gt":
        return high > stated
    if qualifier == "lt":
        return low < stated and high >= stated * 0.8
    if qualifier == "about":
        return _overlaps(low, high, stated * 0.9, stated * 1.1)
    return _overlaps(low, high, stated_low, stated_high)


def _rounding_note(
    stated: str, change: float, sign: int, x: Figure, y: Figure, low: float, high: float, unit: str = "%"
) -> str:
    """When only the rounding of the figures makes a stated change fit, a note that says so: a percent
    change, or one in points (`unit` " pp" or " bp").

    Example:
        >>> x, y = Figure(2.1, 2.05, 2.15, True, "%", "2.1%"), Figure(2.5, 2.45, 2.55, True, "%", "2.5%")
        >>> _rounding_note("0.3", 0.4, 1, x, y, 0.3, 0.5, " pp")
        '2.1% and 2.5% may be rounded: 0.3 to 0.5 pp (exactly +0.40 pp)'
    """
    decimals = len(stated.split(".")[1]) if "." in stated else 0
    if round(abs(change), decimals) == float(stated) and (change >= 0) == (sign > 0):
        return ""
    shown = max(1, decimals)  # as finely as the stated figure: 0.01% is not -0.0%-0.0%
    interval = (  # 5.8%-6.1%; -0.5 to -0.3 pp
        f"{low:.{shown}f}{unit}-{high:.{shown}f}{unit}"
        if unit == "%"
        else f"{low:.{shown}f} to {high:.{shown}f}{unit}"
    )
    exactly = f"{change:+.{max(2, decimals + 1)}f}{unit}"
    return f"{x.written()} and {y.written()} may be rounded: {interval} (exactly {exactly})"


_QUALIFIER_LABELS = {"gt": "more than ", "lt": "nearly ", "about": "about ", "": ""}


def stated_label(relation: Relation) -> str:
    """How a relation is shown in the stated column.

    Example:
        >>> stated_label(Relation("pct", 1, "15", "gt")), stated_label(Relation("pp", -1, "0.4"))
        ('up more than 15%', 'down 0.4 pp')
    """
    kind, sign, stated, qualifier = relation[:4]
    if kind == "pct":  # "up more than 15%"
        return f"{'up' if sign > 0 else 'down'} {_QUALIFIER_LABELS[qualifier]}{stated}%"
    if kind == "times_more":
        label = f"×{fmt(float(stated) + 1, 4)}"
    elif kind in _LABELS:
        label = _LABELS[kind].format(stated.lower() if kind == "word" else stated)
    else:
        label = f"{'up' if sign > 0 else 'down'} {stated}%"
    if (kind in ("pp", "bp") and sign) or (kind == "cagr" and sign < 0):
        label = f"{'up' if sign > 0 else 'down'} {label}"
    return _QUALIFIER_LABELS[qualifier] + label


_LABELS = {
    "word": "{}",
    "multiple": "×{}",
    "pp": "{} pp",
    "bp": "{} bp",
    "share": "{}% of",
    "cagr": "{}% a year",
}
