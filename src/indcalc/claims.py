"""Checking the arithmetic of sentences: find claims that carry their own evidence, recompute them.

Like statcheck for p-values: extract, recompute, compare allowing for the rounding of printed figures.

A *transition* is a figure that moved: "from X to Y", "Y, up from X", "X→Y", "从X增长到Y". A *relation*
stated beside it is checked against it: "an increase of N%", "up N%", "fell N%", "by N percentage
points", "doubled", "tripled", "halved", "N-fold", "N times", 增长N%, 下降N%, N个百分点, 翻一番, 增长N倍.
A *level with its growth* ("85.2 billion yuan (+28.6% YoY)", "grew 12.4% to 56.2 billion yuan") gives
the implied base.

Verdicts: ``consistent`` when the stated figure, rounded as the writer rounded it, can come out of the
inputs taken as intervals (5.45 means 5.445 to 5.455; a whole number without a scale word is exact);
word multiples (doubled, tripled, halved) are consistent within 5% of the exact multiple;
``inconsistent`` otherwise, with a note saying what the figures give (and, for a percent change stated
where percentage points fit, that the writer probably meant points); ``info`` for a transition or level
with nothing stated to check. Years, dates, ordinals and ranks are never taken for values: precision
matters more than recall.
"""

from __future__ import annotations

import html
import math
import re
from dataclasses import dataclass

CLAIM_COLUMNS = ["line", "claim", "stated", "computed", "verdict", "note"]

_SCALES = {
    "thousand": 1e3,
    "million": 1e6,
    "billion": 1e9,
    "trillion": 1e12,
    "bn": 1e9,
    "万": 1e4,
    "亿": 1e8,
    "万亿": 1e12,
}
_WORD_MULTIPLES = {
    "doubled": 2.0,
    "doubling": 2.0,
    "double": 2.0,
    "tripled": 3.0,
    "tripling": 3.0,
    "triple": 3.0,
    "trebled": 3.0,
    "quadrupled": 4.0,
    "quadrupling": 4.0,
    "halved": 0.5,
    "halving": 0.5,
    "翻一番": 2.0,
    "翻了一番": 2.0,
    "翻番": 2.0,
    "翻两番": 4.0,
    "翻了两番": 4.0,
}
_UNIT_WORDS = (
    r"(?:yuan|dollars?|usd|rmb|days?|years?|tons?|tonnes?|people|firms?|enterprises?|companies|projects?"
    r"|units?|plants?|factories|元|家|个|吨|人)"
)

_NUMBER = r"(?P<{n}>(?<![\d.,])\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|(?<![\d.,])\d+(?:\.\d+)?)"
_VALUE = (
    _NUMBER
    + r"(?P<{n}_plus>\+)?"
    + r"(?P<{n}_pct>\s?(?:%|％|percent\b|per\s+cent\b))?"
    + r"(?:[\s-]?(?P<{n}_scale>thousand|million|billion|trillion|bn\b|万亿|亿|万))?"
    + r"(?:[\s-]?(?P<{n}_unit>"
    + _UNIT_WORDS
    + r")\b)?"
)


def _value(name: str) -> str:
    return _VALUE.format(n=name)


_ARTICLE = r"(?:(?:a|an|the)\s+)?"
_TRANSITIONS = [
    # from X to Y; up to 40 characters between X and "to" ("from an 8-million-yuan startup in 2003 to ...")
    re.compile(
        rf"\bfrom\s+{_ARTICLE}{_value('x')}(?P<gap>[^.;:!?]{{0,40}}?)\s+to\s+{_ARTICLE}{_value('y')}",
        re.IGNORECASE,
    ),
    # Y ..., up from X
    re.compile(rf"{_value('y')}(?P<gap>[^.;!?]{{0,60}}?)\(?\bup\s+from\s+{_value('x')}", re.IGNORECASE),
    # X → Y
    re.compile(rf"{_value('x')}\s*(?:→|->|⟶)\s*{_value('y')}"),
    # 从X增长到Y, 由X%提高至Y%
    re.compile(rf"(?:从|由){_value('x')}(?P<gap>[^，。；,;]{{0,12}}?)(?:到|至){_value('y')}"),
]
_RELATIONS = [
    (
        "pct",
        re.compile(
            r"\b(?:an?\s+)?(?:year[- ]on[- ]year\s+)?(?:increase|rise|growth|gain|jump)\s+of\s+"
            r"(?P<s>\d+(?:\.\d+)?)\s?%",
            re.I,
        ),
        1,
    ),
    (
        "pct",
        re.compile(
            r"\b(?:up|rose|grew|increased|jumped|climbed|gained)\s+(?:by\s+)?(?P<s>\d+(?:\.\d+)?)\s?%", re.I
        ),
        1,
    ),
    (
        "pct",
        re.compile(r"\b(?:an?\s+)?(?P<s>\d+(?:\.\d+)?)\s?%\s+(?:increase|rise|gain|growth|jump)", re.I),
        1,
    ),
    (
        "pct",
        re.compile(
            r"\b(?:down|fell|dropped|declined|decreased|shrank|cut|slid)\s+(?:by\s+)?(?P<s>\d+(?:\.\d+)?)\s?%",
            re.I,
        ),
        -1,
    ),
    (
        "pct",
        re.compile(
            r"\b(?:an?\s+)?(?:reduction|decrease|decline|drop|fall|cut)\s+of\s+(?P<s>\d+(?:\.\d+)?)\s?%", re.I
        ),
        -1,
    ),
    (
        "pct",
        re.compile(
            r"\b(?:an?\s+)?(?P<s>\d+(?:\.\d+)?)\s?%\s+(?:reduction|decrease|decline|drop|fall|cut)", re.I
        ),
        -1,
    ),
    ("pp", re.compile(r"(?:\bby\s+)?(?P<s>\d+(?:\.\d+)?)\s+(?:percentage\s+points?|pp\b|个百分点)", re.I), 0),
    ("multiple", re.compile(r"(?P<s>\d+(?:\.\d+)?)[\s-]?(?:fold\b|times\b|倍)", re.I), 1),
    ("pct", re.compile(r"(?:增长|增加|提高|上升|扩大)了?(?P<s>\d+(?:\.\d+)?)\s?[%％]"), 1),
    ("pct", re.compile(r"(?:下降|减少|降低|回落)了?(?P<s>\d+(?:\.\d+)?)\s?[%％]"), -1),
]
_WORDS = re.compile("|".join(sorted(map(re.escape, _WORD_MULTIPLES), key=len, reverse=True)), re.I)
_GROWS_TO = re.compile(
    rf"\b(?:grew|rose|increased|expanded|jumped|climbed|gained|surged|soared)\s+(?:by\s+)?(?P<g>\d+(?:\.\d+)?)\s?%\s+to\s+{_ARTICLE}{_value('y')}",
    re.I,
)
_LEVEL_GROWTH = [
    re.compile(
        rf"{_value('y')}\s*\(\s*(?P<sign>[+-])(?P<g>\d+(?:\.\d+)?)\s?%\s*(?:yoy|year[- ]on[- ]year)?\s*\)",
        re.I,
    ),
    re.compile(
        rf"{_value('y')},?\s+(?:an?\s+)?(?:year[- ]on[- ]year\s+)?"
        r"(?P<word>increase|growth|rise|decrease|decline|drop)\s+of\s+(?P<g>\d+(?:\.\d+)?)\s?%",
        re.I,
    ),
]


@dataclass(frozen=True)
class Figure:
    """A printed number: its value, the interval its rounding allows, and what it measures."""

    value: float
    low: float
    high: float
    percent: bool
    unit: str
    text: str
    factor: float = 1.0  # the scale word's factor: value / factor is the number as printed


@dataclass(frozen=True)
class Claim:
    """One checked claim, as `check` reports it."""

    line: int
    claim: str
    stated: str
    computed: str
    verdict: str
    note: str


def _figure(match: re.Match[str], name: str) -> Figure | None:
    """The figure captured as `name`, or None when it is a year, an ordinal or part of a date."""
    digits = match.group(name)
    if digits is None:
        return None
    start, end = match.span(name)
    after = match.string[end : end + 3]
    before = match.string[max(0, start - 1) : start]
    if (
        re.match(r"(?:st|nd|rd|th)\b", after, re.I)
        or before in {"#", "-", "/", ":"}
        or re.match(r"[-/:]\d", after)
    ):
        return None  # an ordinal, a rank, a date, a time, or part of a range or phone number
    number = float(digits.replace(",", ""))
    scale_word = (match.group(f"{name}_scale") or "").lower()
    percent = bool(match.group(f"{name}_pct"))
    unit = match.group(f"{name}_unit") or ""
    if (
        not percent
        and not scale_word
        and not unit
        and "," not in digits
        and "." not in digits
        and 1900 <= number <= 2100
    ):
        return None  # a year
    decimals = len(digits.split(".")[1]) if "." in digits else 0
    half = 0.5 * 10**-decimals if (decimals or scale_word) else 0.0
    factor = _SCALES.get(scale_word, 1.0)
    low, high = (number - half) * factor, (number + half) * factor
    if match.group(f"{name}_plus"):
        high = math.inf  # "1,100+": at least 1,100
    label = ("%" if percent else "") + (f" {scale_word}" if scale_word else "") + (f" {unit}" if unit else "")
    return Figure(
        number * factor,
        low,
        high,
        percent,
        label.strip(),
        digits + (match.group(f"{name}_pct") or ""),
        factor,
    )


def _shared_scale(figure: Figure, other: Figure) -> Figure:
    """A bare figure takes the scale and unit written on the other side of its transition."""
    if figure.factor != 1 or figure.unit or figure.percent or other.factor == 1:
        return figure
    f = other.factor
    return Figure(figure.value * f, figure.low * f, figure.high * f, False, other.unit, figure.text, f)


def _stated_interval(text: str) -> tuple[float, float]:
    decimals = len(text.split(".")[1]) if "." in text else 0
    half = 0.5 * 10**-decimals
    value = float(text)
    return value - half, value + half


def _overlaps(low: float, high: float, other_low: float, other_high: float) -> bool:
    return low <= other_high and other_low <= high


def _fmt(value: float, digits: int = 2) -> str:
    return f"{value:,.{digits}f}".rstrip("0").rstrip(".") if abs(value) < 1e15 else f"{value:.3g}"


def _describe(x: Figure, y: Figure) -> str:
    """What the figures give; never starting with + or -, so spreadsheets read it as text."""
    if x.value <= 0:
        return f"change {y.value - x.value:+,.6g}"
    text = f"×{y.value / x.value:.2f}, {(y.value / x.value - 1) * 100:+.2f}%"
    return text + (f", {y.value - x.value:+.2f} pp" if x.percent and y.percent else "")


def _judge(kind: str, sign: int, stated: str, x: Figure, y: Figure) -> tuple[str, str]:
    """(verdict, note) of a stated relation against a transition."""
    if x.low <= 0:
        return "info", "growth from a zero or negative base is undefined"
    ratio_low = y.low / x.high if math.isfinite(x.high) else 0.0
    ratio_high = y.high / x.low
    pct_low, pct_high = (ratio_low - 1) * 100, (ratio_high - 1) * 100
    if kind == "word":
        exact = _WORD_MULTIPLES[stated.lower()]
        ok = _overlaps(ratio_low, ratio_high, exact * 0.95, exact * 1.05)
        note = f"the figures give ×{y.value / x.value:.2f}, not ×{exact:g}" if not ok else ""
        return ("consistent" if ok else "inconsistent"), note
    low, high = _stated_interval(stated)
    if kind == "multiple":
        ok = _overlaps(ratio_low, ratio_high, low, high)
        return ("consistent", "") if ok else ("inconsistent", f"the figures give ×{y.value / x.value:.2f}")
    if kind == "pp":
        pp_low, pp_high = y.low - x.high, y.high - x.low
        if not (x.percent and y.percent):
            return "info", "percentage points of figures that are not percents"
        ok = _overlaps(abs(pp_low) if pp_low > 0 else 0, max(abs(pp_low), abs(pp_high)), low, high)
        ok = ok and (sign == 0 or (pp_high > 0) == (sign > 0))
        return ("consistent", "") if ok else ("inconsistent", f"the figures give {y.value - x.value:+.2f} pp")
    signed_low, signed_high = (low, high) if sign > 0 else (-high, -low)
    if _overlaps(pct_low, pct_high, signed_low, signed_high):
        return "consistent", ""
    change = (y.value / x.value - 1) * 100
    if x.percent and y.percent:
        points_low, points_high = y.low - x.high, y.high - x.low
        if _overlaps(points_low, points_high, signed_low, signed_high):
            return "inconsistent", (
                f"{stated}% is the change in percentage points ({y.value - x.value:+.2f} pp); "
                f"the relative change is {change:+.2f}%: probably meant {stated} percentage points"
            )
    return "inconsistent", f"the figures give {change:+.2f}%"


def _relations(text: str) -> list[tuple[str, int, str, int, int]]:
    """(kind, sign, stated text, start, end) of every relation stated in a sentence."""
    found = []
    for kind, pattern, sign in _RELATIONS:
        for m in pattern.finditer(text):
            found.append((kind, sign, m.group("s"), m.start(), m.end()))
    for m in _WORDS.finditer(text):
        found.append(("word", 1, m.group(0), m.start(), m.end()))
    return found


def _stated_label(kind: str, sign: int, stated: str) -> str:
    if kind == "word":
        return stated.lower()
    if kind == "multiple":
        return f"×{stated}"
    if kind == "pp":
        return f"{stated} pp"
    return f"{'up' if sign > 0 else 'down'} {stated}%"


def check_text(text: str) -> list[Claim]:
    """Every checkable claim in `text`, line by line, in order.

    Example:
        >>> [(c.verdict, c.stated) for c in check_text("The number doubled from 2 to 6.")]
        [('inconsistent', 'doubled')]
        >>> [c.verdict for c in check_text("It rose from 30% to 36%, an increase of 20%.")]
        ['consistent']
        >>> check_text("Between 2019 and 2024, from 2019 to 2024, sales grew.")
        []
    """
    claims: list[Claim] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        for sentence in re.split(r"(?<=[.!?。；;])\s+|(?<=[。；])", line):
            claims += _sentence_claims(number, sentence)
    return claims


NEAR = 40  # a relation belongs to the nearest transition at most this many characters away


def _sentence_claims(line: int, sentence: str) -> list[Claim]:
    transitions: list[tuple[re.Match[str], Figure, Figure]] = []
    for pattern in _TRANSITIONS:
        for m in pattern.finditer(sentence):
            if any(_overlaps(m.start(), m.end() - 1, t.start(), t.end() - 1) for t, _, _ in transitions):
                continue
            x, y = _figure(m, "x"), _figure(m, "y")
            if x is None or y is None:
                continue
            x, y = _shared_scale(x, y), _shared_scale(y, x)  # "from 30 to 90 billion yuan"
            if x.percent != y.percent:
                if not (x.percent and not y.unit):
                    continue  # a percent and an amount: not one figure moving
                y = Figure(y.value, y.low, y.high, True, x.unit, y.text, y.factor)  # "from 15% to 82"
            transitions.append((m, x, y))
    transitions.sort(key=lambda t: t[0].start())
    stated: dict[int, list[tuple[str, int, str]]] = {i: [] for i in range(len(transitions))}
    for kind, sign, text, start, end in _relations(sentence):
        if any(m.start() <= start and end <= m.end() for m, _, _ in transitions):
            continue  # part of the transition's own figures
        distances = [max(m.start() - end, start - m.end(), 0) for m, _, _ in transitions]
        if distances and min(distances) <= NEAR:
            stated[distances.index(min(distances))].append((kind, sign, text))
    claims: list[Claim] = []
    for index, (m, x, y) in enumerate(transitions):
        fragment = m.group(0).strip(" (")
        computed = _describe(x, y)
        if not stated[index]:
            claims.append(Claim(line, fragment, "", computed, "info", ""))
        for kind, sign, text in stated[index]:
            verdict, note = _judge(kind, sign, text, x, y)
            claims.append(Claim(line, fragment, _stated_label(kind, sign, text), computed, verdict, note))
    spans = [m.span() for m, _, _ in transitions]
    for pattern in (_GROWS_TO, *_LEVEL_GROWTH):
        for m in pattern.finditer(sentence):
            if any(_overlaps(m.start(), m.end() - 1, a, b - 1) for a, b in spans):
                continue
            y = _figure(m, "y")
            if y is None:
                continue
            groups = m.groupdict()
            growth = float(m.group("g"))
            if groups.get("sign") == "-" or (groups.get("word") or "").lower() in {
                "decrease",
                "decline",
                "drop",
            }:
                growth = -growth
            if growth <= -100:
                continue
            spans.append(m.span())
            base = y.value / y.factor / (1 + growth / 100)
            unit = f" {y.unit}" if y.unit else ""
            stated = f"{'up' if growth >= 0 else 'down'} {abs(growth):g}%"
            claims.append(
                Claim(line, m.group(0).strip(), stated, f"implied base {_fmt(base)}{unit}", "info", "")
            )
    return claims


def read_text(data: bytes) -> str:
    """Text of a .txt, .md or .html file: HTML tags become line breaks or spaces, entities are decoded."""
    text = data.decode("utf-8-sig", errors="replace")
    if re.search(r"<(?:html|body|p|div|br|span|h\d)\b", text, re.I):
        text = re.sub(r"<(?:script|style)\b.*?</(?:script|style)>", " ", text, flags=re.I | re.S)
        text = re.sub(r"<(?:br|/p|/div|/h\d|/li|/tr)\b[^>]*>", "\n", text, flags=re.I)
        text = html.unescape(re.sub(r"<[^>]+>", " ", text))
    return text
