"""Units written as codes (``CP_MEUR``), read where `indcalc.unit_names.split_unit` meets one, and
scale words in units that are not read as scales (``Millions of persons``), which --scale-to names in
its warning: kept out of `indcalc.unit_names`, so that a file's plain units do not compile them.

Eurostat's unit codes for sums of money (its code list UNIT, as in nama_10_gdp, nasa_10_nf_tr,
gov_10a_main, ext_tec09) are a price basis and a scale before the currency, ``CP_MEUR`` (current
prices, million euro), ``CLV10_MEUR`` (chain linked volumes (2010), million euro; also CLV05, CLV15,
CLV20), ``PYP_MEUR`` (previous year prices, million euro), or a scale alone, ``MIO_EUR`` (million
euro), ``THS_EUR`` (thousand euro); ``PPS`` is for purchasing power standards, Eurostat's artificial
common currency (``MIO_PPS_EU27_2020``, ``CP_MPPS_EU27_2020``), and ``NAC`` for the national currency
of each country (``MIO_NAC``, ``CP_MNAC``, ``CLV10_MNAC``, ``THS_NAC``), which the code does not name:
the unit of a panel of countries is a different currency in each (`in_unnamed_currency`). Codes are
upper-case, as Eurostat writes them.
"""

from __future__ import annotations

import functools
import re

from indcalc.quantities import is_percent_unit
from indcalc.unit_names import KILO_UNITS, split_unit

_EUROSTAT_MONEY = (
    r"^(?:(?P<basis>CP|PYP|CLV(?P<year>\d{2}))_M|(?P<scale>MIO|THS)_)(?P<currency>EUR|NAC|PPS)"
    r"(?P<aggregate>_EU27_2020)?$"
)
_BASES = {"CP": "current prices", "PYP": "previous year prices", "CLV": "chain linked volumes"}
_CURRENCIES = {"EUR": "euro", "PPS": "PPS"}


#: A scale word anywhere in a unit, for the warning of what --scale-to left as it is: ``tonnes,
#: millions``, ``Millions of persons``, a code's ``MIO_NAC``, ``THS_PER``, ``人口（万人）``, ``人口（千人）``,
#: ``1000 persons``, NBS's ``10,000 tons``.
_SCALE_MENTION = (
    r"(?i)(?<![a-z])(?:thousands?|millions?|billions?|trillions?|mn|mln|mio|bn|bln|mrd|tsd|ths|tn|"
    r"millionen|milliarden|tausend|milliards?|milliers|meur|mnac|mio_\w+)(?![a-z])|[万亿]|"
    rf"千(?!{'|'.join(KILO_UNITS)})|"
    r"(?<![\d.,])1(?:0|00)?[ ,.]?000(?:[ ,.]?000)*(?![\d.,])"
)


@functools.cache
def _eurostat() -> re.Pattern[str]:
    return re.compile(_EUROSTAT_MONEY)


@functools.cache
def _scale_mention() -> re.Pattern[str]:
    return re.compile(_SCALE_MENTION)


def eurostat_money(code: str) -> tuple[float, str, str] | None:
    """A Eurostat money code split as `indcalc.unit_names.split_unit` splits a unit (factor, scale
    word, base), its base the currency with what else the code says in brackets, without a comma (a
    CSV would quote it), so that the label on another scale says it too; None for another code, and
    for a national currency (``MIO_NAC``), which is no one currency (`in_unnamed_currency`).

    Example:
        >>> eurostat_money("CP_MEUR"), eurostat_money("THS_EUR")
        ((1000000.0, 'million', 'euro (current prices)'), (1000.0, 'thousand', 'euro'))
        >>> eurostat_money("CLV10_MEUR")[2], eurostat_money("CP_MPPS_EU27_2020")[2]
        ('euro (2010 chain linked volumes)', 'PPS (EU27 from 2020; current prices)')
        >>> eurostat_money("MIO_NAC"), eurostat_money("THS_PER")
        (None, None)
    """
    found = _eurostat().match(code)
    if not found or found["currency"] == "NAC":
        return None
    factor, word = (1e3, "thousand") if found["scale"] == "THS" else (1e6, "million")
    notes = ["EU27 from 2020"] if found["aggregate"] else []
    if found["basis"]:
        basis = _BASES[found["basis"][:3]]
        year = int(found["year"] or 0)
        notes.append(f"{year + (1900 if year > 50 else 2000)} {basis}" if found["year"] else basis)
    name = _CURRENCIES[found["currency"]]
    return factor, word, f"{name} ({'; '.join(notes)})" if notes else name


def in_unnamed_currency(unit: str) -> bool:
    """Whether a unit is a sum of money in a national currency it does not name: Eurostat's ``NAC``
    codes (``MIO_NAC``, ``CP_MNAC``, ``CLV10_MNAC``, ``THS_NAC``), each country's own currency.
    --scale-to leaves such a unit as it is and says why.

    Example:
        >>> in_unnamed_currency("MIO_NAC"), in_unnamed_currency("CP_MNAC"), in_unnamed_currency("MIO_EUR")
        (True, True, False)
    """
    found = _eurostat().match(unit.strip()) if "NAC" in unit else None
    return bool(found) and found["currency"] == "NAC"


def names_a_scale(unit: str) -> bool:
    """Whether a unit has a scale word, read as such (`indcalc.unit_names.split_unit`) or not
    (``Millions of persons``, Eurostat's ``MIO_NAC``): what --scale-to names when it leaves the unit
    as it is. A percent has none, whatever its name says (Eurostat's ``PC_EU28_MEUR_CP``, a
    percentage of the EU28's total).

    Example:
        >>> names_a_scale("万吨"), names_a_scale("tonnes, millions"), names_a_scale("MIO_NAC")
        (True, True, True)
        >>> names_a_scale("persons"), names_a_scale("元/吨"), names_a_scale("m"), names_a_scale("%")
        (False, False, False, False)
        >>> names_a_scale("PC_EU28_MEUR_CP")
        False
    """
    if is_percent_unit(unit):
        return False
    return bool(split_unit(unit)[1]) or bool(_scale_mention().search(unit))
