"""Commands over series: growth, yoy, pop, list."""

from typing import TYPE_CHECKING, Annotated, Optional

import typer

from indcalc.cli.shared import (
    DebugOpt,
    DigitsOpt,
    EncodingOpt,
    EntityOpt,
    FileArg,
    Format,
    FormatOpt,
    IndicatorOpt,
    OutputOpt,
    RawOpt,
    ScaleOpt,
    SheetOpt,
    Sort,
    SortOpt,
    WideOpt,
    _In,
    _Out,
    _period_option,
    _run,
    _source_name,
    app,
)

if TYPE_CHECKING:
    import pandas as pd


@app.command()
def growth(
    file: FileArg = None,
    from_period: Annotated[Optional[str], _period_option("--from", "Start", "2020")] = None,  # noqa: UP045
    to_period: Annotated[Optional[str], _period_option("--to", "End", "2025")] = None,  # noqa: UP045
    indicator: IndicatorOpt = None,
    entity: EntityOpt = None,
    wide: WideOpt = None,
    sheet: SheetOpt = None,
    encoding: EncodingOpt = None,
    scale_to: ScaleOpt = None,
    sort: SortOpt = Sort.file,
    fmt: FormatOpt = Format.auto,
    output: OutputOpt = None,
    digits: DigitsOpt = 2,
    raw: RawOpt = False,
    debug: DebugOpt = False,
) -> None:
    """Growth of each series from its first to its last period (or --from/--to).

    Columns: entity, indicator, unit, from_period, to_period, from_value, to_value, change,
    pct_change, pp_change, multiple, years, cagr_pct. pct_change and multiple are empty from a zero or
    negative base; pp_change only for percent units; cagr_pct = ((to/from)^(1/years) - 1) * 100.
    Series lacking a period, or with a single one, are left out with a warning on stderr.

    Example: `indcalc growth -i '*share*' --format csv`
    """
    source = _In(file, indicator, entity, wide, sheet, encoding, scale_to, sort=sort)

    def job() -> "pd.DataFrame":
        frame = source.load()  # before importing pandas: it is imported meanwhile (shared._In.load)
        from indcalc.changes import growth as compute_growth

        return compute_growth(frame, from_period, to_period)

    span = f"{from_period or 'first'} to {to_period or 'last'} period"
    out = _Out(fmt, output, digits, raw, debug)
    _run(job, title=f"Growth, {span} · {_source_name(file)}", out=out)


@app.command()
def yoy(
    file: FileArg = None,
    indicator: IndicatorOpt = None,
    entity: EntityOpt = None,
    wide: WideOpt = None,
    sheet: SheetOpt = None,
    encoding: EncodingOpt = None,
    scale_to: ScaleOpt = None,
    sort: SortOpt = Sort.file,
    fmt: FormatOpt = Format.auto,
    output: OutputOpt = None,
    digits: DigitsOpt = 2,
    raw: RawOpt = False,
    debug: DebugOpt = False,
) -> None:
    """Year-on-year change of every observation against the same period one year earlier.

    The prior is found by period arithmetic (2024-04 against 2023-04, 2024Q1 against 2023Q1), never
    by row position: when that period is missing, the YoY fields are empty, and so they are when it
    covers another number of periods (a combined January-February figure from ytd against a February
    alone). Columns: entity, indicator, unit, period, value, prior_period, prior_value, yoy_change,
    yoy_pct, yoy_pp.

    Example: `indcalc yoy data.csv -e Jingmen --format json`
    """
    source = _In(file, indicator, entity, wide, sheet, encoding, scale_to, sort=sort)

    def job() -> "pd.DataFrame":
        frame = source.load()  # before importing pandas: it is imported meanwhile (shared._In.load)
        from indcalc.changes import yoy as compute_yoy

        return compute_yoy(frame)

    _run(job, title=f"Year on year · {_source_name(file)}", out=_Out(fmt, output, digits, raw, debug))


@app.command()
def pop(
    file: FileArg = None,
    annualize: Annotated[
        bool,
        typer.Option(
            "--annualize",
            help="Add pop_annualized_pct = ((v/prev)^k - 1) * 100, k periods a year (FRED pca).",
        ),
    ] = False,
    log: Annotated[
        bool,
        typer.Option(
            "--log",
            help="Add pop_log_pct = 100 * ln(v/prev) and pop_log_annualized_pct = 100 * k * ln(v/prev) "
            "(FRED cch, cca).",
        ),
    ] = False,
    indicator: IndicatorOpt = None,
    entity: EntityOpt = None,
    wide: WideOpt = None,
    sheet: SheetOpt = None,
    encoding: EncodingOpt = None,
    scale_to: ScaleOpt = None,
    sort: SortOpt = Sort.file,
    fmt: FormatOpt = Format.auto,
    output: OutputOpt = None,
    digits: DigitsOpt = 2,
    raw: RawOpt = False,
    debug: DebugOpt = False,
) -> None:
    """Period-on-period change (环比): month on month, quarter on quarter; for annual series, as yoy.

    The previous period is found by period arithmetic, never by row position: when it is missing the
    fields are empty. Columns: entity, indicator, unit, period, value, prior_period, prior_value,
    pop_change, pop_pct, pop_pp, and with the options pop_annualized_pct, pop_log_pct,
    pop_log_annualized_pct. For year-to-date series, run `indcalc ytd` first: cumulative figures are
    not compared month on month. A combined figure from ytd (periods_covered over 1, January-February)
    is not the prior of a single month, nor has a prior: those fields are empty.

    Example: `indcalc pop monthly.csv --annualize`
    """
    source = _In(file, indicator, entity, wide, sheet, encoding, scale_to, sort=sort)

    def job() -> "pd.DataFrame":
        frame = source.load()  # before importing pandas: it is imported meanwhile (shared._In.load)
        from indcalc.changes import pop as compute_pop

        return compute_pop(frame, annualize=annualize, log=log)

    _run(job, title=f"Period on period · {_source_name(file)}", out=_Out(fmt, output, digits, raw, debug))


@app.command("list")
def list_command(
    file: FileArg = None,
    indicator: IndicatorOpt = None,
    entity: EntityOpt = None,
    wide: WideOpt = None,
    sheet: SheetOpt = None,
    encoding: EncodingOpt = None,
    scale_to: ScaleOpt = None,
    sort: SortOpt = Sort.file,
    fmt: FormatOpt = Format.auto,
    output: OutputOpt = None,
    raw: RawOpt = False,
    debug: DebugOpt = False,
) -> None:
    """One row per series: unit, frequency, first and last period, count, and the missing periods.

    Example: `indcalc list data.csv --format csv`
    """
    source = _In(file, indicator, entity, wide, sheet, encoding, scale_to, sort=sort)

    def job() -> "pd.DataFrame":
        frame = source.load()  # before importing pandas: it is imported meanwhile (shared._In.load)
        from indcalc.listing import list_series

        return list_series(frame)

    _run(job, title=f"Series · {_source_name(file)}", out=_Out(fmt, output, 2, raw, debug))
