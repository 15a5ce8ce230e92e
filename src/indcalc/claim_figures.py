"""The figures of claims (`indcalc.claims`): a number as printed, read from a match of a pattern of
`indcalc.claim_patterns` as the interval its rounding allows (5.45 means 5.445 to 5.455; a whole number
without a scale word is exact), with its scale word, percent mark and unit.
"""

from __future__ import annotations

import functools
import math
import re

from indcalc.claim_judging import Figure
from indcalc.claim_patterns import CURRENCY_CODES, DOLLAR_OF, MONTH_NAMES
from indcalc.quantities import VALUE_SCALES, join_unit
from indcalc.unit_names import CURRENCY_NAMES, base_key, is_currency, split_unit

# after a figure: an ordinal's ending, or a range's, a date's, a time's or a phone number's next part
_NOT_VALUE_AFTER = re.compile(r"(?:st|nd|rd|th)\b|[-/:]\d", re.I)
_DATE_MARKS = frozenset("月日时号")
# a month's name after a day (2 to 6 March, 1 to 7 Oct.): a date; "may" in lower case is the verb
_MONTH = rf"(?P<month>{MONTH_NAMES})"
_MONTH_AFTER = re.compile(rf"\s+{_MONTH}\b", re.I)
# a month's name before a day (March 2, Oct. 10), or before the day that starts a range of them
# (March 2 to 6, March 2-6, March 2 and 3)
_MONTH_BEFORE = re.compile(
    rf"(?<![^\W\d_]){_MONTH}\.?\s+(?:\d{{1,2}}(?:st|nd|rd|th)?,?\s*(?:to|through|until|till|and|[-–—])\s*)?\Z",
    re.I,
)
_APART = frozenset(" \t\u00a0\u202f-")  # between a figure and its unit: 3.26 bn, 8-million
_GROUPS = {name: (name, f"{name}_scale", f"{name}_pct", f"{name}_unit", f"{name}_plus") for name in "xyi"}
_SPANS_OF_TIME = ("个月", "季度", "年", "月", "周", "天", "日", "小时")
_TAILS = {name: f"{name}_tail" for name in "xyi"}
_TAILS_OF_YEARS = (
    "年",
    "财年",
    "届",
    "版",
    "级",
    "款",
)  # 2025年, 2024年度, 2024财年, 2023届: years  # the rest of a unit in Chinese (`_zh_unit`)
# the unit in a tail: letters, or a unit per unit (元/吨); not what qualifies the figure (左右, 以上, 多)
# a currency written before a figure ($1.52 billion, RMB56.2 billion, USD 3.0 billion, US$, HK$, C$, with
# a space or not: US$ 1.52 billion), as `claim_patterns._CUR`
_CURRENCY_ENDS = frozenset("$£€¥￥ abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")  # RMB, USD
# one or two letters against a figure, which make it part of a name: Q3, H1, FY24, PM2.5, M2, G20
_NAMED = re.compile(r"(?<![a-z])[a-z]{1,2}\Z", re.I)
_CURRENCY_BEFORE = re.compile(
    rf"(?:(?<![a-z]){DOLLAR_OF} ?|[$£€¥￥] ?|(?<![a-z])(?:{CURRENCY_CODES}) ?)\Z", re.I
)
_TAIL_UNIT = re.compile(
    r"(?:多|余)?(?P<unit>(?:[^\W\d_]|/(?=[^\W\d_]))*?)(?:左右|以上|以下|上下|之多|多|余)?(?![^\W\d_]|/[^\W\d_])"
)


def figure_of(
    match: re.Match[str], name: str, *, spans_of_time: bool = False, text: str | None = None
) -> Figure | None:
    """The figure a match of a pattern captured as `name` (its groups name, name_scale, name_pct,
    name_unit and name_plus, and the currency written before it), or None when it is a year, an
    ordinal, part of a date or of a name (Q3, FY24: one or two letters before it, not a currency), or,
    unless `spans_of_time` may be figures (由5天缩短到3天), a span of time (前3个月). `text` is the
    sentence as written where the match is of it folded (the currency is read from it: RMB, not rmb).
    A figure is read once for each way it is written: the same figures recur.

    Example:
        >>> from indcalc.claim_patterns import _TRANSITIONS
        >>> m = _TRANSITIONS[0].search("from 5.45% to 16%")
        >>> figure_of(m, "x")[:5], figure_of(m, "y").high
        ((5.45, 5.445, 5.455, True, '%'), 16.0)
    """
    written = match.group(*_GROUPS[name])
    if written[0] is None:
        return None
    written = (*written, _unit_apart(match, name, written))
    if _TAILS[name] in match.re.groupindex and match.group(_TAILS[name]):
        tail = _TAIL_UNIT.match(match.group(_TAILS[name])).group("unit")
        if not spans_of_time and tail.startswith(_SPANS_OF_TIME):
            return None  # 前3个月（增长5%）, 连续5年: a span of time, not an amount
        written = (*written, tail)
    start, end = match.span(name)
    string = match.string
    after = string[end : end + 3]
    if (start and string[start - 1] in "#-/:第") or _NOT_VALUE_AFTER.match(after):
        return None  # an ordinal, a rank (第3季度), a date, a time, or part of a range or phone number
    currency = None
    if start and string[start - 1] in _CURRENCY_ENDS:
        currency = _CURRENCY_BEFORE.search(string, max(0, start - 4), start)
        if currency is None and string[start - 1] != " " and _NAMED.search(string, max(0, start - 3), start):
            return None  # Q3, H1, FY24, PM2.5, M2: part of a name, not a figure (GDP2350亿元 is one)
    if not written[3] and after[:1] in _DATE_MARKS:
        return None  # 1月, 15日, 9时: a date or a time
    if (
        not any(written[1:4])
        and len(written[0]) <= 2
        and 1 <= int(written[0]) <= 31
        and _is_day(text or string, start, end)
    ):
        return None  # 2 to 6 March, 1 to 7 October, March 2 to 6: days of a month
    figure = _FIGURES.get(written, _UNREAD)
    if figure is _UNREAD:
        if len(_FIGURES) >= _MAX_FIGURES:
            _FIGURES.clear()
        figure = _FIGURES[written] = _read_figure(*written)
    if figure is not None and currency is not None:
        figure = figure._replace(currency=(text or string)[currency.start() : start])
    return figure


def _unit_apart(match: re.Match[str], name: str, written: tuple[str | None, ...]) -> bool:
    """Whether the first of the percent mark, scale word and unit of the figure `name` (`written`: its
    groups) is written apart from its number (``3.26 bn``, ``8-million``), not after it (``3.26bn``,
    ``5k``, ``12%``)."""
    _, scale_word, percent_sign, unit, _ = written
    if percent_sign:  # in the order they are written: a percent mark holds the space before it
        return percent_sign[0].isspace()
    if scale_word or unit:
        start = match.start(_GROUPS[name][1 if scale_word else 3])
        return match.string[start - 1] in _APART
    return True


def _is_day(string: str, start: int, end: int) -> bool:
    """Whether a figure from `start` to `end` of `string` is a day: a month's name follows it, or
    comes before it or before the day that starts its range.

    Example:
        >>> _is_day("from 2 to 6 March 2025", 10, 11), _is_day("from 2 to 6 may rise", 10, 11)
        (True, False)
        >>> _is_day("from March 2 to 6, up 20%", 16, 17), _is_day("rose from 12 in March to 15", 25, 27)
        (True, False)
    """
    month = _MONTH_AFTER.match(string, end) or _MONTH_BEFORE.search(string, max(0, start - 24), start)
    return month is not None and month.group("month") != "may"


_SEPARATORS = str.maketrans("", "", ", \u00a0\u202f")  # of thousands: 1,250,000, 1 250 000
_FIGURES: dict[tuple[str, ...], Figure | None] = {}  # by the figure as written: the same figures recur
_MAX_FIGURES = 1 << 16  # figures remembered; a new one past this many starts afresh
_UNREAD = Figure(0, 0, 0, False, "", "")


def _read_figure(
    digits: str,
    scale_word: str | None,
    percent_sign: str | None,
    unit: str | None,
    plus: str | None,
    unit_apart: bool = True,
    tail: str = "",
) -> Figure | None:
    """A figure as written (the groups of `_GROUPS`, whether its unit is written apart from it, then
    the unit of its tail), or None for a year: a whole number from 1900 to 2100 with no unit, or with
    a tail of a year's (2025年, 2024年度, 2024财年, 2023届). A figure followed by a unit is not a year
    (2000人次, 2000多家).

    Example:
        >>> _read_figure("2000", None, None, None, None, True, "人次").value
        2000.0
        >>> _read_figure("2000", None, None, None, None, True, "年度") is None
        True
    """
    number = float(digits.translate(_SEPARATORS))
    scale_word = (scale_word or "").lower()
    percent = bool(percent_sign)
    unit = unit or ""
    if (
        not percent
        and not scale_word
        and not unit
        and digits.isdigit()
        and 1900 <= number <= 2100
        and (not tail or tail.startswith(_TAILS_OF_YEARS))
    ):
        return None  # a year
    decimals = len(digits.split(".")[1]) if "." in digits else 0
    half = 0.5 * 10**-decimals if (decimals or scale_word) else 0.0
    factor = VALUE_SCALES.get(scale_word, 1.0)
    low, high = (number - half) * factor, (number + half) * factor
    if plus:
        high = math.inf  # "1,100+": at least 1,100
    label = " ".join(filter(None, ("%" if percent else "", join_unit(scale_word, unit + tail))))
    return Figure(
        number * factor,
        low,
        high,
        percent,
        label,
        digits + (percent_sign or ""),
        factor,
        unit_apart=unit_apart,
    )


def shared_scale(figure: Figure, other: Figure) -> Figure:
    """A bare figure takes the scale and unit written on the other side of its transition.

    Example:
        >>> bare = Figure(30, 30, 30, False, "", "30")
        >>> scaled = Figure(9e10, 8.95e10, 9.05e10, False, "billion", "90", 1e9)
        >>> shared_scale(bare, scaled).value, shared_scale(bare, scaled).unit
        (30000000000.0, 'billion')
    """
    if figure.factor != 1 or figure.unit or figure.percent or other.factor == 1:
        return figure
    f = other.factor
    return Figure(
        figure.value * f,
        figure.low * f,
        figure.high * f,
        False,
        other.unit,
        figure.text,
        f,
        figure.currency,
        other.unit_apart,
    )


def other_currencies(figure: Figure, other: Figure) -> bool:
    """Whether two figures are amounts in two currencies, which are never compared as one: each names
    a currency, before it (US$, C$, £, RMB, USD) or in its unit (U.S. dollars, 亿美元, billion yuan), and
    they are not the same one. A dollar of no one country ($, dollars) is taken for the country's dollar
    named beside it ("US$1.2 billion, up 10% from $1.09 billion"), but never for yuan, euros or pounds.

    Example:
        >>> us = Figure(1.5e9, 1.45e9, 1.55e9, False, "billion", "1.5", 1e9, "US$ ")
        >>> canadian, named = us._replace(currency="C$"), us._replace(currency="", unit="billion US dollars")
        >>> other_currencies(us, canadian), other_currencies(us, named)
        (True, False)
        >>> dollars, pounds = us._replace(currency="$"), us._replace(currency="£")
        >>> other_currencies(us, dollars), other_currencies(dollars, pounds)
        (False, True)
    """
    if (
        not (figure.currency or figure.unit)
        or not (other.currency or other.unit)
        or (figure.currency == other.currency and figure.unit == other.unit)
    ):
        return False  # a bare figure, or two written alike: no lookup (this runs for every transition)
    key, other_key = _currency_key(figure.currency, figure.unit), _currency_key(other.currency, other.unit)
    if not (key and other_key) or key == other_key:
        return False
    if "$" in (key, other_key):  # a dollar of no one country, beside a country's dollar or not
        named = other_key if key == "$" else key
        return not (named in _DOLLARS or named.endswith("$"))
    return True


#: the keys (`_currency_key`) of the dollars of countries, which a "$" alone may stand for
_DOLLARS = frozenset(
    f"¤{code}"
    for code, (names, _, _) in CURRENCY_NAMES.items()
    if any("$" in n or "dollar" in n for n in names)
)


@functools.lru_cache(maxsize=1024)
def _currency_key(currency: str, unit: str) -> str:
    """One key for the currency a figure names (`other_currencies`), or "" where it names none."""
    if currency:
        name = currency.strip()
    else:
        name = split_unit(unit)[2]
        if not (name and is_currency(name)):
            return ""
    key = base_key(name)
    return "$" if key in ("dollar", "dollars") else key
