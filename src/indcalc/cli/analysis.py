"""Commands of the analyst's toolkit: ytd, share, contribution, target."""

from typing import TYPE_CHECKING, Annotated, Optional

import typer

from indcalc.cli.engine import on, where_written
from indcalc.cli.inputs import Inputs
from indcalc.cli.options import Cluster, FromOpt, Output, ToOpt, bundled
from indcalc.cli.program import app, run
from indcalc.errors import UsageError

if TYPE_CHECKING:
    import pandas as pd

TotalOpt = Annotated[
    str,
    typer.Option(
        "--total",
        metavar="INDICATOR",
        help="The indicator that is the whole (a name or glob matching one). Example: `--total GDP`",
    ),
]
PartOpt = Annotated[
    Optional[list[str]],  # noqa: UP045
    typer.Option(
        "--part",
        metavar="GLOB",
        show_default=False,
        help="Part indicators; repeat for more (default: every other indicator in the total's unit).",
    ),
]


@app.command()
@bundled()
def ytd(*, source: Inputs, cluster: Cluster, out: Output) -> None:
    """Single-period values from year-to-date (累计) ones: value(m) = ytd(m) - ytd(m-1) within a year.

    Year-to-date series are marked by a basis column (ytd, 累计) or periods like 2024年1-4月. The first
    published period of a year keeps its cumulative value and covers the months from January: a
    combined January-February figure is period 2024-02 with covers 2024-01..2024-02 and
    periods_covered 2. A period whose previous one is missing gets no value rather than a wrong one.
    Columns: entity, indicator, unit, period, ytd_value, value, covers, periods_covered; pop, yoy and
    summary read covers and periods_covered back, so a combined figure is never the prior of a single
    month. yoy on a year-to-date series compares cumulative with cumulative (累计同比), as bureaus
    publish.

    Example: `indcalc ytd release.csv`
    """
    job = on(cluster, source.then("indcalc.cumulative", "ytd"), source, out, "ytd")
    run(job, title=f"Single periods from year to date · {source.name}", out=where_written(cluster, out))


@app.command()
@bundled(without=("indicator",))
def share(
    *,
    total: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(
            "--total",
            metavar="INDICATOR",
            show_default=False,
            help="The indicator that is the whole; leave out when the parts are already shares in %.",
        ),
    ] = None,
    part: PartOpt = None,
    source: Inputs,
    cluster: Cluster,
    out: Output,
) -> None:
    """Each part's share of a total (占比) per period: share_pct = part / total * 100.

    share_pp_change is the change of the share since the part's previous observation (its period in
    prior_period), in percentage points; parts_share_pct adds up the parts' shares (100 when they
    make up the total). Parts given in % are shares already. Columns: entity, indicator, unit,
    period, value, total, share_pct, prior_period, share_pp_change, parts_share_pct.

    Example: `indcalc share output.csv --total 'Industrial output' --part '*industr*'`
    """
    # -e is share's own: the total is looked for in every entity (cross_series.whole_and_parts)
    every = source._replace(entities=None)
    job = every.then("indcalc.cross_series", "share", total, part or (), entities=source.entities or ())
    job = on(cluster, job, source, out, "share", total, part or ())
    run(job, title=f"Shares of {total or 'the total'} · {source.name}", out=where_written(cluster, out))


@app.command()
@bundled(without=("indicator",))
def contribution(
    *,
    total: TotalOpt = ...,
    part: PartOpt = None,
    from_period: FromOpt = None,
    to_period: ToOpt = None,
    source: Inputs,
    cluster: Cluster,
    out: Output,
) -> None:
    """Each part's contribution to the total's growth between two periods (拉动 and 贡献率).

    contribution_pp = (part_to - part_from) / total_from * 100, the "pulls growth up by N percentage
    points" of releases; contribution_rate_pct = (part_to - part_from) / (total_to - total_from) * 100.
    When the parts make up the total, their contribution_pp add up to total_pct_change. The periods
    default to the total's first and last.

    Example: `indcalc contribution gdp.csv --total GDP --from 2023 --to 2024`
    """
    given = (total, part or (), from_period, to_period)
    job = on(
        cluster,
        source._replace(entities=None).then(  # -e is contribution's own, as share's
            "indcalc.cross_series", "contribution", *given, entities=source.entities or ()
        ),
        source,
        out,
        "contribution",
        *given,
    )
    run(job, title=f"Contributions to {total} · {source.name}", out=where_written(cluster, out))


@app.command()
@bundled()
def target(
    *,
    value: Annotated[
        str,
        typer.Option("--value", metavar="V", help="The target, in the series' unit. Example: `--value 2`"),
    ] = ...,
    by: Annotated[str, typer.Option("--by", metavar="PERIOD", help="When. Example: `--by 2030`")] = ...,
    source: Inputs,
    out: Output,
) -> None:
    """What a target takes: the CAGR needed from the latest value to reach V by PERIOD.

    Beside it, the series' historical CAGR (first to latest period) and the value that pace would
    reach by then. required_cagr_pct = ((V / latest)^(1 / years) - 1) * 100; projected_value =
    latest * (1 + historical_cagr_pct / 100)^years. Columns: entity, indicator, unit, latest_period,
    latest_value, target_period, target_value, years, required_cagr_pct, historical_cagr_pct,
    projected_value.

    Example: `indcalc target -i 'Scaled enterprises' --value 1500 --by 2030`
    """

    def job() -> "pd.DataFrame":
        from indcalc.quantities import read_figure

        figure = read_figure(value)
        if figure.scale:
            raise UsageError(f"--value {value!r}: give the target in the series' unit, without a scale")
        return source.then("indcalc.targets", "target", figure.value, by)()

    run(job, title=f"Reaching {value} by {by} · {source.name}", out=out)
