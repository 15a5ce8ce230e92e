"""`indcalc summary`: a report for people and cron, with thresholds that set the exit status; and
`indcalc plot`, charts of the series."""

import enum
import os
import shutil
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from indcalc.cli.inputs import Inputs
from indcalc.cli.options import OUTPUT_OPTIONS, Format, Output, bundled
from indcalc.cli.output import check_target, replacing, resolve_format
from indcalc.cli.program import Done, app, run
from indcalc.color import wants_color
from indcalc.errors import EXIT_FINDINGS, EXIT_OK, UsageError

if TYPE_CHECKING:
    import pandas as pd

    from indcalc.report import Report


@app.command()
@bundled()
def summary(
    *,
    alert: Annotated[
        Optional[list[str]],  # noqa: UP045
        typer.Option(
            "--alert",
            metavar="RULE",
            show_default=False,
            help="COLUMN OP NUMBER over the summary's columns (< <= > >= == !=); series that trip it are "
            "listed and the exit status is 1. NUMBER is a float (-10, 2.5, 1e3) of at most 50 characters. "
            "Repeatable. Example: `--alert 'yoy_pct < -10'`",
        ),
    ] = None,
    top: Annotated[
        int, typer.Option("--top", min=0, help="How many biggest rises and falls by YoY to list.")
    ] = 5,
    since: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(
            "--since",
            metavar="PREVIOUS",
            show_default=False,
            help="An earlier summary written with `-f json` or `-f csv`: mark each series new, updated "
            "(a later latest period) or revised (the same period, another value). "
            "Example: `--since last.json`",
        ),
    ] = None,
    only_new: Annotated[
        bool,
        typer.Option(
            "--only-new",
            help="With --since: keep only the series that are new, updated or revised; alerts on the "
            "others are not reported again (nor set the exit status). Nothing new: one line says so.",
        ),
    ] = False,
    subject: Annotated[
        bool,
        typer.Option(
            "--subject",
            help="Print only a one-line headline for a mail's subject (alerts, series, latest period, "
            'source). Example: `mail -s "$(indcalc summary data.csv --subject)" ...`',
        ),
    ] = False,
    full: Annotated[
        bool,
        typer.Option("--full", help="Put the whole per-series table in place of the latest figures."),
    ] = False,
    width: Annotated[
        Optional[int],  # noqa: UP045
        typer.Option(
            "--width",
            min=40,
            metavar="COLUMNS",
            show_default=False,
            help="Widest line of a text report (default 100; on a terminal, its width). Names wrap.",
        ),
    ] = None,
    timestamp: Annotated[
        bool,
        typer.Option(
            "--timestamp/--no-timestamp",
            help="Put the generation time and the file's modification time in text, Markdown and HTML "
            "reports.",
        ),
    ] = True,
    source: Inputs,
    out: Output,
) -> None:
    """A summary for people and for cron: what needs attention first, then each series' latest figure.

    A digest: the tripped alerts (--alert), the biggest rises and falls by YoY (--top), then the
    latest figures (series, latest period, value with unit, the change on a year earlier or else on
    the previous period, pp for percents, a sparkline of the last 24 figures), no wider than --width.
    --format text is plain text for mail, markdown a self-contained report, html a page for HTML mail
    (inline styles, no scripts or external assets). --full puts the whole per-series table in place
    of the latest figures; CSV, TSV, JSON, xlsx and Parquet carry that table (latest, the change on
    the previous period pop_* and on a year earlier yoy_*, the change and CAGR over the whole span,
    trend). Output is the same for the same figures with --no-timestamp, which drops the generation
    time and the file's modification time.
    With --alert, exit status 1 when any series trips a rule (with --only-new, any series that changed
    since --since). --subject prints a headline for the mail's subject.

    Example: `indcalc summary data.csv --format text --alert 'yoy_pct < -10'`
    """

    def job() -> Done:
        if only_new and since is None:
            raise UsageError("--only-new needs --since PREVIOUS, the summary to compare with")
        if subject and out.fmt not in (Format.auto, Format.text):
            raise UsageError(f"--subject prints one line of text, not {out.fmt.value}: drop --format")
        previous = None
        if since is not None:  # a bad PREVIOUS fails before the work
            from indcalc.news import read_previous

            previous = read_previous(since)
        frame = source.load()  # before importing pandas: it is imported meanwhile (Inputs.load)
        from indcalc.reading import bundled_data_path
        from indcalc.report import summarize

        path = bundled_data_path() if source.file is None else source.file
        report = summarize(
            frame,
            alert or (),
            top,
            source=source.name,
            path=path,
            timestamp=timestamp,
            previous=previous,
            since=os.path.basename(since or ""),
            only_new=only_new,
        )
        status = EXIT_FINDINGS if len(report.tripped) else EXIT_OK
        if subject:
            from indcalc.render.digest import subject as headline

            return Done(headline(report) + "\n", status=status)
        drawn = _drawn(report, out, width, full)
        return Done(drawn, notes=_alert_notes(report.tripped), status=status)

    run(job, title=f"Summary · {source.name}", out=out)


def _drawn(report: "Report", out: Output, width: int | None, full: bool) -> "str | pd.DataFrame":
    """The report drawn for people, or for a machine format the per-series table, written as any
    command's."""
    from indcalc.render.digest import DIGEST_WIDTH, REPORT_FORMATS, draw

    chosen = resolve_format(out.fmt, out.output)
    if chosen not in REPORT_FORMATS:
        return report.table
    terminal = chosen in ("table", "text") and out.output is None and sys.stdout.isatty()
    if width is None:  # on a terminal, drawn for people (text too), the terminal's width
        width = shutil.get_terminal_size((DIGEST_WIDTH, 24)).columns if terminal else DIGEST_WIDTH
    color = chosen == "table" and out.output is None and wants_color(sys.stdout)  # as any table
    return draw(report, chosen, digits=out.digits, color=color, width=width, full=full, terminal=terminal)


def _alert_notes(tripped: "pd.DataFrame") -> tuple[str, ...]:
    """A line for stderr per tripped alert: ``indcalc: alert: <series>: <rule> (<value>)``."""
    columns = (tripped[name] for name in ("entity", "indicator", "alert", "value"))
    return tuple(
        f"indcalc: alert: {f'{entity} / {indicator}' if entity else indicator}: {rule} ({value:g})"
        for entity, indicator, rule, value in zip(*columns, strict=True)
    )


class ChartKind(enum.StrEnum):
    """Line charts of the series, or bars comparing their growth."""

    line = "line"
    bar = "bar"


@app.command()
@bundled(without=OUTPUT_OPTIONS)
def plot(
    *,
    out: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option(
            "--out",
            metavar="PATH",
            show_default=False,
            help="Write a .png or .svg chart here (needs indcalc's plot extra: `pip install '.[plot]'`); "
            "without it, the chart is drawn in the terminal.",
        ),
    ] = None,
    kind: Annotated[
        ChartKind, typer.Option("--kind", help="line: the series over time; bar: their growth.")
    ] = ChartKind.line,
    source: Inputs,
    settings: Output,
) -> None:
    """A chart of the chosen series: lines over time, or bars comparing their growth.

    Series of one unit share an axis; different units get a panel each. The latest value of each line
    is labelled. --kind bar compares growth from first to last period (pct_change, or pp_change when
    every series is a percent), sorted. CJK names need a CJK-capable font (a warning says when none is
    installed).

    Example: `indcalc plot -i '*share*' --out shares.png`
    """
    chosen = source.indicators
    title = f"{', '.join(chosen) if chosen else 'All series'} · {source.name}"

    def job() -> str:
        if out is not None and out.suffix.casefold() not in (".png", ".svg"):  # before the work
            raise UsageError(f"--out {out}: a chart is written as .png or .svg")
        if out is not None:
            check_target(out)  # a directory, a missing one: before the work
        frame = source.load()  # before importing pandas: it is imported meanwhile (Inputs.load)
        from indcalc import plot as charts

        if out is None:
            width = shutil.get_terminal_size((100, 24)).columns
            color = wants_color(sys.stdout)
            return charts.terminal_chart(frame, width=width, title=title, color=color, kind=kind.value) + "\n"
        with replacing(out) as file:  # as --output is written: atomically, devices in place
            charts.write_chart(frame, out, kind=kind.value, title=title, file=file)
        return ""

    run(job, title=title, out=settings._replace(fmt=Format.table))
