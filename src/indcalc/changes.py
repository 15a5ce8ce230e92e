"""Series kernels: growth over a span, and each figure against a prior one (YoY, period on period).

A loaded frame in (`indcalc.schema`), a DataFrame with named columns out; no printing, no files.
The formulas are in `indcalc.arithmetic`.

Each kernel has two forms: the public function (``growth``) warns (`IndcalcWarning`, which the CLI
prints on stderr) of the conditions a user should know about (a series left out) and raises when the
result would be empty; its ``_part`` form (``growth_part``) returns them as data in a `Computed` and runs
on any part of a table made of whole series (the kernel contract: `indcalc.schema.Computed`).
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Callable

import numpy as np
import pandas as pd

from indcalc import copies, periods
from indcalc.arithmetic import _TINY, _percent, decimals, growth_figures, multiples
from indcalc.errors import IndcalcWarning, NothingMatched, UsageError
from indcalc.schema import (
    GROWTH_COLUMNS,
    POP_COLUMNS,
    YOY_COLUMNS,
    Computed,
    annotated,
    check_frame,
    first_listed,
    frequency_codes,
    name_list,
    no_notes,
    output_frame,
    series_label,
)
from indcalc.series_index import _period_arg, _Sorted, carried, series_notes, what_series_have
from indcalc.spans import COMBINED_NOTES, _is_ytd, _same_length, unlike_spans


def growth(frame: pd.DataFrame, from_period: str | None = None, to_period: str | None = None) -> pd.DataFrame:
    """Growth of each series from its first to its last period with a figure (not a missing figure
    kept for its flag, ``: c``), or between the periods given.

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
    frame = check_frame(frame)
    start, end = growth_periods(from_period, to_period)
    return finish_growth(growth_part(frame, start, end), frame, start, end)


def growth_periods(
    from_period: str | None, to_period: str | None
) -> tuple[periods.Period | None, periods.Period | None]:
    """`growth`'s periods, parsed and checked.

    Raises:
        UsageError: a period that does not parse, or from_period not before to_period.
    """
    start, end = _period_arg(from_period, "from_period"), _period_arg(to_period, "to_period")
    if start and end and (start.code != end.code or start.ordinal >= end.ordinal):
        raise UsageError(
            f"{{=from_period}}{start.label} must be an earlier period of the same frequency as "
            f"{{=to_period}}{end.label}",
            parameters=("from_period", "to_period"),
        )
    return start, end


def finish_growth(
    part: Computed, frame: pd.DataFrame, start: periods.Period | None, end: periods.Period | None
) -> pd.DataFrame:
    """`growth`'s result from its kernel's (`growth_part`) on the whole table: an error when it is
    empty, else warnings of its notes. `frame` is the table, or only the first and last row of each
    of its series (all that the message of the error needs: `what_series_have`)."""
    asked = {o: p for o, p in (("from_period", start), ("to_period", end)) if p is not None}
    missing = part.notes["note"].to_numpy() == "missing"
    if missing.any() and missing.all() and part.frame.empty:
        raise NothingMatched(
            f"no series has a value for {' and '.join(p.label for p in asked.values())}: "
            + what_series_have(_Sorted.of(frame), asked),
            parameters=tuple(asked),
        )
    if asked and len(part.notes) and part.frame.empty:  # --from its last period, --to its first
        (option, period), where = next(iter(asked.items())), "after" if start else "before"
        have = what_series_have(_Sorted.of(frame), {})
        raise NothingMatched(
            f"no series has a period {where} {{={option}}}{period.label}: {have}", parameters=(option,)
        )
    if part.frame.empty and len(part.notes):  # every series left out (a single period each): an error
        raise NothingMatched(f"no series has two periods to compare: {'; '.join(left_out(part.notes))}")
    warn_left_out(part.notes, stacklevel=4)
    return part.frame


def growth_part(frame: pd.DataFrame, start: periods.Period | None, end: periods.Period | None) -> Computed:
    """`growth` as a kernel (`Computed`): the rows of whole series in, their growth out, and the
    series left out (no value for `start` or `end`; a single period) as notes, never an error.

    Example:
        >>> import pandas as pd
        >>> frame = check_frame(pd.DataFrame({"indicator": ["x", "x", "y"],
        ...     "period": ["2020", "2025", "2025"], "value": [2.0, 6.0, 1.0]}))
        >>> part = growth_part(frame, None, None)
        >>> part.frame["pct_change"].tolist(), part.notes[["indicator", "note"]].values.tolist()
        ([200.0], [['y', 'single']])
    """
    rows = _Sorted.of(frame)
    series_key = rows.key[rows.starts]

    def pick(period: periods.Period | None, default: np.ndarray) -> np.ndarray:
        if period is None:
            return default
        wanted = np.full(len(rows.starts), period.ordinal)
        found = rows.find(series_key, wanted)
        return np.where(rows.code[rows.starts] == period.code, found, -1)

    first_figure, last_figure = rows.figure_ends()
    first, last = pick(start, first_figure), pick(end, last_figure)
    blank = first_figure < 0  # only missing figures, each with an annotation (: c)
    missing = ~blank & ((first < 0) | (last < 0))
    single = ~blank & ~missing & (first == last)
    wanted = " and ".join(p.label for p in (start, end) if p is not None)
    notes = pd.concat(
        [
            series_notes(rows, rows.starts[missing], "missing", wanted),
            series_notes(rows, rows.starts[single], "single", wanted),
            series_notes(rows, rows.starts[blank], "blank", wanted),
        ],
        ignore_index=True,
    )
    keep = ~missing & ~single & ~blank
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
            **carried(rows, {"from": first, "to": last}),
        }
    )[annotated(GROWTH_COLUMNS, frame, ("from", "to"))]
    if unlike is not None:
        out.attrs["undefined"] = {"change": COMBINED_NOTES["span"]}  # for the table's footnote (render)
    return Computed(output_frame(out), notes)


#: What each note of `growth_part` says, by note and the periods asked for (its detail; {either}: with
#: "or" between them); {has} is "has" or "have", {is_} "is" or "are", as one series or more.
LEFT_OUT = {
    "missing": "{count} series without a value for {either} left out: {names}",
    "single": "{count} series with a single period {has} no growth and {is_} left out: {names}",
    "blank": "{count} series with no figure (only flagged missing ones, such as : c) left out: {names}",
}


def left_out(notes: pd.DataFrame) -> list[str]:
    """What `growth_part`'s notes say of the series it left out: a sentence per periods asked for
    (``detail``) and note, in the order of the notes.

    Example:
        >>> left_out(pd.DataFrame({"entity": [""], "indicator": ["GDP"], "note": ["single"], "detail": [""]}))
        ['1 series with a single period has no growth and is left out: GDP']
    """
    if notes.empty:
        return []
    in_order = pd.Series(pd.factorize(notes["detail"].astype(str))[0], index=notes.index)
    return [
        LEFT_OUT[str(note)].format(
            count=len(group),
            detail=group["detail"].iloc[0],
            either=group["detail"].iloc[0].replace(" and ", " or "),  # lacking one of them is enough
            names=name_list(group),
            has="has" if len(group) == 1 else "have",
            is_="is" if len(group) == 1 else "are",
        )
        for (_, note), group in notes.groupby([in_order, "note"], sort=True)
    ]


def warn_left_out(notes: pd.DataFrame, stacklevel: int = 3) -> None:
    """Warn (`IndcalcWarning`) of the series `growth_part` left out (`left_out`)."""
    for text in left_out(notes):
        warnings.warn(text, IndcalcWarning, stacklevel=stacklevel)


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
    return yoy_part(check_frame(frame)).frame


def yoy_part(frame: pd.DataFrame) -> Computed:
    """`yoy` as a kernel (`Computed`): the rows of whole series in; it has no notes."""
    columns = annotated(YOY_COLUMNS, frame, ("", "prior"))
    return Computed(_against_prior(frame, periods.periods_per_year, "yoy")[columns], no_notes())


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
    return finish_pop(pop_part(check_frame(frame), annualize=annualize, log=log))


def finish_pop(part: Computed) -> pd.DataFrame:
    """`pop`'s result from its kernel's (`pop_part`) on the whole table: a warning of each kind of
    note."""
    kind = part.notes["note"].to_numpy()
    if (kind == "ytd").any():
        warnings.warn(
            f"{int((kind == 'ytd').sum())} year-to-date series compared period on period as they are; "
            "`indcalc ytd` gives their single-period values",
            IndcalcWarning,
            stacklevel=3,
        )
    for step, (periods_named, written, compared) in _SPACED.items():
        spaced = part.notes[kind == f"every {step} months"]
        if not len(spaced):
            continue
        names = [series_label(e, i) for e, i in zip(spaced["entity"], spaced["indicator"], strict=True)]
        have = "has" if len(spaced) == 1 else "have"
        warnings.warn(
            f"{len(spaced)} monthly series ({first_listed(names, 3)}) {have} figures {step} months apart "
            f"or more ({spaced['detail'].iloc[0]}, ...), none with the month before it, so no change month "
            f"on month; if they are {periods_named} dated by a month, written as {written} or as dates "
            f"read by their spacing (2024-04-01), they are compared {compared}",
            IndcalcWarning,
            stacklevel=3,
        )
    return part.frame


#: Monthly figures this many months apart (`_months_apart`): what they may be, how to write them, and
#: how pop would then compare them.
_SPACED = {
    3: ("quarters", "quarters (2024Q2)", "quarter on quarter"),
    6: ("half-years", "half-years (2024S1)", "half-year on half-year"),
    12: ("years", "years (2024)", "year on year"),
}


def pop_part(frame: pd.DataFrame, *, annualize: bool = False, log: bool = False) -> Computed:
    """`pop` as a kernel (`Computed`): the rows of whole series in; a note ``ytd`` on each
    year-to-date series, compared period on period as it is, and ``every N months`` on each monthly
    series with no month next to another (`_months_apart`)."""
    cumulative = frame.loc[_is_ytd(frame), ["entity", "indicator"]].drop_duplicates()
    out = _against_prior(frame, lambda codes: np.ones(len(codes), dtype="int64"), "pop")
    spaced = _months_apart(out, set(zip(cumulative["entity"], cumulative["indicator"], strict=True)))
    parts = [part for part in (cumulative.assign(note="ytd", detail=""), spaced) if len(part)]
    notes = pd.concat(parts, ignore_index=True) if parts else no_notes()  # pandas 2 warns of empty ones
    columns = annotated(POP_COLUMNS, frame, ("", "prior"))
    if not (annualize or log):
        return Computed(out[columns], notes)
    value, prior = out["value"].to_numpy(), out["prior_value"].to_numpy()
    per_year = periods.periods_per_year(frequency_codes(out["frequency"]))
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        # as growth's multiple, on the figures' decimals: the same on any scale (--scale-to)
        ratio = np.where(value >= 0, multiples(prior, value), np.nan)
        logged = np.where(ratio > 0, np.log(np.where(ratio > 0, ratio, 1)), np.nan)
        extreme = (value > 0) & (prior > 0) & ~((ratio >= _TINY) & np.isfinite(ratio))
        if extreme.any():  # the ratio beyond a float (1e300 over 1e-300) but not its logarithm
            apart = np.log(np.where(extreme, value, 1)) - np.log(np.where(extreme, prior, 1))
            logged = np.where(extreme, apart, logged)
        extra = {}
        if annualize:
            extra["pop_annualized_pct"] = (ratio**per_year - 1) * 100
        if log:
            extra["pop_log_pct"] = 100 * logged
            extra["pop_log_annualized_pct"] = 100 * per_year * logged
    for name, values in extra.items():
        out[name] = np.where(np.isfinite(values), values, np.nan)
    return Computed(out[annotated([*POP_COLUMNS, *extra], frame, ("", "prior"))], notes)


def _months_apart(out: pd.DataFrame, cumulative: set[tuple[str, str]]) -> pd.DataFrame:
    """Notes ``every N months`` (N 3, 6 or 12 as `_SPACED`; detail: the first two periods) on the
    monthly series of `_against_prior`'s result `out` (its rows in series and period order) with two
    figures or more, none with the month before it, at least N months apart and a multiple of three
    (2023-04, 2023-07): quarters, half-years or years dated by a month, maybe, which pop compares with
    months that are not there. Not on `cumulative` series (year to date: warned of as such). Found
    from the rows' codes, with no loop over series (a panel may have thousands such)."""
    monthly = (out["frequency"] == "monthly").to_numpy()
    has_prior = ~out["prior_period"].isna().to_numpy()
    entity, indicator = (out[c].cat.codes.to_numpy() for c in ("entity", "indicator"))
    first = np.r_[True, (entity[1:] != entity[:-1]) | (indicator[1:] != indicator[:-1])][: len(out)]
    if not (monthly & ~has_prior & ~first).any():  # every month but a series' first has its prior
        return no_notes()
    starts = np.flatnonzero(first)
    suspect = (np.diff(np.r_[starts, len(out)]) >= 2) & monthly[starts]
    suspect &= ~np.logical_or.reduceat(has_prior, starts)
    if not suspect.any():  # a monthly panel with gaps: each series has a month next to another
        return no_notes()
    labels = out["period"].cat.categories.astype(str)
    found = (re.fullmatch(r"(\d{4})-(\d\d)", label) for label in labels)  # a month's label, 2023-04
    of_label = np.array([int(f[1]) * 12 + int(f[2]) if f else 0 for f in found], dtype="int64")
    months = of_label[out["period"].cat.codes.to_numpy()]
    gaps = np.r_[0, np.diff(months)]  # from the row before, within a series where not `first`
    suspect &= ~np.logical_or.reduceat(~first & (gaps % 3 != 0), starts)
    step = np.minimum.reduceat(np.where(first, 1 << 40, gaps), starts)[suspect]
    at = starts[suspect]
    if not len(at):
        return no_notes()
    shown = [out["period"].iloc[rows].astype(str).to_numpy() for rows in (at, at + 1)]
    notes = pd.DataFrame(
        {
            "entity": out["entity"].iloc[at].astype(object).to_numpy(),
            "indicator": out["indicator"].iloc[at].astype(object).to_numpy(),
            "note": [f"every {12 if s >= 12 else 6 if s == 6 else 3} months" for s in step],
            "detail": [f"{a}, {b}" for a, b in zip(*shown, strict=True)],
        }
    )
    if cumulative:
        keys = zip(notes["entity"], notes["indicator"], strict=True)
        notes = notes[[key not in cumulative for key in keys]]
    return notes.reset_index(drop=True) if len(notes) else no_notes()


def _against_prior(frame: pd.DataFrame, lag: Callable[[np.ndarray], np.ndarray], prefix: str) -> pd.DataFrame:
    """Each observation against the one `lag(frequency codes)` periods earlier in its series, when
    both cover as many periods (`periods_covered`)."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=1) as pool:
        # Each figure's decimals, once (not again as a prior), worked out on another core while the
        # rows are sorted and their priors found, then the text columns gathered there while the
        # figures are computed: numpy releases the GIL (on the new user's panel, 2.05M rows, the kernel
        # took 0.25 s so, 0.30 s with the decimals alone beside the sort and 0.36 s on one core).
        in_file_order = pool.submit(decimals, frame["value"].to_numpy(dtype="float64"))
        rows = _Sorted.of(frame)
        prior = rows.earlier(lag(rows.code))
        prior, note = _same_length(frame, rows, np.arange(len(prior)), prior, prefix)
        written = in_file_order.result()[rows.order]
        texts = pool.submit(
            lambda: {
                "entity": rows.take("entity"),
                "indicator": rows.take("indicator"),
                "period": rows.take("period"),
                "prior_period": rows.take("period", prior),
                "frequency": rows.take("frequency"),
                **carried(rows, {"": None, "prior": prior}),
            }
        )
        value, prior_value = rows.values(), rows.values(prior)
        unit = rows.take("unit")
        prior_written = written[np.maximum(prior, 0)]
        prior_written[prior < 0] = -1
        figures = growth_figures(prior_value, value, None, _percent(unit), prior_written, written)
        text = texts.result()
    out = pd.DataFrame(
        {
            "entity": text.pop("entity"),
            "indicator": text.pop("indicator"),
            "unit": unit,
            "period": text.pop("period"),
            "value": value,
            "prior_period": text.pop("prior_period"),
            "prior_value": prior_value,
            f"{prefix}_change": figures["change"],
            f"{prefix}_pct": figures["pct_change"],
            f"{prefix}_pp": figures["pp_change"],
            **text,
        },
        copy=False,
    )
    if note:
        out.attrs["undefined"] = {f"{prefix}_change": note}  # for the table's footnote (render)
    # the writers take these columns' text from their sources' (`indcalc.copies`)
    copies.note(
        out, prior_value=copies.Copy("value", prior), **{f"{prefix}_pp": copies.Copy(f"{prefix}_change")}
    )
    return output_frame(out)
