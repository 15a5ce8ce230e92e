"""Numbers and units as people write them in reports and spreadsheets: the one grammar of figures,
scales, percents and units that files (vectorised with pyarrow), `calc`, `target` and `check` read.

A value cell may read ``1100``, ``1,100``, ``1 100``, ``5.45%``, ``% 5.45``, ``１２３``, ``27.4亿``,
``2.74 billion``, ``3.2k``, ``1,100+``, ``>5``, ``−0.2`` (a typeset minus), ``12.5*`` or ``12.5[1]``
(footnote marks are dropped);
flags after a value (``12.3 p``, ``: c``) are split off first (`split_flags`). It
is read as a number, a scale (万 1e4, 亿 1e8, 万亿 1e12, 千 1e3, 百万 1e6, 千万 1e7, thousand, million,
billion, trillion, k, m/mn, bn, tn), a percent flag and a qualifier (``>``, ``<`` or ``+``, kept, the
value used as is). ``-``, ``—``, ``..``, ``…``, ``:``, ``.``, ``NA``, ``n/a`` and empty cells are missing
figures.

Prose (`indcalc.claim_patterns`) writes figures with the same scale words (`SCALE_PATTERN`) and percent
marks (`PERCENT_PATTERN`), and a rate given to calc is read by `parse_rate`.

A unit may carry a scale too: ``billion yuan``, ``亿元``, ``万吨``; `indcalc.unit_names.split_unit`
separates it so that one series written partly in ``million yuan`` and partly in ``billion yuan`` can
be put on one scale (a module of its own: ``calc``, which reads no unit, does not compile it).
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING

from indcalc.errors import UsageError

if TYPE_CHECKING:  # imported where used: `indcalc calc` reads its figures without numpy
    import numpy as np
    import pyarrow as pa

#: Scale words in value cells, lower-case, and their factors.
VALUE_SCALES = {
    "万亿": 1e12,
    "亿": 1e8,
    "千万": 1e7,
    "百万": 1e6,
    "万": 1e4,
    "千": 1e3,
    "thousand": 1e3,
    "k": 1e3,
    "million": 1e6,
    "mn": 1e6,
    "m": 1e6,
    "billion": 1e9,
    "bn": 1e9,
    "trillion": 1e12,
    "tn": 1e12,
}
#: Percent signs, and words that mean percent after a figure in prose.
PERCENT_SIGNS = ("%", "％")
PERCENT_WORDS = ("percent", "per cent")
#: Units that mark a percent (so changes are also given in percentage points).
PERCENT_UNITS = frozenset({*PERCENT_SIGNS, *PERCENT_WORDS, "pct", "percentage", "百分比"})
#: Units that say percent in a longer name or a statistical code: ``% of GDP``, ``annual %``,
#: ``Percent change``, ``Percentage of labour force``, ``367: Per cent`` (BIS), ``PC_ACT``, ``PCH_SM``,
#: ``CLV_PCH_PRE``, ``PT_LF`` (SDMX and Eurostat codes).
_PERCENT_NAMES = re.compile(r"[%％]|(?:^|[\s:])(?:percent|per cent|percentage)\b|^(?:pc|pch|pt)_|_pch_|^pch$")
#: Marks of percentage points after a rate.
POINTS_MARKS = ("pp", "个百分点", "percentage points")
MINUS_SIGN = "\u2212"  # read as "-": typeset tables and PDFs print −0.2 (NFKC keeps it)
MISSING_TOKENS = ("", "-", "--", "—", "–", "..", "...", "na", "n/a", "n.a.", "not available", ":", ".")
#: Flags statistical agencies write after a value (Eurostat: b break in series, c confidential,
#: d definition differs, e estimated, f forecast, n not significant, p provisional, r revised,
#: s Eurostat estimate, u low reliability, z not applicable), alone or combined (``bep``).
VALUE_FLAGS = "bcdefnprsuz"
_FLAGGED = rf"^\s*(?:(?P<value>[+-]?[\d.,]*\d)\s+|(?P<colon>:)\s*)(?P<flag>[{VALUE_FLAGS}]{{1,4}})\s*$"

_FOOTNOTE = r"(?:\s*(?:[*†‡#]+|\[[^\]]{1,4}\]|[①-⑳]|[¹²³⁰⁴-⁹]+))+$"
_SCALE_WORDS = "|".join(sorted(VALUE_SCALES, key=len, reverse=True))
#: The scale words in prose, longest first; an abbreviation (k, m, mn, bn, tn) ends a word (not 5 km).
SCALE_PATTERN = "|".join(
    w + (r"\b" if w.isascii() and len(w) <= 2 else "") for w in sorted(VALUE_SCALES, key=len, reverse=True)
)
#: A percent mark after a figure in prose: 5.45%, 5.45 ％, 5.45 percent, 5.45 per cent.
PERCENT_PATTERN = "|".join([*PERCENT_SIGNS, *(w.replace(" ", r"\s+") + r"\b" for w in PERCENT_WORDS)])
_NUMBER = (
    r"(?i)^(?P<qualifier>[<>])?\s*(?P<lead>%)?\s*"
    r"(?P<number>[+-]?(?:\d{1,3}(?:[, ]\d{3})+|\d+)(?:\.\d*)?(?:e[+-]?\d+)?|[+-]?\.\d+(?:e[+-]?\d+)?)"
    rf"\s*(?P<scale>{_SCALE_WORDS})?\s*(?P<plus>\+)?\s*(?P<trail>%)?$"
)


@dataclass(frozen=True)
class Numbers:
    """Parsed value cells; arrays aligned with the input.

    Attributes:
        value: the number as written, without its scale; NaN where missing or bad.
        factor: the scale's factor (1 without one).
        bad: the cell is neither a number nor a missing-value token.
        token: the cell is a missing-value token other than empty (``-``, ``NA``, ...).
        percent: the cell has a ``%``.
        qualifier: ``>``, ``<``, ``+`` or empty, per cell.
        scale: the scale word as written, lower-case, or empty.
    """

    value: np.ndarray
    factor: np.ndarray
    bad: np.ndarray
    token: np.ndarray
    percent: np.ndarray
    qualifier: np.ndarray
    scale: np.ndarray


def parse_numbers(cells: pa.Array | pa.ChunkedArray) -> Numbers:
    """Read value cells written as in reports (module doc).

    Example:
        >>> import pyarrow as pa
        >>> n = parse_numbers(pa.array(["1,100+", "5.45%", "27.4亿", "2.74 billion", "—", "１２", "x", ">3"]))
        >>> n.value.tolist()[:4], n.factor.tolist()[:4]
        ([1100.0, 5.45, 27.4, 2.74], [1.0, 1.0, 100000000.0, 1000000000.0])
        >>> parse_numbers(pa.array(["\u22120.2"])).value.tolist()  # a typeset minus
        [-0.2]
        >>> n.bad.tolist()[6], n.token.tolist()[4], n.percent.tolist()[1]
        (True, True, True)
        >>> n.qualifier.tolist(), n.scale.tolist()[2:4]
        (['+', '', '', '', '', '', '', '>'], ['亿', 'billion'])
    """
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    if isinstance(cells, pa.ChunkedArray):
        cells = cells.combine_chunks()
    text = pc.utf8_trim_whitespace(cells.cast(pa.string()))
    text = pc.utf8_trim_whitespace(pc.replace_substring_regex(text, _FOOTNOTE, ""))
    text = pc.utf8_trim_whitespace(pc.utf8_normalize(text, "NFKC"))
    text = pc.replace_substring(text, MINUS_SIGN, "-")  # typeset tables print −0.2
    missing = pc.is_in(pc.utf8_lower(text), value_set=pa.array((*MISSING_TOKENS, "…")))
    parts = pc.extract_regex(text, _NUMBER)
    matched = pc.is_valid(parts).to_numpy(zero_copy_only=False)
    missing_np = pc.fill_null(missing, True).to_numpy(zero_copy_only=False)
    digits = pc.replace_substring_regex(parts.field("number"), r"[, ]", "")
    number = pc.cast(pc.if_else(pc.equal(digits, ""), None, digits), pa.float64()).to_numpy(
        zero_copy_only=False
    )
    scale_text = pc.utf8_lower(pc.fill_null(parts.field("scale"), ""))
    scale_text = scale_text.to_numpy(zero_copy_only=False).astype(str)
    factor = np.ones(len(scale_text))
    for word in np.unique(scale_text):
        if word:
            factor[scale_text == word] = VALUE_SCALES[word]
    value = np.where(matched, number, np.nan)
    with np.errstate(over="ignore", invalid="ignore"):
        bad = ~matched & ~missing_np | (matched & ~np.isfinite(value * factor))
    value[bad | missing_np] = np.nan

    def flag(field: str) -> np.ndarray:
        return pc.fill_null(pc.not_equal(parts.field(field), ""), False).to_numpy(zero_copy_only=False)

    qualifier = np.where(
        flag("plus"), "+", pc.fill_null(parts.field("qualifier"), "").to_numpy(zero_copy_only=False)
    )
    return Numbers(
        value=value,
        factor=factor,
        bad=bad,
        token=missing_np & ~pc.equal(text, "").to_numpy(zero_copy_only=False),
        percent=(flag("lead") | flag("trail")) & matched,
        qualifier=np.asarray(qualifier, dtype=object).astype(str),
        scale=np.where(matched, scale_text, ""),
    )


@dataclass(frozen=True)
class Number:
    """One figure as written (`parse_number`): the number without its scale, the scale's factor
    and word (lower-case, empty without one), a percent flag and the qualifier (``>``, ``<``, ``+``)."""

    value: float
    factor: float = 1.0
    scale: str = ""
    percent: bool = False
    qualifier: str = ""


_NUMBER_RE = re.compile(_NUMBER, re.ASCII)  # pyarrow's RE2 reads \d and \s as ASCII too
_FOOTNOTE_RE = re.compile(_FOOTNOTE, re.ASCII)


def parse_number(text: str) -> Number | None:
    """One figure read by the grammar of value cells (`parse_numbers`, module doc), in plain Python:
    None when it is not a number (or marks a missing one).

    Example:
        >>> parse_number("27.4亿"), parse_number("5.45％").percent, parse_number("1,100+").value
        (Number(value=27.4, factor=100000000.0, scale='亿', percent=False, qualifier=''), True, 1100.0)
        >>> parse_number("—"), parse_number("1,00")
        (None, None)
    """
    cleaned = _FOOTNOTE_RE.sub("", text.strip()).strip()
    cleaned = unicodedata.normalize("NFKC", cleaned).strip().replace(MINUS_SIGN, "-")
    found = _NUMBER_RE.match(cleaned)
    if found is None or cleaned.lower() in (*MISSING_TOKENS, "…"):
        return None
    value = float(re.sub(r"[, ]", "", found["number"]))
    scale = (found["scale"] or "").lower()
    factor = VALUE_SCALES[scale] if scale else 1.0
    if not math.isfinite(value * factor):
        return None
    return Number(
        value,
        factor,
        scale,
        bool(found["lead"] or found["trail"]),
        "+" if found["plus"] else found["qualifier"] or "",
    )


def read_figure(text: str) -> Number:
    """A figure given on its own (`calc`'s figures, `target`'s value), read as a value cell is
    (`parse_number`).

    Raises:
        UsageError: `text` is not a number.

    Example:
        >>> read_figure("-2.5%").value, read_figure("27.4亿").scale
        (-2.5, '亿')
    """
    number = parse_number(text)
    if number is None:
        raise UsageError(f"{text!r} is not a number; expected a figure like 890, 1,100, 5.45% or 27.4亿")
    return number


def parse_rate(text: str, marks: tuple[str, ...] = PERCENT_SIGNS[:1]) -> float:
    """A rate as reports write it, with or without one of its `marks`: 28.6, 28.6% (or ％), 3.7pp,
    3.7个百分点 (with ``marks=POINTS_MARKS``). inf and nan are read, for the caller to refuse.

    Raises:
        ValueError: `text` is not a rate.

    Example:
        >>> parse_rate("28.6％"), parse_rate(" 3.7 个百分点", POINTS_MARKS)
        (28.6, 3.7)
    """
    cleaned = unicodedata.normalize("NFKC", text).strip()
    for mark in marks:
        if cleaned.casefold().endswith(mark):
            cleaned = cleaned[: -len(mark)].strip()
            break
    try:
        return float(cleaned)
    except ValueError:
        raise ValueError(f"{text!r} is not a figure; expected one like 28.6 or 28.6{marks[0]}") from None


def is_percent_unit(unit: str) -> bool:
    """Whether a unit marks a percent (so changes are also given in percentage points).

    Example:
        >>> is_percent_unit(" Percent "), is_percent_unit("％"), is_percent_unit("billion yuan")
        (True, True, False)
        >>> is_percent_unit("Percent of GDP"), is_percent_unit("CLV_PCH_PRE"), is_percent_unit("USD_EXC")
        (True, True, False)
        >>> is_percent_unit("annual %"), is_percent_unit("% of total labor force")
        (True, True)
    """
    text = unit.strip().casefold()
    return text in PERCENT_UNITS or bool(_PERCENT_NAMES.search(text))


def on_one_scale(numbers: list[Number]) -> tuple[list[float], str]:
    """Figures put on one scale as a file's series are: the scale most of them use (ties: the larger,
    then the first written), by multiplying or dividing by the whole ratio of the scales. Returns the
    values and the word.

    Example:
        >>> on_one_scale([parse_number("27.4亿"), parse_number("3000万")])
        ([27.4, 0.3], '亿')
        >>> on_one_scale([parse_number("8 million"), parse_number("30 billion"), parse_number("31 bn")])
        ([0.008, 30.0, 31.0], 'billion')
    """
    tally: dict[tuple[float, str], int] = {}  # in the order of the figures, as a file's groups
    for n in numbers:
        tally[n.factor, n.scale] = tally.get((n.factor, n.scale), 0) + 1
    factor, word = max(tally, key=lambda key: (tally[key], key[0]))  # the first of equals
    values = [
        n.value * (n.factor / factor) if n.factor >= factor else n.value / (factor / n.factor)
        for n in numbers
    ]
    return values, word


def join_unit(word: str, base: str) -> str:
    """A scale word and a base unit as one unit: ``亿`` + ``元`` -> ``亿元``; a space where either is
    written in Latin letters (``billion yuan``, ``亿 yuan`` from --scale-to 亿 on billion yuan).

    Example:
        >>> join_unit("亿", "元"), join_unit("billion", "yuan"), join_unit("亿", "yuan"), join_unit("", "%")
        ('亿元', 'billion yuan', '亿 yuan', '%')
    """
    if not word or not base:
        return word or base
    return f"{word}{base}" if not (word[-1].isascii() or base[0].isascii()) else f"{word} {base}"


def scale_factor(word: str) -> float | None:
    """The factor of a scale word (value or unit form), or None when it is not one.

    Example:
        >>> scale_factor("亿"), scale_factor("Billion"), scale_factor("dozen")
        (100000000.0, 1000000000.0, None)
    """
    return VALUE_SCALES.get(word.strip().casefold())


def split_flags(cells: pa.ChunkedArray) -> tuple[pa.ChunkedArray, pa.ChunkedArray | None]:
    """Value cells without the flags written after them (`VALUE_FLAGS`), and the flags (None: none).
    ``: c`` is a missing figure with flag ``c``; a scale word (``3 bn``) is not a flag.

    Example:
        >>> import pyarrow as pa
        >>> values, flags = split_flags(pa.chunked_array([["12.3 p", ": c", "-0.3 bp", "3 bn", "7"]]))
        >>> values.to_pylist(), flags.to_pylist()
        (['12.3', '', '-0.3', '3 bn', '7'], ['p', 'c', 'bp', '', ''])
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    if not pa.types.is_string(cells.type) and not pa.types.is_large_string(cells.type):
        return cells, None
    found = pc.extract_regex(cells, _FLAGGED)
    flag = pc.struct_field(found, "flag")
    flagged = pc.and_(pc.is_valid(flag), pc.invert(pc.is_in(flag, pa.array(list(VALUE_SCALES)))))
    if not pc.any(flagged).as_py():
        return cells, None
    value = pc.fill_null(pc.struct_field(found, "value"), "")
    return pc.if_else(flagged, value, cells), pc.if_else(flagged, flag, "")


def fmt(value: float, digits: int = 2) -> str:
    """A number with at most `digits` decimals, thousands separated, trailing zeros dropped.

    Example:
        >>> fmt(2729.914), fmt(216.0)
        ('2,729.91', '216')
    """
    return f"{value:,.{digits}f}".rstrip("0").rstrip(".") if abs(value) < 1e15 else f"{value:.3g}"
