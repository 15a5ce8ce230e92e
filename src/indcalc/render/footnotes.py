"""Why a figure is undefined: the footnote under a table (and under Markdown) that gives, once each,
the reasons that apply to the empty cells shown.

`why_undefined` gives the reason for one cell from its row. A footnote asks it of every row with an
empty cell of a few rows built without pandas (`rows_footnote`), or of one row of each kind of a
DataFrame's pyarrow table (`table_footnote`), so a million rows take no Python call each.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING

from indcalc.formulas import Rows
from indcalc.quantities import is_percent_unit
from indcalc.render.cells import UNDEFINED
from indcalc.render.machine import records, table_of
from indcalc.schema import STATED_COLUMNS

if TYPE_CHECKING:
    import pandas as pd
    import pyarrow as pa

#: Why a column can be empty; the table's footnote gives the reasons for the columns that are.
FOOTNOTES = {
    "pct_change": "pct_change and multiple are undefined from a zero or negative base",
    "multiple": "pct_change and multiple are undefined from a zero or negative base",
    "pp_change": "pp_change is given only for percent units",
    "cagr_pct": "cagr_pct is undefined from a zero or negative base, to a negative value, or without a span",
    "years": "years is known only when the periods (or --years) are given",
    "prior_period": "a comparison needs its earlier period (for yoy the same period a year before, "
    "for pop the previous one)",
    "yoy_pct": "yoy_pct is undefined from a zero or negative prior value",
    "yoy_pp": "yoy_pp is given only for percent units",
    "pop_pct": "pop_pct is undefined from a zero or negative prior value",
    "pop_pp": "pop_pp is given only for percent units",
    "value": "a single-period value needs the previous period of the year",
    "share_pct": "a share needs the total for the same period",
    "share_pp_change": "a change of share needs the part's previous period",
    "contribution_pp": "contributions need both periods and a positive total",
}
#: Where a change column of a row is undefined, the figures computed from it are too, for this reason
#: (not the reason of `FOOTNOTES`, which is for a change that is there).
NO_EARLIER = {
    "yoy_change": "yoy figures need the same period a year before",
    "pop_change": "period-on-period figures need the previous period",
    "change": "a series with a single period has no change over its span",
}


#: Why a figure is empty when its figures are there and its formula applies (1e308 to -1e308: change).
TOO_LARGE = "a figure too large for a 64-bit float is left empty"


def _too_large(column: str, change: str, row: dict[str, object]) -> bool | None:
    """Whether `row[column]` is empty only because it is beyond a float: both figures are there and
    none of the formula's conditions (a positive base, a percent unit, a span) leaves it undefined;
    None when a figure is not there."""
    if change == "change":
        low, high = row.get("from_value"), row.get("to_value")
    else:
        low, high = row.get("prior_value"), row.get("value")
    if not all(isinstance(v, (int, float)) and math.isfinite(v) for v in (low, high)):
        return None
    # The arithmetic itself decides (Python's float ops give inf where numpy's do): a cell left empty for
    # another reason (a combined ytd figure against a single month) is not beyond a float.
    if column == change:
        return not math.isfinite(high - low)
    if column.endswith("pp") or column == "pp_change":
        return not math.isfinite(high - low) and is_percent_unit(str(row.get("unit") or ""))
    if column == "cagr_pct":
        years = row.get("years")
        if not (low > 0 and high >= 0 and isinstance(years, (int, float)) and years > 0):
            return False
        try:
            return not math.isfinite(high ** (1 / years) / low ** (1 / years))
        except OverflowError:
            return True
        except ZeroDivisionError:  # the base's root is below the smallest float: huge unless high is 0
            return high > 0
    if column in ("pct_change", "multiple", "yoy_pct", "pop_pct") and low > 0:
        return not math.isfinite(high / low * (1 if column == "multiple" else 100))
    return False


def _change_of(column: str) -> str | None:
    """The change column whose figures `column` is computed from (`yoy_pct` from `yoy_change`)."""
    if column in NO_EARLIER:
        return column
    for prefix in ("yoy_", "pop_"):
        if column.startswith(prefix):
            return prefix + "change"
    return "change" if column in ("pct_change", "pp_change", "multiple", "cagr_pct", "years") else None


def _change_column(column: str, names: Iterable[str]) -> str | None:
    """The change column whose figures `column` is computed from, among `names`: a prior period's or
    value's is yoy's or pop's, by the table's columns."""
    if column in ("prior_period", "prior_value"):
        return next((c for c in ("yoy_change", "pop_change") if c in names), None)
    return _change_of(column)


#: Why a figure is empty where the publisher flags its own figure as missing (``: c``).
FLAGGED = "a figure the publisher does not give is empty, its flag beside it (c: confidential)"
#: Why a figure the file states beside its levels (`indcalc.schema.STATED_COLUMNS`) is empty.
NOT_STATED = "a stated_ figure is empty where the file states none for that period"
_STATED = tuple(STATED_COLUMNS)  # an output's are these, or a period's (`indcalc.schema.annotation_name`)
#: Each figure of an output row and its flag column (`indcalc.schema.annotated`).
_FLAGGED_FIGURES = (
    ("value", "flag"),
    ("prior_value", "prior_flag"),
    ("from_value", "from_flag"),
    ("to_value", "to_flag"),
)


def _flagged_gap(row: dict[str, object]) -> bool:
    """Whether a figure of the row is missing with a flag beside it (Eurostat ``: c``)."""
    return any(row.get(figure, 0) is None and row.get(flag) for figure, flag in _FLAGGED_FIGURES)


def why_undefined(column: str, row: dict[str, object]) -> str | None:
    """The footnote's reason why `row[column]` is undefined: the reason that applies to this row.

    Example:
        >>> why_undefined("yoy_pct", {"prior_value": None, "yoy_change": None, "yoy_pct": None})
        'yoy figures need the same period a year before'
        >>> why_undefined("yoy_pct", {"prior_value": 0.0, "yoy_change": 3.0, "yoy_pct": None})
        'yoy_pct is undefined from a zero or negative prior value'
        >>> why_undefined("yoy_pct", {"value": None, "flag": "c", "yoy_change": None, "yoy_pct": None})
        'a figure the publisher does not give is empty, its flag beside it (c: confidential)'
        >>> why_undefined("prior_stated_growth_pct", {"prior_stated_growth_pct": None})
        'a stated_ figure is empty where the file states none for that period'
    """
    if column.endswith(_STATED):  # stated_growth_pct, or a period's: prior_stated_growth_pct
        return NOT_STATED
    if column in ("prior_period", "prior_value") and "share_pp_change" in row:  # share's
        return FOOTNOTES["share_pp_change"]
    if column != "prior_period" and _flagged_gap(row):
        return FLAGGED
    change = _change_column(column, row)
    beyond = _too_large(column, change, row) if change is not None and change in row else None
    if beyond:
        return TOO_LARGE
    if change is not None and change in row and row[change] is None:
        start, end = (
            row.get("first_period", row.get("from_period")),
            row.get("latest_period", row.get("to_period")),
        )
        if change == "change" and start != end and not _too_large(change, change, row):
            return None  # two periods, not beyond a float: the computation's own note says why
            # (frame.attrs["undefined"]: a combined ytd figure against a single period)
        if beyond is None:
            return NO_EARLIER[change]
    if column.startswith("pop_") and column not in FOOTNOTES:  # annualized and log rates
        return "period-on-period rates are undefined from a zero or negative prior value"
    return FOOTNOTES.get(column)


def undefined_notes(frame: pd.DataFrame | Rows) -> dict[str, str]:
    """What the computation noted of whole columns (``frame.attrs["undefined"]``: a ytd figure covering
    two months left without a one-month prior, say), by column."""
    return getattr(frame, "attrs", {}).get("undefined", {})


def footnote(frame: pd.DataFrame | Rows, columns: list[str], undefined: dict[str, str]) -> str:
    """Why cells of `columns` (those shown) of `frame` are undefined: `rows_footnote` of `Rows`,
    `table_footnote` of a DataFrame.

    Example:
        >>> footnote(Rows(["claim", "pp_change"], [["x", None]]), ["claim", "pp_change"], {})
        '— undefined: pp_change is given only for percent units.'
    """
    if isinstance(frame, Rows):
        return rows_footnote(records(frame), columns, undefined)
    return table_footnote(table_of(frame), columns, undefined)


def rows_footnote(rows: list[dict[str, object]], columns: list[str], undefined: dict[str, str]) -> str:
    """Why cells of `columns` are undefined, each reason once, in column order, `why_undefined` asked of
    each row; `undefined` is what the computation noted of whole columns (`undefined_notes`)."""
    return _footnote(columns, undefined, lambda c: (row for row in rows if row[c] is None))


def table_footnote(table: pa.Table, columns: list[str], undefined: dict[str, str]) -> str:
    """`rows_footnote` of a whole pyarrow table without a Python call per row: the rows whose cells are
    undefined are grouped by all that `why_undefined` looks at (whether the change is undefined,
    whether both figures are there and where their arithmetic passes a float, the base's sign, the
    span, whether the two periods differ, a percent unit), and `why_undefined` is asked of the first
    row of each group; the reasons come in the order of those rows."""
    return _footnote(columns, undefined, lambda c: _one_of_each_kind(table, c))


def _footnote(
    columns: list[str],
    undefined: dict[str, str],
    undefined_rows: Callable[[str], Iterable[dict[str, object]]],
) -> str:
    """The footnote: the reasons `why_undefined` gives for the rows `undefined_rows(c)` yields (rows
    where `c` is undefined), column by column, each reason once; then the reasons of `undefined` for
    the columns with an undefined cell."""
    reasons: dict[str, None] = {}  # each once, in the order found
    empty = set()
    for c in columns:
        for row in undefined_rows(c):
            empty.add(c)
            reason = why_undefined(c, row)
            if reason is not None:
                reasons.setdefault(reason)
    for c, reason in undefined.items():  # what a computation said of a column as a whole
        if c in empty:
            reasons.setdefault(reason)
    return f"{UNDEFINED} undefined: " + "; ".join(reasons) + "." if reasons else ""


def _one_of_each_kind(table: pa.Table, c: str) -> Iterator[dict[str, object]]:
    """The first row of each group of `table`'s rows where column `c` is undefined, grouped by all that
    `why_undefined` looks at (see `table_footnote`), in the order of the rows."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    names = table.column_names

    def floats(name: str) -> np.ndarray:
        return np.asarray(table[name].cast(pa.float64()).to_numpy(zero_copy_only=False), dtype="float64")

    def flag(values: pa.ChunkedArray) -> np.ndarray:
        return np.asarray(pc.fill_null(values, False).to_numpy(zero_copy_only=False), dtype=bool)

    missing = flag(pc.is_null(table[c]))
    if not missing.any():
        return
    change = _change_column(c, names)
    features = []
    if change is not None and change in names:
        features.append(flag(pc.is_null(table[change])))
        low_name, high_name = ("from_value", "to_value") if change == "change" else ("prior_value", "value")
        if low_name in names and high_name in names:
            low, high = floats(low_name), floats(high_name)
            years = floats("years") if "years" in names else np.full(len(low), np.nan)
            with np.errstate(all="ignore"):
                root = np.power(high, 1 / years) / np.power(low, 1 / years)
                features += [
                    np.isfinite(low) & np.isfinite(high),
                    ~np.isfinite(high - low),
                    ~np.isfinite(high / low * 100),
                    ~np.isfinite(high / low),
                    ~np.isfinite(root),
                    low > 0,
                    high >= 0,
                    high > 0,  # a zero figure's root over an underflowing base is not too large
                    years > 0,
                ]
        for start, end in (("first_period", "latest_period"), ("from_period", "to_period")):
            if start in names and end in names:
                text = pa.string()
                features.append(flag(pc.not_equal(table[start].cast(text), table[end].cast(text))))
        if "unit" in names:
            units = table["unit"].cast(pa.string())
            percent = [u for u in pc.unique(units).to_pylist() if u is not None and is_percent_unit(u)]
            features.append(flag(pc.is_in(units, value_set=pa.array(percent, pa.string()))))
    kind = np.zeros(len(missing), dtype="int64")
    for bit, feature in enumerate(features):
        kind |= feature.astype("int64") << bit
    kinds, first = np.unique(np.where(missing, kind, -1), return_index=True)
    for position in sorted(first[kinds >= 0].tolist()):
        yield table.slice(position, 1).to_pylist()[0]
