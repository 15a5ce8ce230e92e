"""The summary report as data: one row per series, the alerts it trips, its biggest rises and falls.

`summarize` gathers what `indcalc summary` reports into a `Report` (the per-series table, the tripped
alerts, the rises and falls, what changed since an earlier summary (`indcalc.news`), and the facts of
the source and the time it was made); drawing it as text, Markdown or HTML is
`indcalc.render.digest`'s. Pure functions of a loaded frame, like `indcalc.changes`.
"""

from __future__ import annotations

import datetime
import math
import os
import re
from typing import NamedTuple

import numpy as np
import pandas as pd

from indcalc import periods
from indcalc.arithmetic import _percent, growth_figures
from indcalc.errors import UsageError
from indcalc.news import news
from indcalc.schema import check_frame, output_frame, with_figures
from indcalc.series_index import _Sorted
from indcalc.spans import COMBINED_NOTES, _same_length, unlike_spans

SUMMARY_COLUMNS = [
    "entity",
    "indicator",
    "unit",
    "frequency",
    "first_period",
    "latest_period",
    "latest_value",
    "pop_change",
    "pop_pct",
    "pop_pp",
    "yoy_change",
    "yoy_pct",
    "yoy_pp",
    "change",
    "pct_change",
    "pp_change",
    "years",
    "cagr_pct",
    "trend",
]
SPARK = "▁▂▃▄▅▆▇█"
SPARK_POINTS = 24


def summary(frame: pd.DataFrame) -> pd.DataFrame:
    """One row per series: the latest figure, its change on the previous period and on a year earlier,
    the change and CAGR over the whole span, and a sparkline of the last 24 figures (`trend`).

    Example:
        >>> import io
        >>> from indcalc import load
        >>> text = "indicator,period,value\\nx,2023Q4,100\\nx,2024Q3,105\\nx,2024Q4,110\\n"
        >>> row = summary(load(io.BytesIO(text.encode()))).iloc[0]
        >>> row["latest_period"], round(float(row["pop_pct"]), 2), float(row["yoy_pct"]), row["trend"]
        ('2024Q4', 4.76, 10.0, '▁▅█')
    """
    frame = with_figures(check_frame(frame))  # the latest figure, not a flagged gap
    rows = _Sorted.of(frame)
    last, first = rows.ends, rows.starts
    per_year = periods.periods_per_year(rows.code[last])
    latest = rows.values(last)
    percent = _percent(rows.take("unit", last))
    previous = rows.find(rows.key[last], rows.ordinal[last] - 1)
    year_ago = rows.find(rows.key[last], rows.ordinal[last] - per_year)
    previous, pop_note = _same_length(frame, rows, last, previous, "pop")  # combined figures (ytd)
    year_ago, yoy_note = _same_length(frame, rows, last, year_ago, "yoy")
    span = (rows.ordinal[last] - rows.ordinal[first]) / per_year
    on_previous = growth_figures(rows.values(previous), latest, None, percent)
    on_year = growth_figures(rows.values(year_ago), latest, None, percent)
    overall = growth_figures(rows.values(first), latest, span, percent)
    single = first == last  # a single figure has no change over its span
    unlike = unlike_spans(frame, rows, first, last)  # a combined figure (ytd) against a single period
    undefined = single if unlike is None else single | unlike
    overall = {name: np.where(undefined, np.nan, values) for name, values in overall.items()}
    out = pd.DataFrame(
        {
            "entity": rows.take("entity", last),
            "indicator": rows.take("indicator", last),
            "unit": rows.take("unit", last),
            "frequency": rows.take("frequency", last),
            "first_period": rows.take("period", first),
            "latest_period": rows.take("period", last),
            "latest_value": latest,
            "pop_change": on_previous["change"],
            "pop_pct": on_previous["pct_change"],
            "pop_pp": on_previous["pp_change"],
            "yoy_change": on_year["change"],
            "yoy_pct": on_year["pct_change"],
            "yoy_pp": on_year["pp_change"],
            "change": overall["change"],
            "pct_change": overall["pct_change"],
            "pp_change": overall["pp_change"],
            "years": np.where(single, np.nan, span),
            "cagr_pct": overall["cagr_pct"],
            "trend": _sparklines(rows),
        }
    )
    span_note = COMBINED_NOTES["span"] if unlike is not None else None
    notes = {
        column: note
        for column, note in (("pop_change", pop_note), ("yoy_change", yoy_note), ("change", span_note))
        if note
    }
    if notes:
        out.attrs["undefined"] = notes  # for the table's footnote (render)
    return output_frame(out[SUMMARY_COLUMNS])


def _sparklines(rows: _Sorted) -> np.ndarray:
    """The last `SPARK_POINTS` figures of each series as block characters, lowest ▁ to highest █."""
    position = np.arange(len(rows.key))
    series = np.repeat(np.arange(len(rows.starts)), rows.ends - rows.starts + 1)
    recent = position > rows.ends[series] - SPARK_POINTS
    values = rows.values(position)
    frame = pd.DataFrame({"series": series[recent], "value": values[recent]})
    low = frame.groupby("series")["value"].transform("min").to_numpy()
    high = frame.groupby("series")["value"].transform("max").to_numpy()
    value = frame["value"].to_numpy()
    with np.errstate(invalid="ignore", divide="ignore"):  # halves: 1e308 less -1e308 overflows
        level = np.where(high > low, (value / 2 - low / 2) / (high / 2 - low / 2) * (len(SPARK) - 1), 0)
    frame["char"] = np.array(list(SPARK))[np.rint(level).astype(int)]
    return (
        frame.groupby("series")["char"]
        .agg("".join)
        .reindex(range(len(rows.starts)), fill_value="")
        .to_numpy()
    )


ALERT_PATTERN = (
    r"^\s*([A-Za-z_][A-Za-z0-9_]*)\s*(<=|>=|==|!=|<|>)\s*([-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?)\s*$"
)
#: The longest alert rule and the longest threshold in it, in characters: a threshold is a float.
ALERT_MAX_CHARS, ALERT_NUMBER_MAX_CHARS = 1000, 50


def _shown(text: str, limit: int = 40) -> str:
    """`text` quoted for a message, cut to `limit` characters with its length when longer."""
    return repr(text) if len(text) <= limit else f"{text[:limit]!r}… ({len(text):,} characters)"


def _threshold(rule: str, number: str) -> float:
    """The threshold of an alert rule, refused when it is not a float: too long, beyond a float's
    range (1e999, or 100,000 digits, which float() takes for infinity) or below it (1e-999 is 0)."""
    value = float(number) if len(number) <= ALERT_NUMBER_MAX_CHARS else math.inf
    if not math.isfinite(value) or (value == 0 and re.search(r"[1-9]", re.split("[eE]", number)[0])):
        raise UsageError(
            f"--alert {_shown(rule)}: the threshold {_shown(number, 20)} is not a number a float holds; "
            f"give one of at most {ALERT_NUMBER_MAX_CHARS} characters, between -1.79e308 and 1.79e308"
        )
    return value


def alerts(table: pd.DataFrame, rules: list[str] | tuple[str, ...]) -> pd.DataFrame:
    """The series of a `summary` that trip any of the rules ``column op number`` (no eval).

    Raises:
        UsageError: a rule that is not of that form, or names no numeric column.

    Example:
        >>> import pandas as pd
        >>> t = pd.DataFrame({"entity": ["A"], "indicator": ["x"], "yoy_pct": [-12.0]})
        >>> alerts(t, ["yoy_pct < -10"]).to_dict("records")
        [{'entity': 'A', 'indicator': 'x', 'alert': 'yoy_pct < -10', 'value': -12.0}]
    """
    import operator

    compare = {
        "<": operator.lt,
        "<=": operator.le,
        ">": operator.gt,
        ">=": operator.ge,
        "==": operator.eq,
        "!=": operator.ne,
    }
    numeric = [c for c in table.columns if pd.api.types.is_float_dtype(table[c])]
    tripped = []
    for rule in rules:
        match = re.match(ALERT_PATTERN, rule)
        if match is None:
            raise UsageError(
                f"--alert {_shown(rule)} is not of the form COLUMN OP NUMBER, like 'yoy_pct < -10'"
            )
        column, op, number = match.groups()
        threshold = _threshold(rule, number)
        if len(rule) > ALERT_MAX_CHARS:
            raise UsageError(f"--alert {_shown(rule)}: a rule has at most {ALERT_MAX_CHARS:,} characters")
        if column not in numeric:
            raise UsageError(
                f"--alert {_shown(rule)}: {_shown(column)} is not a column to compare; "
                f"use one of {', '.join(numeric)}"
            )
        values = table[column].to_numpy()
        hit = compare[op](values, threshold) & ~np.isnan(values)
        picked = table.loc[hit, ["entity", "indicator"]].assign(
            alert=" ".join([column, op, number]), value=values[hit]
        )
        tripped.append(picked)
    columns = ["entity", "indicator", "alert", "value"]
    out = pd.concat(tripped, ignore_index=True) if tripped else pd.DataFrame(columns=columns)
    return output_frame(out[columns].astype({"value": "float64"}))


def movers(table: pd.DataFrame, top: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The `top` largest rises and falls by yoy_pct in a `summary` (ties by name, for stable reports)."""
    ranked = table[table["yoy_pct"].notna()].sort_values(["yoy_pct", "entity", "indicator"], kind="stable")
    columns = ["entity", "indicator", "unit", "latest_period", "latest_value", "yoy_pct", "yoy_pp"]
    rises = ranked[ranked["yoy_pct"] > 0].iloc[::-1].head(top)[columns].reset_index(drop=True)
    falls = ranked[ranked["yoy_pct"] < 0].head(top)[columns].reset_index(drop=True)
    return rises, falls


def headline_changes(table: pd.DataFrame) -> pd.DataFrame:
    """Per series of a `summary`, the one change a digest shows: on a year earlier (``yoy``) when there
    is one, else on the previous period (``pop``: a series with less than a year of figures, or an
    annual one, where both are the same); in percentage points for a percent unit (``pp``), else in
    percent (``pct``). Columns ``change``, ``change_unit`` and ``basis`` (``""`` when neither is defined).

    Example:
        >>> import pandas as pd
        >>> t = pd.DataFrame({"yoy_pct": [10.0, None, 20.0], "yoy_pp": [None, None, 2.0],
        ...     "pop_pct": [1.0, -5.0, 4.0], "pop_pp": [None, None, 0.5]})
        >>> headline_changes(t).to_dict("list")
        {'change': [10.0, -5.0, 2.0], 'change_unit': ['pct', 'pct', 'pp'], 'basis': ['yoy', 'pop', 'yoy']}
    """
    yoy = table["yoy_pp"].fillna(table["yoy_pct"]).to_numpy(dtype="float64")
    pop = table["pop_pp"].fillna(table["pop_pct"]).to_numpy(dtype="float64")
    on_year = ~np.isnan(yoy)
    pp = np.where(on_year, table["yoy_pp"].notna(), table["pop_pp"].notna())
    basis = np.where(on_year, "yoy", np.where(np.isnan(pop), "", "pop"))
    return pd.DataFrame(
        {
            "change": np.where(on_year, yoy, pop),
            "change_unit": np.where(pp, "pp", "pct").astype(object),
            "basis": basis.astype(object),
        },
        index=table.index,
    )


class Report(NamedTuple):
    """What `indcalc summary` reports, as data (drawn by `indcalc.render.digest.draw`).

    Attributes:
        table: one row per series (`summary`).
        tripped: the series that trip an alert rule (`alerts`).
        rises: the biggest rises by yoy_pct; `falls` the biggest falls (`movers`).
        source: the source's name as shown (a file's base name, ``stdin``, ``bundled figures``).
        modified: when the source file was last modified (UTC, to the second); None for stdin, or when
            not to be shown.
        generated: when the report was made (UTC, to the second); None when not to be shown.
        since: the earlier summary the series were compared with (its name as shown), when they were:
            then `table` has a ``news`` column (`indcalc.news.news`).
        only_new: whether `table`, the alerts and the movers keep only the series that changed since.
        series: how many series the data has (`table` may keep fewer: `only_new`).
    """

    table: pd.DataFrame
    tripped: pd.DataFrame
    rises: pd.DataFrame
    falls: pd.DataFrame
    source: str
    modified: datetime.datetime | None = None
    generated: datetime.datetime | None = None
    since: str | None = None
    only_new: bool = False
    series: int = 0


def summarize(
    frame: pd.DataFrame,
    rules: list[str] | tuple[str, ...] = (),
    top: int = 5,
    *,
    source: str = "",
    path: str | None = None,
    timestamp: bool = True,
    previous: pd.DataFrame | None = None,
    since: str = "",
    only_new: bool = False,
) -> Report:
    """The summary of `frame` with the alerts `rules` trip and the `top` rises and falls; `source` names
    the data in the report, `path` is its file (for the modification time), and `timestamp` puts the
    times in it: of generation, and the file's modification (a file downloaded again with the same
    figures has a new one), so that without them the same figures give the same report. With
    `previous` (an earlier summary, `indcalc.news.read_previous`, named `since` in the report) each
    series is marked new, updated or revised in a ``news`` column, and `only_new` keeps only those:
    alerts on a series that did not change are not reported again.

    Example:
        >>> import io
        >>> from indcalc import load
        >>> text = "indicator,period,value\\nx,2023,100\\nx,2024,90\\n"
        >>> report = summarize(load(io.BytesIO(text.encode())), ["yoy_pct < -5"], source="x.csv")
        >>> report.tripped["value"].tolist(), len(report.falls), report.source
        ([-10.0], 1, 'x.csv')
    """
    table = summary(frame)
    series = len(table)
    if previous is not None:
        table["news"] = pd.array(news(table, previous), dtype="string")
        if only_new:
            table = table[table["news"] != ""].reset_index(drop=True)
    rises, falls = movers(table, top)
    return Report(
        table,
        alerts(table, rules),
        rises,
        falls,
        source,
        modified=_modified(path) if timestamp else None,
        generated=datetime.datetime.now(datetime.UTC).replace(microsecond=0) if timestamp else None,
        since=since if previous is not None else None,
        only_new=only_new and previous is not None,
        series=series,
    )


def _modified(path: str | None) -> datetime.datetime | None:
    """When the file at `path` was last modified (UTC, to the second); None for stdin or no file."""
    if path is None or path == "-" or not os.path.exists(path):
        return None
    stamp = datetime.datetime.fromtimestamp(os.path.getmtime(path), datetime.UTC)
    return stamp.replace(microsecond=0)
