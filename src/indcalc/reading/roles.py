"""What columns are: the names publishers give them, by role, and the roles a user gives them.

`indcalc.reading.layouts` reads indcalc's own names first (`indcalc.reading.grid.COLUMN_ALIASES`),
then these (`ROLE_NAMES`), and above both the user's (`Columns`: ``--period-col`` and the others).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: Column names publishers use, by role (normalised: NFKC, case-folded), read when indcalc's own
#: names (`COLUMN_ALIASES`) give no column that role.
ROLE_NAMES = {
    "entity": (
        "country name",
        "country",
        "geo",
        "ref_area",
        "location",
        "borrowers_cty",
        "land",
        "reference area",
        *("地域", "全国・都道府県", "都道府県"),  # e-Stat
    ),
    "indicator": (
        *("indicator name", "subject descriptor", "na_item", "measure", "dsr_borrowers", "series_id"),
        "key",  # ECB's series key (EXR.M.USD.EUR.SP00.A)
        *("merkmal", "variable", "subject"),
        "表章項目",  # e-Stat
    ),
    "unit": ("unit_measure", "einheit", "uom"),
    "period": (
        *("time_period", "observation_date", "zeit", "jahr", "ref_date"),
        *("時間軸(年次)", "時間軸(月次)", "時間軸(四半期)", "時間軸(年度次)", "時間軸", "年次"),  # e-Stat
    ),
    "value": ("obs_value", "wert"),
    "flag": (
        "obs_status",
        "obs_flag",
        "footnote_codes",
        "flag codes",
        "flag",
        "flags",
        "status",
        "annotation",
    ),
    "scale": ("scale", "unit_mult", "powercode code", "scalar_factor"),
    "ignored": (
        *("country code", "indicator code", "weo country code", "iso", "weo subject code"),
        *("subject notes", "country/series-specific notes", "estimates start after"),
        *("dataflow", "structure", "structure_id", "structure_name", "action", "last update"),
        *("decimals", "base_per", "obs_conf", "obs_pre_break", "collection", "title_ts", "conf_status"),
        *("unit code", "powercode", "reference period code", "reference period"),
        *("tab_code", "area_code", "time_code"),  # e-Stat's codes beside their labels
        *("dguid", "uom_id", "scalar_id", "vector", "coordinate", "symbol", "terminated"),  # StatCan
    ),
}
ROLES = {name: role for role, names in ROLE_NAMES.items() for name in names}
#: Layouts named by the columns that together show them (`indcalc list` says which).
PUBLISHERS = (
    ("World Bank WDI", {"country name", "indicator name"}),
    ("IMF WEO", {"weo subject code", "subject descriptor"}),
    ("SDMX-CSV", {"time_period", "obs_value"}),
    ("BLS time series", {"series_id", "year", "period"}),
    ("FRED", {"observation_date"}),
    ("e-Stat", {"tab_code", "time_code"}),
    ("Statistics Canada", {"ref_date", "scalar_factor"}),
)


#: The keys in the first column of a file whose series are described in rows above their figures
#: (`indcalc.reading.keyed`), by what they give each series column (normalised): its name, its code
#: (kept in a column named as the file names it), the parts of its unit (joined in this order: ``£``
#: and ``m`` are ``£m``), and the row over the periods, whose other cells name columns that are no
#: series (INSEE's ``Date de parution au JO``). Rows with other keys (``Release date``) are left out.
ROW_KEYS = {
    "indicator": ("title", "libellé", "label"),  # ONS; INSEE in French and in English
    "code": ("cdid", "idbank"),
    "unit": ("preunit", "unit"),
    "period": ("période", "period"),
}
#: A column headed so on the name row holds the status codes of the series column before it (INSEE).
ROW_KEY_FLAGS = ("codes",)
#: The status code of a normal value, which is no flag: INSEE's ``A`` ("Valeur normale" in the list of
#: codes INSEE ships beside a download, ``caractéristiques.csv``; P provisional, SD semi-final, R
#: revised, E estimate, F forecast, Q secret, O missing, N not significant and U atypical are flags).
ROW_KEY_NORMAL = ("A",)
#: Layouts named by the key of their series' codes (`indcalc list` says which).
ROW_KEY_PUBLISHERS = {"cdid": "ONS time series", "idbank": "INSEE BDM series"}


def legacy_fred(header: list[str]) -> bool:
    """Whether the column names are those of FRED's downloads before 2024 (`PUBLISHERS` has today's,
    ``observation_date``): ``DATE``, then series IDs (``DATE,GDPC1,UNRATE``).

    Example:
        >>> legacy_fred(["DATE", "GDPC1", "UNRATE"]), legacy_fred(["date", "value"])
        (True, False)
    """
    return header[:1] == ["DATE"] and len(header) > 1 and all(_SERIES_ID.fullmatch(h) for h in header[1:])


_SERIES_ID = re.compile(r"[A-Z0-9_]+")  # FRED's: GDPC1, CPIAUCSL, DEXCHUS


#: Dimensions of a series key left out of the indicator made of them (`indcalc.reading.keys`): the
#: frequency is the period's.
FREQUENCY_NAMES = ("freq", "frequency")
SCALE_WORDS = {"3": "thousand", "6": "million", "9": "billion", "12": "trillion"}


@dataclass(frozen=True)
class Columns:
    """Which columns play which role, as the user says (each None or empty: found by name)."""

    period: str | None = None
    value: str | None = None
    entity: tuple[str, ...] = ()
    indicator: tuple[str, ...] = ()
    unit: str | None = None
    missing: tuple[str, ...] = ()

    @property
    def given(self) -> bool:
        """Whether the user says any column's role.

        Example:
            >>> Columns().given, Columns(entity=("REF_AREA",)).given
            (False, True)
        """
        return any((self.period, self.value, self.entity, self.indicator, self.unit, self.missing))
