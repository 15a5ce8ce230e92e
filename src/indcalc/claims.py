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

The wording is in `indcalc.claim_patterns`, which of it to look for where in `indcalc.claim_scan`, the
reading of figures in `indcalc.claim_figures`, the reading of text and HTML in `indcalc.report_text`.
"""

from __future__ import annotations

import bisect
import itertools
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import NamedTuple

from indcalc.claim_figures import figure_of, other_currencies, shared_scale
from indcalc.claim_judging import Figure, Relation, describe, judge, stated_label
from indcalc.claim_patterns import (
    _TRANSITIONS,
    _WORDS,
    BASE_AFTER,
    DATED_BRACKET,
    DOWN_WORDS,
    FURTHER_BASE_ZH,
    PERIOD_WORDS,
    STATED_CHANGE_ZH,
    TRANSITION_KINDS,
    WORD_MULTIPLES,
    YEAR_BEFORE,
)
from indcalc.claim_scan import DIGIT, Spans, finditer, folded, patterns_for, relations_for
from indcalc.forked import ordered_map
from indcalc.quantities import fmt
from indcalc.report_text import joined_lines, lines_of, read_lines, read_text, sentences

__all__ = [
    "CLAIM_COLUMNS",
    "Claim",
    "check_lines",
    "check_text",
    "claim_batches",
    "claim_columns",
    "read_lines",
    "read_text",
]

CLAIM_COLUMNS = ["line", "claim", "stated", "computed", "verdict", "note"]


@dataclass(frozen=True, slots=True)
class Claim:
    """One checked claim, as `check` reports it."""

    line: int
    claim: str
    stated: str
    computed: str
    verdict: str
    note: str


# the transitions (their places in `_TRANSITIONS`) with an increase (group i), and with a direction (dir)
_INCREASES = frozenset(i for i, pattern in enumerate(_TRANSITIONS) if "i" in pattern.groupindex)
_DIRECTED = frozenset(i for i, pattern in enumerate(_TRANSITIONS) if "dir" in pattern.groupindex)
# ... and with the period of x named in brackets: "Y (2023: X), up N%", "Y (X in 2023), up N%"
_BRACKETED = frozenset(i for i, pattern in enumerate(_TRANSITIONS) if "period" in pattern.groupindex)
# 比上年增加(了), 比上年少, 比上年净增, 同比多增
_CHANGE_WORDS = ("增加", "增长", "增产", "减少", "减产", "下降", "多", "少", "净增", "多增", "净减")


_NUMBER_WORDS = {"two": "2", "three": "3", "four": "4", "five": "5"}
_QUALIFIERS = {
    **dict.fromkeys(("more than", "over", "超过", "逾", "多"), "gt"),
    **dict.fromkeys(("nearly", "almost", "近", "接近"), "lt"),
    **dict.fromkeys(("about", "around", "约"), "about"),
}

_ENGLISH_QUALIFIERS = tuple(word for word in _QUALIFIERS if word.isascii())  # in their order


def _relations(text: str, folded_text: str, patterns: list, words: bool) -> list[Relation]:
    """Every relation stated in a sentence, in order; one that overlaps one of an earlier kind is not one."""
    found: list[Relation] = []
    taken = Spans()
    for kind, pattern, sign in patterns:
        spans = []
        qualified = "q" in pattern.groupindex
        for m in finditer(pattern, text, folded_text, as_written=False):
            start, end = m.span()
            if not (taken.starts and taken.overlaps(start, end)):
                qualifier = (
                    _QUALIFIERS.get(" ".join(m.group("q").split()), "") if qualified and m.group("q") else ""
                )
                if text.startswith("多", end):
                    qualifier = "gt"  # 增长了1倍多
                direction = sign if sign is not None else 1 if m.group("up") else -1
                found.append(Relation(kind, direction, m.group("s"), qualifier, start, end))
                spans.append((start, end))
        if spans:
            taken.add(spans)
    for m in finditer(_WORDS, text, folded_text, as_written=False) if words else ():  # lowercase
        start, end = m.span()
        if not (taken.starts and taken.overlaps(start, end)):
            before = folded_text[max(0, start - 10) : start].rstrip()
            qualifier = (
                next(_QUALIFIERS[w] for w in _ENGLISH_QUALIFIERS if before.endswith(w))
                if before.endswith(_ENGLISH_QUALIFIERS)
                else ""
            )
            if text.startswith("多", end):
                qualifier = "gt"  # 翻了一番多
            found.append(Relation("word", 1, m.group(0), qualifier, start, end))
    return sorted(found, key=lambda r: r.start) if len(found) > 1 else found


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
    """Every checkable claim in `lines` (numbered from 1), in order. A claim spans no lines but those
    that break between two Chinese characters, which are joined (`joined_lines`); it is given the line
    it starts on.

    Example:
        >>> [(c.line, c.stated) for c in check_lines(["Sales fell.", "Output doubled from 2 to 4."])]
        [(2, 'doubled')]
        >>> [(c.line, c.claim) for c in check_lines(["产值由2亿元", "增加到4亿元，翻了一番。"])]
        [(1, '由2亿元增加到4亿元')]
    """
    return [claim for claims in claim_batches(lines) for claim in claims]


def claim_batches(lines: Iterable[str]) -> Iterator[list[Claim]]:
    """The claims of `check_lines`, a batch of lines at a time, in order, each as soon as it is checked
    (`claim_columns`).

    Example:
        >>> [[c.stated for c in claims] for claims in claim_batches(["Output doubled from 2 to 4."])]
        [['doubled']]
    """
    for columns in claim_columns(lines):
        yield [Claim(*fields) for fields in zip(*columns, strict=True)]


def claim_columns(lines: Iterable[str]) -> Iterator[tuple[tuple, ...]]:
    """The claims of `claim_batches`, each batch column by column, in the order of `CLAIM_COLUMNS`:
    what `check` writes, with no `Claim` made.

    Lines are checked a batch of about `BATCH` characters at a time; when there is more than one batch
    and more than one core, the batches are checked in worker processes, one per core (at most
    `WORKERS`), and the lines are read as the workers take them: what is held is a few batches, however
    long the text. A worker hands its claims back as columns, which pickle and unpickle several times
    quicker than a `Claim` each.

    Example:
        >>> list(claim_columns(["Output doubled from 2 to 4."]))
        [((1,), ('from 2 to 4',), ('doubled',), ('×2.00, +100.00%',), ('consistent',), ('',))]
    """
    batches = _batches(lines)
    first, second = next(batches, None), next(batches, None)
    batches = itertools.chain([batch for batch in (first, second) if batch], batches)
    if second is None or _workers() < 2:
        yield from map(_batch_columns, batches)
        return
    # forked: the workers need nothing imported again, and only run regexes and arithmetic.
    yield from ordered_map(_batch_columns, batches, _workers())


def _workers() -> int:
    """Worker processes to check batches in: one per core this process may use, at most `WORKERS`;
    none where processes cannot be forked."""
    if not hasattr(os, "fork"):
        return 1
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    return min(WORKERS, cores)


BATCH = 1 << 20
WORKERS = 4


class _Batch(NamedTuple):
    """Lines of about `BATCH` characters, as `joined_lines` gives them: the number of the first, the
    lines, and where each line that others were joined onto has them start (by its place in `lines`)."""

    first: int
    lines: list[str]
    joined: dict[int, tuple[int, ...]]


def _batches(lines: Iterable[str]) -> Iterator[_Batch]:
    """The lines in batches of about `BATCH` characters, joined where they break between Chinese
    characters (`joined_lines`)."""
    batch: list[str] = []
    joined: dict[int, tuple[int, ...]] = {}
    first = size = 0
    for number, (line, starts) in enumerate(joined_lines(lines)):
        if size >= BATCH:
            yield _Batch(first + 1, batch, joined)
            batch, joined, first, size = [], {}, number, 0
        if starts:
            joined[len(batch)] = starts
        batch.append(line)
        size += len(line)
    if batch:
        yield _Batch(first + 1, batch, joined)


def _batch_columns(batch: _Batch) -> tuple[tuple, ...]:
    """The claims of a batch of lines, column by column (`claim_columns`)."""
    rows = _batch_claims(batch)
    return tuple(zip(*rows, strict=True)) if rows else ((),) * len(CLAIM_COLUMNS)


def _batch_claims(batch: _Batch) -> list[tuple]:
    """The claims of a batch of lines, each as the fields of a `Claim`."""
    rows: list[tuple] = []
    for index, line in enumerate(batch.lines):
        if DIGIT.search(line):  # a line without a digit holds no claim
            number, starts = batch.first + index, batch.joined.get(index)
            at = len(line) - len(line.lstrip()) if starts else 0  # where the next sentence may start
            for sentence in sentences(line.strip()):
                if starts:  # lines joined: where they start, in the sentence
                    at = line.find(sentence, at)
                    _sentence_claims(number, sentence, rows, tuple(s - at for s in starts))
                    at += len(sentence)
                else:
                    _sentence_claims(number, sentence, rows)
    return rows


NEAR = 40  # a relation belongs to the nearest transition at most this many characters away
_CLAUSE_END = re.compile(r"[，；;]|,(?=\s)")
# what may come before a figure in a clause that goes on about the subject of the clause before it
_CONTINUES = re.compile(
    r"(?:\s+|and|or|while|but|which|was|were|is|a|an|the|of|average|annual|growth|increase|rise|同比|环比|比上年同期|比上年|较上年同期|较上年|比年初|较年初|增速|增幅)*"
)
# after a from-to of percents: what they are shares of ("from 14% to 18% of the market", "of GDP")
_SHARE_OF = re.compile(r"\s*of\s+(?:the\s+|all\s+|total\s+)?[^\W\d_]", re.I)
_YEAR = re.compile(r"(?<![\d.,])(?:19|20)\d\d(?=年|[\s—–~至到)）,，。;；.-]|$)(?!\.\d)")


def _sentence_claims(line: int, sentence: str, rows: list[tuple], starts: tuple[int, ...] = ()) -> None:
    """Append the claims of a sentence on line `line` to `rows`, each as the fields of a `Claim`; where
    lines were joined onto it (`joined_lines`), `starts` is where in the sentence each of the next lines
    starts, and a claim is given the line its text starts on."""
    if not DIGIT.search(sentence):
        return

    def line_of(m: re.Match[str], strip: str | None = None) -> int:  # where m, stripped so, starts
        if not starts:
            return line
        text = m.group(0)
        return line + bisect.bisect_right(starts, m.start() + len(text) - len(text.lstrip(strip)))

    folded_text = folded(sentence)
    transitions: list[tuple[re.Match[str], Moved]] = []
    taken = Spans()  # the transitions' spans: a match overlapping one found before is not a transition
    # the patterns that may match: no Chinese one in a sentence in ASCII (English), ...
    transition_patterns, level_patterns, found_words = patterns_for(folded_text, sentence.isascii())
    based = []  # the matches of Y，比1978年的X: another base of Y may follow them
    for index, pattern in transition_patterns:
        found = len(transitions)
        for m in finditer(pattern, sentence, folded_text):
            if taken.starts and taken.overlaps(*m.span()):
                continue
            moved = _transition(m, index, sentence)
            if moved is not None:
                transitions.append((m, moved))
                if index == _BASE_OF_YEAR:
                    based.append(m)
        if len(transitions) > found:  # a pattern's matches never overlap one another
            taken.add([m.span() for m, _ in transitions[found:]])
    for m in based:
        further = _further_bases(m, sentence, taken)
        if further:
            transitions += further
            taken.add([base.span() for base, _ in further])
    if transitions:
        if len(transitions) > 1:
            transitions.sort(key=lambda t: t[0].start())
        relation_patterns, words = relations_for(folded_text, sentence.isascii(), found_words)
        _place(sentence, _relations(sentence, folded_text, relation_patterns, words), transitions, taken)
    years = None
    reals = list(_REAL.finditer(sentence)) if _REAL.search(sentence) else []
    for m, (x, y, stated, ratio, unjudged, lead, on_another) in transitions:
        fragment = _currency_first(m, m.group(0).strip(" (，,"), y, x)
        if lead is not None:  # another base of a level said before it: 6.95亿吨，…比1952年的1.64亿吨
            fragment = _currency_first(lead, sentence[lead.start() : lead.start("sep")], y) + "，…" + fragment
        at = line_of(lead or m, " (，,")  # the line the claim's text starts on
        if unjudged:  # a change that may be read two ways: its rate (always stated with it) is not judged
            rows.extend((at, fragment, stated_label(r), "", "info", unjudged) for r in stated)
            continue
        computed = describe(x, y)
        if not stated:
            rows.append((at, fragment, "", computed, "info", ""))
        for relation in stated:
            if on_another and (relation.start, relation.end) == m.span():  # its own rate, on another base
                rows.append((at, fragment, stated_label(relation), computed, "info", on_another))
                continue
            if relation.kind == "pct" and _year_on_year(sentence, relation) and _within_a_year(sentence, m):
                note = _YOY_NOTE
                rows.append((at, fragment, stated_label(relation), computed, "info", note))
                continue
            real = _in_real_terms(sentence, reals, relation) if reals else None
            if real and relation.kind not in _POINTS:  # the figures, at current prices, cannot check it
                note = f"a rate {real.group(0)!r}, which figures at current prices cannot check"
                rows.append((at, fragment, stated_label(relation), computed, "info", note))
                continue
            if relation.kind == "cagr" and years is None:
                years = _years(sentence)
            verdict, note = judge(relation, x, y, years[0] if years else 0, ratio)
            if verdict == "inconsistent" and relation.kind == "cagr" and len(years) > 1:
                other = judge(relation, x, y, years[1], ratio)  # the span read the other way
                verdict, note = other if other[0] == "consistent" else (verdict, note)
            rows.append((at, fragment, stated_label(relation), computed, verdict, note))
    for pattern in level_patterns:
        levels: list[tuple[int, int]] = []
        for m in finditer(pattern, sentence, folded_text):
            if taken.starts and taken.overlaps(*m.span()):
                continue
            y = figure_of(m, "y", text=sentence)
            before = sentence[max(0, m.start() - 3) : m.start()].removesuffix("了")
            if y is None or before.endswith(_CHANGE_WORDS):
                continue  # "比上年增产8.6万吨，增长1.7%": 8.6万吨 is the increase, not the level
            groups = m.groupdict()
            if groups.get("g") is None:  # a multiple: 为上年的2.5倍, 比2020年翻了一番
                times = float(groups["m"]) if groups.get("m") else WORD_MULTIPLES[groups["w"]]
                levels.append(m.span())
                base = f"implied base {y.written(fmt(y.value / y.factor / times))}"
                rows.append((line_of(m), m.group(0).strip(), f"×{times:g}", base, "info", ""))
                continue
            growth = float(m.group("g"))
            if groups.get("sign") == "-" or (groups.get("word") or "").lower() in {
                "decrease",
                "decline",
                "drop",
                "down",
                "下降",
            }:
                growth = -growth
            if growth <= -100:
                continue
            levels.append(m.span())
            base = y.written(fmt(y.value / y.factor / (1 + growth / 100)))
            label = f"{'up' if growth >= 0 else 'down'} {abs(growth):g}%"
            claim = _currency_first(m, m.group(0).strip(), y)
            rows.append((line_of(m), claim, label, f"implied base {base}", "info", ""))
        if levels:
            taken.add(levels)


#: A rate in real terms (at comparable or constant prices, exchange rates or currency, like for like):
#: the figures a sentence gives are at current prices, so they cannot check it; NBS's GDP growth is
#: so by convention ("按可比价格计算，…年均增长6.5%").
_REAL = re.compile(
    r"可比价|不变价|实际增长|扣除价格因素|in real terms|real(?:-terms)? growth|at constant (?:prices|"
    r"exchange rates?|currency|currencies)|constant[- ]currency|like[- ]for[- ]like|organic(?: growth|ally)",
    re.I,
)
#: A rate on the same period a year earlier: 同比 (比上年同期, 较上年同期) before it, "year on year", "YoY",
#: "from a year earlier" after it, or "a year-on-year increase of".
_YOY_BEFORE = re.compile(r"(?:同比|(?:比|较)上年同期)了?$")
_YOY_IN = re.compile(r"year[- ]on[- ]year", re.I)
_YOY_AFTER = re.compile(
    r"\s*,?\s*\(?(?:year[- ]on[- ]year|yoy\b|y/y"
    r"|(?:from|on|over|than)\s+(?:a|the)\s+year\s+(?:earlier|ago|before)"
    r"|(?:from|on|over)\s+the\s+same\s+(?:period|month|quarter)\s+(?:of\s+)?(?:last|the\s+previous|a)\s+year)",
    re.I,
)
#: A move between periods less than a year apart: 环比, "month on month", or two months or quarters named.
_PERIOD_ON_PERIOD = re.compile(r"环比|(?:month|quarter)[- ]on[- ](?:month|quarter)|\bm/m\b|\bq/q\b", re.I)
_PART_OF_YEAR = re.compile(
    r"\b(?:q[1-4]|h[12]|(?:first|second|third|fourth)\s+quarter|january|february|march|april|may|june|july"
    r"|august|september|october|november|december)\b|[一二三四1-4]季度|(?<!\d)1?\d月|[上下]半年",
    re.I,
)


_YOY_NOTE = "a rate on a year earlier, which a move between periods less than a year apart cannot check"


def _year_on_year(sentence: str, relation: Relation) -> bool:
    """Whether a rate stated in `sentence` is on the same period a year earlier (`_YOY_BEFORE`...)."""
    start, end = relation.start, relation.end
    return bool(
        _YOY_BEFORE.search(sentence, max(0, start - 6), start)
        or _YOY_IN.search(sentence, start, end)
        or _YOY_AFTER.match(sentence, end)
    )


def _within_a_year(sentence: str, m: re.Match[str]) -> bool:
    """Whether the move `m` is between periods less than a year apart: the sentence says 环比 or "month
    on month", or the move names two different months or quarters ("in Q1 to ... in Q2", 由一季度的X增加到二
    季度的Y), not one of two years ("in Q1 2023 to ... in Q1 2024")."""
    if _PERIOD_ON_PERIOD.search(sentence):
        return True
    clause = _CLAUSE_END.search(sentence, m.end())
    text = sentence[m.start() : min(m.end() + 25, clause.start() if clause else len(sentence))]
    return len({p.lower() for p in _PART_OF_YEAR.findall(text)}) > 1


def _in_real_terms(sentence: str, reals: list[re.Match[str]], relation: Relation) -> re.Match[str] | None:
    """The words (of `reals`, the matches of `_REAL` in `sentence`) that make a stated rate one in real
    terms: the last before its end (按可比价格计算，…增长6.5%; 实际增长5.5%), or the first after it in its
    clause ("up 12% at constant exchange rates", 增长6.5%（按可比价格计算）); none for a rate in a clause
    before them (由33081元增加到35000元，增长5.8%，扣除价格因素，实际增长5.5%: the 5.8% is nominal)."""
    before = [real for real in reals if real.start() < relation.end]
    if before:
        return before[-1]
    after = reals[0]
    return None if _CLAUSE_END.search(sentence, relation.end, after.start()) else after


#: The kinds of stated relation in points, which prices do not move: a share's change.
_POINTS = ("share", "pp", "bp")
# a span of years as one period: 2021年至2025年, 2021—2025年, 2021-2025, 2021–25
_YEAR_RANGE = re.compile(r"(?<![\d.])((?:19|20)\d\d)\s*年?\s*(?:至|到|—|–|-|~)\s*((?:19|20)?\d\d)(?![\d.%])")


def _years(sentence: str) -> list[int]:
    """The years a CAGR in `sentence` is over, most likely first: from the first year named to the last
    (levels of 2020 and 2025: 5 years); for a span written as one period (2021年至2025年, 2021-2025)
    also counted inclusively, as NBS counts a plan's five years from the year before it began (the
    span's reading tried first, the other if the rate is not consistent with it).

    Example:
        >>> _years("由2020年的850.6亿元增加到2025年的1236.8亿元"), _years("2021年至2025年，年均增长10%")
        ([5], [5, 4])
    """
    named = sorted({int(y) for y in _YEAR.findall(sentence)})
    span = named[-1] - named[0] if len(named) >= 2 else 0
    ranged = _YEAR_RANGE.search(sentence)
    if ranged is None:
        return [span]
    first, last = int(ranged.group(1)), ranged.group(2)
    last = int(last) if len(last) == 4 else first // 100 * 100 + int(last)
    return [last - first + 1, span] if last > first else [span]


def _currency_first(m: re.Match[str], claim: str, *figures: Figure | None) -> str:
    """The text of a claim (`claim`, of the match `m`) with the currency of the figure it starts with
    written before it, as the sentence has it: "$1.52 billion (+11.8% YoY)", not "1.52 billion (...)"."""
    for name, figure in zip("yx", figures, strict=False):
        if figure is not None and figure.currency and name in m.re.groupindex and m.start(name) == m.start():
            return figure.currency + claim
    return claim


def _place(sentence: str, relations: list[Relation], transitions: list, taken: Spans) -> None:
    """Give each relation to the nearest transition (of `transitions`, in order, with their spans
    `taken`) it may belong to, at most `NEAR` characters away; on a tie, to the first of them. A
    relation in brackets that give another period's figures ("(2023: £2.98bn, up 12%)") belongs to no
    transition outside them."""
    if not relations:
        return
    starts, ends = taken.starts, taken.ends  # of the transitions, in their order
    clause_ends = [m.start() for m in _CLAUSE_END.finditer(sentence)]
    shares = [moved.y.percent and _SHARE_OF.match(sentence, m.end()) is not None for m, moved in transitions]
    dated = (
        [m.span() for m in DATED_BRACKET.finditer(sentence)] if ":" in sentence and "(" in sentence else ()
    )
    for relation in relations:
        start, end = relation.start, relation.end
        if taken.overlaps(start, end):
            continue  # part of a transition's own figures
        bracket = next(((a, b) for a, b in dated if a <= start and end <= b), None)
        after = bisect.bisect_left(ends, start)
        nearest = None
        for i in (after - 1, after) if after else (after,):
            if i < len(starts):
                distance = max(starts[i] - end, start - ends[i], 0)
                if (
                    distance <= NEAR
                    and (bracket is None or (bracket[0] <= starts[i] and ends[i] <= bracket[1]))
                    and (nearest is None or distance < nearest[0])
                    # one clause: everything belongs together
                    and (
                        not clause_ends
                        or _together(sentence, clause_ends, (starts[i], ends[i]), (start, end), shares[i])
                    )
                ):
                    nearest = distance, i
        if nearest is not None:
            transitions[nearest[1]][1].stated.append(relation)


class Moved(NamedTuple):
    """A figure that moved, from x to y, with the relations stated of it; `ratio`, the interval of y / x
    where x is y less the change stated of it (so that the two are rounded as one: `judge`);
    `unjudged`, why its relations are not judged (x is then None); `lead`, for another base of a
    level said before it (`_further_bases`), the match of the transition that says the level; and
    `on_another`, why the rate it carries is not judged (`_on_another_base`)."""

    x: Figure | None
    y: Figure
    stated: list[Relation]
    ratio: tuple[float, float] | None = None
    unjudged: str = ""
    lead: re.Match[str] | None = None
    on_another: str = ""


_BASE_OF_YEAR = 14  # Y，较上年同期的X, Y，比1978年的X: the place in `_TRANSITIONS`
_UP_FROM = 3  # Y ..., up from X: the place in `_TRANSITIONS`
# the words before a change or a rate: a figure after them is no level
_RATE_WORDS = (*_CHANGE_WORDS, "提高", "提升", "上升", "扩大", "降低", "回落", "缩小", "收窄")


def _another_figure_before(sentence: str, at: int) -> bool:
    """Whether the clause of `sentence` that ends at `at` (from the last comma, semicolon or bracket
    before it) holds a figure other than a year: then "Y, up from X" does not say which is Y
    ("652 thousand for those aged 16 and over, up from 598 thousand"), and nothing is judged.

    Example:
        >>> _another_figure_before("Among those aged 25 to 34, employment was 2,500", 42)
        False
        >>> _another_figure_before("Regional GVA was £7.3bn across 12 regions", 39)
        True
    """
    clause = sentence[:at].rpartition(",")[2].rpartition(";")[2].rpartition("(")[2]
    return any(ch.isdigit() for ch in _YEAR.sub("", clause))


def _transition(m: re.Match[str], index: int, sentence: str) -> Moved | None:
    """The figures of a transition (x, y) and the relation it carries, or None when they are not figures
    that moved; `m` is a match of the pattern `_TRANSITIONS[index]` in `sentence` (or in it folded)."""
    if index == _BASE_OF_YEAR and sentence[max(0, m.start() - 3) : m.start()].removesuffix("了").endswith(
        _RATE_WORDS
    ):
        return None  # 增长127.9%，比1952年的1.64亿吨, 提高3.4个百分点，比2015年的30.1%: a change, not a level
    if index == _UP_FROM and _another_figure_before(sentence, m.start("y")):
        return None  # "88,000 in the 18 to 24 group, down from 95,000": which is Y is not certain
    y = figure_of(m, "y", spans_of_time=True, text=sentence)
    ratio, unjudged = None, ""
    if index in _INCREASES and m.group("i") is not None:
        if not _level_with_its_change(m, sentence):
            return None
        change = figure_of(m, "i", spans_of_time=True, text=sentence)
        if y is not None and change is not None and other_currencies(y, change):
            return None  # "£3.26bn, up $280m": two currencies
        moved = _level_less_change(m, y, change)
        if moved is None:
            return None
        x, ratio, unjudged = moved.x, moved.ratio, moved.unjudged
    else:
        x = figure_of(m, "x", spans_of_time=True, text=sentence)
        if x is None or y is None or other_currencies(x, y):
            return None  # not figures, or amounts in two currencies ("from US$ 2.1bn to HK$ 2.5bn")
    if x is not None:
        x, y = shared_scale(x, y), shared_scale(y, x)  # "from 30 to 90 billion yuan"
        if x.percent != y.percent:
            if not (x.percent and not y.unit):
                return None  # a percent and an amount: not one figure moving
            y = y._replace(percent=True, unit=x.unit, currency="")  # "from 15% to 82"
    own = []
    kind = TRANSITION_KINDS.get(index)
    if kind == "pct" and (m.groupdict().get("points") or m.groupdict().get("bps")):
        kind = "pp" if m.group("points") else "bp"  # "(2023: 4.0%), up 0.2 percentage points"
    if kind == "word":
        own.append(Relation("word", 1, m.group("w"), "", *m.span()))
    elif kind:
        stated = m.group("g")
        direction = (m.group("dir") if index in _DIRECTED else "") or ""
        sign = -1 if " ".join(direction.lower().split()) in DOWN_WORDS else 1
        own.append(Relation(kind, sign, _NUMBER_WORDS.get(stated.lower(), stated), "", *m.span()))
    on_another = _on_another_base(m, sentence) if index in _BRACKETED else ""
    return Moved(x, y, own, ratio, unjudged, on_another=on_another)


def _on_another_base(m: re.Match[str], sentence: str) -> str:
    """Why the rate of a figure with another period's in brackets (`m`, "£3.26bn (2019: £2.50bn), up
    2.0%") is not judged against that figure: the words after the rate name its base (`BASE_AFTER`:
    "on 2023", "on the month", "year on year", "compared with Q4 2023"), and it is not the period in the
    brackets, or may not be ("(2023: X), up N% on the previous year": of 2024, or of a month of 2024?);
    "" where they name none, or that period itself ("(2023: X), up N% on 2023"; "(prior year: X), up
    N% on the previous year").

    Example:
        >>> text = "Sales were £3.26bn (2019: £2.50bn), up 2.0% on 2023."
        >>> _on_another_base(_TRANSITIONS[17].search(text), text)
        "a rate 'on 2023', which the figure of 2019 in brackets cannot check"
        >>> text = "Sales were £3.26bn (2023: £2.98bn), up 9.4% on 2023."
        >>> _on_another_base(_TRANSITIONS[17].search(text), text)
        ''
    """
    after = BASE_AFTER.match(sentence, m.end())
    if after is None or (after.group("base") and not PERIOD_WORDS.search(after.group("base"))):
        return ""  # no base named, or not a period ("up 9.4% on higher volumes")
    period, base = _period_named(m.group("period")), _period_named((after.group("base") or "").rstrip(". "))
    if base == period or (period in YEAR_BEFORE and (after.group("yoy") or base in YEAR_BEFORE)):
        return ""  # "(2023: X), up N% on 2023"; "(prior year: X), up N% year on year"
    said = " ".join(after.group(0).strip(" ,(").split()).rstrip(".")
    return f"a rate {said!r}, which the figure of {m.group('period')} in brackets cannot check"


def _period_named(words: str) -> str:
    """A period as named, to compare: lowercased, its spaces one, without "the" before it."""
    return " ".join(words.lower().split()).removeprefix("the ")


def _further_bases(m: re.Match[str], sentence: str, taken: Spans) -> list[tuple[re.Match[str], Moved]]:
    """The other bases of the level Y of a transition Y，比1978年的X (`m`, of `_TRANSITIONS[14]`), each
    after the change stated against the base before it: in 全年粮食产量6.95亿吨，比1978年的3.05亿吨增长1.3倍，
    比1952年的1.64亿吨增长3.2倍 the level of 1952's 1.64亿吨 is 6.95亿吨 too. A base that overlaps a
    transition `taken`, or is not written in the level's unit (and percent or not as it is), ends them.

    Example:
        >>> from indcalc.claim_patterns import _TRANSITIONS
        >>> text = "产量6.95亿吨，比1978年的3.05亿吨增长1.3倍，比1952年的1.64亿吨增长3.2倍"
        >>> m = _TRANSITIONS[14].search(text)
        >>> [(base.group(0), moved.x.text) for base, moved in _further_bases(m, text, Spans())]
        [('比1952年的1.64亿吨', '1.64')]
    """
    found: list[tuple[re.Match[str], Moved]] = []
    y = figure_of(m, "y", spans_of_time=True, text=sentence)
    end = m.end()
    while (said := STATED_CHANGE_ZH.match(sentence, end)) and (
        base := FURTHER_BASE_ZH.match(sentence, said.end())
    ):
        end = base.end()
        x = figure_of(base, "x", spans_of_time=True, text=sentence)
        if (taken.starts and taken.overlaps(*base.span())) or x is None or x.percent != y.percent:
            break
        if x.unit != y.unit or other_currencies(x, y):
            break  # 6.95亿吨 and 1.64亿美元, or 16400万吨 (left unjudged): not one figure moving
        found.append((base, Moved(shared_scale(x, y), shared_scale(y, x), [], lead=m)))
    return found


_STOCK_MORE = ("多增", "少增", "多减", "少减")  # said of a balance (余额): a change on last year's change
_CLAUSE_START = re.compile(r"[，。；,;]")


def _level_with_its_change(m: re.Match[str], sentence: str) -> bool:
    """Whether the match `m` of a level with its change (Y，比上年增加I，增长N%) is one: not where Y is
    itself a change (比年初增加300亿元，同比多增50亿元: 300亿元 is no level), nor where the change is 多增
    of a balance (贷款余额3300亿元，同比多增50亿元: the loans grew by 50亿元 more than a year before, not
    by 50亿元). Of a flow, 比上年多增 is its increase (新增就业3.2万人，比上年多增0.3万人).

    Example:
        >>> from indcalc.claim_patterns import _TRANSITIONS
        >>> text = "贷款余额3300亿元，同比多增50亿元，增长10.2%"
        >>> _level_with_its_change(_TRANSITIONS[9].search(text), text)
        False
    """
    before = sentence[max(0, m.start() - 3) : m.start()].removesuffix("了")
    if before.endswith(_CHANGE_WORDS):
        return False
    if m.groupdict().get("change") in _STOCK_MORE:
        clause = sentence[: m.start()]
        starts = [c.end() for c in _CLAUSE_START.finditer(clause)]
        return "余额" not in clause[starts[-1] if starts else 0 :]
    return True


def _level_less_change(m: re.Match[str], y: Figure | None, change: Figure | None) -> Moved | None:
    """A level `y` with the change stated of it ("2.5 million, an increase of 49,000"; 比上年增加61.8亿元,
    a match `m` of a transition with a group i): the base is the level less the change (plus it, for a
    decrease), in the level's scale and unit, and y / x is taken from the level and the change, whose
    roundings are the only ones (the base's is the level's). None when either is not an amount.

    A change written bare (no scale word, unit or currency) beside a level with a scale word is in plain
    units when it is a whole number at least ten times the level as printed, so not in the level's
    scale (49,000 million beside 2.5 million), and at least a ten-thousandth of the level, so not a
    figure whose scale word was left out (49,000 beside 2.5 million; 1952300 beside 1250.6万, but not 49
    beside 2.5 million). Any other bare change (6.2, 6 or 49 beside 2.5 million) may be read more than
    one way: what is stated of it is not judged.

    Example:
        >>> from indcalc.claim_patterns import _TRANSITIONS
        >>> m = _TRANSITIONS[2].search("2.5 million, an increase of 49,000, or 5.0%")
        >>> moved = _level_less_change(m, figure_of(m, "y"), figure_of(m, "i"))
        >>> moved.x.written(), [round(r, 5) for r in moved.ratio]
        ('2.451 million', [1.01959, 1.02041])
    """
    if y is None or change is None or y.percent or change.percent:
        return None
    bare = change.factor == 1 and not (change.unit or change.currency)
    printed = y.value / y.factor
    if bare and y.factor != 1 and ("." in change.text or change.value < printed * max(10, y.factor / 1e4)):
        unjudged = (
            f"the change {change.text} has no scale word or unit of its own "
            f"({change.text} or {y.written(change.text)}?): not judged"
        )
        return Moved(None, y, [], unjudged=unjudged)
    said = m.groupdict().get("change") or m.group("dir")  # 比上年减少D，下降N%: the change's own word
    if " ".join(said.lower().split()) in DOWN_WORDS:  # y / (y + d): up with y, down with d
        x = y._replace(value=y.value + change.value, low=y.low + change.low, high=y.high + change.high)
        ratio = y.low / (y.low + change.high), y.high / (y.high + change.low)
    else:  # y / (y - i): down with y, up with i
        x = y._replace(value=y.value - change.value, low=y.low - change.high, high=y.high - change.low)
        ratio = (y.high / (y.high - change.low), y.low / x.low) if x.low > 0 else None
    return Moved(x._replace(text=fmt(x.value / y.factor, 4)), y, [], ratio)


def _together(
    sentence: str,
    clause_ends: list[int],
    transition: tuple[int, int],
    relation: tuple[int, int],
    share: bool = False,
) -> bool:
    """Whether a relation may be said of a transition: in the same clause, or in the clause next to it
    when the later of the two names no subject of its own (", up 12.4%", "，增长12.4%", ", from X to Y").
    A `share` (a from-to of percents of something: "from 14% to 18% of the market") moves apart from
    the level whose growth a clause before it states ("Sales rose 35%, from 14% to 18% of the market"),
    as 占比由35.2%提高到38.6% does after 增长12.3%."""
    first, later = sorted((transition, relation))
    clause = bisect.bisect_right(clause_ends, first[1] - 1)
    later_clause = bisect.bisect_right(clause_ends, later[0])
    if later_clause <= clause:
        return True
    if share and later is transition:
        return False
    lead = sentence[clause_ends[later_clause - 1] + 1 : later[0]]
    # ", up 50%, or 10.7% a year": a clause between may be a short relation of its own
    if later_clause - clause > 1 and any(
        len(sentence[a + 1 : b].strip()) > 12 for a, b in itertools.pairwise(clause_ends[clause:later_clause])
    ):
        return False
    return _CONTINUES.fullmatch(lead.lower()) is not None
