"""The analyst's toolkit beyond growth and YoY: year-to-date, shares and contributions, targets.

Pure functions, a loaded frame in and a DataFrame with named columns out, like `indcalc.compute`.

Formulas (official usage of statistical releases):

- ``ytd``: discrete value(m) = ytd(m) - ytd(m-1) within a year (当月 from 累计). The first published
  period of a year keeps its cumulative value and covers the months from January (a combined
  January-February figure, say); a period whose predecessor is missing gets no value.
- ``share``: share_pct = part / total * 100 (占比); share_pp_change against the part's previous
  observation, whose period is given as prior_period (shares are often published years apart).
  Shares given in percent are figures: their differences and their sum (parts_share_pct) keep their
  decimals.
- ``contribution``: contribution_pp = (part_to - part_from) / total_from * 100 (拉动, "pulls growth up
  by N points"); contribution_rate_pct = (part_to - part_from) / (total_to - total_from) * 100 (贡献率).
  When the parts make up the total, their contribution_pp add up to the total's growth in percent.
- ``target``: required_cagr_pct = ((target / latest) ** (1 / years) - 1) * 100 from the latest value to
  the target period; historical_cagr_pct from the first to the latest value; projected_value = latest *
  (1 + historical_cagr_pct / 100) ** years.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from indcalc import periods
from indcalc.compute import (
    COMBINED_NOTES,
    _is_ytd,
    _percent,
    _period_arg,
    _Sorted,
    _strings,
    decimals,
    difference,
    growth_figures,
    select,
    series_order,
    to_places,
    unlike_spans,
    what_series_have,
)
from indcalc.errors import IndcalcWarning, NothingMatched, UsageError

YTD_COLUMNS = ["entity", "indicator", "unit", "period", "ytd_value", "value", "covers", "periods_covered"]
SHARE_COLUMNS = [
    "entity",
    "indicator",
    "unit",
    "period",
    "value",
    "total",
    "share_pct",
    "prior_period",
    "share_pp_change",
    "parts_share_pct",
]
CONTRIBUTION_COLUMNS = [
    "entity",
    "indicator",
    "unit",
    "from_period",
    "to_period",
    "from_value",
    "to_value",
    "total_from",
    "total_to",
    "total_pct_change",
    "contribution_pp",
    "contribution_rate_pct",
]
TARGET_COLUMNS = [
    "entity",
    "indicator",
    "unit",
    "latest_period",
    "latest_value",
    "target_period",
    "target_value",
    "years",
    "required_cagr_pct",
    "historical_cagr_pct",
    "projected_value",
]


def ytd(frame: pd.DataFrame) -> pd.DataFrame:
    """Discrete values of the year-to-date series in `frame` (module doc).

    Series that are not year-to-date are left out with a warning.

    Raises:
        UsageError: there is no year-to-date series.

    Example:
        >>> import io
        >>> from indcalc import load
        >>> text = "indicator,period,value\\nx,2024年1-2月,30\\nx,2024年1-3月,45\\nx,2024年1-5月,80\\n"
        >>> ytd(load(io.BytesIO(text.encode())))[["period", "value", "covers"]].values.tolist()
        [['2024-02', 30.0, '2024-01..2024-02'], ['2024-03', 15.0, '2024-03'], ['2024-05', nan, '2024-05']]
    """
    cumulative = _is_ytd(frame)
    if not cumulative.any():
        raise UsageError(
            "no year-to-date series: mark them with a basis column (ytd, 累计) or 2024年1-4月 periods"
        )
    if not cumulative.all():
        left = frame.loc[~cumulative, ["entity", "indicator"]].drop_duplicates()
        warnings.warn(f"{len(left)} series that are not year-to-date left out", IndcalcWarning, stacklevel=2)
        frame = frame[cumulative]
    rows = _Sorted.of(frame)
    per_year = periods.periods_per_year(rows.code)
    year = rows.ordinal // per_year
    previous = rows.earlier(1)
    same_year = previous >= 0
    same_year[same_year] = (rows.ordinal[previous[same_year]] // per_year[same_year]) == year[same_year]
    first_in_year = np.r_[True, (rows.key[1:] != rows.key[:-1]) | (year[1:] != year[:-1])]
    value = rows.values()
    single = np.where(same_year, difference(value, rows.values(previous)), np.nan)
    discrete = np.where(first_in_year, value, single)
    start = year * per_year
    covered = np.where(first_in_year, rows.ordinal - start + 1, 1)
    labels = periods.format_periods(rows.code, rows.ordinal)
    first_labels = periods.format_periods(rows.code, start)
    covers = np.where(covered > 1, np.char.add(np.char.add(first_labels, ".."), labels), labels)
    out = pd.DataFrame(
        {
            "entity": rows.take("entity"),
            "indicator": rows.take("indicator"),
            "unit": rows.take("unit"),
            "period": rows.take("period"),
            "ytd_value": value,
            "value": discrete,
            "covers": covers,
            "periods_covered": covered.astype("int64"),
        }
    )
    return _strings(out[YTD_COLUMNS])


def _whole_and_parts(
    frame: pd.DataFrame, total: str | None, parts: list[str] | tuple[str, ...]
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The rows of the total (one indicator per entity) and of the parts.

    Parts default to every other indicator in the total's unit (or every other one without a total).
    """
    if total is None:
        whole, rest = frame.iloc[:0], frame
    else:
        try:
            whole = select(frame, [total])
        except UsageError:
            raise UsageError(f"--total {total!r} matches no indicator (see `indcalc list`)") from None
        if (whole.groupby("entity", observed=True)["indicator"].nunique() > 1).any():
            names = sorted(whole["indicator"].unique())
            raise UsageError(
                f"--total {total!r} matches {len(names)} indicators ({'; '.join(names)}): name one"
            )
        rest = frame[~frame.index.isin(whole.index)]
    if parts:
        try:
            part_rows = select(rest, list(parts))
        except NothingMatched:
            shown = " ".join(f"--part {p!r}" for p in parts)
            raise NothingMatched(f"{shown} matches no indicator (see `indcalc list`)") from None
    elif total is not None:
        part_rows = rest[rest["unit"].isin({str(u) for u in whole["unit"].unique()})]  # per unit, not row
    else:
        part_rows = rest
    if part_rows.empty:
        raise UsageError("no part indicators: give --part GLOB")
    return whole, part_rows


def share(frame: pd.DataFrame, total: str | None, parts: list[str] | tuple[str, ...] = ()) -> pd.DataFrame:
    """Each part's share of the total, per entity and period.

    Args:
        frame: a loaded frame.
        total: the indicator (glob, one per entity) that is the whole; None when the parts are
            already shares in percent.
        parts: globs of the part indicators (default: every other indicator in the total's unit).

    Returns:
        Columns `SHARE_COLUMNS`: ``share_pct`` = part / total * 100, ``share_pp_change`` since the
        part's previous observation (in ``prior_period``), and ``parts_share_pct``, the parts' shares
        added up (100 when they make up the total). A part given in percent is a share already: its
        share is its value.

    Example:
        >>> import io
        >>> from indcalc import load
        >>> text = "indicator,period,value\\nGDP,2024,200\\nIndustry,2024,80\\nServices,2024,120\\n"
        >>> out = share(load(io.BytesIO(text.encode())), "GDP")
        >>> out[["indicator", "share_pct", "parts_share_pct"]].values.tolist()
        [['Industry', 40.0, 100.0], ['Services', 60.0, 100.0]]
    """
    whole, part_rows = _whole_and_parts(frame, total, parts)
    percent = _percent(part_rows["unit"].array)
    keys = ["entity", "period"]
    totals = whole[[*keys, "value"]].rename(columns={"value": "total"})
    merged = part_rows.merge(totals, on=keys, how="left")
    if total is None and not percent.all():
        raise UsageError("parts not given in percent need a --total")
    value = merged["value"].to_numpy()
    with np.errstate(divide="ignore", invalid="ignore"):
        share_pct = np.where(
            percent, value, np.where(merged["total"] > 0, value / merged["total"] * 100, np.nan)
        )
    merged["share_pct"] = np.where(np.isfinite(share_pct), share_pct, np.nan)
    merged["parts_share_pct"] = _sum_of_figures(merged, keys, "share_pct")
    merged["share_pp_change"], merged["prior_period"] = _since_previous(merged, "share_pct")
    order = np.lexsort((merged["ordinal"].to_numpy(), series_order(merged)))  # series as in the file
    merged = merged.take(order).reset_index(drop=True)
    return _strings(merged[SHARE_COLUMNS])


def _sum_of_figures(rows: pd.DataFrame, keys: list[str], column: str) -> np.ndarray:
    """The sum of `column` per group of `keys` on each row, to the decimals of its figures as a
    difference is (shares given in percent, 45.6 + 44.2: 89.8, not 89.80000000000001); the plain
    float sum where a figure has no decimal form (a share worked out as a ratio)."""
    groups = rows.groupby(keys, observed=True)
    total = groups[column].transform("sum", min_count=1).to_numpy(dtype="float64")
    values = rows[column].to_numpy(dtype="float64")
    places = pd.Series(np.where(np.isnan(values), 0, decimals(values)), index=rows.index)
    by_group = places.groupby([rows[k] for k in keys], observed=True)
    most, least = by_group.transform("max").to_numpy(), by_group.transform("min").to_numpy()
    return to_places(total, np.where(least >= 0, most, -1))


def _since_previous(rows: pd.DataFrame, column: str) -> tuple[np.ndarray, pd.Categorical]:
    """Each row's `column` minus that of the series' previous observation, and that one's period."""
    order = _Sorted.of(rows)
    same = np.r_[False, order.key[1:] == order.key[:-1]]
    previous = np.where(same, np.arange(len(order.key)) - 1, -1)
    values = rows[column].to_numpy()[order.order]
    change = np.where(previous >= 0, difference(values, values[np.maximum(previous, 0)]), np.nan)
    out = np.empty(len(rows))
    out[order.order] = change
    back = np.empty(len(rows), dtype="int64")
    back[order.order] = np.where(previous >= 0, order.order[np.maximum(previous, 0)], -1)
    return out, rows["period"].array.take(back, allow_fill=True)


def contribution(
    frame: pd.DataFrame,
    total: str,
    parts: list[str] | tuple[str, ...] = (),
    from_period: str | None = None,
    to_period: str | None = None,
) -> pd.DataFrame:
    """Each part's contribution to the total's growth between two periods (module doc).

    The periods default to the total's first and last; a part lacking either is left out with a
    warning.

    Example:
        >>> import io
        >>> from indcalc import load
        >>> text = "indicator,period,value\\nGDP,2023,100\\nGDP,2024,110\\nA,2023,60\\nA,2024,68\\n"
        >>> text += "B,2023,40\\nB,2024,42\\n"
        >>> out = contribution(load(io.BytesIO(text.encode())), "GDP")
        >>> out[["indicator", "contribution_pp", "contribution_rate_pct"]].values.tolist()
        [['A', 8.0, 80.0], ['B', 2.0, 20.0]]
    """
    from indcalc.compute import growth

    whole, part_rows = _whole_and_parts(frame, total, parts)
    try:
        totals = growth(whole, from_period, to_period)
    except NothingMatched as exc:
        raise NothingMatched(f"--total {total!r}: {exc.message}") from None
    if totals.empty:
        raise UsageError(f"--total {total!r} has no two periods to compare")
    spans = totals[["entity", "from_period", "to_period", "from_value", "to_value", "pct_change"]]
    results = []
    for (start, end), span in spans.groupby(["from_period", "to_period"], observed=True):
        try:
            moved = growth(part_rows[part_rows["entity"].isin(span["entity"])], str(start), str(end))
        except NothingMatched:
            continue  # these entities' parts lack the periods; said below if no part has them
        results.append(
            moved.merge(
                span.rename(
                    columns={
                        "from_value": "total_from",
                        "to_value": "total_to",
                        "pct_change": "total_pct_change",
                    }
                ),
                on=["entity", "from_period", "to_period"],
            )
        )
    if not results:
        pairs = spans[["from_period", "to_period"]].drop_duplicates().to_numpy()
        spans_shown = ", ".join(f"{a} to {b}" for a, b in pairs)
        raise NothingMatched(
            f"no part indicator has values for the periods of --total {total!r} ({spans_shown}): "
            + what_series_have(_Sorted.of(part_rows), {}).replace("the series", "the parts", 1)
        )
    out = pd.concat(results, ignore_index=True)
    part_from, part_to, total_from, total_to = (
        out[c].to_numpy(dtype="float64") for c in ("from_value", "to_value", "total_from", "total_to")
    )
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        change, moved_total = part_to - part_from, total_to - total_from
        # 1e308 to -1e308: a difference beyond a float, its half is not (halving is exact, so the
        # figures of every other row are as before)
        beyond = np.isinf(change) | np.isinf(moved_total)
        half = np.where(beyond, part_to * 0.5 - part_from * 0.5, np.nan)
        pp = np.where(beyond, half / total_from * 200, change / total_from * 100)
        rate = np.where(beyond, half / (total_to * 0.5 - total_from * 0.5), change / moved_total) * 100
        out["contribution_pp"] = np.where((total_from > 0) & np.isfinite(pp), pp, np.nan)
        out["contribution_rate_pct"] = np.where((moved_total != 0) & np.isfinite(rate), rate, np.nan)
    return _strings(out[CONTRIBUTION_COLUMNS].astype({c: "float64" for c in CONTRIBUTION_COLUMNS[5:]}))


def target(frame: pd.DataFrame, value: float, by: str) -> pd.DataFrame:
    """What reaching `value` by period `by` takes, beside the series' own history (module doc).

    Raises:
        UsageError: `by` is not a period, or is not later than a series' latest period.

    Example:
        >>> import io
        >>> from indcalc import load
        >>> text = "indicator,period,value\\nfirms,2020,890\\nfirms,2025,1100\\n"
        >>> row = target(load(io.BytesIO(text.encode())), 1500, "2030").iloc[0]
        >>> columns = ("years", "required_cagr_pct", "historical_cagr_pct", "projected_value")
        >>> [round(float(row[c]), 2) for c in columns]
        [5.0, 6.4, 4.33, 1359.55]
    """
    goal = _period_arg(by, "--by")
    rows = _Sorted.of(frame)
    first, last = rows.starts, rows.ends
    same = rows.code[last] == goal.code
    if not same.any():
        raise NothingMatched(
            f"--by {goal.label} is {goal.frequency}, but {what_series_have(rows, {'--by': goal}, ahead=True)}"
        )
    if same.sum() < len(last):
        warnings.warn(
            f"{(~same).sum()} series of another frequency than --by {goal.label} left out",
            IndcalcWarning,
            stacklevel=2,
        )
    first, last = first[same], last[same]
    per_year = periods.periods_per_year(rows.code[last])
    years = (goal.ordinal - rows.ordinal[last]) / per_year
    if (years <= 0).any():
        raise UsageError(f"--by {goal.label} is not after the latest period of every series")
    latest = rows.values(last)
    span = (rows.ordinal[last] - rows.ordinal[first]) / per_year
    needed = growth_figures(latest, np.full(len(last), float(value)), years, np.zeros(len(last), bool))
    history = growth_figures(rows.values(first), latest, span, np.zeros(len(last), bool))
    unlike = unlike_spans(frame, rows, first, last)  # a combined figure (ytd) against a single period
    if unlike is not None:
        history = {name: np.where(unlike, np.nan, values) for name, values in history.items()}
    with np.errstate(over="ignore", invalid="ignore"):
        projected = latest * (1 + history["cagr_pct"] / 100) ** years
    out = pd.DataFrame(
        {
            "entity": rows.take("entity", last),
            "indicator": rows.take("indicator", last),
            "unit": rows.take("unit", last),
            "latest_period": rows.take("period", last),
            "latest_value": latest,
            "target_period": goal.label,
            "target_value": float(value),
            "years": years.astype("float64"),
            "required_cagr_pct": needed["cagr_pct"],
            "historical_cagr_pct": history["cagr_pct"],
            "projected_value": np.where(np.isfinite(projected), projected, np.nan),
        }
    )[TARGET_COLUMNS]
    if unlike is not None:
        out.attrs["undefined"] = {"historical_cagr_pct": COMBINED_NOTES["span"]}  # the table's footnote
    return _strings(out)
