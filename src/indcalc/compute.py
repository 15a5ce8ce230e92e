"""Pure computations: a loaded frame (see `indcalc.building`) in, a DataFrame with named columns out.

No printing, no files, no Typer, no Rich. Everything is vectorised over rows: the prior of a period is
found by looking up (series, ordinal - periods per year), never by a row offset, so gaps give an empty
result instead of a wrong one.

Definitions (``from`` and ``to`` are the values of the first and last period):

- ``change = to - from``, to the decimals of the figures: a difference of figures written to d
  decimals has at most d, so 43.9 - 25.9 is 18 and 8.2 - 5.6 is 2.6 (not 2.5999999999999996). The
  decimals of a figure are the fewest that give it back (`decimals`: 25.90 and 25.9 are one figure),
  counting at most 15 significant digits; a figure with more (a ratio) gives the plain float
  difference. Ratios (pct_change, multiple, cagr_pct) keep full precision.
- ``pct_change = (to - from) / from * 100`` (the same as ``(to / from - 1) * 100``, with less rounding
  error; that form where ``to - from`` is beyond a float: 1e308 to -1e308 is -200%) and
  ``multiple = to / from``: empty when ``from <= 0`` (growth from a zero or negative base is
  undefined, as official statistics treat it)
- ``pp_change = to - from`` (as ``change``), only for percent units (``%``, ``％``, ``percent``, ``pct``,
  ``per cent``)
- ``years = (to ordinal - from ordinal) / periods per year``
- ``cagr_pct = ((to / from) ** (1 / years) - 1) * 100``: empty when years is 0, ``from <= 0`` or ``to < 0``;
  where ``to / from`` is beyond a float (1e-300 to 1e300 in 10 years), ``to ** (1 / years) / from **
  (1 / years)`` is the multiple a year
- a figure too large for a 64-bit float is empty rather than infinite; one that fits is given even
  when a step on the way to it would not

Conditions a user should know about (a series left out) are reported with `warnings.warn` and
`IndcalcWarning`; the CLI prints them on stderr.
"""

from __future__ import annotations

import fnmatch
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from indcalc import formulas, periods
from indcalc.building.keys import is_dense, packed_keys, series_key
from indcalc.errors import IndcalcWarning, NothingMatched, UsageError

GROWTH_COLUMNS = formulas.GROWTH_COLUMNS
YOY_COLUMNS = [
    "entity",
    "indicator",
    "unit",
    "period",
    "value",
    "prior_period",
    "prior_value",
    "yoy_change",
    "yoy_pct",
    "yoy_pp",
]
LIST_COLUMNS = [
    "entity",
    "indicator",
    "unit",
    "frequency",
    "first",
    "last",
    "count",
    "missing_count",
    "missing",
]


is_percent_unit = formulas.is_percent_unit


def decimals(values: np.ndarray) -> np.ndarray:
    """`formulas.decimals` of each value, vectorised: int8, -1 where a value has no decimal form.

    Worked in blocks of 2**16 values, so that its temporaries stay small beside a large table.

    Example:
        >>> decimals(np.array([25.9, 18.0, 0.008, 1 / 3, np.nan])).tolist()
        [1, 0, 3, -1, -1]
    """
    values = np.asarray(values, dtype="float64")
    flat = values.ravel()
    out = np.empty(len(flat), dtype="int8")
    block = 1 << 16
    for start in range(0, len(flat), block):  # a few dozen blocks for millions of values
        out[start : start + block] = _decimals(flat[start : start + block])
    return out.reshape(values.shape)


_POWERS = 10.0 ** np.arange(formulas.SIGNIFICANT_DIGITS + 1)
_TENS = 10 ** np.arange(formulas.SIGNIFICANT_DIGITS + 1, dtype="int64")
_TINY = np.finfo("float64").tiny  # the smallest normal float: a ratio below it has lost digits


def _decimals(values: np.ndarray) -> np.ndarray:
    """`decimals` of one block of values."""
    out = np.full(len(values), -1, dtype="int8")
    size = np.abs(values)
    with np.errstate(divide="ignore", over="ignore", invalid="ignore"):
        # the most decimals a figure of this size has within 15 significant digits
        most = np.floor(np.log10(10.0**formulas.SIGNIFICANT_DIGITS / np.where(size > 0, size, 1)) - 1e-9)
    fits = np.isfinite(values) & (most >= 0) & ~((size > 0) & (size < 1e-16))
    at = None if fits.all() else np.flatnonzero(fits)  # None: every position
    value = values if at is None else values[at]
    most = np.minimum(most if at is None else most[at], formulas.SIGNIFICANT_DIGITS).astype("int64")
    # Written to `most` decimals, as digits: a whole number k with value == k / 10**most, or none.
    scale = _POWERS[most]
    digits = np.rint(value * scale)
    written = digits / scale == value
    if not written.all():
        at = np.flatnonzero(written) if at is None else at[written]
        digits, most = digits[written], most[written]
    # Trailing zeros of those digits are decimals the figure does not need: found by bisection.
    whole = np.abs(digits).astype("int64")  # below 10**15: exact, and integer division is fast
    low, high = np.zeros(len(most), dtype="int64"), most.copy()
    while (low < high).any():
        middle = (low + high + 1) // 2
        zeros = whole % _TENS[middle] == 0
        low = np.where(zeros, middle, low)
        high = np.where(zeros, high, middle - 1)
    out[slice(None) if at is None else at] = most - low
    return out


def difference(
    to_value: np.ndarray,
    from_value: np.ndarray,
    to_decimals: np.ndarray | None = None,
    from_decimals: np.ndarray | None = None,
) -> np.ndarray:
    """`formulas.difference` on arrays: ``to - from`` rounded to the decimals of the figures, so
    43.9 - 25.9 is 18.0, not 17.999999999999996; the plain difference where a figure has no decimal
    form. Decimals already known (`decimals` of each side) may be given.

    Example:
        >>> difference(np.array([43.9, 8.2, 16.0, 1 / 3]), np.array([25.9, 5.6, 5.45, 0.0])).tolist()
        [18.0, 2.6, 10.55, 0.3333333333333333]
    """
    to_value = np.asarray(to_value, dtype="float64")
    from_value = np.asarray(from_value, dtype="float64")
    with np.errstate(invalid="ignore", over="ignore"):
        change = to_value - from_value
    to_decimals = decimals(to_value) if to_decimals is None else to_decimals
    from_decimals = decimals(from_value) if from_decimals is None else from_decimals
    digits = np.where((to_decimals >= 0) & (from_decimals >= 0), np.maximum(to_decimals, from_decimals), -1)
    return to_places(change, digits)


def to_places(values: np.ndarray, places: np.ndarray) -> np.ndarray:
    """Each value rounded to its number of decimal places (as `formulas.difference` rounds: float for
    float); unchanged where places is negative (unknown).

    Example:
        >>> to_places(np.array([2.5999999999999996, 89.80000000000001, 1 / 3]), np.array([1, 1, -1])).tolist()
        [2.6, 89.8, 0.3333333333333333]
    """
    known = places >= 0
    scale = _POWERS[np.where(known, places, 0)]
    with np.errstate(invalid="ignore", over="ignore"):
        scaled = values * scale
        known &= np.abs(scaled) < formulas.EXACT_INTEGERS  # more digits than a float holds: as it is
        rounded = np.rint(scaled)
        rounded /= scale
    return np.where(known, rounded, values)


def growth_figures(
    from_value: np.ndarray,
    to_value: np.ndarray,
    years: np.ndarray | None,
    percent: np.ndarray,
    from_decimals: np.ndarray | None = None,
    to_decimals: np.ndarray | None = None,
) -> dict[str, np.ndarray]:
    """The growth formulas (module doc) on arrays; NaN where a figure is undefined.

    Without `years` (a comparison with one earlier period) only ``change``, ``pct_change`` and
    ``pp_change`` are computed. ``change`` and ``pp_change`` are `difference`s (decimals of the
    figures, which may be given); the ratios keep full precision.

    Example:
        >>> import numpy as np
        >>> f = growth_figures(np.array([5.45]), np.array([16.0]), np.array([5.0]), np.array([True]))
        >>> [round(float(f[k][0]), 2) for k in ("change", "pct_change", "pp_change", "multiple", "cagr_pct")]
        [10.55, 193.58, 10.55, 2.94, 24.04]
    """
    from_value = np.asarray(from_value, dtype="float64")
    to_value = np.asarray(to_value, dtype="float64")
    percent = np.asarray(percent, dtype=bool)
    based = from_value > 0

    def over_base(numerator: np.ndarray) -> np.ndarray:
        """numerator / from_value where the base is positive, else NaN (no temporaries)."""
        shape = np.broadcast_shapes(numerator.shape, from_value.shape)
        return np.divide(numerator, from_value, out=np.full(shape, np.nan), where=based)

    with np.errstate(divide="ignore", invalid="ignore", over="ignore", under="ignore"):
        change = difference(to_value, from_value, to_decimals, from_decimals)
        # the decimal difference in hundredths over the base, one rounding (`formulas.figures`)
        hundredfold = change * 100
        pct_change = over_base(hundredfold)
        overflowed = np.isinf(hundredfold)
        if overflowed.any():  # 1e308 to -1e308: to - from is too large, (to / from - 1) * 100 is -200
            pct_change = np.where(overflowed, (over_base(to_value) - 1) * 100, pct_change)
        figures = {
            "change": change,
            "pct_change": pct_change,
            "pp_change": change if percent.all() else np.where(percent, change, np.nan),
        }
        if years is not None:
            years = np.asarray(years, dtype="float64")
            multiple = over_base(to_value)
            compounding = based & (years > 0) & (to_value >= 0)
            exponent = 1 / np.where(compounding, years, 1)
            figures["multiple"] = multiple
            grown = multiple**exponent
            # to / from beyond the range of a float (1e-300 to 1e300), or in its subnormal end, while
            # its root is not: the root of each figure, then their ratio
            extreme = compounding & (to_value > 0) & ~((multiple >= _TINY) & np.isfinite(multiple))
            if extreme.any():
                safe_from = np.where(extreme, from_value, 1)
                split = np.where(extreme, to_value, 1) ** exponent / safe_from**exponent
                grown = np.where(extreme, split, grown)
            figures["cagr_pct"] = np.where(compounding, (grown - 1) * 100, np.nan)
    # A figure too large for a float (from a subnormal base, say) is reported as undefined, not inf.
    return {name: np.where(np.isinf(v), np.nan, v) if np.isinf(v).any() else v for name, v in figures.items()}


def select(frame: pd.DataFrame, indicators: Sequence[str] = (), entities: Sequence[str] = ()) -> pd.DataFrame:
    """Keep the rows whose indicator matches any of `indicators` and entity any of `entities`.

    Patterns are shell globs (``*``, ``?``, ``[...]``) matched case-insensitively against the whole
    name; an empty list keeps everything.

    Raises:
        UsageError: nothing matches, so a typo in a cron job fails loudly.

    Example:
        >>> from indcalc import load
        >>> sorted(select(load(), ["*share*"], ["jingmen"])["indicator"].unique())[1]
        'Emerging industries share of output value'
    """
    keep = np.ones(len(frame), dtype=bool)
    given = []
    for column, patterns, option in (("indicator", indicators, "-i"), ("entity", entities, "-e")):
        if not patterns:
            continue
        given += [f"{option} {p!r}" for p in patterns]
        categories = frame[column].cat.categories
        folded = [str(c).casefold() for c in categories]
        matched = np.asarray(
            [any(fnmatch.fnmatchcase(name, p.casefold()) for p in patterns) for name in folded], dtype=bool
        )
        if not matched.any() and column == "entity":  # say which there are: usually a few
            used = np.bincount(frame[column].cat.codes.to_numpy(), minlength=len(categories)) > 0
            present = [str(c) for c in categories[used]]
            names = ", ".join(present[:8]) + (", ..." if len(present) > 8 else "")
            raise NothingMatched(
                f"no series match {' '.join(given)}: the entities are {names or '(none: no entity column)'}"
            )
        keep &= matched[frame[column].cat.codes.to_numpy()]
        if not keep.any():
            raise NothingMatched(f"no series match {' '.join(given)} (see `indcalc list` for the names)")
    return frame[keep] if not keep.all() else frame


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
        >>> frame = pd.DataFrame({"entity": pd.Categorical(["", ""]),
        ...     "indicator": pd.Categorical(["第二产业", "第三产业"]), "value": [2.0, 1.0]})
        >>> by_name(frame)["indicator"].tolist()
        ['第三产业', '第二产业']
    """
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
    order. When the packed keys fill at least a quarter of their range (a panel: every series over
    roughly the same periods), a lookup table from packed key to sorted position sorts the rows and
    finds any (series, period) in O(1), with no sort at all; otherwise the rows are argsorted and found
    by binary search.
    """

    frame: pd.DataFrame
    order: np.ndarray  # the frame row at each sorted position
    key: np.ndarray  # series key at each sorted position
    ordinal: np.ndarray
    code: np.ndarray  # frequency code
    starts: np.ndarray  # first sorted position of each series
    ends: np.ndarray  # last sorted position of each series
    low: int  # the smallest ordinal
    span: int  # ordinals from low up to the largest
    packed: np.ndarray  # packed key at each sorted position
    table: np.ndarray | None  # packed key -> sorted position (-1: no such row); None when sparse
    in_order: dict[str, np.ndarray] = field(default_factory=dict)  # whole columns taken in order

    @classmethod
    def of(cls, frame: pd.DataFrame) -> _Sorted:
        key = series_order(frame)
        ordinal = frame["ordinal"].to_numpy()
        n = len(ordinal)
        packed, low, span = packed_keys(key, ordinal)
        table = None
        if is_dense(packed):  # sort by filling a table
            table = np.full(int(packed.max()) + 1, -1, dtype="int32" if n < 1 << 31 else "int64")
            positions = np.arange(n, dtype=table.dtype)
            table[packed] = positions
            packed = np.flatnonzero(table >= 0)
            order = table[packed].astype("int64")
            table[packed] = positions
            key, ordinal = np.divmod(packed, span)
            ordinal += low
        else:
            order = np.argsort(packed)
            packed, key, ordinal = packed[order], key[order], ordinal[order]
        starts = np.flatnonzero(np.r_[True, key[1:] != key[:-1]]) if n else np.zeros(0, "int64")
        code = frame["frequency"].cat.codes.to_numpy()[order]
        ends = np.r_[starts[1:], n] - 1
        return cls(frame, order, key, ordinal, code, starts, ends, low, span, packed, table)

    def find(self, want_key: np.ndarray, want_ordinal: np.ndarray) -> np.ndarray:
        """Sorted position of each (series key, ordinal); -1 where there is no such row."""
        offset = want_ordinal - self.low
        inside = (offset >= 0) & (offset < self.span)
        want = want_key * self.span + np.clip(offset, 0, self.span - 1)
        if self.table is not None:
            inside &= want < len(self.table)
        return self._position(np.where(inside, want, 0), inside)

    def earlier(self, lag: np.ndarray | int) -> np.ndarray:
        """Sorted position of the row `lag` periods before each row in its series; -1 where absent."""
        if isinstance(lag, np.ndarray) and len(lag) and lag.min() == lag.max():
            lag = int(lag[0])  # one frequency: no per-row arrays for the lag
        inside = self.ordinal >= self.low + lag
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


def _percent(units: pd.Categorical) -> np.ndarray:
    """Whether each row's unit is a percent, computed once per distinct unit."""
    flags = np.array([is_percent_unit(str(u)) for u in units.categories], dtype=bool)
    return flags[np.asarray(units.codes)] if len(flags) else np.zeros(len(units), dtype=bool)


def _name_list(rows: _Sorted, positions: np.ndarray, limit: int = 3) -> str:
    """A short list of series names for a message: all of them when few, else a pointer."""
    if len(positions) > limit:
        return "`indcalc list` shows them"
    pairs = zip(rows.take("entity", positions), rows.take("indicator", positions), strict=True)
    return "; ".join(f"{e} / {i}" if e else str(i) for e, i in pairs)


def _period_arg(text: str | None, option: str) -> periods.Period | None:
    if text is None:
        return None
    period = periods.parse_period(text)
    if period is None:
        raise UsageError(f"{option} {text!r} is not a period; expected {periods.EXPECTED_FORMS}")
    return period


def what_series_have(rows: _Sorted, asked: dict[str, periods.Period], *, ahead: bool = False) -> str:
    """What periods the series have, for a message on periods `asked` (option -> period) that none
    has; with the same periods in the series' frequency when there is one and it has them (`ahead`:
    when they are after its last period, as a target is).

    Example:
        >>> import io
        >>> from indcalc import load
        >>> rows = _Sorted.of(load(io.BytesIO(b"indicator,period,value\\nx,2023-11,1\\nx,2024-12,2\\n")))
        >>> what_series_have(rows, {"--from": periods.parse_period("2024")})
        'the series are monthly, 2023-11 to 2024-12: try --from 2024-12'
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
            text += ": try " + " ".join(f"{option} {p.label}" for option, p in same.items())
    return text


def _in_frequency(period: periods.Period, code: int) -> periods.Period:
    """The period of frequency `code` that ends in the same month as `period` (2023 -> 2023-12 or
    2023Q4; 2024-05 -> 2024Q2 or 2024)."""
    last_month = (period.ordinal + 1) * (12 // period.periods_per_year) - 1
    return periods.Period(code, last_month // (12 // periods.PERIODS_PER_YEAR[code]))


def growth(frame: pd.DataFrame, from_period: str | None = None, to_period: str | None = None) -> pd.DataFrame:
    """Growth of each series from its first to its last period, or between the periods given.

    Args:
        frame: a loaded frame.
        from_period: the start period for every series (default: each series' first period).
        to_period: the end period for every series (default: each series' last period).

    Returns:
        One row per series, columns `GROWTH_COLUMNS`, the series in the order they first appear in
        the frame (`series_order`; `by_name` for name order). Series that
        lack a requested period, or have a single period, are left out with an `IndcalcWarning`.

    Raises:
        UsageError: a period option that does not parse, or --from not before --to.
        NothingMatched: no series has the periods asked for (the message says which they have); the
            result would be empty.

    Example:
        >>> import io
        >>> from indcalc import load
        >>> row = growth(load(io.BytesIO(b"indicator,period,value\\nfirms,2020,2\\nfirms,2025,6\\n"))).iloc[0]
        >>> [round(float(row[c]), 2) for c in ("multiple", "pct_change", "years", "cagr_pct")]
        [3.0, 200.0, 5.0, 24.57]
    """
    start, end = _period_arg(from_period, "--from"), _period_arg(to_period, "--to")
    if start and end and (start.code != end.code or start.ordinal >= end.ordinal):
        raise UsageError(
            f"--from {start.label} must be an earlier period of the same frequency as --to {end.label}"
        )
    rows = _Sorted.of(frame)
    series_key = rows.key[rows.starts]

    def pick(period: periods.Period | None, default: np.ndarray) -> np.ndarray:
        if period is None:
            return default
        wanted = np.full(len(rows.starts), period.ordinal)
        found = rows.find(series_key, wanted)
        return np.where(rows.code[rows.starts] == period.code, found, -1)

    first, last = pick(start, rows.starts), pick(end, rows.ends)
    missing = (first < 0) | (last < 0)
    single = ~missing & (first == last)
    asked = {o: p for o, p in (("--from", start), ("--to", end)) if p is not None}
    if len(missing) and missing.all():
        raise NothingMatched(
            f"no series has a value for {' and '.join(p.label for p in asked.values())}: "
            + what_series_have(rows, asked)
        )
    if asked and len(single) and (missing | single).all():  # --from its last period, --to its first
        (option, period), where = next(iter(asked.items())), "after" if start else "before"
        raise NothingMatched(
            f"no series has a period {where} {option} {period.label}: {what_series_have(rows, {})}"
        )
    if missing.any():
        wanted = " and ".join(p.label for p in asked.values())
        warnings.warn(
            f"{missing.sum()} series without a value for {wanted} left out: "
            f"{_name_list(rows, rows.starts[missing])}",
            IndcalcWarning,
            stacklevel=2,
        )
    if single.any():
        warnings.warn(
            f"{single.sum()} series with a single period have no growth and are left out: "
            f"{_name_list(rows, rows.starts[single])}",
            IndcalcWarning,
            stacklevel=2,
        )
    keep = ~missing & ~single
    first, last = first[keep], last[keep]
    years = (rows.ordinal[last] - rows.ordinal[first]) / periods.periods_per_year(rows.code[first])
    from_value, to_value = rows.values(first), rows.values(last)
    unit = rows.take("unit", first)
    figures = growth_figures(from_value, to_value, years, _percent(unit))
    unlike = unlike_spans(frame, rows, first, last)
    if unlike is not None:
        figures = {name: np.where(unlike, np.nan, values) for name, values in figures.items()}
    out = pd.DataFrame(
        {
            "entity": rows.take("entity", first),
            "indicator": rows.take("indicator", first),
            "unit": unit,
            "from_period": rows.take("period", first),
            "to_period": rows.take("period", last),
            "from_value": from_value,
            "to_value": to_value,
            **figures,
            "years": years.astype("float64"),
        }
    )[GROWTH_COLUMNS]
    if unlike is not None:
        out.attrs["undefined"] = {"change": COMBINED_NOTES["span"]}  # for the table's footnote (render)
    return _strings(out)


def yoy(frame: pd.DataFrame) -> pd.DataFrame:
    """Year-on-year change of every observation against the same period one year earlier.

    The prior is found by period arithmetic (ordinal minus periods per year) within the series; when
    that period is absent the YoY fields are empty, whatever the row before it holds. A year-to-date
    series is compared cumulative with cumulative (累计同比), as bureaus publish it.

    Returns:
        One row per observation, columns `YOY_COLUMNS`: series in the order they first appear in the
        frame (`series_order`), each one's periods in time order.
        ``yoy_pct`` is empty when the prior is zero or negative; ``yoy_pp`` only for percent units.

    Example:
        >>> import pandas as pd
        >>> from indcalc.reading import load
        >>> out = yoy(load())
        >>> bool(out[out["indicator"] == "Scaled enterprises"]["yoy_pct"].isna().all())  # 2020 and 2025 only
        True
    """
    return _against_prior(frame, periods.periods_per_year, "yoy")[YOY_COLUMNS]


def pop(frame: pd.DataFrame, *, annualize: bool = False, log: bool = False) -> pd.DataFrame:
    """Period-on-period change (环比: MoM, QoQ; for annual series the same as YoY), by period arithmetic.

    Args:
        frame: a loaded frame.
        annualize: add ``pop_annualized_pct = ((v / prev) ** k - 1) * 100``, k periods a year (FRED "pca").
        log: add ``pop_log_pct = 100 * ln(v / prev)`` and ``pop_log_annualized_pct = 100 * k * ln(v / prev)``
            (FRED "cch" and "cca").

    Returns:
        Columns like `yoy` with a ``pop_`` prefix, and the optional ones; empty where the previous period
        is missing, and the rates where a value is zero or negative.

    Example:
        >>> import io
        >>> from indcalc import load
        >>> frame = load(io.BytesIO(b"indicator,period,value\\nx,2024Q1,100\\nx,2024Q2,102\\n"))
        >>> out = pop(frame, annualize=True)
        >>> [round(float(v), 4) for v in out[["pop_pct", "pop_annualized_pct"]].iloc[1]]
        [2.0, 8.2432]
    """
    cumulative = frame.loc[_is_ytd(frame), ["entity", "indicator"]].drop_duplicates()
    if len(cumulative):
        warnings.warn(
            f"{len(cumulative)} year-to-date series compared period on period as they are; "
            "`indcalc ytd` gives their single-period values",
            IndcalcWarning,
            stacklevel=2,
        )
    out = _against_prior(frame, lambda codes: np.ones(len(codes), dtype="int64"), "pop")
    columns = [c.replace("yoy_", "pop_") for c in YOY_COLUMNS]
    if not (annualize or log):
        return out[columns]
    value, prior = out["value"].to_numpy(), out["prior_value"].to_numpy()
    per_year = periods.periods_per_year(np.asarray(pd.Categorical(out["frequency"]).codes))
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        ratio = np.where((prior > 0) & (value >= 0), value / np.where(prior > 0, prior, 1), np.nan)
        logged = np.where(ratio > 0, np.log(np.where(ratio > 0, ratio, 1)), np.nan)
        extreme = (value > 0) & (prior > 0) & ~((ratio >= _TINY) & np.isfinite(ratio))
        if extreme.any():  # the ratio beyond a float (1e300 over 1e-300) but not its logarithm
            apart = np.log(np.where(extreme, value, 1)) - np.log(np.where(extreme, prior, 1))
            logged = np.where(extreme, apart, logged)
        extra = {}
        if annualize:
            extra["pop_annualized_pct"] = (ratio**per_year - 1) * 100
            columns.append("pop_annualized_pct")
        if log:
            extra["pop_log_pct"] = 100 * logged
            extra["pop_log_annualized_pct"] = 100 * per_year * logged
            columns += ["pop_log_pct", "pop_log_annualized_pct"]
    for name, values in extra.items():
        out[name] = np.where(np.isfinite(values), values, np.nan)
    return out[columns]


def _is_ytd(frame: pd.DataFrame) -> np.ndarray:
    """Whether each row is a year-to-date figure (compared by category code, not string by string)."""
    basis = frame["basis"].array
    if not isinstance(basis, pd.Categorical):
        return np.asarray(basis) == "ytd"
    return np.asarray(basis.codes) == (basis.categories.get_loc("ytd") if "ytd" in basis.categories else -2)


#: Why a combined figure (from `indcalc ytd`) has no prior; the table's footnote gives it.
COMBINED_NOTES = {
    "pop": "pop compares single periods only: a combined figure (periods_covered over 1, such as the "
    "January-February figure of `indcalc ytd`) is not the prior of a single period, nor has one",
    "yoy": "yoy compares a combined figure (periods_covered over 1, such as the January-February figure "
    "of `indcalc ytd`) only with one covering as many periods a year before",
    "span": "a change over a span compares figures covering as many periods: a combined figure "
    "(periods_covered over 1, such as the January-February figure of `indcalc ytd`) is not compared "
    "with a single period",
}


def periods_covered(frame: pd.DataFrame) -> np.ndarray | None:
    """How many periods each row's figure covers, from the ``periods_covered`` or ``covers`` column
    `indcalc ytd` writes (its combined January-February figure is period 2024-02, covers
    2024-01..2024-02, periods_covered 2); None when the frame has neither: each figure covers its period.

    Worked out once per distinct cell; a cell that says nothing (empty, not a count) counts as 1.

    Example:
        >>> import pandas as pd
        >>> periods_covered(pd.DataFrame({"covers": ["2024-01..2024-02", "2024-03", ""]})).tolist()
        [2, 1, 1]
    """
    named = {str(c).strip().casefold(): c for c in frame.columns}
    for name, count in (("periods_covered", _count_cell), ("covers", _span_cell)):
        if name in named:
            column = frame[named[name]]
            if pd.api.types.is_numeric_dtype(column.dtype):
                values = column.to_numpy(dtype="float64", na_value=np.nan)
                return np.where(values >= 1, np.nan_to_num(values, nan=1), 1).astype("int64")
            cells = column.array if isinstance(column.dtype, pd.CategoricalDtype) else pd.Categorical(column)
            counts = np.array([count(str(c)) for c in cells.categories] + [1], dtype="int64")
            return counts[np.asarray(cells.codes)]  # code -1 (no cell): the 1 at the end
    return None


def _count_cell(text: str) -> int:
    text = text.strip()
    return int(text) if text.isdigit() and int(text) >= 1 else 1


def _span_cell(text: str) -> int:
    first, _, last = text.partition("..")
    start, end = periods.parse_period(first), periods.parse_period(last)
    if start is None or end is None or start.code != end.code or end.ordinal < start.ordinal:
        return 1
    return end.ordinal - start.ordinal + 1


def unlike_spans(
    frame: pd.DataFrame, rows: _Sorted, first: np.ndarray, last: np.ndarray
) -> np.ndarray | None:
    """Where the figures at sorted positions `first` and `last` cover different numbers of periods (a
    combined January-February figure from `indcalc ytd` against a single month), which no change over
    a span compares (`COMBINED_NOTES["span"]`); None when there is no such pair."""
    covered = periods_covered(frame)
    if covered is None:
        return None
    unlike = covered[rows.order[first]] != covered[rows.order[last]]
    return unlike if unlike.any() else None


def _same_length(
    frame: pd.DataFrame, rows: _Sorted, at: np.ndarray, prior: np.ndarray, prefix: str
) -> tuple[np.ndarray, str | None]:
    """`prior` (sorted positions of the priors of positions `at`) without the priors that cover
    another number of periods than their row, or (pop) any combined figure; and the footnote then."""
    covered = periods_covered(frame)
    if covered is None:
        return prior, None
    here = covered[rows.order[at]]
    there = np.where(prior >= 0, covered[rows.order[np.maximum(prior, 0)]], 0)
    apart = (prior >= 0) & (here != there)
    if prefix == "pop":
        apart |= (prior >= 0) & (here > 1)  # overlapping figures: a previous month inside this one
    if not apart.any():
        return prior, None
    return np.where(apart, -1, prior), COMBINED_NOTES[prefix]


def _against_prior(frame: pd.DataFrame, lag: Callable[[np.ndarray], np.ndarray], prefix: str) -> pd.DataFrame:
    """Each observation against the one `lag(frequency codes)` periods earlier in its series, when
    both cover as many periods (`periods_covered`)."""
    rows = _Sorted.of(frame)
    prior = rows.earlier(lag(rows.code))
    prior, note = _same_length(frame, rows, np.arange(len(prior)), prior, prefix)
    value, prior_value = rows.values(), rows.values(prior)
    unit = rows.take("unit")
    written = decimals(value)  # once per figure, not once as a value and again as a prior
    prior_written = written[np.maximum(prior, 0)]
    prior_written[prior < 0] = -1
    figures = growth_figures(prior_value, value, None, _percent(unit), prior_written, written)
    out = pd.DataFrame(
        {
            "entity": rows.take("entity"),
            "indicator": rows.take("indicator"),
            "unit": unit,
            "period": rows.take("period"),
            "value": value,
            "prior_period": rows.take("period", prior),
            "prior_value": prior_value,
            f"{prefix}_change": figures["change"],
            f"{prefix}_pct": figures["pct_change"],
            f"{prefix}_pp": figures["pp_change"],
            "frequency": rows.take("frequency"),
        },
        copy=False,
    )
    if note:
        out.attrs["undefined"] = {f"{prefix}_change": note}  # for the table's footnote (render)
    return _strings(out)


def calc(
    from_value: float, to_value: float, *, years: float | None = None, percent: bool = False
) -> pd.DataFrame:
    """Growth between two figures read in a report; the same columns as `growth` (`formulas.calc`).

    Example:
        >>> row = calc(5.45, 16, years=5, percent=True).iloc[0]
        >>> [round(float(row[k]), 2) for k in ("pp_change", "pct_change", "cagr_pct")]
        [10.55, 193.58, 24.04]
    """
    return _frame(formulas.calc(from_value, to_value, years=years, percent=percent))


def implied_base(value: float, *, growth_pct: float | None = None, pp: float | None = None) -> pd.DataFrame:
    """The earlier figure implied by a figure and its growth or pp gap (`formulas.implied_base`).

    Example:
        >>> round(float(implied_base(85.2, growth_pct=28.6)["from_value"][0]), 2)
        66.25
    """
    return _frame(formulas.implied_base(value, growth_pct=growth_pct, pp=pp))


def implied_total(value: float, share_pct: float) -> pd.DataFrame:
    """The total of which `value` is `share_pct` percent (`formulas.implied_total`).

    Example:
        >>> implied_total(2.74, 6.35).round(2).to_dict("records")
        [{'value': 2.74, 'share_pct': 6.35, 'total': 43.15}]
    """
    return _frame(formulas.implied_total(value, share_pct))


def _frame(rows: formulas.Rows) -> pd.DataFrame:
    frame = pd.DataFrame(rows.rows, columns=rows.columns)
    for column in frame.columns:
        if frame[column].dtype == object and not all(isinstance(v, str) for v in frame[column]):
            frame[column] = frame[column].astype("float64")
    return _strings(frame)


def list_series(frame: pd.DataFrame) -> pd.DataFrame:
    """One row per series: frequency, first and last period, count, and the periods missing between.

    Returns:
        Columns `LIST_COLUMNS`; ``missing`` is the missing periods separated by spaces.

    Example:
        >>> from indcalc import load
        >>> out = list_series(load())
        >>> row = out[out["indicator"] == "Scaled enterprises"]
        >>> row[["first", "last", "count", "missing_count"]].to_numpy().tolist()
        [['2020', '2025', 2, 4]]
    """
    rows = _Sorted.of(frame)
    starts, ends, ordinal = rows.starts, rows.ends, rows.ordinal
    count = ends - starts + 1
    expected = ordinal[ends] - ordinal[starts] + 1

    # Gaps: after each position (not the last of its series), the ordinals up to the next one's.
    gap = np.r_[ordinal[1:] - ordinal[:-1] - 1, 0]
    gap[ends] = 0
    gap_at = np.flatnonzero(gap > 0)
    sizes = gap[gap_at]
    owner = np.repeat(gap_at, sizes)
    step = np.arange(sizes.sum()) - np.repeat(np.cumsum(sizes) - sizes, sizes) + 1
    series_of_position = np.repeat(np.arange(len(starts)), count)
    missing = _joined_periods(rows.code[owner], ordinal[owner] + step, series_of_position[owner], len(starts))
    out = pd.DataFrame(
        {
            "entity": rows.take("entity", starts),
            "indicator": rows.take("indicator", starts),
            "unit": rows.take("unit", starts),
            "frequency": rows.take("frequency", starts),
            "first": rows.take("period", starts),
            "last": rows.take("period", ends),
            "count": count.astype("int64"),
            "missing_count": (expected - count).astype("int64"),
            "missing": missing,
        }
    )
    return _strings(out[LIST_COLUMNS])


def _joined_periods(codes: np.ndarray, ordinals: np.ndarray, series: np.ndarray, count: int) -> np.ndarray:
    """For each of `count` series, its periods (`series`: each one's series, in order) as one
    space-separated string, empty for none. Each distinct period is formatted once and the lists
    are joined by pyarrow: a sparse panel can miss millions of periods."""
    import pyarrow as pa
    import pyarrow.compute as pc

    span = int(ordinals.max(initial=0)) + 1
    at, distinct = pd.factorize(codes.astype("int64") * span + ordinals)
    labels = pa.array(periods.format_periods(distinct // span, distinct % span), pa.string())
    offsets = np.r_[0, np.cumsum(np.bincount(series, minlength=count))]
    lists = pa.LargeListArray.from_arrays(pa.array(offsets, pa.int64()), labels.take(pa.array(at)))
    return pc.binary_join(lists, " ").to_numpy(zero_copy_only=False)


def _strings(frame: pd.DataFrame) -> pd.DataFrame:
    """Give text columns one dtype (category), whatever path built them, and a clean index."""
    for column in frame.columns:
        dtype = frame[column].dtype
        if not isinstance(dtype, pd.CategoricalDtype) and pd.api.types.is_string_dtype(dtype):
            frame[column] = frame[column].astype("category")
    return frame.reset_index(drop=True)
