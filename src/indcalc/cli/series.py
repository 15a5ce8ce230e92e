"""Commands over series: growth, yoy, pop, list."""

from typing import Annotated

import typer

from indcalc.cli.engine import on, where_written
from indcalc.cli.inputs import Inputs
from indcalc.cli.options import Cluster, FromOpt, Output, ToOpt, bundled
from indcalc.cli.program import Done, app, run


@app.command()
@bundled()
def growth(
    *,
    from_period: FromOpt = None,
    to_period: ToOpt = None,
    source: Inputs,
    cluster: Cluster,
    out: Output,
) -> None:
    """Growth of each series from its first to its last period (or --from/--to).

    Columns: entity, indicator, unit, from_period, to_period, from_value, to_value, change,
    pct_change, pp_change, multiple, years, cagr_pct. pct_change and multiple are empty from a zero or
    negative base; pp_change only for percent units; cagr_pct = ((to/from)^(1/years) - 1) * 100.
    Series lacking a period, or with a single one, are left out with a warning on stderr; when that
    leaves none, it is an error (exit 2).

    Example: `indcalc growth -i '*share*' --format csv`
    """
    span = f"{from_period or 'first'} to {to_period or 'last'} period"
    job = source.then("indcalc.changes", "growth", from_period, to_period)
    job = on(cluster, job, source, out, "growth", from_period, to_period)
    run(job, title=f"Growth, {span} · {source.name}", out=where_written(cluster, out))


@app.command()
@bundled()
def yoy(*, source: Inputs, cluster: Cluster, out: Output) -> None:
    """Year-on-year change of every observation against the same period one year earlier.

    The prior is found by period arithmetic (2024-04 against 2023-04, 2024Q1 against 2023Q1), never
    by row position: when that period is missing, the YoY fields are empty, and so they are when it
    covers another number of periods (a combined January-February figure from ytd against a February
    alone). Columns: entity, indicator, unit, period, value, prior_period, prior_value, yoy_change,
    yoy_pct, yoy_pp.

    Example: `indcalc yoy data.csv -e Jingmen --format json`
    """
    job = on(cluster, source.then("indcalc.changes", "yoy"), source, out, "yoy")
    run(job, title=f"Year on year · {source.name}", out=where_written(cluster, out))


@app.command()
@bundled()
def pop(
    *,
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
    source: Inputs,
    cluster: Cluster,
    out: Output,
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
    job = source.then("indcalc.changes", "pop", annualize=annualize, log=log)
    job = on(cluster, job, source, out, "pop", annualize, log)
    run(job, title=f"Period on period · {source.name}", out=where_written(cluster, out))


@app.command("list")
@bundled(without=("digits",))
def list_command(*, source: Inputs, cluster: Cluster, out: Output) -> None:
    """One row per series: unit, frequency, first and last period, count, and the missing periods.
    For a publisher's file, stderr says how it was read (World Bank WDI, SDMX-CSV, Eurostat TSV, ...);
    it names the series whose value cells are all empty, which no command shows.

    Example: `indcalc list data.csv --format csv`
    """

    def job() -> Done:
        frame = source.load()
        from indcalc.listing import list_series
        from indcalc.reading.derived import unused_note, without_figures_note

        layout = frame.attrs.get("layout", "")
        notes = () if layout.startswith("indcalc") or not layout else (f"indcalc: note: read as {layout}",)
        notes += tuple(note for note in (unused_note(frame), without_figures_note(frame)) if note)
        return Done(list_series(frame), notes)

    run(
        on(cluster, job, source, out, "list"),
        title=f"Series · {source.name}",
        out=where_written(cluster, out),
    )
