"""Units as they are written: a unit's scale and base (``亿元``: 亿 of 元, ``USD mn``: million of USD,
`split_unit`), whether a base is money and in which currency (`is_currency`, `CURRENCY_NAMES`), the
label of a unit put on another scale (`unit_on_scale`), and when two units are one unit on two scales
(`common_scale`). Loading a file with units reads them; ``calc``, which reads none, does not import
this module (`indcalc.quantities` is the grammar of the figures themselves).

Its patterns are compiled on first use (`_money`); units written as statistical codes (Eurostat's
``CP_MEUR``) are read in `indcalc.unit_codes`, imported only when a unit is one.
"""

from __future__ import annotations

import functools
import re
from typing import NamedTuple

from indcalc.quantities import PERCENT_UNITS, join_unit

#: Scale prefixes of units. Not k (kg is a kilogram), nor 千 but before a currency or a unit it does not
#: make kilo- (`KILO_UNITS`): 千元 and 千人 are thousands, 千克 a kilogram.
UNIT_SCALES = {
    "万亿": 1e12,
    "亿": 1e8,
    "千万": 1e7,
    "百万": 1e6,
    "万": 1e4,
    "thousand": 1e3,
    "million": 1e6,
    "billion": 1e9,
    "trillion": 1e12,
}
#: Units that 千 before them makes kilo-, not thousands of: 千克 kg, 千米 km, 千瓦(时) kW(h), 千伏 kV,
#: 千赫 kHz, 千帕 kPa, 千焦 kJ, 千卡 kcal, 千升 kL, 千牛 kN, 千安 kA, 千字节 KB, 千比特 kbit; and
#: 千分 (千分比, 千分之: per mille) and 千兆 (giga).
KILO_UNITS = ("克", "米", "瓦", "伏", "赫", "帕", "焦", "卡", "升", "牛", "安", "字节", "比特", "分", "兆")
#: Currencies by ISO code: the ways a unit names each (casefolded, spaces single), and its name in
#: English and in Chinese. 亿元 and billion yuan are one unit on two scales, as are 万美元 and million US
#: dollars; a label whose scale word is in the other language takes the other name (`unit_on_scale`).
CURRENCY_NAMES: dict[str, tuple[frozenset[str], str, str]] = {
    "CNY": (
        frozenset({"元", "yuan", "rmb", "cny", "人民币", "元人民币", "人民币元", "¥", "￥", "cn¥"}),
        "yuan",
        "元",
    ),
    "USD": (
        frozenset({"美元", "美金", "usd", "us$", "us dollars", "us dollar", "u.s. dollars", "u.s. dollar"}),
        "US dollars",
        "美元",
    ),
    "HKD": (
        frozenset({"港元", "港币", "hkd", "hk$", "hk dollars", "hong kong dollars"}),
        "HK dollars",
        "港元",
    ),
    "EUR": (frozenset({"欧元", "eur", "euro", "euros", "€"}), "euros", "欧元"),
    "GBP": (frozenset({"英镑", "gbp", "£", "pounds", "pounds sterling"}), "pounds", "英镑"),
    "JPY": (frozenset({"日元", "jpy", "yen", "jp¥"}), "yen", "日元"),
    "KRW": (frozenset({"韩元", "krw", "won"}), "won", "韩元"),
    "AUD": (frozenset({"澳元", "aud", "a$", "australian dollars"}), "Australian dollars", "澳元"),
    "CAD": (frozenset({"加元", "cad", "c$", "canadian dollars"}), "Canadian dollars", "加元"),
    "TWD": (frozenset({"新台币", "新台币元", "twd", "nt$", "nt dollars"}), "NT dollars", "新台币"),
    "MOP": (frozenset({"澳门元", "澳门币", "mop", "patacas"}), "patacas", "澳门元"),
    "SGD": (frozenset({"新加坡元", "sgd", "s$", "singapore dollars"}), "Singapore dollars", "新加坡元"),
}
_CURRENCY_OF = {name: code for code, (names, _, _) in CURRENCY_NAMES.items() for name in names}
#: Base units that are money, which --scale-to puts on one scale: a currency's names, and money of no
#: one currency (a dollar, the World Bank's local currency unit, LCU, and PPP international $, the
#: IMF's national currency, the OECD's XDC, USD_EXC and USD_PPP), each also after ``current``,
#: ``constant``, ``nominal``, ``real``, ``chained`` or a base year (``current US$``, ``constant 2015
#: US$``, ``current LCU``, FRED's ``chained 2017 dollars``), or before a price basis in brackets
#: (``元（现价）``, ``元(不变价)``, ``euro (current prices)``).
CURRENCIES = frozenset(
    {
        *_CURRENCY_OF,
        *("dollars", "dollar", "$", "lcu", "international $", "national currency", "domestic currency"),
        *("xdc", "usd_exc", "usd_ppp", "pps", "purchasing power standards"),
    }
)
_MONEY_QUALIFIERS = r"^(?:(?:current|constant|nominal|real|chained|\d{4})\s+)+"
_BASES = (
    r"现价|不变价|当年价|当年价格|可比价|可比价格|按当年价格计算|按可比价格计算|"
    r"(?:at\s+)?(?:current|constant|nominal|real|comparable)(?:\s+\d{4})?(?:\s+prices)?|\d{4}\s+prices|"
    r"previous\s+year(?:'s)?\s+prices|(?:\d{4}\s+)?chain[- ]linked\s+volumes"
)
#: A price basis in brackets after a currency (``元（现价）``, ``euro (current prices)``), and the
#: aggregate of Eurostat's PPS (``PPS (EU27 from 2020; current prices)``: `indcalc.unit_codes`).
_PRICE_BASIS = rf"(?i)\s*[(（]\s*(?:EU27 from 2020(?:;\s*(?:{_BASES}))?|{_BASES})\s*[)）]$"
#: Scale words in money units as publishers write them, lower-case, and the word a label writes:
#: ``USD mn``, ``£m``, ``bn USD``, ``millions of dollars``, ``Mio. EUR``, ``Mrd. EUR``, ``millions
#: d'euros``, NBS's ``100 million yuan`` (亿元) and ``10,000 yuan`` (万元). Abbreviations (m, k, bn)
#: are read so only beside a currency: ``m`` alone is metres.
_MONEY_SCALES = {
    **{w: "thousand" for w in ("thousand", "thousands", "k", "ths", "tsd", "tsd.", "tausend", "milliers")},
    **{w: "thousand" for w in ("1000", "1 000", "1,000", "1.000")},  # Destatis: 1000 EUR
    **{w: "thousand" for w in ("000", "000s", "'000", "’000", "'000s")},  # ONS and HMRC: £000s, £'000
    **{w: "million" for w in ("million", "millions", "m", "mn", "mln", "mio", "mio.", "millionen")},
    **{w: "million" for w in ("1000000", "1 000 000", "1,000,000", "1.000.000")},
    **{w: "billion" for w in ("billion", "billions", "b", "bn", "bln", "mrd", "mrd.", "milliarden")},
    **{w: "billion" for w in ("milliard", "milliards")},
    **{w: "trillion" for w in ("trillion", "trillions", "tn", "trn", "tln")},
    **{w: "100 million" for w in ("100 million", "hundred million", "100 millions")},
    **{w: "10,000" for w in ("10,000", "10000", "10 000", "ten thousand")},
}
#: The factors of the words a label writes that are not `UNIT_SCALES`.
_NUMBERED_SCALES = {"100 million": 1e8, "10,000": 1e4}
_MONEY_SCALE = "|".join(re.escape(w) for w in sorted(_MONEY_SCALES, key=len, reverse=True))
_MONEY_UNIT = (
    # scale first: bn USD, Mio. EUR, millions of dollars, millions d'euros, in millions of US$, 10000元
    rf"(?i)^(?:in\s+)?(?P<scale>{_MONEY_SCALE})(?:\s+of\s+|\s+d['’]\s*|\s+de\s+|\s+|(?<=\d)(?=[^\d\s,.]))"
    r"(?P<base>\S.*)$",
    # currency first: USD mn, EUR m, US$ bn, CNY 100 million, USD, millions, USD (millions)
    rf"(?i)^(?P<base>.*?\S)(?:,?\s+(?:in\s+)?|\s*[(（]\s*(?:in\s+)?)(?P<scale>{_MONEY_SCALE})\s*[)）]?$",
    # a symbol and its scale: £m, US$m, €bn, ¥100 million
    rf"(?i)^(?P<base>.*[$£€¥￥])\s*(?P<scale>{_MONEY_SCALE})$",
)


class _MoneyPatterns(NamedTuple):
    qualifiers: re.Pattern[str]
    price_basis: re.Pattern[str]
    units: tuple[re.Pattern[str], ...]


@functools.cache
def _money() -> _MoneyPatterns:
    """The patterns above, compiled on first use: 4 ms, which a command whose units are plain (``%``)
    or that reads none (``calc``) does not spend at start-up."""
    return _MoneyPatterns(
        re.compile(_MONEY_QUALIFIERS),
        re.compile(_PRICE_BASIS),
        tuple(map(re.compile, _MONEY_UNIT)),
    )


def split_unit(unit: str) -> tuple[float, str, str]:
    """A unit's scale factor, scale word and base: ``"billion yuan"`` -> ``(1e9, "billion", "yuan")``.

    A scale word before the base (``亿元``, ``million tons``, ``千人``, but not the kilo- of ``千克``)
    is read whatever the base; money is also read as publishers write it (`_MONEY_SCALES`): ``USD
    mn``, ``£m``, ``Billions of U.S. dollars``, ``Mio. EUR``, ``100 million yuan``, ``10000元``,
    ``¥100 million``, its word the one a label writes (``million``); and Eurostat's codes for money
    (``CP_MEUR``: `indcalc.unit_codes`).

    Example:
        >>> split_unit("亿元"), split_unit("Million tons"), split_unit("千克"), split_unit("%")
        ((100000000.0, '亿', '元'), (1000000.0, 'million', 'tons'), (1.0, '', '千克'), (1.0, '', '%'))
        >>> split_unit("千美元"), split_unit("千人"), split_unit("current US$")
        ((1000.0, '千', '美元'), (1000.0, '千', '人'), (1.0, '', 'current US$'))
        >>> split_unit("10000元"), split_unit("¥100 million")
        ((10000.0, '10,000', '元'), (100000000.0, '100 million', '¥'))
        >>> split_unit("USD mn"), split_unit("£m"), split_unit("£000s")
        ((1000000.0, 'million', 'USD'), (1000000.0, 'million', '£'), (1000.0, 'thousand', '£'))
        >>> split_unit("Billions of U.S. dollars"), split_unit("Mio. EUR")
        ((1000000000.0, 'billion', 'U.S. dollars'), (1000000.0, 'million', 'EUR'))
        >>> split_unit("100 million yuan"), split_unit("m"), split_unit("million tonnes")[1]
        ((100000000.0, '100 million', 'yuan'), (1.0, '', 'm'), 'million')
    """
    text = " ".join(unit.split())
    lowered = text.casefold()
    for word in sorted(UNIT_SCALES, key=len, reverse=True):
        if lowered == word:
            return UNIT_SCALES[word], word, ""
        if word.isascii() and lowered.startswith(word + " "):
            return UNIT_SCALES[word], word, text[len(word) + 1 :].strip()
        if not word.isascii() and lowered.startswith(word):
            return UNIT_SCALES[word], word, text[len(word) :].strip()
    if text.startswith("千") and (is_currency(text[1:]) or not text[1:].startswith(KILO_UNITS)):
        return 1e3, "千", text[1:].strip()  # 千元, 千人, 千吨: thousands (but 千克 is a kilogram)
    if not any(c.isalpha() or c in "$£€¥￥" for c in text):  # %, ‰: no money (no regex compiled)
        return 1.0, "", unit.strip()
    for pattern in _money().units:
        found = pattern.match(text)
        if found and is_currency(base := found["base"].strip().rstrip(",").strip()):
            word = _MONEY_SCALES[" ".join(found["scale"].casefold().split())]
            return _NUMBERED_SCALES.get(word) or UNIT_SCALES[word], word, base
    if "_" in text:  # a statistical code: Eurostat's CP_MEUR, MIO_EUR (not read on every unit's way)
        from indcalc.unit_codes import eurostat_money

        if money := eurostat_money(text):
            return money
    return 1.0, "", unit.strip()


def unit_on_scale(word: str, base: str) -> str:
    """The unit of figures put on scale `word` (a series' own, or --scale-to's), as a report writes it:

    - `join_unit`, but a currency named in the other language than the scale word takes its name in
      the scale word's (`CURRENCY_NAMES`): 亿元 on a billion scale is ``billion yuan``, not ``billion
      元``, and billion yuan on the 亿 scale ``亿元``. A name with more to it (``current US$``) or of
      no one currency (``dollars``) is kept as written.
    - A currency written as a sign alone (``£``, ``€``, ``$``, ``¥``, ``US$``, ``HK$``) comes before an
      English scale word, as reports write it: ``£ billion``, ``US$ million`` (``billion £`` reads
      as no report does); before a Chinese one a currency's sign takes its Chinese name (``亿英镑``).
    - A price basis in brackets after the currency (``元（现价）``, ``euro (current prices)``) is kept,
      in the language of the currency's name beside it, so a label is in one language: ``现价`` is
      ``current prices``, ``不变价`` ``constant prices``, ``可比价`` ``comparable prices`` and back
      (`_NOTES`); a Chinese note in full-width brackets, joined (``亿元（现价）``), another after a
      space in ASCII ones (``billion yuan (current prices)``). A note with no such translation (``2010
      chain linked volumes``, ``nominal``) is kept as written.

    Example:
        >>> unit_on_scale("billion", "元"), unit_on_scale("亿", "yuan"), unit_on_scale("亿", "US$")
        ('billion yuan', '亿元', '亿美元')
        >>> unit_on_scale("million", "港元"), unit_on_scale("billion", "current US$")
        ('million HK dollars', 'billion current US$')
        >>> unit_on_scale("万", "吨"), unit_on_scale("billion", "€"), unit_on_scale("million", "US$")
        ('万吨', '€ billion', 'US$ million')
        >>> unit_on_scale("billion", "元（现价）"), unit_on_scale("亿", "euro (current prices)")
        ('billion yuan (current prices)', '亿欧元（现价）')
        >>> unit_on_scale("亿", "euro (2010 chain linked volumes)")
        '亿欧元 (2010 chain linked volumes)'
    """
    if not word:
        return base
    # 元（现价）: the currency is named, its price basis kept (the patterns compiled, 8 ms, only for brackets)
    basis = _money().price_basis.search(base) if base.rstrip().endswith((")", "）")) else None
    name, note = (base[: basis.start()], basis.group().strip()[1:-1].strip()) if basis else (base, "")
    code = _CURRENCY_OF.get(" ".join(name.casefold().split()))
    if code and _chinese(word) != _chinese(name):
        _, english, chinese = CURRENCY_NAMES[code]
        name = chinese if _chinese(word) else english
    if note:
        if _chinese(note) != _chinese(name):  # in the language of the name beside it, when known
            note = _NOTES.get(" ".join(note.casefold().split()), note)
        return join_unit(word, f"{name}（{note}）" if _chinese(note) else f"{name} ({note})")
    if name and name[-1] in "$£€¥￥" and len(name) <= 4 and name[:-1].isascii() and not _chinese(word):
        return f"{name} {word}"  # £ billion, US$ million
    return join_unit(word, name)


#: Price bases in brackets in one language and the other (`unit_on_scale`): those the money units
#: read (`_PRICE_BASIS`), so that a label reads back as the unit it is.
_NOTES = {
    **dict.fromkeys(("现价", "当年价", "当年价格", "按当年价格计算"), "current prices"),
    "不变价": "constant prices",
    **dict.fromkeys(("可比价", "可比价格", "按可比价格计算"), "comparable prices"),
    **dict.fromkeys(("current prices", "at current prices", "current"), "现价"),
    **dict.fromkeys(("constant prices", "at constant prices", "constant"), "不变价"),
    **dict.fromkeys(("comparable prices", "at comparable prices"), "可比价"),
}


def _chinese(text: str) -> bool:
    """Whether `text` has a Chinese character (a loop: a regex of the ranges took 1.6 ms to compile)."""
    return any("\u3400" <= c <= "\u9fff" or "\uf900" <= c <= "\ufaff" for c in text)


def common_scale(unit: str, other: str) -> tuple[float, float] | None:
    """The scale factors of two units when they are one unit on two scales: they differ at most in
    their scale word and the spelling of their base (万元 and 亿元; 亿元 and billion yuan, or 万美元 and
    million USD, one currency; ``%`` and ``％``); None when they are units of two things.

    Example:
        >>> common_scale("万元", "亿元"), common_scale("亿元", "billion yuan"), common_scale("万人", "亿元")
        ((10000.0, 100000000.0), (100000000.0, 1000000000.0), None)
        >>> common_scale("万美元", "million USD"), common_scale("current US$", "constant 2015 US$")
        ((10000.0, 1000000.0), None)
    """
    if unit == other:
        return 1.0, 1.0
    (factor, _, base), (other_factor, _, other_base) = split_unit(unit), split_unit(other)
    return (factor, other_factor) if base_key(base) == base_key(other_base) else None


def base_key(base: str) -> str:
    """One key for the spellings of one base unit: a percent's, a currency's names, case and spaces."""
    text = " ".join(base.casefold().split())
    if text in PERCENT_UNITS:
        return "%"
    code = _CURRENCY_OF.get(text)
    return f"¤{code}" if code else text


def is_currency(base: str) -> bool:
    """Whether a base unit is money (`CURRENCIES`), so that --scale-to applies to it.

    Example:
        >>> is_currency("元"), is_currency("Yuan"), is_currency("美元"), is_currency("US dollars")
        (True, True, True, True)
        >>> is_currency("current US$"), is_currency("constant 2015 US$"), is_currency("tons")
        (True, True, False)
        >>> is_currency("元/吨"), is_currency("US$ per capita")  # prices and ratios are not sums of money
        (False, False)
    """
    text = _money().price_basis.sub("", " ".join(base.casefold().split()))
    return _money().qualifiers.sub("", text) in CURRENCIES
