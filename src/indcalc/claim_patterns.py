"""The wording of claims (`indcalc.claims`): patterns for figures that moved, relations stated of them and
levels given with their growth, and a scan that runs each pattern only where it can match. Figures are
written with the scale words and percent marks of `indcalc.quantities`, as in value cells.

Speed, not meaning, shapes how the patterns are written:

- Python's re skips quickly only to a pattern's leading literal or character set; a pattern that starts
  with an assertion (``\\b``, a look-behind) or an optional part is tried at every character. So a figure
  starts with its first digit (the look-behind that it starts a run comes after it), and a word that
  must start a word is written ``f(?<!\\wf)rom``, not ``\\bfrom``: the same matches.
- A pattern that ignores case is run without IGNORECASE over the sentence folded as IGNORECASE folds
  (`folded`: same length, same positions), where its literals count, and each match is taken again on
  the sentence itself from where it starts (`finditer`) when its groups are needed as written.
- Digit runs are possessive (``\\d++``) and a stated figure starts a run: no pattern can backtrack into
  a long run of digits, so the scan is linear in the line (a 1 MB line of digits once took minutes). The
  matches are the same: a shorter run would leave a digit where the pattern goes on with something
  else, or (where a gap may hold digits) in a gap the whole run leaves room for too.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from indcalc.quantities import PERCENT_PATTERN, SCALE_PATTERN

WORD_MULTIPLES = {
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


def _starting(*words: str) -> str:
    """Words that start a word (``\\b(?:up|rose)``), each led by its first letter (``u(?<!\\wu)p``)."""
    return "(?:" + "|".join(_led(words)) + ")"


def _led(words: tuple[str, ...]) -> list[str]:
    return [rf"{w[0]}(?<!\w{w[0]}){w[1:]}" for w in words]


# a figure: a digit that starts a run, then its run, with thousands separated by commas or not
_NUMBER = r"(?P<{n}>\d(?<![\d.,]\d)(?:\d{{0,2}}(?:,\d{{3}})++(?:\.\d++)?|\d*+(?:\.\d++)?))"
# a stated figure: the whole of a run of digits
_DIGITS = r"\d(?<!\d\d)\d*+(?:\.\d++)?"
_VALUE = (
    _NUMBER
    + r"(?P<{n}_plus>\+)?"
    + r"(?P<{n}_pct>\s?(?:"
    + PERCENT_PATTERN
    + r"))?"
    + r"(?:[\s-]?(?P<{n}_scale>"
    + SCALE_PATTERN
    + r"))?"
    + r"(?:[\s-]?(?P<{n}_unit>"
    + _UNIT_WORDS
    + r")\b)?"
)


def _value(name: str) -> str:
    return _VALUE.format(n=name)


_ARTICLE = r"(?:(?:a|an|the)\s+)?"
_YOY = r"year[- ]on[- ]year\s+"
_INCREASE = ("increase", "rise", "growth", "gain", "jump")
_DECREASE = ("reduction", "decrease", "decline", "drop", "fall", "cut")
_UP = ("up", "rose", "grew", "increased", "jumped", "climbed", "gained")
_DOWN = ("down", "fell", "dropped", "declined", "decreased", "shrank", "cut", "slid")
_GREW = ("grew", "rose", "increased", "expanded", "jumped", "climbed", "gained", "surged", "soared")


def _change_of(nouns: tuple[str, ...], lead: str = "") -> str:
    """``\\b(?:an?\\s+)?(?:LEAD)?(?:NOUNS)``, written so that each way starts with a letter: after an
    article, after `lead` ("year on year"), or the noun starting a word."""
    noun = "(?:" + "|".join(nouns) + ")"
    ways = [rf"a(?<!\wa)n?\s+(?:{lead})?{noun}" if lead else rf"a(?<!\wa)n?\s+{noun}"]
    ways += [f"{_led((lead,))[0]}{noun}"] if lead else []
    return "(?:" + "|".join([*ways, *_led(nouns)]) + ")"  # one level: Python's re skips to the letters


_TRANSITIONS = [
    # from X to Y; up to 40 characters between X and "to" ("from an 8-million-yuan startup in 2003 to ...")
    re.compile(
        rf"{_starting('from')}\s+{_ARTICLE}{_value('x')}(?P<gap>[^.;:!?]{{0,40}}?)\s+to\s+{_ARTICLE}{_value('y')}",
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
    ("pct", re.compile(rf"{_change_of(_INCREASE, _YOY)}\s+of\s+(?P<s>{_DIGITS})\s?%", re.I), 1),
    ("pct", re.compile(rf"{_starting(*_UP)}\s+(?:by\s+)?(?P<s>{_DIGITS})\s?%", re.I), 1),
    (
        "pct",
        re.compile(rf"\b(?:an?\s+)?(?P<s>{_DIGITS})\s?%\s+(?:{'|'.join(_INCREASE)})", re.I),
        1,
    ),
    ("pct", re.compile(rf"{_starting(*_DOWN)}\s+(?:by\s+)?(?P<s>{_DIGITS})\s?%", re.I), -1),
    ("pct", re.compile(rf"{_change_of(_DECREASE)}\s+of\s+(?P<s>{_DIGITS})\s?%", re.I), -1),
    (
        "pct",
        re.compile(rf"\b(?:an?\s+)?(?P<s>{_DIGITS})\s?%\s+(?:{'|'.join(_DECREASE)})", re.I),
        -1,
    ),
    ("pp", re.compile(rf"(?:\bby\s+)?(?P<s>{_DIGITS})\s+(?:percentage\s+points?|pp\b|个百分点)", re.I), 0),
    ("multiple", re.compile(rf"(?P<s>{_DIGITS})[\s-]?(?:fold\b|times\b|倍)", re.I), 1),
    ("pct", re.compile(rf"(?:增长|增加|提高|上升|扩大)了?(?P<s>{_DIGITS})\s?[%％]"), 1),
    ("pct", re.compile(rf"(?:下降|减少|降低|回落)了?(?P<s>{_DIGITS})\s?[%％]"), -1),
]
_WORDS = re.compile("|".join(sorted(map(re.escape, WORD_MULTIPLES), key=len, reverse=True)), re.I)
_GROWS_TO = re.compile(
    rf"{_starting(*_GREW)}\s+(?:by\s+)?(?P<g>{_DIGITS})\s?%\s+to\s+{_ARTICLE}{_value('y')}",
    re.I,
)
_LEVEL_GROWTH = [
    re.compile(
        rf"{_value('y')}\s*\(\s*(?P<sign>[+-])(?P<g>{_DIGITS})\s?%\s*(?:yoy|year[- ]on[- ]year)?\s*\)",
        re.I,
    ),
    re.compile(
        rf"{_value('y')},?\s+(?:an?\s+)?(?:year[- ]on[- ]year\s+)?"
        rf"(?P<word>increase|growth|rise|decrease|decline|drop)\s+of\s+(?P<g>{_DIGITS})\s?%",
        re.I,
    ),
]


# A pattern is run over a sentence only when words it is made of are there (each group of words lists
# the ones the pattern can take at some place; a sentence with none of a group cannot match), and no
# pattern runs over a sentence without a digit. The words are looked for in the sentence lowercased as
# IGNORECASE compares (`_folded`), with `in`, which is far quicker than running the pattern.
_NEEDS: dict[str, tuple[tuple[str, ...], ...]] = {  # by the pattern's text (hashing a compiled one is slow)
    _TRANSITIONS[0].pattern: (("from",), ("to",)),
    _TRANSITIONS[1].pattern: (("up",), ("from",)),
    _TRANSITIONS[2].pattern: (("→", "->", "⟶"),),
    _TRANSITIONS[3].pattern: (("从", "由"), ("到", "至")),
    _RELATIONS[0][1].pattern: (("%",), ("of",), _INCREASE),
    _RELATIONS[1][1].pattern: (("%",), _UP),
    _RELATIONS[2][1].pattern: (("%",), _INCREASE),
    _RELATIONS[3][1].pattern: (("%",), _DOWN),
    _RELATIONS[4][1].pattern: (("%",), ("of",), _DECREASE),
    _RELATIONS[5][1].pattern: (("%",), _DECREASE),
    _RELATIONS[6][1].pattern: (("percentage", "pp", "个百分点"),),
    _RELATIONS[7][1].pattern: (("fold", "times", "倍"),),
    _RELATIONS[8][1].pattern: (("增长", "增加", "提高", "上升", "扩大"),),
    _RELATIONS[9][1].pattern: (("下降", "减少", "降低", "回落"),),
    _WORDS.pattern: (("doubl", "tripl", "trebl", "quadrupl", "halv", "翻"),),
    _GROWS_TO.pattern: (("%",), ("to",), _GREW),
    _LEVEL_GROWTH[0].pattern: (("%",), ("(",), ("+", "-")),
    _LEVEL_GROWTH[1].pattern: (
        ("%",),
        ("of",),
        ("increase", "growth", "rise", "decrease", "decline", "drop"),
    ),
}
# each pattern that ignores case, without IGNORECASE, for the folded sentence
_FOLDED = {
    p.pattern: re.compile(p.pattern)
    for p in (*_TRANSITIONS, *(p for _, p, _ in _RELATIONS), _WORDS, _GROWS_TO, *_LEVEL_GROWTH)
    if p.flags & re.IGNORECASE
}
DIGIT = re.compile(r"\d")
# IGNORECASE matches an ASCII letter to its other case and, beyond them, only to these four
_FOLD = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"})


def folded(text: str) -> str:
    """`text` lowercased as IGNORECASE compares its letters to the patterns' (each character to one).

    Example:
        >>> folded("Up \u212a")
        'up k'
    """
    return text.lower() if text.isascii() else text.translate(_FOLD).lower()


def finditer(
    pattern: re.Pattern[str], text: str, folded_text: str, *, as_written: bool = True
) -> Iterable[re.Match[str]]:
    """``pattern.finditer(text)``: nothing when a group of the pattern's words in `_NEEDS` has none in
    `folded_text` (`folded(text)`); a pattern that ignores case is run over `folded_text` (module doc),
    and its matches are taken again on `text` unless they are not needed `as_written` (their spans are
    the same; their groups are folded).

    Example:
        >>> [m.group("x") for m in finditer(_TRANSITIONS[0], "FROM 2 TO 6", "from 2 to 6")]
        ['2']
    """
    for words in _NEEDS.get(pattern.pattern, ()):
        for word in words:
            if word in folded_text:
                break
        else:
            return ()
    fast = _FOLDED.get(pattern.pattern)
    if fast is None:
        return pattern.finditer(text)
    if not as_written:
        return fast.finditer(folded_text)
    again = [pattern.match(text, m.start()) for m in fast.finditer(folded_text)]
    # the same matches where each starts: the fold is tested to agree with IGNORECASE on every character
    return again if None not in again else pattern.finditer(text)
