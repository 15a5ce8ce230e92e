"""Cross-series kernels: shares of a total and contributions to its growth, per entity.

- ``share``: share_pct = part / total * 100 (占比); share_pp_change against the part's previous
  observation, whose period is given as prior_period (shares are often published years apart).
  Shares given in percent are figures: their differences and their sum (parts_share_pct) keep their
  decimals.
- ``contribution``: contribution_pp = (part_to - part_from) / total_from * 100 (拉动, "pulls growth up
  by N points"); contribution_rate_pct = (part_to - part_from) / (total_to - total_from) * 100 (贡献率).
  When the parts make up the total, their contribution_pp add up to the total's growth in percent.

A part in the total's unit but for its scale word (万元 or billion yuan under a 亿元 total) is put on the
total's scale, its value and unit, before either is worked out: 42.3%, not 423%. A part in another named
unit (万人 under 亿元) is taken as it is, with a warning: its share compares unlike figures.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from indcalc import periods
from indcalc.arithmetic import _percent, decimals, difference, to_places
from indcalc.building.units import rescaled
from indcalc.changes import finish_growth, growth_part, growth_periods, warn_left_out
from indcalc.errors import IndcalcWarning, NothingMatched, UsageError
from indcalc.quantities import is_percent_unit
from indcalc.schema import (
    CONTRIBUTION_COLUMNS,
    SHARE_COLUMNS,
    Computed,
    check_frame,
    first_listed,
    no_notes,
    output_frame,
)
from indcalc.selection import select
from indcalc.series_index import _Sorted, series_order, what_series_have
from indcalc.unit_names import common_scale

#: What share and contribution do with the parts of one entity without rows of the total, and of more.
WITHOUT_TOTAL = {
    "share": ("its shares are left empty", "their shares are left empty"),
    "contribution": ("it is left out", "they are left out"),
}


def whole_and_parts(
    frame: pd.DataFrame,
    total: str | None,
    parts: list[str] | tuple[str, ...],
    entities: list[str] | tuple[str, ...] = (),
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The rows of the total (one indicator per entity) and of the parts, chosen on the whole table:
    the kernels `share_part` and `contribution_part` take them, split by entity.

    Parts default to every other indicator in the total's unit (or every other one without a total).
    `entities` (globs, as `indcalc.selection.select` takes them) keeps those entities only; the
    total is looked for among all of them, so that one it has no rows for is told from a typo.

    Raises:
        NothingMatched: an entity glob matches none; the total or the parts match no indicator; the
            total has no rows for the entities kept.
        UsageError: the total matches several indicators in an entity; no parts.

    Example:
        >>> import io
        >>> from indcalc import load
        >>> frame = load(io.BytesIO(b"indicator,period,value\\nGDP,2024,200\\nA,2024,80\\n"))
        >>> [len(rows) for rows in whole_and_parts(frame, "gdp", ())]
        [1, 1]
    """
    everywhere, frame = frame, select(frame, (), entities) if entities else frame
    if total is None:
        whole, rest = frame.iloc[:0], frame
    else:
        try:
            whole = select(frame, [total])
        except UsageError:
            raise _no_total(everywhere, frame, total) from None
        if (whole.groupby("entity", observed=True)["indicator"].nunique() > 1).any():
            names = sorted(whole["indicator"].unique())
            raise UsageError(
                f"{{=total}}{total!r} matches {len(names)} indicators ({'; '.join(names)}): name one",
                parameters=("total",),
            )
        rest = frame[~frame.index.isin(whole.index)]
    if parts:
        try:
            part_rows = select(rest, list(parts))
        except NothingMatched:
            shown = " ".join(f"{{=parts}}{p!r}" for p in parts)
            raise NothingMatched(
                f"{shown} matches no indicator (see `indcalc list`)", parameters=("parts",)
            ) from None
    elif total is not None:  # in the total's unit, on any scale of it: per unit, not row
        same = {
            u
            for u in rest["unit"].cat.categories
            if any(common_scale(u, str(t)) for t in whole["unit"].unique())
        }
        part_rows = rest[rest["unit"].isin(same)]
    else:
        part_rows = rest
    if part_rows.empty:
        raise UsageError("no part indicators: give {=parts}GLOB", parameters=("parts",))
    return whole, part_rows if total is None else _on_total_scale(part_rows, whole)


def _no_total(everywhere: pd.DataFrame, frame: pd.DataFrame, total: str) -> NothingMatched:
    """The error for a total with no rows in `frame`, the entities kept of `everywhere`: it matches
    no indicator, or has rows for other entities only (``-e`` kept entities it has none for)."""
    try:
        others = select(everywhere, [total])["entity"]
    except UsageError:
        return NothingMatched(
            f"{{=total}}{total!r} matches no indicator (see `indcalc list`)", parameters=("total",)
        )
    kept, elsewhere = _entities(_present(frame["entity"])), _entities(_present(others))
    return NothingMatched(
        f"{{=total}}{total!r} has no rows for {kept} (it has rows for {elsewhere})",
        parameters=("total",),
    )


def warn_without_total(whole: pd.DataFrame, part_rows: pd.DataFrame, total: str | None, command: str) -> None:
    """Warn (`IndcalcWarning`) of the entities that have parts but no rows of the total, which
    `command` (share or contribution) cannot work out (`WITHOUT_TOTAL` says what it does instead).

    Example:
        >>> import warnings
        >>> from indcalc.schema import check_frame
        >>> frame = check_frame(pd.DataFrame({"entity": ["A", "A", "B"], "indicator": ["GDP", "x", "x"],
        ...     "period": ["2024"] * 3, "value": [10.0, 4.0, 3.0]}))
        >>> with warnings.catch_warnings(record=True) as caught:
        ...     warnings.simplefilter("always")
        ...     warn_without_total(*whole_and_parts(frame, "GDP", ()), "GDP", "share")
        >>> str(caught[0].message)
        "the total 'GDP' has no rows for 1 entity with parts (B): its shares are left empty"
    """
    if total is None:
        return
    if command == "share":  # a part in percent is a share already, total or not
        part_rows = part_rows[~_percent(part_rows["unit"].array)]
    has_total = set(_present(whole["entity"]))
    lacking = [entity for entity in _present(part_rows["entity"]) if entity not in has_total]
    if lacking:
        count = f"{len(lacking):,} entit{'y' if len(lacking) == 1 else 'ies'} with parts"
        warnings.warn(
            f"the total {total!r} has no rows for {count} ({_names(lacking)}): "
            f"{WITHOUT_TOTAL[command][len(lacking) > 1]}",
            IndcalcWarning,
            stacklevel=3,
        )


def _present(entities: pd.Series) -> list[str]:
    """The entities of some rows, once each, as they first appear."""
    return [str(e) for e in pd.unique(entities)]  # of a categorical: by its codes, fast


def _names(entities: list[str], limit: int = 5) -> str:
    """Entities named in a message: the first `limit`, and how many more (``A, B, C, D, E and 7
    more``); an empty entity as ``(no entity)``."""
    return first_listed([e or "(no entity)" for e in entities], limit)


def _entities(entities: list[str]) -> str:
    """``entity A`` or ``entities A, B`` (`_names`)."""
    return f"entit{'y' if len(entities) == 1 else 'ies'} {_names(entities)}"


def _on_total_scale(part_rows: pd.DataFrame, whole: pd.DataFrame) -> pd.DataFrame:
    """The parts with each entity's in its total's unit put on the total's scale
    (`indcalc.unit_names.common_scale`), value (moved as decimals, `indcalc.building.units.rescaled`)
    and unit; a part in another unit as it is, with a warning when both units are named and neither
    is a percent. Worked out once per entity and unit, then looked up for the rows by their codes."""
    totals = whole[["entity", "unit"]].drop_duplicates().astype(str)
    total_units = dict(zip(totals["entity"], totals["unit"], strict=True))
    entities, units = part_rows["entity"].array, part_rows["unit"].array
    at = (np.asarray(entities.codes), np.asarray(units.codes))
    pairs = list(pd.DataFrame({"e": at[0], "u": at[1]}).drop_duplicates().itertuples(index=False))
    shape = (len(entities.categories), len(units.categories))
    written, wanted, label = np.ones(shape), np.ones(shape), {}
    unlike = []
    for e, u in pairs:  # per entity and unit
        entity, unit = str(entities.categories[e]), str(units.categories[u])
        total_unit = total_units.get(entity, unit)
        scales = common_scale(unit, total_unit)
        if scales is None:
            label[e, u] = unit
            if unit and total_unit and not (is_percent_unit(unit) or is_percent_unit(total_unit)):
                unlike.append(f"{f'{entity} / ' if entity else ''}{unit} against {total_unit}")
        else:
            (written[e, u], wanted[e, u]), label[e, u] = scales, total_unit
    if unlike:
        warnings.warn(
            f"parts in another unit than the total's, taken as they are: {'; '.join(unlike)}",
            IndcalcWarning,
            stacklevel=4,
        )
    if all(label[e, u] == units.categories[u] for e, u in pairs):  # every part in its total's unit
        return part_rows
    names = sorted(set(label.values()))
    code = np.full(shape, -1)
    for (e, u), name in label.items():
        code[e, u] = names.index(name)
    scaled = part_rows.copy()
    scaled["value"] = rescaled(part_rows["value"].to_numpy(), written[at], wanted[at])
    scaled["unit"] = pd.Categorical.from_codes(code[at], categories=names)
    return scaled


def share(
    frame: pd.DataFrame,
    total: str | None,
    parts: list[str] | tuple[str, ...] = (),
    *,
    entities: list[str] | tuple[str, ...] = (),
) -> pd.DataFrame:
    """Each part's share of the total, per entity and period.

    Args:
        frame: a loaded frame.
        total: the indicator (glob, one per entity) that is the whole; None when the parts are
            already shares in percent.
        parts: globs of the part indicators (default: every other indicator in the total's unit).
        entities: globs of the entities to work out (default: all); a total with rows for other
            entities only is an error that says so.

    Returns:
        Columns `SHARE_COLUMNS`: ``share_pct`` = part / total * 100, ``share_pp_change`` since the
        part's previous observation (in ``prior_period``), and ``parts_share_pct``, the parts' shares
        added up (100 when they make up the total). A part given in percent is a share already: its
        share is its value. The parts of an entity without rows of the total have empty shares, with
        a warning (`warn_without_total`).

    Raises:
        NothingMatched: the total or the parts match no indicator, or the total has no rows for the
            entities given (`whole_and_parts`).
        UsageError: the total matches several indicators in an entity; no parts.

    Example:
        >>> import io
        >>> from indcalc import load
        >>> text = "indicator,period,value\\nGDP,2024,200\\nIndustry,2024,80\\nServices,2024,120\\n"
        >>> out = share(load(io.BytesIO(text.encode())), "GDP")
        >>> out[["indicator", "share_pct", "parts_share_pct"]].values.tolist()
        [['Industry', 40.0, 100.0], ['Services', 60.0, 100.0]]
    """
    frame = check_frame(frame)
    whole, part_rows = whole_and_parts(frame, total, parts, entities)
    warn_without_total(whole, part_rows, total, "share")
    return share_part(whole, part_rows, given_total=total is not None).frame


def share_part(whole: pd.DataFrame, part_rows: pd.DataFrame, *, given_total: bool) -> Computed:
    """`share` as a kernel (`Computed`): the rows of the total and of the parts (`whole_and_parts`)
    of whole entities in; it has no notes.

    Example:
        >>> import pandas as pd
        >>> frame = check_frame(pd.DataFrame({"indicator": ["GDP", "A"], "period": ["2024", "2024"],
        ...     "value": [200.0, 80.0]}))
        >>> share_part(*whole_and_parts(frame, "GDP", ()), given_total=True).frame["share_pct"].tolist()
        [40.0]
    """
    percent = _percent(part_rows["unit"].array)
    keys = ["entity", "period"]
    totals = whole[[*keys, "value"]].rename(columns={"value": "total"})
    merged = part_rows.merge(totals, on=keys, how="left")
    if not given_total and not percent.all():
        raise UsageError("parts not given in percent need a {@total}", parameters=("total",))
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
    return Computed(output_frame(merged[SHARE_COLUMNS]), no_notes())


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
    *,
    entities: list[str] | tuple[str, ...] = (),
) -> pd.DataFrame:
    """Each part's contribution to the total's growth between two periods (module doc).

    The periods default to the total's first and last; a part lacking either is left out with a
    warning, and so are the parts of an entity without rows of the total (`warn_without_total`).
    `entities` (globs) keeps those entities only, as for `share`.

    Raises:
        NothingMatched: the total or the parts match no indicator, or the total has no rows for the
            entities given (`whole_and_parts`); no part has figures for the total's periods; the
            total has no two periods to compare.

    Example:
        >>> import io
        >>> from indcalc import load
        >>> text = "indicator,period,value\\nGDP,2023,100\\nGDP,2024,110\\nA,2023,60\\nA,2024,68\\n"
        >>> text += "B,2023,40\\nB,2024,42\\n"
        >>> out = contribution(load(io.BytesIO(text.encode())), "GDP")
        >>> out[["indicator", "contribution_pp", "contribution_rate_pct"]].values.tolist()
        [['A', 8.0, 80.0], ['B', 2.0, 20.0]]
    """
    frame = check_frame(frame)
    whole, part_rows = whole_and_parts(frame, total, parts, entities)
    warn_without_total(whole, part_rows, total, "contribution")
    start, end = growth_periods(from_period, to_period)
    totals, part = growth_part(whole, start, end), contribution_part(whole, part_rows, start, end)
    return finish_contribution(totals, part, whole, part_rows, total, (start, end))


def finish_contribution(
    totals: Computed,
    part: Computed,
    whole: pd.DataFrame,
    part_rows: pd.DataFrame,
    total: str,
    span: tuple[periods.Period | None, periods.Period | None],
) -> pd.DataFrame:
    """`contribution`'s result from its kernels' on the whole table: `totals` the total's growth over
    `span` (`growth_part` on `whole`), `part` the contributions (`contribution_part`): an error when
    either is empty, else warnings of the series left out, the total's first. `whole` and `part_rows`
    are the total's and the parts' rows, or only the first and last row of each of their series (all
    that the messages need: `indcalc.changes.finish_growth`)."""
    try:
        totals_frame = finish_growth(totals, whole, *span)
    except NothingMatched as exc:
        raise NothingMatched(
            f"{{=total}}{total!r}: {exc.template}", parameters=("total", *exc.parameters)
        ) from None
    if totals_frame.empty:
        raise UsageError(f"{{=total}}{total!r} has no two periods to compare", parameters=("total",))
    if part.frame.empty:
        pairs = totals_frame[["from_period", "to_period"]].drop_duplicates().to_numpy()
        spans_shown = ", ".join(f"{a} to {b}" for a, b in pairs)
        raise NothingMatched(
            f"no part indicator has values for the periods of {{=total}}{total!r} ({spans_shown}): "
            + what_series_have(_Sorted.of(part_rows), {}).replace("the series", "the parts", 1),
            parameters=("total",),
        )
    warn_left_out(part.notes, stacklevel=4)
    return part.frame


def contribution_part(
    whole: pd.DataFrame,
    part_rows: pd.DataFrame,
    start: periods.Period | None,
    end: periods.Period | None,
) -> Computed:
    """`contribution` as a kernel (`Computed`): the rows of the total and of the parts
    (`whole_and_parts`) of whole entities in; notes on the parts left out (`growth_part`'s) for the
    spans some part has. The total's own series left out are `growth_part`'s on `whole`."""
    totals = growth_part(whole, start, end).frame
    spans = totals[["entity", "from_period", "to_period", "from_value", "to_value", "pct_change"]]
    results, notes = [], []
    for (first, last), span in spans.groupby(["from_period", "to_period"], observed=True):
        rows = part_rows[part_rows["entity"].isin(span["entity"])]
        moved = growth_part(rows, periods.parse_period(str(first)), periods.parse_period(str(last)))
        if moved.frame.empty:
            continue  # these entities' parts lack the periods; said by the caller if no part has them
        notes.append(moved.notes)
        results.append(
            moved.frame.merge(
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
        empty = {
            c: pd.Series(dtype="float64" if i >= 5 else "object") for i, c in enumerate(CONTRIBUTION_COLUMNS)
        }
        return Computed(pd.DataFrame(empty), no_notes())
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
    figures = out[CONTRIBUTION_COLUMNS].astype({c: "float64" for c in CONTRIBUTION_COLUMNS[5:]})
    return Computed(output_frame(figures), pd.concat(notes, ignore_index=True))
