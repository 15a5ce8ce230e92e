"""`indcalc summary`: a report for people and cron, with thresholds that set the exit status."""

import enum
import io
import os
import shutil
import sys
from pathlib import Path
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
    _check_target,
    _In,
    _Out,
    _resolve_format,
    _run,
    _source_name,
    _tell,
    app,
    replacing,
)
from indcalc.errors import UsageError
from indcalc.visible import visible

if TYPE_CHECKING:
    import pandas as pd


@app.command()
def summary(
    file: FileArg = None,
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
    timestamp: Annotated[
        bool,
        typer.Option(
            "--timestamp/--no-timestamp", help="Put the generation time in text and Markdown reports."
        ),
    ] = True,
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
    """A summary for people and for cron: each series' latest figure and how it moved.

    Per series: latest period and value, the change on the previous period (pop_*) and on a year
    earlier (yoy_*, pp for percents), the change and CAGR over the whole span, and a sparkline of the
    last 24 figures (trend); then the biggest rises and falls by YoY (--top). --format markdown writes a
    self-contained report (file, its modification time, generation time in UTC), --format text the same
    as plain aligned text for mail; CSV, TSV, JSON, xlsx and Parquet carry the per-series table. Output
    is the same for the same data (--no-timestamp drops the one line that is not). With --alert, exit
    status 1 when any series trips a rule, so `indcalc summary --alert ... || mail ...` works in cron.

    Example: `indcalc summary data.csv --format text --alert 'yoy_pct < -10'`
    """
    source = _In(file, indicator, entity, wide, sheet, encoding, scale_to, sort=sort)
    out = _Out(fmt, output, digits, raw, debug)
    tripped_count = [0]

    def job() -> "str | pd.DataFrame":
        frame = source.load()  # before importing pandas: it is imported meanwhile (shared._In.load)
        from indcalc.analysis import alerts, movers
        from indcalc.analysis import summary as compute_summary

        table = compute_summary(frame)
        tripped = alerts(table, alert or ())
        for row in tripped.itertuples():
            name = f"{row.entity} / {row.indicator}" if row.entity else row.indicator
            _tell(f"indcalc: alert: {name}: {row.alert} ({row.value:g})")
        tripped_count[0] = len(tripped)
        if _resolve_format(out.fmt, out.output) not in REPORT_FORMATS:
            return table  # machine formats carry the per-series table, written as any command's
        return _report_text(table, tripped, movers(table, top), source.file, out, timestamp)

    title = f"Summary · {_source_name(file)}"
    _run(job, title=title, out=out, status=lambda _report: 1 if tripped_count[0] else 0)


#: Formats in which summary writes its report (headings, alerts, movers); others get the table.
REPORT_FORMATS = ("table", "text", "markdown")


def _report_text(
    table: "pd.DataFrame",
    tripped: "pd.DataFrame",
    moved: "tuple[pd.DataFrame, pd.DataFrame]",
    file: str | None,
    out: _Out,
    timestamp: bool,
) -> str:
    """The whole report as one string, so nothing is written when something fails."""
    import io

    from indcalc.render import markdown_text, render

    chosen = _resolve_format(out.fmt, out.output)
    stream = _Terminal() if chosen == "table" and out.output is None else io.StringIO()
    width = shutil.get_terminal_size((100, 24)).columns
    name = visible(_source_name(file))  # a file's name is text a person reads: shown, not obeyed
    if chosen == "markdown":
        name = markdown_text(name, heading=True)
    if chosen in ("markdown", "text"):
        heading = f"# indcalc summary · {name}" if chosen == "markdown" else f"indcalc summary · {name}"
        stream.write(heading + "\n\n")
        stream.write(f"Data: {name}{_modified(file)}\n")
        if timestamp:
            import datetime

            now = datetime.datetime.now(datetime.UTC).replace(microsecond=0).isoformat()
            stream.write(f"Generated: {now}\n")
        stream.write("\n")
    rises, falls = moved
    sections = [("Series", table), ("Biggest rises (YoY)", rises), ("Biggest falls (YoY)", falls)]
    if len(tripped):
        sections.insert(0, ("Alerts", tripped))
    for title, part in sections:
        if part.empty:
            stream.write(f"{'### ' if chosen == 'markdown' else ''}{title}\n\nNone.\n\n")
            continue
        render(
            part,
            chosen,
            stream,
            title=title,
            digits=out.digits,
            color=False if out.output else None,
            width=width,
        )
        stream.write("\n")
    return stream.getvalue()


class _Terminal(io.StringIO):
    """Collects a report for the terminal: tables fit its width and keep their colour."""

    def isatty(self) -> bool:
        return sys.stdout.isatty()


def _modified(file: str | None) -> str:
    import datetime

    from indcalc.reading import bundled_data_path

    path = bundled_data_path() if file is None else file
    if path == "-" or not os.path.exists(path):
        return ""
    stamp = datetime.datetime.fromtimestamp(os.path.getmtime(path), datetime.UTC).replace(microsecond=0)
    return f", modified {stamp.isoformat()}"


class ChartKind(enum.StrEnum):
    """Line charts of the series, or bars comparing their growth."""

    line = "line"
    bar = "bar"


@app.command()
def plot(
    file: FileArg = None,
    out: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option(
            "--out",
            metavar="PATH",
            show_default=False,
            help="Write a .png or .svg chart here (needs `pip install 'indcalc[plot]'`); without it, the "
            "chart is drawn in the terminal.",
        ),
    ] = None,
    kind: Annotated[
        ChartKind, typer.Option("--kind", help="line: the series over time; bar: their growth.")
    ] = ChartKind.line,
    indicator: IndicatorOpt = None,
    entity: EntityOpt = None,
    wide: WideOpt = None,
    sheet: SheetOpt = None,
    encoding: EncodingOpt = None,
    scale_to: ScaleOpt = None,
    sort: SortOpt = Sort.file,
    debug: DebugOpt = False,
) -> None:
    """A chart of the chosen series: lines over time, or bars comparing their growth.

    Series of one unit share an axis; different units get a panel each. The latest value of each line
    is labelled. --kind bar compares growth from first to last period (pct_change, or pp_change when
    every series is a percent), sorted. CJK names need a CJK-capable font (a warning says when none is
    installed).

    Example: `indcalc plot -i '*share*' --out shares.png`
    """
    source = _In(file, indicator, entity, wide, sheet, encoding, scale_to, sort=sort)
    title = f"{', '.join(indicator) if indicator else 'All series'} · {_source_name(file)}"

    def job() -> str:
        if out is not None and out.suffix.casefold() not in (".png", ".svg"):  # before the work
            raise UsageError(f"--out {out}: a chart is written as .png or .svg")
        if out is not None:
            _check_target(out)  # a directory, a missing one: before the work
        frame = source.load()  # before importing pandas: it is imported meanwhile (shared._In.load)
        from indcalc import plot as charts

        if out is None:
            width = shutil.get_terminal_size((100, 24)).columns
            color = sys.stdout.isatty() and os.environ.get("NO_COLOR", "") == ""  # no-color.org
            return charts.terminal_chart(frame, width=width, title=title, color=color, kind=kind.value) + "\n"
        with replacing(out) as file:  # as --output is written: atomically, devices in place
            charts.write_chart(frame, out, kind=kind.value, title=title, file=file)
        return ""

    _run(job, title=title, out=_Out(Format.table, None, debug=debug))
