"""The wording of claims (`indcalc.claims`): patterns for figures that moved, relations stated of them and
levels given with their growth. Figures are written with the scale words and percent marks of
`indcalc.quantities`, as in value cells. Which patterns run over a sentence, and how, is
`indcalc.claim_scan`.

Speed, not meaning, shapes how the patterns are written:

- Python's re skips quickly only to a pattern's leading literal or character set; a pattern that starts
  with an assertion (``\\b``, a look-behind) or an optional part is tried at every character. So a figure
  starts with its first digit (the look-behind that it starts a run comes after it), and a word that
  must start a word is written ``from(?<!\\wfrom)``, not ``\\bfrom``: the same matches, and the
  longer the leading literal, the fewer the places tried.
- A pattern that ignores case is run without IGNORECASE over the sentence folded as IGNORECASE folds
  (`indcalc.claim_scan.folded`: same length, same positions), where its literals count, and a match
  the fold changed is taken again on the sentence itself from where it starts when its groups are
  needed as written.
- Digit runs are possessive (``\\d++``) and a stated figure starts a run: no pattern can backtrack into
  a long run of digits, so the scan is linear in the line (a 1 MB line of digits once took minutes). The
  matches are the same: a shorter run would leave a digit where the pattern goes on with something
  else, or (where a gap may hold digits) in a gap the whole run leaves room for too.

Example:
    >>> _TRANSITIONS[0].search("It rose from 5.45% to 16 billion yuan.").group("x", "x_pct", "y", "y_scale")
    ('5.45', '%', '16', 'billion')
"""

from __future__ import annotations

import re

from indcalc.quantities import PERCENT_PATTERN, SCALE_PATTERN
from indcalc.unit_names import CURRENCY_NAMES

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
    "threefold": 3.0,
    "three-fold": 3.0,
    "fourfold": 4.0,
    "four-fold": 4.0,
    "fivefold": 5.0,
    "five-fold": 5.0,
    "a doubling": 2.0,
    "翻一番": 2.0,
    "翻了一番": 2.0,
    "翻番": 2.0,
    "翻两番": 4.0,
    "翻了两番": 4.0,
}
# the unit after a figure (and its scale word): money, in the names bulletins write in English too (US
# dollars, euros), amounts of goods and energy, and what is counted
_UNIT_WORDS = (
    r"(?:yuan|(?:(?:us|u\.s\.|hong\s+kong|hk|canadian|australian|singapore|new\s+taiwan|nt)\s+)?dollars?|usd|rmb|cny|euros?|eur|pounds(?:\s+sterling)?|yen"
    r"|days?|years?|(?:metric\s+)?tons?|tonnes?|kilowatt[- ]hours|kwh|barrels|hectares"
    r"|(?:square|cubic)\s+met(?:re|er)s|teus?|person[- ]times|visitors|tourists|passengers|vehicles"
    r"|households|jobs"
    r"|people|firms?|enterprises?|companies|projects?|units?|plants?|factories|元|家|个|吨|人)"
)


def _starting(*words: str) -> str:
    """Words that start a word (``\\b(?:up|rose)``), each led by its letters (``up(?<!\\wup)``)."""
    return "(?:" + "|".join(_led(words)) + ")"


def _led(words: tuple[str, ...]) -> list[str]:
    """Each word (a pattern that starts with letters) with its leading letters first, then the assertion
    that they start a word: Python's re skips to all those letters at once."""
    heads = [re.match(r"[a-z]+", w).group(0) for w in words]
    return [rf"{head}(?<!\w{head}){w[len(head) :]}" for head, w in zip(heads, words, strict=True)]


# a figure: a digit that starts a run, then its run, with thousands separated by commas, by spaces (70 000,
# 1 250 000, as the ONS, Eurostat and French texts write them; a no-break or thin space too) or not; a
# run of more than three digits starts no thousands (in 2023 70 firms: 2023 and 70), nor one after a
# label word (`LABEL_WORDS`: Table 3 250 000 households is 3 and 250 000). A group of three after one to
# three digits and a space goes on with them, so it starts no figure of its own (1 250 000 holds no
# 250 000), unless those digits are a label's: else a line of such groups, each tried to its end, was
# scanned in quadratic time.
_SPACE = r"[ \u00a0\u202f]"
# words that number what follows them, not figures (Table 3, Region 1, Aged 65), in any case; a quarter
# or half glued to its number (Q3, H1) is one too
LABEL_WORDS = (
    "table", "tables", "chart", "figure", "fig.", "exhibit", "region", "area", "zone", "section", "chapter",
    "aged", "age", "ages", "group", "class", "grade", "phase", "stage", "tier", "wave", "round", "item",
    "no.", "part", "annex", "appendix", "box", "line", "row", "column", "page", "district",
    "ward", "county", "sector", "question", "step", "note", "schedule",
)  # fmt: skip


def _not_after_label(tail: str) -> str:
    """Lookbehinds that the text just before, `tail` (a pattern of one width), does not follow a label
    word of `LABEL_WORDS` and a space, nor Q or H glued to it; one lookbehind for each width of word, as
    Python's re wants."""
    words: dict[int, list[str]] = {1: ["[qh]"]}
    for word in LABEL_WORDS:
        words.setdefault(len(word) + 1, []).append(re.escape(word) + r"\s")
    return "".join(rf"(?<!(?i:\b(?:{'|'.join(ws)})){tail})" for _, ws in sorted(words.items()))


_GROUP_GOES_ON = (  # a group of three that goes on with the one to three digits before it
    rf"\d\d(?!\d)(?<=\d{_SPACE}\d\d\d)(?<!\d\d\d\d{_SPACE}\d\d\d)"
    + "".join(_not_after_label(r"\d" * digits + rf"{_SPACE}\d\d\d") for digits in (1, 2, 3))
)
_FIRST_OF_SPACED = _not_after_label(r"\d")  # a figure's first digit, to go on with spaced groups
_NUMBER = (
    rf"(?P<{{n}}>\d(?<![\d.,]\d)(?!{_GROUP_GOES_ON})"
    rf"(?:\d{{{{0,2}}}}+(?:,\d{{{{3}}}})++(?:\.\d++)?"
    rf"|{_FIRST_OF_SPACED}\d{{{{0,2}}}}+(?:{_SPACE}\d{{{{3}}}}(?!\d))++(?:\.\d++)?"
    rf"|\d*+(?:\.\d++)?))"
)
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


# the ISO codes of currencies (`indcalc.unit_names.CURRENCY_NAMES`) and RMB, folded: a code before an
# amount, "USD 3.0 billion", "EUR3.4bn"
CURRENCY_CODES = "|".join(sorted({code.lower() for code in CURRENCY_NAMES} | {"rmb"}))
# a currency before an amount: $4.8 billion, RMB56.2 billion, USD 3.0 billion, ¥3.45 trillion, £2.45
# billion, a dollar of one country (US$, HK$, C$, A$, S$, NT$), each also with a space before the amount
# (US$ 1.52 billion) (folded)
DOLLAR_OF = r"[a-z]{1,2}\$"
_CUR = rf"(?:[$£€¥￥]\s?|(?:{CURRENCY_CODES})\s?|{DOLLAR_OF}\s?)?"
_PCT = rf"\s?(?:{PERCENT_PATTERN})"  # 12%, 12 ％, 12 percent, 12 per cent
_PP = r"\s*(?:percentage\s+points?|pp\b|个百分点)"
_BP = r"\s+(?:basis\s+points?|bps?\b)"
# a change's direction before its rate, after a level and its year before: "up", "an increase of"
_DIR_EN = r"(?P<dir>up|down|an\s+increase\s+of|a\s+(?:rise|decrease|fall|decline|drop)\s+of)"
# the year before, named in brackets: (2023: X), (FY23: X), (2023/24: X), (H1 2023: X), (April 2023: X),
# (prior year: X)
#: A month's name in English, whole or cut short (Sept, Sep, Oct), lower case (the patterns ignore case).
MONTH_NAMES = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?"
    r"|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_MONTH_EN = rf"{MONTH_NAMES}\.?"
_YEAR_BEFORE_EN = (
    rf"(?:(?:(?:q[1-4]|h[12]|{_MONTH_EN})\s+)?(?:fy\s?\d{{2}}(?:\d{{2}})?|\d{{4}})(?:[/-]\d{{2,4}})?"
    r"|(?:the\s+)?(?:previous|prior|last)\s+year|a\s+year\s+(?:earlier|ago))"
)
# after a rate in brackets, what it is against: (up 28.6% year on year), (up 28.6% on 2023)
_AGAINST_EN = (
    r"(?:yoy|y/y|year[- ]on[- ]year|on\s+(?:the|a)\s+year(?:\s+(?:earlier|ago))?"
    r"|(?:on|from)\s+(?:the\s+)?(?:previous|prior|last)\s+year|(?:on|from)\s+\d{4})"
)
_YEAR_OF = r"(?:\d{4}年(?:末|底)?的?|上年的?|上年同期的?)"  # 由2020年的, 是2020年, 比上年的
_QUAL_EN = r"(?:(?P<q>more\s+than|over|nearly|almost|about|around)\s+)?"
_QUAL_ZH = r"(?P<q>超过|逾|近|约|接近)?"
_ZH_TAIL = r"[^\d\s，。；,;（(）)的]{0,5}?"  # a unit after a figure: 亿千瓦时, 件, 万平方米
# a unit after the last figure of a pattern, where nothing after it bounds a lazy `_ZH_TAIL`: letters, but
# not a word that says something of the figure (增长2倍, 比上年, 左右 is kept: a qualifier of it)
_ZH_END_TAIL = (
    r"(?:(?!增|减|提|降|下降|回落|翻|比|较|同比|是|为|相当|占|的|年均|上升|扩大|缩|到|至|达|高|低|和|及)"
    r"[^\W\d_]){0,5}"
)


def _zh_unit(name: str) -> str:
    """`_ZH_TAIL` after the figure `name`, as its group name_tail: the rest of a unit in Chinese that
    the unit words leave (美元 of 4.8亿美元, 人次 of 1250.6万人次), kept with the figure
    (`indcalc.claim_figures.figure_of`)."""
    return f"(?P<{name}_tail>{_ZH_TAIL})"


def _zh_end_unit(name: str) -> str:
    """`_ZH_END_TAIL` after the figure `name` that ends a pattern, as its group name_tail (人次 of
    由1055.4万人次增加到1250.6万人次)."""
    return f"(?P<{name}_tail>{_ZH_END_TAIL})"


_ZH_UP = "提高|上升|增加|提升|加快|扩大|高出|高"
# a change stated of a level, and against when: 比上年增加, 比上年末减少, 较年初增长, 同比增产
_ZH_CHANGE = "净增加|净增|多增|增加|增长|增产|多|净减少|净减|减少|减产|下降|少"
# ... or against a year named, 比2022年增加
_SINCE_ZH = r"(?:(?:比|较)(?:上年(?:末|底|同期)?|\d{4}年(?:末|底|同期)?|年初|上月|上季度?)|同比)"
_ZH_DOWN = "下降|回落|降低|减少|放缓|收窄|低"

# Transitions; a pattern's groups g (a stated figure) and dir (its direction) are a relation it carries,
# of the kind `TRANSITION_KINDS` gives; a group i (an increase) stands for the base, the level y less i.
_TRANSITIONS = [
    # from X to Y; up to 40 characters between X and "to" ("from an 8-million-yuan startup in 2003 to ...")
    re.compile(
        rf"{_starting('from')}\s+{_ARTICLE}{_CUR}{_value('x')}(?P<gap>[^.;:!?]{{0,40}}?)\s+to\s+{_ARTICLE}"
        rf"{_CUR}{_value('y')}",
        re.IGNORECASE,
    ),
    # Y, up N% from X; Y, down N% on X; Y in 2024, up N% from X
    re.compile(
        rf"{_value('y')}(?:\s+units)?(?:\s+in\s+(?:the\s+\w+|\d{{4}}))?, (?P<dir>up|down)\s+(?P<g>{_DIGITS})"
        rf"{_PCT}\s+(?:from|on)\s+{_CUR}{_value('x')}",
        re.IGNORECASE,
    ),
    # level, its increase and its rate: Y, an increase of I, or N%; Y, a rise of I, or N%
    re.compile(
        rf"{_value('y')},?\s+(?:was\s+)?(?P<dir>up|down|an\s+increase\s+of|a\s+(?:rise|decrease|fall|decline|drop|reduction)\s+of)\s+"
        rf"{_CUR}"
        rf"{_value('i')},? or (?P<g>{_DIGITS}){_PCT}",
        re.IGNORECASE,
    ),
    # Y ..., up from X; Y, down from X: Y is the figure nearest before "up from" in its clause, so the
    # gap holds no figure (but a year after "in": "4.4% in 2024, up from 4.2%") and no comma (but the one
    # before "up"): in "Among those aged 25 to 34, employment was 2,500, up from 2,000" Y is 2,500
    re.compile(
        rf"{_value('y')}(?P<gap>(?:[^\d.,;!?]|(?<=in\s)\d{{4}}(?!\d)){{0,60}}?),?\s*\(?\b(?:up|down) from\s+"
        rf"{_CUR}{_value('x')}",
        re.IGNORECASE,
    ),
    # rose to Y from X, narrowed to Y from X
    re.compile(
        rf"{_starting('to')}\s+{_CUR}{_value('y')}(?P<gap>(?:\s+of)?(?:\s+[a-z]+){{0,2}}?),?\s+from\s+{_CUR}{_value('x')}",
        re.IGNORECASE,
    ),
    # Y, compared with X; Y in the quarter, against X
    re.compile(
        rf"{_value('y')}(?P<gap>[^\d.;!?]{{0,20}}?),\s+(?:compared\s+with|against|versus)\s+{_CUR}{_value('x')}",
        re.IGNORECASE,
    ),
    # Y, 3.5 times their 2015 level of X; Y was three times the X
    re.compile(
        rf"{_value('y')}(?P<gap>[^\d.;!?]{{0,20}}?)\s(?P<g>{_DIGITS}|two|three|four|five)\s+times\s+"
        rf"(?:the|their|its)\s+(?:\d{{4}}\s+level\s+of\s+)?{_CUR}{_value('x')}",
        re.IGNORECASE,
    ),
    # X → Y
    re.compile(rf"{_value('x')}\s*(?:→|->|⟶)\s*{_value('y')}"),
    # 从X增长到Y, 由X%提高至Y%, 由上年的X增加到Y, 由2020年的X增加到2025年的Y
    re.compile(
        rf"(?:从|由)(?:\d{{4}}年(?:末|底)?的?|[^\d，。；,;]{{0,6}}?){_value('x')}{_zh_end_unit('x')}"
        rf"(?P<gap>[^\d，。；,;]{{0,12}}?)"
        rf"(?:到|至)(?:\d{{4}}年(?:末|底)?的?)?{_value('y')}{_zh_end_unit('y')}"
    ),
    # Y，比上年增加I，增长N%; Y，比上年减少D，下降N%; Y，比上年末增加I，增长N%; Y，比上年增加I，增产N%;
    # Y，比2022年增加I，增长N%: the change's own word (change) says which way it went, the rate's (dir)
    # which way the rate says
    re.compile(
        rf"{_value('y')}{_zh_unit('y')}[，,]{_SINCE_ZH}?(?P<change>{_ZH_CHANGE})了?\s?{_value('i')}"
        rf"{_zh_unit('i')}[，,]"
        rf"{_SINCE_ZH}?(?P<dir>增长|下降|增产|减产)了?\s?(?P<g>{_DIGITS}){_PCT}"
    ),
    # Y，是2020年X的N倍; Y，相当于2020年X的N倍
    re.compile(
        rf"{_value('y')}{_ZH_TAIL}[，,]?(?:是|为|相当于){_YEAR_OF}?{_value('x')}{_ZH_TAIL}的(?P<g>{_DIGITS})倍"
    ),
    # Y，比2015年末的X翻了一番
    re.compile(
        rf"{_value('y')}{_ZH_TAIL}[，,]?比{_YEAR_OF}?{_value('x')}{_ZH_TAIL}(?P<w>翻了?一番|翻了?两番)"
    ),
    # Y，为年度目标X的N%
    re.compile(
        rf"{_value('y')}{_ZH_TAIL}[，,](?:为|完成)(?:年度|全年)?目标{_value('x')}{_ZH_TAIL}的(?P<g>{_DIGITS}){_PCT}"
    ),
    # Y，增速比上年（X）回落N个百分点; Y，比全省平均水平（X）高N个百分点
    re.compile(
        rf"{_value('y')}[，,](?:增速|增幅)?(?:比|较)[^（(，。\d]{{0,10}}[（(]{_value('x')}[）)]"
        rf"(?P<dir>{_ZH_UP}|{_ZH_DOWN})了?(?P<g>{_DIGITS})个百分点"
    ),
    # Y，上年同期为X; Y，较上年同期的X (Y a level: not 1.3倍 of 增长1.3倍，比1952年的X)
    re.compile(
        rf"{_value('y')}(?!倍){_ZH_TAIL}(?P<sep>[，,])(?:上年同期为|上年为|(?:较|比)(?:上年同期|上年|\d{{4}}年(?:末|底)?)的)"
        rf"{_value('x')}{_zh_end_unit('x')}"
    ),
    # Y（2023年为X），增长N%: the year before in brackets
    re.compile(
        rf"{_value('y')}{_zh_unit('y')}[（(](?:\d{{4}}年(?:末|底)?|上年|上年同期)(?:为|是)?{_value('x')}{_zh_unit('x')}"
        rf"[）)][，,]?(?:同比|比上年)?(?P<dir>增长|下降)了?\s?(?P<g>{_DIGITS}){_PCT}"
    ),
    # Y (X in 2023), up N% (or N percentage points: points)
    re.compile(
        rf"{_value('y')}\s?\({_CUR}{_value('x')}\s+in\s+(?P<period>\d{{4}})\),?\s+{_DIR_EN}\s+(?P<g>{_DIGITS})"
        rf"(?:(?P<points>{_PP})|(?P<bps>{_BP})|{_PCT})",
        re.IGNORECASE,
    ),
    # Y (2023: X), up N%: the year before in brackets, as annual reports and the ONS write it; what else
    # the brackets say is of that year ("(2023: £2.98bn, up 12%)": not the 9.4% after them)
    re.compile(
        rf"{_value('y')}\s?\(\s*(?P<period>{_YEAR_BEFORE_EN})\s*:\s*{_CUR}{_value('x')}(?:,[^()]{{0,60}}?)?\s*\),?\s+"
        rf"{_DIR_EN}\s+"
        rf"(?P<g>{_DIGITS})(?:(?P<points>{_PP})|(?P<bps>{_BP})|{_PCT})",
        re.IGNORECASE,
    ),
    # Y, up I (N%): a level, its change and the change's rate in brackets, as the ONS writes them ("2.45
    # million in March, up 49,000 (2.0%) on the year")
    re.compile(
        rf"{_value('y')}(?:\s+in\s+(?:the\s+)?(?:[a-z]+(?:\s+\d{{4}})?|\d{{4}}))?,?\s+(?P<dir>up|down)\s+"
        rf"{_CUR}{_value('i')}\s?\(\s?[+\-−]?(?P<g>{_DIGITS}){_PCT}\s?\)",
        re.IGNORECASE,
    ),
]
# after Y，比1978年的X (`_TRANSITIONS[14]`), the change stated against that base and another base of the
# same level Y: 6.95亿吨，比1978年的3.05亿吨增长1.3倍，比1952年的1.64亿吨增长3.2倍; 38.6%，比2020年的35.2%提高
# 3.4个百分点，比2015年的30.1%提高8.5个百分点
STATED_CHANGE_ZH = re.compile(
    rf"(?:增长|增加|提高|扩大|下降|减少|降低)了?\s?(?:超过|逾|近|约|接近)?\s?{_DIGITS}(?:倍多?|个百分点|{_PCT})[，,]"
)
FURTHER_BASE_ZH = re.compile(
    rf"(?:较|比)(?:上年同期|上年|\d{{4}}年(?:末|底)?)的{_value('x')}{_zh_end_unit('x')}"
)
# brackets that give another period's figures, (2023: £2.98bn, up 12%), (April 2023: 5.2%): what is said in
# them is of that period, not of a figure outside them
DATED_BRACKET = re.compile(rf"\(\s*{_YEAR_BEFORE_EN}\s*:[^()]*(?:\)|$)", re.IGNORECASE)
# after a rate, the base it says it is on: "year on year", "on the month", "on 2023", "from a year earlier",
# "compared with the same quarter of 2023" (the base, up to the end of its clause or a word that starts
# another: "on 2023 and ...", "on 2023, driven by ..."); the rate of "Y (2023: X), up N%" is on 2023
BASE_AFTER = re.compile(
    r"\s*,?\s*\(?(?P<yoy>year[- ]on[- ]year|yoy\b|y/y\b)"
    r"|\s*,?\s*\(?(?P<pop>(?:month|quarter|week)[- ]on[- ](?:month|quarter|week)|m/m\b|q/q\b|mom\b|qoq\b)"
    r"|\s+(?:on|from|over|against|versus|vs\.?|compared\s+(?:with|to)|than|since)\s+"
    r"(?P<base>(?:(?!\s+(?:and|but|while|as|driven|due|reflecting|with|in|to|after|despite|led|mainly)\b)"
    r"[^,;:()]){1,60})",
    re.IGNORECASE,
)
# a base that names a period (or a figure), not a cause ("on higher volumes"), and those a year before
# the period of the figure it is said of, as a year before's brackets name them: (prior year: X)
PERIOD_WORDS = re.compile(
    rf"\d|\b(?:years?|months?|quarters?|weeks?|half|period|earlier|ago|before|last|previous|prior|{_MONTH_EN})"
    r"(?!\w)",
    re.IGNORECASE,
)
YEAR_BEFORE = frozenset(
    {"previous year", "prior year", "last year", "a year earlier", "a year ago", "year earlier", "year ago",
     "year", "a year before", "year before"}
)  # fmt: skip
# the kind of the relation a transition carries, by its pattern's place ("pct" is "pp" or "bp" where the
# group points or bps took part: "(2023: 4.0%), up 0.2 percentage points", "up 20 basis points")
TRANSITION_KINDS = {
    1: "pct",
    2: "pct",
    6: "multiple",
    9: "pct",
    10: "multiple",
    11: "word",
    12: "share",
    13: "pp",
    15: "pct",
    16: "pct",
    17: "pct",
    18: "pct",
}
DOWN_WORDS = frozenset(
    {
        "down",
        *(f"a {noun} of" for noun in ("decrease", "fall", "decline", "drop", "reduction")),
        *_ZH_DOWN.split("|"),
        *("减产", "少", "净减", "净减少"),  # 比上年减产D, 比上年少D, 比上年净减D
    }
)
_UP_EN = "|".join(_led((*_UP, "edged up", "widened")))
_DOWN_EN = "|".join(_led((*_DOWN, "eased", "slipped", "narrowed")))
# average annual growth: 年均, 年平均, 平均每年; "average annual" or "annual average" before a change's noun
_ZH_AVERAGE = "(?:年均|年平均|平均每年)"
_AVERAGES = ("average annual ", "annual average ")
_AVERAGE_UP = tuple(a + n for a in _AVERAGES for n in ("growth", "increase", "rise", "gain"))
_AVERAGE_DOWN = tuple(a + n for a in _AVERAGES for n in ("decline", "decrease", "fall", "drop", "reduction"))
# a rate a year: "4.4% a year", "per annum" (not "1.9% a year earlier": a level a year before), and the
# words of its direction before it ("up 7.8% a year", "falling 4.4% a year")
_A_YEAR = r"(?:a\s+year(?!\s+(?:earlier|ago|before))|per\s+year|per\s+annum)\b"
A_YEAR_UP_WORDS = (*_UP, "rising", "growing", "increasing", "climbing")
A_YEAR_DOWN_WORDS = (*_DOWN, "falling", "declining", "decreasing", "dropping", "shrinking")
_A_YEAR_UP = "|".join(_led(A_YEAR_UP_WORDS))
_A_YEAR_DOWN = "|".join(_led(A_YEAR_DOWN_WORDS))
# relations, the first kinds first: a relation overlapping one found before it is not one
_RELATIONS = [
    # average annual growth: a CAGR over the years the sentence names; its direction as its word says
    # (年均下降, "an average annual decline of"); a rate a year with no word of its direction ("or 4.4% a
    # year") is its size, either way
    (
        "cagr",
        re.compile(
            rf"{_ZH_AVERAGE}(?:(?P<up>增长率?|增速|增幅|递增|增加|提高|上升)|下降|减少|递减|降低|回落)"
            rf"(?:达到?|为)?\s?{_QUAL_ZH}\s?(?P<s>{_DIGITS}){_PCT}"
        ),
        None,
    ),
    (
        "cagr",
        re.compile(
            rf"(?:(?P<up>{_change_of(_AVERAGE_UP)})|{_change_of(_AVERAGE_DOWN)})\s+(?:rate\s+)?of\s+"
            rf"{_QUAL_EN}(?P<s>{_DIGITS}){_PCT}",
            re.I,
        ),
        None,
    ),
    (
        "cagr",
        re.compile(
            rf"(?:(?P<up>{_A_YEAR_UP})|{_A_YEAR_DOWN})\s+(?:by\s+)?(?:an\s+average\s+(?:of\s+)?)?"
            rf"(?P<s>{_DIGITS}){_PCT}\s+{_A_YEAR}",
            re.I,
        ),
        None,
    ),
    ("cagr", re.compile(rf"(?P<s>{_DIGITS}){_PCT}\s+{_A_YEAR}", re.I), 0),
    # 增长N倍: x(N+1)
    ("times_more", re.compile(rf"(?:增长|增加|提高|扩大)了?\s?{_QUAL_ZH}\s?(?P<s>{_DIGITS})倍"), 1),
    # a direction (sign None): up when the group "up" took part, down otherwise
    (
        "pp",
        re.compile(
            rf"(?:(?P<up>{_UP_EN}|{_ZH_UP})|{_DOWN_EN}|{_ZH_DOWN})了?\s*(?:by\s+)?(?P<s>{_DIGITS}){_PP}", re.I
        ),
        None,
    ),
    (
        "pp",
        re.compile(
            rf"(?:(?P<up>{_change_of(_INCREASE)})|{_change_of(_DECREASE)})\s+of\s+(?P<s>{_DIGITS}){_PP}", re.I
        ),
        None,
    ),
    ("bp", re.compile(rf"(?:(?P<up>{_UP_EN})|{_DOWN_EN})\s+(?:by\s+)?(?P<s>{_DIGITS}){_BP}", re.I), None),
    (
        "bp",
        re.compile(
            rf"(?:(?P<up>{_change_of(_INCREASE)})|{_change_of(_DECREASE)})\s+of\s+(?P<s>{_DIGITS}){_BP}", re.I
        ),
        None,
    ),
    (
        "pct",
        re.compile(
            rf"(?:(?P<up>{_change_of(_INCREASE, _YOY)})|{_change_of(_DECREASE)})\s+of\s+"
            rf"{_QUAL_EN}(?P<s>{_DIGITS}){_PCT}",
            re.I,
        ),
        None,
    ),
    (
        "pct",
        re.compile(rf"(?:(?P<up>{_UP_EN})|{_DOWN_EN})\s+(?:by\s+)?{_QUAL_EN}(?P<s>{_DIGITS}){_PCT}", re.I),
        None,
    ),
    (
        "pct",
        re.compile(
            rf"\b(?:an?\s+)?(?P<s>{_DIGITS}){_PCT}\s+(?:(?P<up>{'|'.join(_INCREASE)})|{'|'.join(_DECREASE)})",
            re.I,
        ),
        None,
    ),
    # a signed rate in brackets, after a move: "from 100 to 120 (+20%)", 由100亿元增加到120亿元（+20%）
    ("pct", re.compile(rf"[(（]\s*(?:(?P<up>\+)|[-−–])\s?(?P<s>{_DIGITS})\s?[%％]\s*[)）]"), None),
    ("pp", re.compile(rf"(?:\bby\s+)?(?P<s>{_DIGITS}){_PP}", re.I), 0),
    ("multiple", re.compile(rf"(?P<s>{_DIGITS})[\s-]?(?:fold\b|times\b|倍)", re.I), 1),
    (
        "pct",
        re.compile(
            rf"(?:(?P<up>增长|增加|提高|上升|扩大|增产)|下降|减少|降低|回落|减产)了?\s?{_QUAL_ZH}\s?"
            rf"(?P<s>{_DIGITS}){_PCT}"
        ),
        None,
    ),
]
_WORDS = re.compile("|".join(sorted(map(re.escape, WORD_MULTIPLES), key=len, reverse=True)), re.I)
_GROWS_TO = re.compile(
    rf"{_starting(*_GREW)}\s+(?:by\s+)?(?P<g>{_DIGITS}){_PCT}\s+to\s+{_ARTICLE}{_CUR}{_value('y')}",
    re.I,
)
_LEVEL_GROWTH = [
    # Y (+N% YoY), £3.26bn (up 28.6%), 85.2亿元（+28.6%）, 4.8亿美元(增长28.6%), 85.2亿元（同比下降3.1%）:
    # brackets of either width; the rest of a unit in Chinese (美元) before them, never letters (no
    # "5G (+3%)")
    re.compile(
        rf"{_value('y')}(?P<y_tail>[^\x00-\x7f\d\s，。；（的]{{0,5}}?)\s*[(（]\s*(?:同比|比上年|较上年)?"
        rf"(?:(?P<sign>[+-])|(?P<word>增长|下降|up(?=\s)|down(?=\s))\s*了?)(?P<g>{_DIGITS})\s?[%％]"
        rf"\s*{_AGAINST_EN}?\s*[)）]",
        re.I,
    ),
    re.compile(
        rf"{_value('y')},?\s+(?:an?\s+)?(?:year[- ]on[- ]year\s+)?"
        rf"(?P<word>increase|growth|rise|decrease|decline|drop)\s+of\s+(?P<g>{_DIGITS}){_PCT}",
        re.I,
    ),
    # Y, up N% (not "up N% from X": a transition)
    re.compile(
        rf"{_value('y')}(?:\s+in\s+\d{{4}})?, (?P<word>up|down)\s+(?P<g>{_DIGITS}){_PCT}"
        rf"(?!\s+(?:from|on)\s+(?:[$£€¥￥\d]|(?:{CURRENCY_CODES})\b|{DOLLAR_OF}))",
        re.I,
    ),
    re.compile(
        rf"{_value('y')}{_zh_unit('y')}[，,](?:同比|(?:比|较)(?:上年|\d{{4}}年))?(?P<word>增长|下降)\s?(?P<g>{_DIGITS}){_PCT}"
    ),
    # a level with a multiple and no base: 为上年的2.5倍, 比2020年翻了一番
    re.compile(
        rf"{_value('y')}{_zh_unit('y')}[，,](?:是|为|相当于)(?:上年|\d{{4}}年(?:末|底)?)的(?P<m>{_DIGITS})倍"
    ),
    re.compile(rf"{_value('y')}{_zh_unit('y')}[，,]比(?:上年|\d{{4}}年(?:末|底)?)(?P<w>翻了?一番|翻了?两番)"),
]
