"""Which patterns of `indcalc.claim_patterns` run over a sentence, and how they run.

A pattern is run over a sentence only when words it is made of are there (`_NEEDS`: each group of words
lists the ones the pattern can take at some place; a sentence with none of a group cannot match), and
no pattern runs over a sentence without a digit. The words are looked for once a sentence, with `in`
in the sentence lowercased as IGNORECASE compares (`folded`), which is far quicker than running the
patterns: first those of the patterns that find figures (`patterns_for`), then, where a figure moved,
those only relations are made of (`relations_for`); the patterns the words allow are chosen once for
each set of words found. A pattern that ignores case runs without IGNORECASE over the folded sentence
(`finditer`). The spans its matches take are kept as `Spans`: a match overlapping one found before is
not one.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from typing import NamedTuple

from indcalc.claim_patterns import (
    _DECREASE,
    _DOWN,
    _GREW,
    _GROWS_TO,
    _INCREASE,
    _LEVEL_GROWTH,
    _RELATIONS,
    _TRANSITIONS,
    _UP,
    _WORDS,
    _ZH_DOWN,
    _ZH_UP,
    A_YEAR_DOWN_WORDS,
    A_YEAR_UP_WORDS,
)

_PERCENT_NEEDS = ("%", "％", "percent", "per cent")
_DIR_NEEDS = ("up", "down", "increase", "rise", "decrease", "fall", "decline", "drop")  # `_DIR_EN`
_NEEDS: dict[str, tuple[tuple[str, ...], ...]] = {  # by the pattern's text (hashing a compiled one is slow)
    _TRANSITIONS[0].pattern: (("from",), ("to",)),
    _TRANSITIONS[1].pattern: ((", up", ", down"), ("from", "on"), _PERCENT_NEEDS),
    _TRANSITIONS[2].pattern: (
        (" or ",),
        ("up", "down", "increase", "rise", "decrease", "fall", "decline", "drop", "reduction"),
        _PERCENT_NEEDS,
    ),
    _TRANSITIONS[3].pattern: (("up from", "down from"),),
    _TRANSITIONS[4].pattern: (("to",), ("from",)),
    _TRANSITIONS[5].pattern: (("compared", "against", "versus"),),
    _TRANSITIONS[6].pattern: (("times",),),
    _TRANSITIONS[7].pattern: (("→", "->", "⟶"),),
    _TRANSITIONS[8].pattern: (("从", "由"), ("到", "至")),
    _TRANSITIONS[9].pattern: (("增长", "下降", "增产", "减产"),),
    _TRANSITIONS[10].pattern: (("倍",),),
    _TRANSITIONS[11].pattern: (("翻",),),
    _TRANSITIONS[12].pattern: (("目标",),),
    _TRANSITIONS[13].pattern: (("个百分点",),),
    _TRANSITIONS[14].pattern: (("为", "的"),),
    _TRANSITIONS[15].pattern: (("（", "("), ("）", ")"), ("增长", "下降"), _PERCENT_NEEDS),
    _TRANSITIONS[16].pattern: (("(",), (" in ",), _DIR_NEEDS, (*_PERCENT_NEEDS, "pp", "basis", "bp")),
    _TRANSITIONS[17].pattern: (("(",), (":",), _DIR_NEEDS, (*_PERCENT_NEEDS, "pp", "basis", "bp")),
    _TRANSITIONS[18].pattern: (("up", "down"), ("(",), _PERCENT_NEEDS),
    _WORDS.pattern: (("doubl", "tripl", "trebl", "quadrupl", "halv", "fold", "翻"),),
    _GROWS_TO.pattern: (_PERCENT_NEEDS, ("to",), _GREW),
    _LEVEL_GROWTH[0].pattern: (("%", "％"), ("(", "（"), ("+", "-", "增长", "下降", "up", "down")),
    _LEVEL_GROWTH[1].pattern: (
        _PERCENT_NEEDS,
        ("of",),
        ("increase", "growth", "rise", "decrease", "decline", "drop"),
    ),
    _LEVEL_GROWTH[2].pattern: ((", up", ", down"), _PERCENT_NEEDS),
    _LEVEL_GROWTH[3].pattern: (("增长", "下降"),),
    _LEVEL_GROWTH[4].pattern: (("倍",),),
    _LEVEL_GROWTH[5].pattern: (("翻",),),
}
_PP_NEEDS = ("percentage", "pp", "个百分点")
_BP_NEEDS = ("basis", "bp")
_UP_NEEDS = (*_UP, "widened", *_ZH_UP.split("|"))
_DOWN_NEEDS = (*_DOWN, "eased", "slipped", "narrowed", *_ZH_DOWN.split("|"))
for _pattern, _needs in zip(
    (p for _, p, _ in _RELATIONS),
    [
        (("年均", "年平均", "平均每年"),),
        (_PERCENT_NEEDS, ("average annual", "annual average")),
        (_PERCENT_NEEDS, ("year", "annum"), A_YEAR_UP_WORDS + A_YEAR_DOWN_WORDS),
        (_PERCENT_NEEDS, ("year", "annum")),
        (("倍",),),
        (_PP_NEEDS, _UP_NEEDS + _DOWN_NEEDS),
        (_PP_NEEDS, ("of",), _INCREASE + _DECREASE),
        (_BP_NEEDS, _UP_NEEDS + _DOWN_NEEDS),
        (_BP_NEEDS, ("of",), _INCREASE + _DECREASE),
        (_PERCENT_NEEDS, ("of",), _INCREASE + _DECREASE),
        (_PERCENT_NEEDS, _UP_NEEDS + _DOWN_NEEDS),
        (_PERCENT_NEEDS, _INCREASE + _DECREASE),
        (("(", "（"), ("+", "-", "−", "–"), ("%", "％")),
        (_PP_NEEDS,),
        (("fold", "times", "倍"),),
        (("增长", "增加", "提高", "上升", "扩大", "增产", "下降", "减少", "降低", "回落", "减产"),),
    ],
    strict=True,
):
    _NEEDS[_pattern.pattern] = _needs

_FIGURES = (*_TRANSITIONS, _GROWS_TO, *_LEVEL_GROWTH)  # the patterns that find figures


def _words_of(patterns: Iterable[re.Pattern[str]]) -> frozenset[str]:
    return frozenset(word for pattern in patterns for words in _NEEDS[pattern.pattern] for word in words)


# the words looked for in every sentence: those of the patterns that find figures; those only relations
# are made of are looked for in a sentence with a figure that moved. In a sentence in ASCII (English),
# only words in ASCII can be there.
_FIRST_WORDS = tuple(sorted(_words_of(_FIGURES)))
_RELATION_WORDS = tuple(sorted(_words_of([*(p for _, p, _ in _RELATIONS), _WORDS]) - _words_of(_FIGURES)))
_ASCII_FIRST_WORDS = tuple(word for word in _FIRST_WORDS if word.isascii())
_ASCII_RELATION_WORDS = tuple(word for word in _RELATION_WORDS if word.isascii())


class Chosen(NamedTuple):
    """The patterns that find figures that may match a sentence, each list in the order they are tried,
    and the words found."""

    transitions: list[tuple[int, re.Pattern[str]]]  # with their places in `_TRANSITIONS`
    levels: list[re.Pattern[str]]  # of `_GROWS_TO` and `_LEVEL_GROWTH`
    found: frozenset[str]  # of `_FIRST_WORDS`


class ChosenRelations(NamedTuple):
    """The relations that may match a sentence, in the order they are tried."""

    relations: list[tuple[str, re.Pattern[str], int | None]]  # as `_RELATIONS` holds them
    words: bool  # whether `_WORDS` (doubled, 翻一番) may match


_CHOICES: dict[frozenset[str], Chosen] = {}
_RELATION_CHOICES: dict[frozenset[str], ChosenRelations] = {}
_MAX_CHOICES = 1 << 14  # sets of words remembered; a new one past this many starts afresh


def _may_match(pattern: re.Pattern[str], found: frozenset[str]) -> bool:
    return all(not found.isdisjoint(words) for words in _NEEDS[pattern.pattern])


def patterns_for(folded_text: str, ascii: bool) -> Chosen:
    """The patterns that find figures that may match a sentence (`folded`; `ascii`: written in ASCII
    only): those with a word of each of their groups of words (`_NEEDS`) in it. The words are looked for
    once, the patterns chosen once for each set of words found: testing each pattern's words in turn
    took a third of the time of a check.

    Example:
        >>> len(patterns_for("up 5%", True).levels) < len(patterns_for("增长5%", False).levels)
        True
    """
    found = frozenset(
        [word for word in (_ASCII_FIRST_WORDS if ascii else _FIRST_WORDS) if word in folded_text]
    )
    chosen = _CHOICES.get(found)
    if chosen is None:
        if len(_CHOICES) >= _MAX_CHOICES:
            _CHOICES.clear()
        chosen = _CHOICES[found] = Chosen(
            [(i, p) for i, p in enumerate(_TRANSITIONS) if _may_match(p, found)],
            [p for p in (_GROWS_TO, *_LEVEL_GROWTH) if _may_match(p, found)],
            found,
        )
    return chosen


def relations_for(folded_text: str, ascii: bool, found: frozenset[str]) -> ChosenRelations:
    """The relations that may match a sentence, as `patterns_for` chooses patterns, given the words it
    `found` there (`Chosen.found`): a sentence with no figure that moved is spared a search for them.

    Example:
        >>> [relations_for(text, True, frozenset()).words for text in ("it doubled", "it rose")]
        [True, False]
    """
    words = _ASCII_RELATION_WORDS if ascii else _RELATION_WORDS
    found = found.union([word for word in words if word in folded_text])
    chosen = _RELATION_CHOICES.get(found)
    if chosen is None:
        if len(_RELATION_CHOICES) >= _MAX_CHOICES:
            _RELATION_CHOICES.clear()
        chosen = _RELATION_CHOICES[found] = ChosenRelations(
            [relation for relation in _RELATIONS if _may_match(relation[1], found)], _may_match(_WORDS, found)
        )
    return chosen


# each pattern that ignores case, without IGNORECASE, for the folded sentence
_FOLDED = {
    p.pattern: re.compile(p.pattern)
    for p in (*_TRANSITIONS, *(p for _, p, _ in _RELATIONS), _WORDS, _GROWS_TO, *_LEVEL_GROWTH)
    if p.flags & re.IGNORECASE
}
# a pattern that starts with a word and holds another after it: (its first word, the later one)
_IN_ORDER = {_TRANSITIONS[0].pattern: ("from", "to"), _TRANSITIONS[4].pattern: ("to", "from")}
DIGIT = re.compile(r"\d")
# IGNORECASE matches an ASCII letter to its other case and, beyond them, only to these four
_FOLD = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"})
_FOLDS = re.compile("[\u0130\u0131\u017f\u212a]")  # a search is far quicker than a translation


def folded(text: str) -> str:
    """`text` lowercased as IGNORECASE compares its letters to the patterns' (each character to one).

    Example:
        >>> folded("Up \u212a")
        'up k'
    """
    return text.translate(_FOLD).lower() if not text.isascii() and _FOLDS.search(text) else text.lower()


def finditer(
    pattern: re.Pattern[str], text: str, folded_text: str, *, as_written: bool = True
) -> Iterable[re.Match[str]]:
    """``pattern.finditer(text)``, for a pattern `patterns_for` chose for `text`: a pattern that ignores
    case is run over `folded_text` (`folded(text)`), not at all where its words are not in its order
    (`_IN_ORDER`), and a match the fold changed (a capital in it) is taken again on `text`, from where
    it starts, unless it is not needed `as_written` (the spans are the same; the groups are folded).

    Example:
        >>> [m.group("x") for m in finditer(_TRANSITIONS[0], "FROM 2 TO 6", "from 2 to 6")]
        ['2']
    """
    fast = _FOLDED.get(pattern.pattern)
    if fast is None:
        return pattern.finditer(text)
    order = _IN_ORDER.get(pattern.pattern)
    if order is not None and not folded_text.rfind(order[1]) > folded_text.find(order[0]) >= 0:
        return ()  # its words are there, but not in its order: no "from" after "to" for "to Y from X"
    if not as_written:
        return fast.finditer(folded_text)
    matches = []
    for m in fast.finditer(folded_text):
        start, end = m.span()
        if text[start:end] != folded_text[start:end]:  # folded in part: taken again, where it starts
            m = pattern.match(text, start)
            if m is None:  # never: the fold is tested to agree with IGNORECASE on every character
                return pattern.finditer(text)
        matches.append(m)
    return matches


class Spans:
    """Disjoint spans [start, end) of a sentence, sorted, so that a test for overlap is a bisection.

    Testing each match against every span found before was quadratic: a 1 MB line of "from 2 to 6 "
    holds 83,000 transitions.

    Example:
        >>> taken = Spans()
        >>> taken.add([(0, 5), (10, 12)])
        >>> taken.overlaps(4, 6), taken.overlaps(5, 10)
        (True, False)
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
        """Add spans, in order, that overlap neither each other nor the spans held."""
        if not self.ends or spans[0][0] >= self.ends[-1]:  # all after those held, as they mostly are
            self.starts += [start for start, _ in spans]
            self.ends += [end for _, end in spans]
            return
        merged = sorted([*zip(self.starts, self.ends, strict=True), *spans])
        self.starts = [start for start, _ in merged]
        self.ends = [end for _, end in merged]
