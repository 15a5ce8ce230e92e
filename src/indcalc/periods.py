"""Periods (annual, semiannual, quarterly, monthly) as integer ordinals.

A period is a frequency code and an ordinal counting periods of that frequency from year 0:

==========  ====  ================  ==================  =========
frequency   code  periods per year  ordinal              canonical
==========  ====  ================  ==================  =========
annual      0     1                 year                ``2024``
quarterly   1     4                 year*4 + quarter-1  ``2024Q1``
monthly     2     12                year*12 + month-1   ``2024-04``
semiannual  3     2                 year*2 + half-1     ``2024S1``
==========  ====  ================  ==================  =========

So "the same period one year earlier" is ``ordinal - periods_per_year`` and the span between two
periods in years is ``(to - from) / periods_per_year``: period arithmetic, never row offsets.

A year has four digits, ``0000`` to ``9999`` (year 0 is read, as in ISO 8601); labels are written with
four-digit years (``0099-01``, never ``99-01``) so that every label written parses back to its period.

Accepted spellings: annual ``2024``; quarterly ``2024Q1``, ``2024-Q1``, ``2024q1``, ``2023 Q1``,
``2024-T4``; monthly ``2024-04``, ``2024-4``, ``2024M04``, ``2024M4``, ``2024/04``, ``Mar-2024``,
``March 2024``, ``2023 MAR``; semiannual (half-years) ``2024S1``, ``2024-S1`` (SDMX, Eurostat),
``2024H2``, ``2024-H2``, ``2024年上半年``, ``2024年下半年``. Surrounding spaces are ignored.

The parser is vectorised with pandas' string methods and is meant for the unique labels of a column.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np

ANNUAL, QUARTERLY, MONTHLY, SEMIANNUAL = 0, 1, 2, 3
INVALID = -1
FREQUENCY_NAMES = ("annual", "quarterly", "monthly", "semiannual")
PERIODS_PER_YEAR = (1, 4, 12, 2)

_CHINESE_DIGITS = {"一": "1", "二": "2", "三": "3", "四": "4", "上半年": "H1", "下半年": "H2"}
_PATTERN = (
    r"^\s*(?P<year>\d{4})\s*(?:"
    r"[-/]?\s*[QqTt](?P<q1>\d{1,2})"  # 2024Q1, 2024-Q1, 2023 Q1, 2024-T4 (trimestre)
    r"|(?:[-/]?\s*|年\s*)[SsHh](?P<h1>\d)"  # 2024-S1, 2024S2 (SDMX), 2024H1, 2024年上半年 (as 年H1)
    r"|(?:[-/]|[Mm])\s*(?P<m1>\d{1,2})"  # 2024-04, 2024M4, 2024/04
    r"|年\s*(?:1\s*[-~—–至到]\s*|前\s*)(?P<qytd>\d)\s*个?季度"  # 2024年1-3季度, 2024年前三季度: to Q3
    r"|年\s*(?:第\s*)?(?P<q2>\d{1,2})\s*季度?"  # 2024年一季度, 2024年第1季度
    r"|年\s*[Qq](?P<q3>\d{1,2})"  # 2024年Q1
    r"|年\s*1\s*[-~—–至到]\s*(?P<ytd>\d{1,2})\s*月份?"  # 2024年1-4月: January to April
    r"|年\s*(?P<m2>\d{1,2})\s*月份?"  # 2024年4月
    r"|年"  # 2024年
    r")?\s*$"
)

_MONTH_NUMBERS = {
    name: f"{number:02d}"
    for number, name in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], start=1
    )
}
_MONTH_NAMED = (  # Mar-2024, March 2024, 2023 MAR, 2023-Mar: the month's first three letters count
    r"(?i)^\s*(?:(?P<y1>\d{4})[\s\-/]*(?P<n1>[a-z]{3})[a-z]*\.?|(?P<n2>[a-z]{3})[a-z]*\.?[\s\-/]*(?P<y2>\d{4}))\s*$"
)


def _numbered_month(found: re.Match[str]) -> str:
    """A month named in English as ``YYYY-MM`` (`_MONTH_NAMED`); the text as it is when not a month."""
    name = (found["n1"] or found["n2"]).casefold()
    month = _MONTH_NUMBERS.get(name)
    return f"{found['y1'] or found['y2']}-{month}" if month else found[0]


EXPECTED_FORMS = (
    "a period such as 2024, 2024Q1, 2024-04, 2024M4, 2024年, 2024年4月, 2024年一季度 or 2024年1-4月"
)


@dataclass(frozen=True)
class Period:
    """One parsed period.

    Example:
        >>> p = parse_period("2024M4")
        >>> p.label, p.frequency, p.ordinal - parse_period("2023-04").ordinal
        ('2024-04', 'monthly', 12)
    """

    code: int
    ordinal: int

    @property
    def frequency(self) -> str:
        """``annual``, ``quarterly``, ``monthly`` or ``semiannual``."""
        return FREQUENCY_NAMES[self.code]

    @property
    def periods_per_year(self) -> int:
        """1, 4, 12 or 2."""
        return PERIODS_PER_YEAR[self.code]

    @property
    def label(self) -> str:
        """The canonical spelling: ``2024``, ``2024Q1``, ``2024-04`` or ``2024S1``."""
        return _label(self.code, self.ordinal)


def _label(code: int, ordinal: int) -> str:
    year, sub = divmod(ordinal, PERIODS_PER_YEAR[code])
    if code == ANNUAL:
        return f"{year:04d}"
    if code == QUARTERLY:
        return f"{year:04d}Q{sub + 1}"
    if code == SEMIANNUAL:
        return f"{year:04d}S{sub + 1}"
    return f"{year:04d}-{sub + 1:02d}"


def parse_period(text: str) -> Period | None:
    """Parse one period label; None when it is not a period (a year-to-date form counts as its month).

    Example:
        >>> parse_period("2024-Q3").label, parse_period("2024年4月").label, parse_period("2024-13")
        ('2024Q3', '2024-04', None)
    """
    codes, ordinals, _ = parse_periods([text])
    return None if codes[0] == INVALID else Period(int(codes[0]), int(ordinals[0]))


def parse_periods(labels: object) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Parse many labels at once (vectorised); meant for the unique labels of a column.

    Besides the forms in the module doc, Chinese forms are read (full-width digits too): ``2024年``,
    ``2024年4月``, ``2024年一季度``/``2024年第1季度``/``2024年Q1``, and ``2024年1-4月``, the year to
    date through April, which is month 2024-04 with the year-to-date flag set (``2024年1-3季度`` and
    ``2024年前三季度``: quarter 2024Q3, year to date).

    Args:
        labels: a sequence of strings.

    Returns:
        ``(codes, ordinals, ytd)``: int8 frequency codes (``INVALID`` where a label is not a period),
        int64 ordinals (0 where invalid) and a bool array marking year-to-date forms.

    Example:
        >>> codes, ordinals, ytd = parse_periods(["2024", "2024q2", "2024M4", "24", "２０２４年1-4月"])
        >>> codes.tolist(), ordinals.tolist(), ytd.tolist()
        ([0, 1, 2, -1, 2], [2024, 8097, 24291, 0, 24291], [False, False, False, False, True])
        >>> format_periods(*parse_periods(["2023 Q1", "2024-T4", "Mar-2024", "2023 MAR"])[:2]).tolist()
        ['2023Q1', '2024Q4', '2024-03', '2023-03']
        >>> half_years = ["2024-S1", "2024S2", "2024-H1", "2024H2", "2024年上半年"]
        >>> format_periods(*parse_periods(half_years)[:2]).tolist()
        ['2024S1', '2024S2', '2024S1', '2024S2', '2024S1']
    """
    import numpy as np
    import pandas as pd

    text = pd.Series(labels, dtype="object").astype(str).str.normalize("NFKC")
    for chinese, digit in _CHINESE_DIGITS.items():
        text = text.str.replace(chinese, digit, regex=False)
    text = text.str.replace(_MONTH_NAMED, _numbered_month, regex=True)
    parts = text.str.extract(_PATTERN)

    def number(*groups: str) -> np.ndarray:
        """The first of these regex groups that matched, as a float (NaN when none did)."""
        combined = np.full(len(parts), np.nan)
        for group in groups:
            found = pd.to_numeric(parts[group]).to_numpy(dtype="float64")
            combined = np.where(np.isnan(combined), found, combined)
        return combined

    year = number("year")
    quarter = number("q1", "q2", "q3", "qytd")
    month = number("m1", "m2", "ytd")
    half = number("h1")
    ytd = (parts["ytd"].notna() | parts["qytd"].notna()).to_numpy()
    is_quarter = ~np.isnan(quarter)
    is_month = ~np.isnan(month)
    is_half = ~np.isnan(half)
    codes = np.select([is_month, is_quarter, is_half], [MONTHLY, QUARTERLY, SEMIANNUAL], ANNUAL).astype(
        "int8"
    )
    valid = ~np.isnan(year)
    valid &= ~is_quarter | ((quarter >= 1) & (quarter <= 4))
    valid &= ~is_month | ((month >= 1) & (month <= 12))
    valid &= ~is_half | ((half >= 1) & (half <= 2))
    year0 = np.nan_to_num(year).astype("int64")
    sub = np.nan_to_num(np.select([is_month, is_quarter, is_half], [month, quarter, half], 1)).astype("int64")
    ordinals = year0 * periods_per_year(codes) + sub - 1
    codes[~valid] = INVALID
    ordinals[~valid] = 0
    return codes, ordinals, ytd & valid


def format_periods(codes: np.ndarray, ordinals: np.ndarray) -> np.ndarray:
    """Canonical labels for arrays of frequency codes and ordinals (vectorised).

    Example:
        >>> import numpy as np
        >>> format_periods(np.array([0, 1, 2, 3]), np.array([2024, 8097, 24291, 4049])).tolist()
        ['2024', '2024Q2', '2024-04', '2024S2']
    """
    import numpy as np

    if len(codes) == 0:
        return np.array([], dtype=str)
    ppy = periods_per_year(codes)
    year, sub = np.divmod(ordinals, ppy)
    year_s = np.char.zfill(year.astype(str), 4)
    sub_s = (sub + 1).astype(str)
    quarterly = np.char.add(np.char.add(year_s, "Q"), sub_s)
    monthly = np.char.add(np.char.add(year_s, "-"), np.char.zfill(sub_s, 2))
    semiannual = np.char.add(np.char.add(year_s, "S"), sub_s)
    return np.select(
        [codes == MONTHLY, codes == QUARTERLY, codes == SEMIANNUAL], [monthly, quarterly, semiannual], year_s
    )


def periods_per_year(codes: np.ndarray) -> np.ndarray:
    """1, 4, 12 or 2 per frequency code (vectorised).

    Example:
        >>> import numpy as np
        >>> periods_per_year(np.array([0, 1, 2, 3])).tolist()
        [1, 4, 12, 2]
    """
    import numpy as np

    return np.asarray(PERIODS_PER_YEAR, dtype="int64")[codes]


def by_spacing(
    year: np.ndarray, month: np.ndarray, series: np.ndarray, dated: np.ndarray, *, one_frequency: bool = False
) -> tuple[np.ndarray, np.ndarray, int]:
    """Frequency codes and ordinals of dates (their `year` and `month`) by the spacing of each
    series' dates (`series`: each one's series; only where `dated`): a month apart or less often than
    quarterly is monthly, six months semiannual, another multiple of three months quarterly, twelve or
    more annual; a series of one date is monthly. With `one_frequency` (a table of one frequency, as
    Statistics Canada's are) every series takes the closest spacing of any, so that a series with
    quarters missing is not read as half-years or years. Vectorised. Also returns the position of a
    date in the same month as another of its series (daily or weekly data), or -1.

    Example:
        >>> import numpy as np
        >>> codes, ordinals, clash = by_spacing(np.array([2023, 2023, 2024, 2025]), np.array([3, 6, 1, 1]),
        ...                                     np.array([0, 0, 1, 1]), np.ones(4, bool))
        >>> format_periods(codes, ordinals).tolist(), clash
        (['2023Q1', '2023Q2', '2024', '2025'], -1)
    """
    import numpy as np

    months = year * 12 + month - 1
    order = np.lexsort((months, series))
    same = (series[order][1:] == series[order][:-1]) & dated[order][1:] & dated[order][:-1]
    gaps = np.diff(months[order])
    clashes = order[1:][same & (gaps == 0)]
    unspaced = 1 << 30
    step = np.full(int(series.max(initial=0)) + 1, unspaced)
    np.minimum.at(step, series[order][1:][same], gaps[same])
    per_row = np.full(len(series), step.min()) if one_frequency else step[series]
    code = np.select(
        [per_row >= 12, per_row == 6, per_row % 3 == 0], [ANNUAL, SEMIANNUAL, QUARTERLY], MONTHLY
    )
    code = np.where(per_row == unspaced, MONTHLY, code).astype("int8")
    ordinal = year * periods_per_year(code) + (month - 1) // (12 // periods_per_year(code))
    return code, ordinal, int(clashes[0]) if len(clashes) else -1
