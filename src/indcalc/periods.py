"""Periods (annual, quarterly, monthly) as integer ordinals.

A period is a frequency code and an ordinal counting periods of that frequency from year 0:

=========  ====  ================  ==================  =========
frequency  code  periods per year  ordinal              canonical
=========  ====  ================  ==================  =========
annual     0     1                 year                ``2024``
quarterly  1     4                 year*4 + quarter-1  ``2024Q1``
monthly    2     12                year*12 + month-1   ``2024-04``
=========  ====  ================  ==================  =========

So "the same period one year earlier" is ``ordinal - periods_per_year`` and the span between two
periods in years is ``(to - from) / periods_per_year``: period arithmetic, never row offsets.

Accepted spellings: annual ``2024``; quarterly ``2024Q1``, ``2024-Q1``, ``2024q1``; monthly ``2024-04``,
``2024-4``, ``2024M04``, ``2024M4``, ``2024/04``. Surrounding spaces are ignored.

This module needs numpy only; the vectorised parser uses pandas' regex engine on unique labels.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np

ANNUAL, QUARTERLY, MONTHLY = 0, 1, 2
INVALID = -1
FREQUENCY_NAMES = ("annual", "quarterly", "monthly")
PERIODS_PER_YEAR = (1, 4, 12)

_PATTERN = (
    r"^\s*(?P<year>\d{4})"
    r"(?:\s*[-/]?\s*[Qq](?P<quarter>\d{1,2})"
    r"|\s*(?:[-/]|[Mm])\s*(?P<month>\d{1,2}))?\s*$"
)
_REGEX = re.compile(_PATTERN)

EXPECTED_FORMS = "2024, 2024Q1 (2024-Q1, 2024q1) or 2024-04 (2024-4, 2024M04, 2024/04)"


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
        """``annual``, ``quarterly`` or ``monthly``."""
        return FREQUENCY_NAMES[self.code]

    @property
    def periods_per_year(self) -> int:
        """1, 4 or 12."""
        return PERIODS_PER_YEAR[self.code]

    @property
    def label(self) -> str:
        """The canonical spelling: ``2024``, ``2024Q1`` or ``2024-04``."""
        return _label(self.code, self.ordinal)


def _label(code: int, ordinal: int) -> str:
    year, sub = divmod(ordinal, PERIODS_PER_YEAR[code])
    if code == ANNUAL:
        return f"{year}"
    if code == QUARTERLY:
        return f"{year}Q{sub + 1}"
    return f"{year}-{sub + 1:02d}"


def parse_period(text: str) -> Period | None:
    """Parse one period label; None when it is not a period.

    Example:
        >>> parse_period("2024-Q3").label, parse_period("2024/04").label, parse_period("2024-13")
        ('2024Q3', '2024-04', None)
    """
    match = _REGEX.match(text)
    if match is None:
        return None
    year = int(match["year"])
    if match["quarter"] is not None:
        quarter = int(match["quarter"])
        return Period(QUARTERLY, year * 4 + quarter - 1) if 1 <= quarter <= 4 else None
    if match["month"] is not None:
        month = int(match["month"])
        return Period(MONTHLY, year * 12 + month - 1) if 1 <= month <= 12 else None
    return Period(ANNUAL, year)


def parse_periods(labels: object) -> tuple[np.ndarray, np.ndarray]:
    """Parse many labels at once (vectorised); meant for the unique labels of a column.

    Args:
        labels: a sequence of strings.

    Returns:
        ``(codes, ordinals)``: int8 frequency codes (``INVALID`` where a label is not a period) and
        int64 ordinals (0 where invalid).

    Example:
        >>> codes, ordinals = parse_periods(["2024", "2024q2", "2024M4", "24"])
        >>> codes.tolist(), ordinals.tolist()
        ([0, 1, 2, -1], [2024, 8097, 24291, 0])
    """
    import numpy as np
    import pandas as pd

    parts = pd.Series(labels, dtype="object").astype(str).str.extract(_PATTERN)
    year = pd.to_numeric(parts["year"]).to_numpy(dtype="float64")
    quarter = pd.to_numeric(parts["quarter"]).to_numpy(dtype="float64")
    month = pd.to_numeric(parts["month"]).to_numpy(dtype="float64")
    is_quarter = ~np.isnan(quarter)
    is_month = ~np.isnan(month)
    codes = np.where(is_month, MONTHLY, np.where(is_quarter, QUARTERLY, ANNUAL)).astype("int8")
    valid = ~np.isnan(year)
    valid &= ~is_quarter | ((quarter >= 1) & (quarter <= 4))
    valid &= ~is_month | ((month >= 1) & (month <= 12))
    year0 = np.nan_to_num(year).astype("int64")
    ordinals = np.where(
        is_month,
        year0 * 12 + np.nan_to_num(month).astype("int64") - 1,
        np.where(is_quarter, year0 * 4 + np.nan_to_num(quarter).astype("int64") - 1, year0),
    )
    codes[~valid] = INVALID
    ordinals[~valid] = 0
    return codes, ordinals


def format_periods(codes: np.ndarray, ordinals: np.ndarray) -> np.ndarray:
    """Canonical labels for arrays of frequency codes and ordinals (vectorised).

    Example:
        >>> import numpy as np
        >>> format_periods(np.array([0, 1, 2]), np.array([2024, 8097, 24291])).tolist()
        ['2024', '2024Q2', '2024-04']
    """
    import numpy as np

    if len(codes) == 0:
        return np.array([], dtype=str)
    ppy = periods_per_year(codes)
    year, sub = np.divmod(ordinals, ppy)
    year_s = year.astype(str)
    sub_s = (sub + 1).astype(str)
    quarterly = np.char.add(np.char.add(year_s, "Q"), sub_s)
    monthly = np.char.add(np.char.add(year_s, "-"), np.char.zfill(sub_s, 2))
    return np.where(codes == MONTHLY, monthly, np.where(codes == QUARTERLY, quarterly, year_s))


def periods_per_year(codes: np.ndarray) -> np.ndarray:
    """1, 4 or 12 per frequency code (vectorised).

    Example:
        >>> import numpy as np
        >>> periods_per_year(np.array([0, 1, 2])).tolist()
        [1, 4, 12]
    """
    import numpy as np

    return np.asarray(PERIODS_PER_YEAR, dtype="int64")[codes]
