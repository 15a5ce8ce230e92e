"""Checking the arithmetic of sentences: find claims that carry their own evidence, recompute them.

Like statcheck for p-values: extract, recompute, compare allowing for the rounding of printed figures.

A *transition* is a figure that moved: "from X to Y", "Y, up from X", "X→Y", "从X增长到Y". A *relation*
stated beside it is checked against it: "an increase of N%", "up N%", "fell N%", "by N percentage
points", "doubled", "tripled", "halved", "N-fold", "N times", 增长N%, 下降N%, N个百分点, 翻一番, 增长N倍.
A *level with its growth* ("85.2 billion yuan (+28.6% YoY)", "grew 12.4% to 56.2 billion yuan") gives
the implied base.

Verdicts: ``consistent`` when the stated figure, rounded as the writer rounded it, can come out of the
inputs taken as intervals (5.45 means 5.445 to 5.455; a whole number without a scale word is exact;
the scale words are those of value cells, `indcalc.quantities.VALUE_SCALES`: 5k, 1.2 tn, 3千, 27.4亿);
word multiples (doubled, tripled, halved) are consistent within 5% of the exact multiple;
``inconsistent`` otherwise, with a note saying what the figures give (and, for a percent change stated
where percentage points fit, that the writer probably meant points); ``info`` for a transition or level
with nothing stated to check. Years, dates, ordinals and ranks are never taken for values: precision
matters more than recall.

The wording is in `indcalc.claim_patterns`, the reading of text and HTML in `indcalc.report_text`.
"""

from __future__ import annotations

import bisect
import itertools
import math
import multiprocessing
import os
import re
import signal
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import NamedTuple

from indcalc.claim_patterns import (
    _GROWS_TO,
    _LEVEL_GROWTH,
    _RELATIONS,
    _TRANSITIONS,
    _WORDS,
    DIGIT,
    WORD_MULTIPLES,
    finditer,
    folded,
)
from indcalc.quantities import VALUE_SCALES
from indcalc.report_text import lines_of, read_lines, read_text, sentences

__all__ = ["CLAIM_COLUMNS", "Claim", "check_lines", "check_text", "read_lines", "read_text"]

CLAIM_COLUMNS = ["line", "claim", "stated", "computed", "verdict", "note"]


class Figure(NamedTuple):
    """A printed number: its value, the interval its rounding allows, and what it measures."""

    value: float
    low: float
    high: float
    percent: bool
    unit: str
    text: str
    factor: float = 1.0  # the scale word's factor: value / factor is the number as printed


@dataclass(frozen=True, slots=True)
class Claim:
    """One checked claim, as `check` reports it."""

    line: int
    claim: str
    stated: str
    computed: str
    verdict: str
    note: str

    def __reduce__(self) -> tuple[type[Claim], tuple[int, str, str, str, str, str]]:
        """Pickled as its fields (by a worker process): 3x quicker, and unpickled 2x, than by its slots."""
        return Claim, (self.line, self.claim, self.stated, self.computed, self.verdict, self.note)


_ORDINAL_END = re.compile(r"(?:st|nd|rd|th)\b", re.I)
_RANGE_END = re.compile(r"[-/:]\d")
_GROUPS = {name: (name, f"{name}_scale", f"{name}_pct", f"{name}_unit", f"{name}_plus") for name in "xy"}


def _figure(match: re.Match[str], name: str) -> Figure | None:
    """The figure captured as `name`, or None when it is a year, an ordinal or part of a date."""
    digits, scale_word, percent_sign, unit, plus = match.group(*_GROUPS[name])
    if digits is None:
        return None
    start, end = match.span(name)
    after = match.string[end : end + 3]
    before = match.string[max(0, start - 1) : start]
    if _ORDINAL_END.match(after) or before in {"#", "-", "/", ":"} or _RANGE_END.match(after):
        return None  # an ordinal, a rank, a date, a time, or part of a range or phone number
    number = float(digits.replace(",", ""))
    scale_word = (scale_word or "").lower()
    percent = bool(percent_sign)
    unit = unit or ""
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
    factor = VALUE_SCALES.get(scale_word, 1.0)
    low, high = (number - half) * factor, (number + half) * factor
    if plus:
        high = math.inf  # "1,100+": at least 1,100
    label = ("%" if percent else "") + (f" {scale_word}" if scale_word else "") + (f" {unit}" if unit else "")
    return Figure(
        number * factor,
        low,
        high,
        percent,
        label.strip(),
        digits + (percent_sign or ""),
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
        exact = WORD_MULTIPLES[stated.lower()]
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


def _relations(text: str, folded_text: str) -> list[tuple[str, int, str, int, int]]:
    """(kind, sign, stated text, start, end) of every relation stated in a sentence."""
    found = []
    for kind, pattern, sign in _RELATIONS:
        for m in finditer(pattern, text, folded_text, as_written=False):
            found.append((kind, sign, m.group("s"), m.start(), m.end()))
    for m in finditer(_WORDS, text, folded_text, as_written=False):  # lowercase
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
    return check_lines(lines_of(text))


def check_lines(lines: Iterable[str]) -> list[Claim]:
    """Every checkable claim in `lines` (numbered from 1), in order; claims never span lines.

    Lines are checked a batch of about `BATCH` characters at a time; when there is more than one batch
    and more than one core, the batches are checked in worker processes, one per core (at most
    `WORKERS`), in order.

    Example:
        >>> [(c.line, c.stated) for c in check_lines(["Sales fell.", "Output doubled from 2 to 4."])]
        [(2, 'doubled')]
    """
    batches = _batches(lines)
    first, second = next(batches, None), next(batches, None)
    batches = itertools.chain([batch for batch in (first, second) if batch], batches)
    if second is None or _workers() < 2:
        return [c for batch in batches for c in _batch_claims(batch)]
    claims: list[Claim] = []
    # fork: the workers need nothing imported again, and only run regexes and arithmetic. They ignore
    # SIGINT (a Ctrl-C reaches the whole process group): this process stops them, without tracebacks.
    ignore = (signal.SIGINT, signal.SIG_IGN)
    with multiprocessing.get_context("fork").Pool(_workers(), signal.signal, ignore) as pool:
        for found in pool.imap(_batch_claims, batches):
            claims += found
    return claims


def _workers() -> int:
    """Worker processes to check batches in: one per core this process may use, at most `WORKERS`;
    none where processes cannot be forked."""
    if "fork" not in multiprocessing.get_all_start_methods():
        return 1
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    return min(WORKERS, cores)


BATCH = 1 << 20
WORKERS = 4


def _batches(lines: Iterable[str]) -> Iterator[tuple[int, list[str]]]:
    """(number of the first line, lines) of about `BATCH` characters each."""
    batch: list[str] = []
    first = size = 0
    for number, line in enumerate(lines):
        if size >= BATCH:
            yield first + 1, batch
            batch, first, size = [], number, 0
        batch.append(line)
        size += len(line)
    if batch:
        yield first + 1, batch


def _batch_claims(batch: tuple[int, list[str]]) -> list[Claim]:
    first, lines = batch
    claims: list[Claim] = []
    for number, raw in enumerate(lines, start=first):
        line = raw.strip()
        if line:
            for sentence in sentences(line):
                claims += _sentence_claims(number, sentence)
    return claims


NEAR = 40  # a relation belongs to the nearest transition at most this many characters away


def _sentence_claims(line: int, sentence: str) -> list[Claim]:
    if not DIGIT.search(sentence):
        return []
    folded_text = folded(sentence)
    transitions: list[tuple[re.Match[str], Figure, Figure]] = []
    taken = _Spans()  # the transitions' spans: a match overlapping one found before is not a transition
    for pattern in _TRANSITIONS:
        found = len(transitions)
        for m in finditer(pattern, sentence, folded_text):
            if taken.overlaps(*m.span()):
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
        if len(transitions) > found:  # a pattern's matches never overlap one another
            taken.add([m.span() for m, _, _ in transitions[found:]])
    transitions.sort(key=lambda t: t[0].start())
    stated: dict[int, list[tuple[str, int, str]]] = {i: [] for i in range(len(transitions))}
    starts, ends = taken.starts, taken.ends  # of the transitions, in their order
    for kind, sign, text, start, end in _relations(sentence, folded_text) if transitions else ():
        inner = bisect.bisect_right(starts, start) - 1  # the one transition that may hold the relation
        if inner >= 0 and end <= ends[inner]:
            continue  # part of the transition's own figures
        # The nearest transition is the last one ending before the relation starts or the next one;
        # on a tie, the first of them (distances fall, then rise, along disjoint sorted spans).
        after = bisect.bisect_left(ends, start)
        distance, nearest = min(
            (max(starts[i] - end, start - ends[i], 0), i) for i in (after - 1, after) if 0 <= i < len(starts)
        )
        if distance <= NEAR:
            stated[nearest].append((kind, sign, text))
    claims: list[Claim] = []
    for index, (m, x, y) in enumerate(transitions):
        fragment = m.group(0).strip(" (")
        computed = _describe(x, y)
        if not stated[index]:
            claims.append(Claim(line, fragment, "", computed, "info", ""))
        for kind, sign, text in stated[index]:
            verdict, note = _judge(kind, sign, text, x, y)
            claims.append(Claim(line, fragment, _stated_label(kind, sign, text), computed, verdict, note))
    for pattern in (_GROWS_TO, *_LEVEL_GROWTH):
        levels: list[tuple[int, int]] = []
        for m in finditer(pattern, sentence, folded_text):
            if taken.overlaps(*m.span()):
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
            levels.append(m.span())
            base = y.value / y.factor / (1 + growth / 100)
            unit = f" {y.unit}" if y.unit else ""
            stated = f"{'up' if growth >= 0 else 'down'} {abs(growth):g}%"
            claims.append(
                Claim(line, m.group(0).strip(), stated, f"implied base {_fmt(base)}{unit}", "info", "")
            )
        if levels:
            taken.add(levels)
    return claims


class _Spans:
    """Disjoint spans [start, end) of a sentence, sorted, so that a test for overlap is a bisection.

    Testing each match against every span found before was quadratic: a 1 MB line of "from 2 to 6 "
    holds 83,000 transitions.
    """

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []

    def overlaps(self, start: int, end: int) -> bool:
        """Whether [start, end) shares a character with a span (only the last one starting before
        `end` can: the spans are disjoint, so their ends are sorted too)."""
        last = bisect.bisect_left(self.starts, end) - 1
        return last >= 0 and self.ends[last] > start

    def add(self, spans: list[tuple[int, int]]) -> None:
        """Add spans that overlap neither each other nor the spans held."""
        merged = sorted([*zip(self.starts, self.ends, strict=True), *spans])
        self.starts = [start for start, _ in merged]
        self.ends = [end for _, end in merged]
