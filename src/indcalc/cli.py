"""The command line: the only module that imports Typer.

Each command parses its options, then load -> compute -> render. Errors of the `IndcalcError` family
are turned into ``indcalc: error: <file>:<line>:<col>: <message>`` on stderr and exit status 2 in one
place (`_run`); `--debug` shows the traceback instead. pandas and pyarrow are imported inside the
commands that need them, so ``indcalc --help`` and ``indcalc --version`` start fast.

Exit status: 0 success, 2 bad input or usage, 1 reserved for "found what you asked about" (alerts,
checks), 130 interrupted; a closed pipe (``indcalc yoy | head``) ends quietly with 141 like other tools.
"""

from __future__ import annotations

import enum
import os
import sys
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from indcalc import __version__
from indcalc.errors import IndcalcError, IndcalcWarning, UsageError

if TYPE_CHECKING:
    import pandas as pd

    from indcalc.loader import Options

app = typer.Typer(
    name="indcalc",
    help=(
        "Growth rates, percentage-point changes, YoY and CAGR from period-stamped indicator figures.\n\n"
        "Reads a CSV with columns indicator, period, value (and optionally entity, unit); without FILE "
        "it uses the figures bundled from the seed documents. Prints a table on a terminal and CSV "
        "when piped."
    ),
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="markdown",
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


class Format(enum.StrEnum):
    """Output formats; `auto` is a table on a terminal, CSV otherwise (or by --output's extension)."""

    auto = "auto"
    table = "table"
    csv = "csv"
    json = "json"
    markdown = "markdown"


FileArg = Annotated[
    Optional[str],  # noqa: UP045 (Typer needs Optional at runtime on some versions)
    typer.Argument(
        metavar="FILE",
        show_default=False,
        help="CSV of indicators (columns indicator, period, value; optional entity, unit). "
        "`-` reads stdin; omitted: the bundled figures.",
    ),
]


def _glob_option(long: str, short: str, what: str, example: str) -> typer.models.OptionInfo:
    return typer.Option(
        long,
        short,
        metavar="GLOB",
        show_default=False,
        help=f"Only {what} matching this glob, case-insensitive; repeat for more. Example: `{example}`",
    )


def _period_option(flag: str, what: str, example: str) -> typer.models.OptionInfo:
    return typer.Option(
        flag,
        metavar="PERIOD",
        show_default=False,
        help=f"{what} period for every series. Example: `{flag} {example}`",
    )


IndicatorOpt = Annotated[
    Optional[list[str]],  # noqa: UP045
    _glob_option("--indicator", "-i", "indicators", "-i '*share*'"),
]
EntityOpt = Annotated[
    Optional[list[str]],  # noqa: UP045
    _glob_option("--entity", "-e", "entities", "-e Jingmen"),
]
FormatOpt = Annotated[
    Format,
    typer.Option(
        "--format",
        "-f",
        case_sensitive=False,
        help="auto: a table on a terminal, CSV when piped (with --output: by its extension, .json .md .csv).",
    ),
]
OutputOpt = Annotated[
    Optional[Path],  # noqa: UP045
    typer.Option(
        "--output",
        "-o",
        metavar="PATH",
        show_default=False,
        dir_okay=False,
        help="Write here instead of stdout; written to a temporary file and renamed, so a failure "
        "never leaves half a file.",
    ),
]
DigitsOpt = Annotated[
    int,
    typer.Option(
        "--digits",
        min=0,
        max=15,
        help="Decimals shown in table and markdown output (CSV/JSON are never rounded).",
    ),
]
DebugOpt = Annotated[bool, typer.Option("--debug", help="Show the Python traceback of an error.")]
RawOpt = Annotated[
    bool,
    typer.Option(
        "--raw",
        help="Write CSV text cells as they are: without it, a cell starting with = + - @ gets a leading ' "
        "so spreadsheets do not run it as a formula.",
    ),
]
WideOpt = Annotated[
    Optional[bool],  # noqa: UP045
    typer.Option(
        "--wide/--long",
        show_default=False,
        help="Read a wide table (periods as column names, as in yearbooks) or a long one; "
        "by default the header decides.",
    ),
]
SheetOpt = Annotated[
    Optional[str],  # noqa: UP045
    typer.Option(
        "--sheet", metavar="NAME", show_default=False, help="The sheet of an .xlsx file (default: the first)."
    ),
]
EncodingOpt = Annotated[
    Optional[str],  # noqa: UP045
    typer.Option(
        "--encoding",
        metavar="NAME",
        show_default=False,
        help="Text encoding of a CSV; by default UTF-8 (with or without BOM), else GB18030. "
        "Example: `--encoding gbk`",
    ),
]
ScaleOpt = Annotated[
    Optional[str],  # noqa: UP045
    typer.Option(
        "--scale-to",
        metavar="SCALE",
        show_default=False,
        help="Report every money series in this scale: 万, 亿, thousand, million, billion. "
        "Example: `--scale-to 亿`",
    ),
]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"indcalc {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool,
        typer.Option("--version", "-V", callback=_version, is_eager=True, help="Show the version and exit."),
    ] = False,
) -> None:
    """Growth rates, percentage-point changes, YoY and CAGR from period-stamped indicator figures."""


def _source_name(file: str | None) -> str:
    if file is None:
        return "bundled figures"
    return "stdin" if file == "-" else os.path.basename(file)


@dataclass(frozen=True)
class _In:
    """Where a command reads its figures, and which of them."""

    file: str | None
    indicators: list[str] | None = None
    entities: list[str] | None = None
    wide: bool | None = None
    sheet: str | None = None
    encoding: str | None = None
    scale_to: str | None = None

    def options(self) -> Options:
        from indcalc.loader import Options

        return Options(wide=self.wide, sheet=self.sheet, encoding=self.encoding, scale_to=self.scale_to)

    def load(self) -> pd.DataFrame:
        from indcalc.compute import select
        from indcalc.loader import load

        return select(load(self.file, self.options()), self.indicators or (), self.entities or ())


@dataclass(frozen=True)
class _Out:
    """How a command writes its result."""

    fmt: Format
    output: Path | None
    digits: int = 2
    raw: bool = False
    debug: bool = False


def _run(
    job: Callable[[], pd.DataFrame],
    *,
    title: str,
    out: _Out,
    status: Callable[[pd.DataFrame], int] | None = None,
) -> None:
    """Run a command's job and render its result; the one place where errors become exit codes.

    `status` gives the exit status of a result that was written (``validate``'s 1 and 2).
    """
    try:
        if out.output is not None and not out.output.parent.is_dir():  # fail before the work
            raise UsageError(f"cannot write {out.output}: no such directory {out.output.parent}")
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", IndcalcWarning)
            try:
                result = job()
            finally:
                for warning in caught:
                    if issubclass(warning.category, IndcalcWarning):
                        typer.echo(f"indcalc: warning: {warning.message}", err=True)
        _emit(result, title=title, out=out)
    except IndcalcError as exc:
        if out.debug:
            raise
        _report(exc)
        raise typer.Exit(exc.exit_code) from None
    except BrokenPipeError:
        # The reader went away (`indcalc yoy | head`): stop quietly, as Unix tools do.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        raise typer.Exit(141) from None
    except KeyboardInterrupt:
        raise typer.Exit(130) from None
    if status is not None:
        raise typer.Exit(status(result))


def _report(exc: IndcalcError) -> None:
    for error in (exc, *getattr(exc, "also", ())):
        typer.echo(f"indcalc: error: {error}", err=True)
    unshown = getattr(exc, "unshown", 0)
    if unshown:
        typer.echo(f"indcalc: error: ... and {unshown} more problem{'s' * (unshown > 1)}", err=True)


def _resolve_format(fmt: Format, output: Path | None) -> str:
    if fmt is not Format.auto:
        return fmt.value
    if output is not None:
        suffix = output.suffix.casefold()
        return {".json": "json", ".md": "markdown", ".markdown": "markdown"}.get(suffix, "csv")
    return "table" if sys.stdout.isatty() else "csv"


def _emit(result: pd.DataFrame, *, title: str, out: _Out) -> None:
    from indcalc.render import render

    chosen = _resolve_format(out.fmt, out.output)
    options = {"title": title, "digits": out.digits, "raw": out.raw}
    if out.output is None:
        stream = sys.stdout
        if (
            chosen != "table"
            and hasattr(stream, "reconfigure")
            and (stream.encoding or "").lower() != "utf-8"
        ):
            stream.reconfigure(encoding="utf-8")
        render(result, chosen, stream, **options)
        stream.flush()
        return
    temporary = out.output.with_name(f".{out.output.name}.{os.getpid()}.tmp")
    try:
        with open(temporary, "w", encoding="utf-8", newline="") as stream:
            render(result, chosen, stream, color=False, **options)
        os.replace(temporary, out.output)
    except OSError as exc:
        raise UsageError(f"cannot write {out.output}: {exc.strerror or exc}") from None
    finally:
        if temporary.exists():
            temporary.unlink()


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
    source = _In(file, indicator, entity, wide, sheet, encoding, scale_to)

    def job() -> pd.DataFrame:
        from indcalc.compute import growth as compute_growth

        return compute_growth(source.load(), from_period, to_period)

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
    fmt: FormatOpt = Format.auto,
    output: OutputOpt = None,
    digits: DigitsOpt = 2,
    raw: RawOpt = False,
    debug: DebugOpt = False,
) -> None:
    """Year-on-year change of every observation against the same period one year earlier.

    The prior is found by period arithmetic (2024-04 against 2023-04, 2024Q1 against 2023Q1), never
    by row position: when that period is missing, the YoY fields are empty. Columns: entity,
    indicator, unit, period, value, prior_period, prior_value, yoy_change, yoy_pct, yoy_pp.

    Example: `indcalc yoy data.csv -e Jingmen --format json`
    """
    source = _In(file, indicator, entity, wide, sheet, encoding, scale_to)

    def job() -> pd.DataFrame:
        from indcalc.compute import yoy as compute_yoy

        return compute_yoy(source.load())

    _run(job, title=f"Year on year · {_source_name(file)}", out=_Out(fmt, output, digits, raw, debug))


@app.command(context_settings={"ignore_unknown_options": True})
def calc(
    from_figure: Annotated[
        str, typer.Argument(metavar="FROM", help="The earlier figure (or the only one): 5.45%, 890, 1,100.")
    ],
    to_figure: Annotated[
        Optional[str],  # noqa: UP045
        typer.Argument(metavar="TO", show_default=False, help="The later figure."),
    ] = None,
    years: Annotated[
        Optional[float],  # noqa: UP045
        typer.Option(
            "--years", "-y", min=0, show_default=False, help="Span in years, for CAGR. Example: `--years 5`"
        ),
    ] = None,
    growth_pct: Annotated[
        Optional[float],  # noqa: UP045
        typer.Option(
            "--growth",
            metavar="PCT",
            show_default=False,
            help="FROM grew by PCT%: show the base it grew from. Example: `calc 85.2 --growth 28.6`",
        ),
    ] = None,
    pp: Annotated[
        Optional[float],  # noqa: UP045
        typer.Option(
            "--pp",
            metavar="PP",
            show_default=False,
            help="FROM (a percent) is PP points above another: show it. Example: `calc 6.35% --pp 3.7`",
        ),
    ] = None,
    share: Annotated[
        Optional[float],  # noqa: UP045
        typer.Option(
            "--share",
            metavar="PCT",
            show_default=False,
            help="FROM is PCT% of a total: show the total. Example: `calc 2.74 --share 6.35`",
        ),
    ] = None,
    fmt: FormatOpt = Format.auto,
    output: OutputOpt = None,
    digits: DigitsOpt = 2,
    debug: DebugOpt = False,
) -> None:
    """Quick arithmetic on figures read in a report, no file needed.

    `calc FROM TO`: change, pct_change, pp_change (a % on either figure marks percents), multiple, and
    with --years the CAGR; the same columns as growth. `calc VALUE --growth PCT`: the base a figure
    grew from, VALUE / (1 + PCT/100) (85.2 billion yuan, +28.6% YoY: 66.25 the year before).
    `calc VALUE --pp PP`: VALUE - PP (6.35% of GDP, 3.7 pp above the national average: 2.65%).
    `calc VALUE --share PCT`: the total, VALUE / (PCT/100), in columns value, share_pct, total
    (2.74 billion yuan is 6.35% of GDP: 43.15 billion). Negative figures work too: `indcalc calc -5 10`.

    Example: `indcalc calc 5.45% 16% --years 5`
    """

    def job() -> pd.DataFrame:
        from indcalc import compute

        if sum(v is not None for v in (to_figure, growth_pct, pp, share)) != 1:
            raise UsageError("give TO, or one of --growth, --pp and --share")
        value, percent = _figure(from_figure)
        if to_figure is not None:
            end, end_percent = _figure(to_figure)
            return compute.calc(value, end, years=years, percent=percent or end_percent)
        if share is not None:
            return compute.implied_total(value, share)
        return compute.implied_base(value, growth_pct=growth_pct, pp=pp)

    if share is not None:
        title = f"{from_figure} is {share:g}% of a total"
    elif growth_pct is not None or pp is not None:
        title = (
            f"{from_figure}, up {growth_pct:g}%" if growth_pct is not None else f"{from_figure}, up {pp:g} pp"
        )
    else:
        title = f"{from_figure} → {to_figure}" + (f" over {years:g} years" if years is not None else "")
    _run(job, title=title, out=_Out(fmt, output, digits, debug=debug))


def _figure(text: str) -> tuple[float, bool]:
    """A number as written in a report: optional thousands commas and a trailing % (or ％)."""
    import re

    cleaned = text.strip()
    percent = cleaned.endswith(("%", "％"))
    cleaned = cleaned.rstrip("%％").strip()
    if not re.fullmatch(r"[+-]?(\d{1,3}(,\d{3})+|\d+)?(\.\d+)?([eE][+-]?\d+)?", cleaned) or not any(
        c.isdigit() for c in cleaned
    ):
        raise UsageError(f"{text!r} is not a number; expected a figure like 890, 1,100 or 5.45%")
    return float(cleaned.replace(",", "")), percent


@app.command("list")
def list_command(
    file: FileArg = None,
    indicator: IndicatorOpt = None,
    entity: EntityOpt = None,
    wide: WideOpt = None,
    sheet: SheetOpt = None,
    encoding: EncodingOpt = None,
    scale_to: ScaleOpt = None,
    fmt: FormatOpt = Format.auto,
    output: OutputOpt = None,
    raw: RawOpt = False,
    debug: DebugOpt = False,
) -> None:
    """One row per series: unit, frequency, first and last period, count, and the missing periods.

    Example: `indcalc list data.csv --format csv`
    """
    source = _In(file, indicator, entity, wide, sheet, encoding, scale_to)

    def job() -> pd.DataFrame:
        from indcalc.compute import list_series

        return list_series(source.load())

    _run(job, title=f"Series · {_source_name(file)}", out=_Out(fmt, output, 2, raw, debug))


@app.command()
def validate(
    file: FileArg = None,
    wide: WideOpt = None,
    sheet: SheetOpt = None,
    encoding: EncodingOpt = None,
    fmt: FormatOpt = Format.auto,
    output: OutputOpt = None,
    raw: RawOpt = False,
    debug: DebugOpt = False,
) -> None:
    """Check a file as every command reads it, and list every problem with its line and column.

    Errors (a command would stop): cells that are not numbers or periods, duplicates, a series mixing
    frequencies, bases or units. Warnings: missing-value marks (-, NA, ..), periods missing inside a
    series, and jumps of over 100 times between neighbours (a likely unit slip). Columns: file, line,
    column, severity, problem, text, expected. The list is written even when there are errors; a
    summary goes to stderr. Exit status: 0 clean, 1 warnings only, 2 errors.

    Example: `indcalc validate yearbook.xlsx`
    """
    source = _In(file, wide=wide, sheet=sheet, encoding=encoding)

    def job() -> pd.DataFrame:
        from indcalc.loader import inspect

        problems = inspect(source.file, source.options()).problems
        errors = sum(p.severity == "error" for p in problems)
        warned = len(problems) - errors
        typer.echo(
            f"indcalc: {errors} error{'s' * (errors != 1)}, {warned} warning{'s' * (warned != 1)}", err=True
        )
        return _problem_table(problems)

    def status(report: pd.DataFrame) -> int:
        severities = set(report["severity"])
        return 2 if "error" in severities else 1 if severities else 0

    _run(job, title=f"Problems · {_source_name(file)}", out=_Out(fmt, output, 2, raw, debug), status=status)


def _problem_table(problems: list) -> pd.DataFrame:
    import pandas as pd

    columns = ["file", "line", "column", "severity", "problem", "text", "expected"]
    rows = [[p.path, p.line, p.column, p.severity, p.message, p.text, p.expected] for p in problems]
    table = pd.DataFrame(rows, columns=columns)
    for name in ("line", "column"):
        table[name] = table[name].astype("Int64")
    for name in ("file", "severity", "problem", "text", "expected"):
        table[name] = table[name].astype("category")
    return table


def main() -> None:
    """Entry point of the `indcalc` console script."""
    app(prog_name="indcalc")
