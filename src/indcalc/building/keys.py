"""Series keys: one integer per row for its series, and per (series, period), for grouping by sorting
or by a lookup table instead of hashing names.

Used by the checks of a file (`indcalc.building.checks`) and by the computations (`indcalc.compute`);
it imports nothing of indcalc's.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    import pandas as pd


def series_key(entity: pd.Categorical, indicator: pd.Categorical) -> np.ndarray:
    """One int64 per row identifying its series, ordered like the (entity, indicator) names when the
    categories are sorted (as in the loaded frame)."""
    key = np.asarray(entity.codes, dtype="int64") * (len(indicator.categories) + 1)
    key += indicator.codes  # in place: one array of the table's length, not three
    return key


def packed_keys(series: np.ndarray, ordinal: np.ndarray) -> tuple[np.ndarray, int, int]:
    """Each (series key, ordinal) packed into one int64, ``series * span + (ordinal - low)``: unique per
    (series, period) and in that order. Returns the keys, low and span."""
    low = int(ordinal.min()) if len(ordinal) else 0
    span = int(ordinal.max()) - low + 1 if len(ordinal) else 1
    packed = series * span
    packed += ordinal
    packed -= low
    return packed, low, span


def is_dense(packed: np.ndarray) -> bool:
    """Whether a table indexed by the packed keys is small enough to use instead of sorting them: at
    most four cells a key (a panel, where every series covers roughly the same periods)."""
    return len(packed) > 0 and int(packed.max()) < 4 * len(packed) + (1 << 16)
