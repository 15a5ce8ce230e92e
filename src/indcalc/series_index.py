"""A frame's rows in series and period order, and the lookups the kernels make in it.

The prior of a period is found by looking up (series, ordinal - periods per year), never by a row
offset, so gaps give an empty result instead of a wrong one.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from indcalc import periods
from indcalc.errors import UsageError
from indcalc.schema import (
    annotation_name,
    annotations,
    check_frame,
    first_per_series,
    frequency_codes,
    frequency_lows,
    is_dense,
    packed_keys,
    series_key,
)


def series_order(frame: pd.DataFrame) -> np.ndarray:
    """Per row, its series' rank in the order the series first appear in the frame (the file's order:
    statisticians order their indicators deliberately), an int64 from 0.

    Example:
        >>> frame = pd.DataFrame({"entity": pd.Categorical(["", "", "", ""]),
        ...     "indicator": pd.Categorical(["第二产业", "第三产业", "第二产业", "GDP"])})
        >>> series_order(frame).tolist()
        [0, 1, 0, 2]
    """
    key = series_key(frame["entity"].array, frame["indicator"].array)
    n = len(key)
    if not n or int(key.max()) >= 4 * n + (1 << 16):  # sparse keys: hash them
        codes, _ = pd.factorize(key)  # codes in order of first appearance
        return codes.astype("int64", copy=False)
    small = "int32" if n < 1 << 31 else "int64"
    first = np.full(int(key.max()) + 1, n, dtype=small)  # per key, its first row: a table, no hash
    np.minimum.at(first, key, np.arange(n, dtype=small))
    present = np.flatnonzero(first < n)
    rank = np.empty(len(first), dtype="int64")
    rank[present[np.argsort(first[present])]] = np.arange(len(present))
    return np.take(rank, key, out=key)  # in place: no second array of the table's length


def by_name(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame's rows with its series in order of entity and indicator names (by code point) rather
    than of first appearance, so every result lists them so (``--sort name``). Rows within a series
    keep their order.

    Example:
        >>> frame = pd.DataFrame({"indicator": ["第二产业", "第三产业"], "period": ["2024", "2024"],
        ...     "value": [2.0, 1.0]})
        >>> by_name(frame)["indicator"].tolist()
        ['第三产业', '第二产业']
    """
    frame = check_frame(frame)
    entity, indicator = frame["entity"].array, frame["indicator"].array
    names = [entity.categories, indicator.categories]
    if not all(n.is_monotonic_increasing for n in names):  # a frame made by hand: sort its categories
        entity, indicator = (c.reorder_categories(sorted(c.categories)) for c in (entity, indicator))
    order = np.argsort(series_key(entity, indicator), kind="stable")
    return frame.take(order)


@dataclass(frozen=True)
class _Sorted:
    """A loaded frame's rows ordered by series then period, without copying the frame.

    Series come in the order they first appear in the frame (`series_order`), periods in time order.

    Each row has a packed key, ``series key * span + (ordinal - low)``, unique and in (series, period)
    order, where `low` is the lowest ordinal of the series' frequency (`indcalc.schema.frequency_lows`),
    so that a panel of annual, quarterly and monthly series packs as densely as one of a frequency.
    When the packed keys fill at least a quarter of their range (a panel: every series over roughly
    the same periods), a lookup table from packed key to sorted position sorts the rows and finds any
    (series, period) in O(1), with no sort at all; otherwise the rows are argsorted and found by
    binary search.
    """

    frame: pd.DataFrame
    order: np.ndarray  # the frame row at each sorted position
    key: np.ndarray  # series key at each sorted position
    ordinal: np.ndarray
    code: np.ndarray  # frequency code
    starts: np.ndarray  # first sorted position of each series
    ends: np.ndarray  # last sorted position of each series
    lows: np.ndarray  # per series key, the ordinal its packed keys count from
    span: int  # packed keys per series: ordinals from a series' low up to the largest
    packed: np.ndarray  # packed key at each sorted position
    table: np.ndarray | None  # packed key -> sorted position (-1: no such row); None when sparse
    in_order: dict[str, np.ndarray] = field(default_factory=dict)  # whole columns taken in order

    @classmethod
    def of(cls, frame: pd.DataFrame) -> _Sorted:
        key = series_order(frame)
        ordinal = frame["ordinal"].to_numpy()
        code = frequency_codes(frame["frequency"])
        n = len(ordinal)
        single = bool(n) and bool((code == code[0]).all())  # one frequency, as most panels have
        lows = (
            np.full(int(key.max()) + 1, ordinal.min(), dtype="int64")
            if single
            else _series_lows(key, code, ordinal)
        )
        low = _one(lows)
        packed, _, span = packed_keys(key, ordinal - (lows[key] if low is None else low))
        table = None
        if is_dense(packed):  # sort by filling a table
            table = np.full(int(packed.max()) + 1, -1, dtype="int32" if n < 1 << 31 else "int64")
            positions = np.arange(n, dtype=table.dtype)
            table[packed] = positions
            packed = np.flatnonzero(table >= 0)
            order = table[packed].astype("int64")
            table[packed] = positions
            key, ordinal = np.divmod(packed, span)
            ordinal += lows[key] if low is None else low
        else:
            order = np.argsort(packed)
            packed, key, ordinal = packed[order], key[order], ordinal[order]
        starts = np.flatnonzero(np.r_[True, key[1:] != key[:-1]]) if n else np.zeros(0, "int64")
        ends = np.r_[starts[1:], n] - 1 if n else np.zeros(0, "int64")
        code = np.full(n, code[0], dtype=code.dtype) if single else code[order]  # filled: no gather
        return cls(frame, order, key, ordinal, code, starts, ends, lows, span, packed, table)

    def find(self, want_key: np.ndarray, want_ordinal: np.ndarray) -> np.ndarray:
        """Sorted position of each (series key, ordinal); -1 where there is no such row."""
        offset = want_ordinal - self.lows[want_key]
        inside = (offset >= 0) & (offset < self.span)
        want = want_key * self.span + np.clip(offset, 0, self.span - 1)
        if self.table is not None:
            inside &= want < len(self.table)
        return self._position(np.where(inside, want, 0), inside)

    def earlier(self, lag: np.ndarray | int) -> np.ndarray:
        """Sorted position of the row `lag` periods before each row in its series; -1 where absent."""
        if isinstance(lag, np.ndarray) and len(lag) and lag.min() == lag.max():
            lag = int(lag[0])  # one frequency: no per-row arrays for the lag
        low = _one(self.lows)
        inside = self.ordinal >= (self.lows[self.key] if low is None else low) + lag
        want = self.packed - lag  # below a valid packed key, so in the table's range where inside
        want[~inside] = 0
        return self._position(want, inside)

    def _position(self, want: np.ndarray, inside: np.ndarray) -> np.ndarray:
        """Sorted position of each packed key `want` (a valid table index everywhere) where `inside`
        and a row has it; -1 elsewhere."""
        if self.table is not None:
            found = self.table[want].astype("int64")
            found[~inside] = -1
            return found
        if not len(self.packed):
            return np.full(len(want), -1)
        index = np.minimum(np.searchsorted(self.packed, want), len(self.packed) - 1)
        return np.where(inside & (self.packed[index] == want), index, -1)

    def take(self, column: str, positions: np.ndarray | None = None) -> pd.Categorical:
        """A text (categorical) column at sorted positions (None: all of them); missing where -1."""
        values = self.frame[column].array
        codes = self._pick(column, np.asarray(values.codes), positions)
        if positions is not None:
            codes[positions < 0] = -1
        return pd.Categorical.from_codes(codes, dtype=values.dtype, validate=False)

    def figure_ends(self) -> tuple[np.ndarray, np.ndarray]:
        """The sorted positions of the first and last figure of each series: its first and last row
        unless those hold a missing but annotated figure (``: c``: NaN); -1 for both in a series
        with no figure at all."""
        if np.isfinite(self.frame["value"].to_numpy(dtype="float64")).all():  # no gather into order
            return self.starts, self.ends
        has = np.isfinite(self.values())
        at = np.arange(len(has))
        following = np.minimum.accumulate(np.where(has, at, len(has))[::-1])[::-1]
        preceding = np.maximum.accumulate(np.where(has, at, -1))
        first, last = following[self.starts], preceding[self.ends]
        none = first > self.ends
        first[none], last[none] = -1, -1
        return first, last

    def annotation(self, column: str, positions: np.ndarray | None = None) -> pd.Categorical | np.ndarray:
        """An annotation column (`indcalc.schema.ANNOTATION_COLUMNS`) at sorted positions (None: all
        of them), whatever its dtype; missing where -1."""
        values = self.frame[column]
        if isinstance(values.dtype, pd.CategoricalDtype):
            return self.take(column, positions)
        array = values.to_numpy()
        if array.dtype.kind in "iub":
            array = array.astype("float64")
        picked = self._pick(column, array, positions)
        if positions is not None:
            picked[positions < 0] = None if picked.dtype == object else np.nan
        return picked

    def values(self, positions: np.ndarray | None = None) -> np.ndarray:
        """The value column at sorted positions (None: all of them) as float64, NaN where -1."""
        picked = self._pick("value", self.frame["value"].to_numpy(dtype="float64"), positions)
        if positions is not None:
            picked[positions < 0] = np.nan
        return picked

    def _pick(self, name: str, column: np.ndarray, positions: np.ndarray | None) -> np.ndarray:
        """A frame column's array at sorted positions: a new array for `positions`; for all of them,
        one array kept and shared (not to be modified), which later picks are taken from, since a
        prior sits just before its row there, not at a random place in the frame."""
        ordered = self.in_order.get(name)
        if positions is None:
            if ordered is None:
                ordered = self.in_order[name] = column[self.order]
            return ordered
        return column[self.order[positions]] if ordered is None else ordered[positions]


def _series_lows(key: np.ndarray, code: np.ndarray, ordinal: np.ndarray) -> np.ndarray:
    """Per series key (numbered from 0), the lowest ordinal of its frequency (`frequency_lows`); of
    all frequencies when a series mixes them, as a frame made by hand may."""
    if not len(key):
        return np.zeros(0, "int64")
    series_code = first_per_series(key, code)
    if (series_code[key] != code).any():
        return np.full(len(series_code), ordinal.min(), dtype="int64")
    return frequency_lows(code, ordinal)[series_code]


def _one(lows: np.ndarray) -> int | None:
    """The low every series counts from, when they share one (a panel of one frequency): a number
    to subtract, where each row's would be gathered (about 5 ms a step on 2M rows)."""
    return int(lows[0]) if len(lows) and lows.min() == lows.max() else None


def carried(rows: _Sorted, at: dict[str, np.ndarray | None]) -> dict[str, object]:
    """The annotations of the frame (`indcalc.schema.annotations`) carried to a kernel's output: for
    each role of a period in an output row (``""``: the row's own period; ``prior``, ``from``, ...), the
    annotation at the sorted positions `at` gives for it (None: every position), as output columns
    named by `indcalc.schema.annotation_name`. Nothing when the frame has no annotation.

    Example:
        >>> import io
        >>> from indcalc import load
        >>> rows = _Sorted.of(load(io.BytesIO(b"indicator,period,value,flag\\nx,2023,1,p\\nx,2024,2,e\\n")))
        >>> {k: list(v) for k, v in carried(rows, {"to": rows.ends}).items()}
        {'to_flag': ['e']}
    """
    return {
        annotation_name(role, column): rows.annotation(column, positions)
        for column in annotations(rows.frame.columns)
        for role, positions in at.items()
    }


def series_notes(rows: _Sorted, positions: np.ndarray, note: str, detail: str = "") -> pd.DataFrame:
    """Notes (`indcalc.schema.NOTE_COLUMNS`) on the series at sorted positions `positions`."""
    return pd.DataFrame(
        {
            "entity": rows.take("entity", positions),
            "indicator": rows.take("indicator", positions),
            "note": note,
            "detail": detail,
        }
    )


def _period_arg(text: str | None, parameter: str) -> periods.Period | None:
    """The period argument `parameter` (its Python name) gives; a UsageError naming it when it is none."""
    if text is None:
        return None
    period = periods.parse_period(text)
    if period is None:
        raise UsageError(
            f"{{={parameter}}}{text!r} is not a period; expected {periods.EXPECTED_FORMS}",
            parameters=(parameter,),
        )
    return period


def what_series_have(rows: _Sorted, asked: dict[str, periods.Period], *, ahead: bool = False) -> str:
    """What periods the series have, for a message on periods `asked` (argument -> period) that none
    has; with the same periods in the series' frequency when there is one and it has them (`ahead`:
    when they are after its last period, as a target is). Arguments are named by placeholders
    (`indcalc.errors.UsageError`).

    Example:
        >>> import io
        >>> from indcalc import load
        >>> rows = _Sorted.of(load(io.BytesIO(b"indicator,period,value\\nx,2023-11,1\\nx,2024-12,2\\n")))
        >>> what_series_have(rows, {"from_period": periods.parse_period("2024")})
        'the series are monthly, 2023-11 to 2024-12: try {=from_period}2024-12'
    """
    code, first, last = rows.code[rows.starts], rows.ordinal[rows.starts], rows.ordinal[rows.ends]
    spans = {int(c): (int(first[code == c].min()), int(last[code == c].max())) for c in np.unique(code)}
    shown = [
        f"{periods.FREQUENCY_NAMES[c]}, {periods.Period(c, low).label} to {periods.Period(c, high).label}"
        for c, (low, high) in spans.items()
    ]
    text = f"the series are {' and '.join(shown)}"
    if asked and len(spans) == 1 and all(p.code not in spans for p in asked.values()):
        ((c, (low, high)),) = spans.items()
        same = {option: _in_frequency(p, c) for option, p in asked.items()}
        if all((high < p.ordinal) if ahead else (low <= p.ordinal <= high) for p in same.values()):
            text += ": try " + " ".join(f"{{={name}}}{p.label}" for name, p in same.items())
    return text


def _in_frequency(period: periods.Period, code: int) -> periods.Period:
    """The period of frequency `code` that ends in the same month as `period` (2023 -> 2023-12 or
    2023Q4; 2024-05 -> 2024Q2 or 2024)."""
    last_month = (period.ordinal + 1) * (12 // period.periods_per_year) - 1
    return periods.Period(code, last_month // (12 // periods.PERIODS_PER_YEAR[code]))
