"""The options data commands share, declared once, and the bundles that hand them to a command.

A command decorated with `bundled` names a parameter ``source: Inputs`` and one ``out: Output``, and
may name one ``cluster: Cluster`` (the engine options); the decorator puts FILE first, the input
options where ``source`` stands, the output options where ``out`` stands, the engine options where
``cluster`` stands and --debug last, in the order of `_bundled_options` (and `_engine_options`), and
calls the command with one of each bundle. Adding an input option is one edit there (and one field
of `Inputs`). Typer reads the signature the decorator writes (``__signature__``).
"""

import enum
import functools
import inspect
import os
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, NamedTuple, Optional, TypeVar

import typer

from indcalc.cli.inputs import Inputs, given


class Sort(enum.StrEnum):
    """Orders of the series in a result; periods within a series are always in time order."""

    file = "file"
    name = "name"


class Format(enum.StrEnum):
    """Output formats; `auto` is a table on a terminal, CSV otherwise (or by --output's extension)."""

    auto = "auto"
    table = "table"
    csv = "csv"
    tsv = "tsv"
    json = "json"
    markdown = "markdown"
    text = "text"
    html = "html"
    xlsx = "xlsx"
    parquet = "parquet"


FileArg = Annotated[
    Optional[str],  # noqa: UP045 (Typer needs Optional at runtime on some versions)
    typer.Argument(
        metavar="FILE",
        show_default=False,
        callback=given,
        help="CSV, TSV, Excel or Parquet file of indicators (columns indicator, period, value; optional "
        "entity, unit; or periods as columns). "
        "`-` reads stdin; omitted: stdin when data is piped in, else the bundled figures.",
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


def period_option(flag: str, what: str, example: str) -> typer.models.OptionInfo:
    """A PERIOD option for every series. Example: ``period_option("--from", "Start", "2020")``"""
    return typer.Option(
        flag,
        metavar="PERIOD",
        show_default=False,
        help=f"{what} period for every series. Example: `{flag} {example}`",
    )


FromOpt = Annotated[Optional[str], period_option("--from", "Start", "2020")]  # noqa: UP045
ToOpt = Annotated[Optional[str], period_option("--to", "End", "2025")]  # noqa: UP045
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
        help="auto: a table on a terminal, CSV when piped, and with --output the format its extension "
        "names. Given with --output, it must agree with the extension (.txt takes any text format). "
        "xlsx and parquet are binary: to a file or a pipe, never a terminal.",
    ),
]


class DirectoryPath(type(Path())):  # type: ignore[misc]
    """--output given with a trailing slash (``-o out.d/``), which Path drops: a directory, whatever
    its name (`indcalc.cli.engine.directory`)."""


def _output_path(given: str | None) -> Path | None:
    if given is None or given == "-":
        return None
    slashed = given.endswith(("/", os.sep)) and given.strip("/" + os.sep)  # not / itself
    return DirectoryPath(given) if slashed else Path(given)


OutputOpt = Annotated[
    Optional[str],  # noqa: UP045  (a Path from the callback: the trailing slash is read first)
    typer.Option(
        "--output",
        "-o",
        metavar="PATH",
        show_default=False,
        callback=_output_path,
        help="Write here instead of stdout, in the format its extension names: .csv .tsv .json .md "
        ".markdown .txt .html .xlsx .parquet, and .gz after a text one (`-o out.csv.gz`); another "
        "extension, or none, needs --format; `-` is stdout. Written to a temporary file and renamed, so "
        "a failure never leaves half a file; a device, FIFO or /dev/stdout is written in place.",
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
        help="Text encoding of a CSV; by default UTF-8, or UTF-16/32 by their BOM (UTF-16 also by its "
        "zero bytes), else GB18030 if it reads as Chinese, else Windows-1252 if it reads as Western "
        "text. Example: `--encoding latin-1`",
    ),
]


def _line_option(flag: str, minimum: int, help: str) -> typer.models.OptionInfo:
    return typer.Option(flag, metavar="N", min=minimum, show_default=False, help=help)


HeaderRowOpt = Annotated[
    Optional[int],  # noqa: UP045
    _line_option(
        "--header-row",
        1,
        "The line (sheet row) of the header; by default the first line after any metadata or "
        "title lines. Example: `--header-row 5`",
    ),
]
SkipOpt = Annotated[
    Optional[int],  # noqa: UP045
    _line_option(
        "--skip", 0, "Skip N lines above the header (the same as `--header-row N+1`). Example: `--skip 4`"
    ),
]


def _column_option(flag: str, what: str, example: str, many: bool = False) -> typer.models.OptionInfo:
    again = "; repeat to join several" if many else ""
    return typer.Option(
        flag,
        metavar="COL",
        show_default=False,
        help=f"The column of {what} (by its header); by default found by name{again}. "
        f"Example: `{flag} {example}`",
    )


PeriodColOpt = Annotated[Optional[str], _column_option("--period-col", "periods", "TIME_PERIOD")]  # noqa: UP045
ValueColOpt = Annotated[Optional[str], _column_option("--value-col", "values", "OBS_VALUE")]  # noqa: UP045
EntityColOpt = Annotated[
    Optional[list[str]],  # noqa: UP045
    _column_option("--entity-col", "entities", "REF_AREA", many=True),
]
IndicatorColOpt = Annotated[
    Optional[list[str]],  # noqa: UP045
    _column_option("--indicator-col", "indicators", "'Indicator Name'", many=True),
]
UnitColOpt = Annotated[Optional[str], _column_option("--unit-col", "units", "UNIT_MEASURE")]  # noqa: UP045
MissingOpt = Annotated[
    Optional[list[str]],  # noqa: UP045
    typer.Option(
        "--missing",
        metavar="TOKEN",
        show_default=False,
        help="A cell text that marks a missing figure, besides empty, -, .., :, ., n/a, … and —; repeat "
        "for more. Example: `--missing x`",
    ),
]
SortOpt = Annotated[
    Sort,
    typer.Option(
        "--sort",
        case_sensitive=False,
        help="Order of the series: file (as they first appear in the file) or name (entity, then "
        "indicator, by code point). Periods stay in time order. Example: `--sort name`",
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


class Engine(enum.StrEnum):
    """Where a command computes: in this process, or on a Dask cluster (`indcalc.distributed`)."""

    local = "local"
    dask = "dask"


EngineOpt = Annotated[
    Engine,
    typer.Option(
        "--engine",
        case_sensitive=False,
        help="local: in this process. dask: on a Dask cluster (--scheduler, else a LocalCluster on this "
        "machine), with the same results; FILE may then be a directory or a glob of Parquet/CSV files, "
        "and -o a directory of Parquet part files. Needs indcalc's dask extra: `pip install '.[dask]'`. "
        "Example: `--engine dask`",
    ),
]
SchedulerOpt = Annotated[
    Optional[str],  # noqa: UP045
    typer.Option(
        "--scheduler",
        metavar="ADDRESS",
        envvar="DASK_SCHEDULER_ADDRESS",
        show_default=False,
        help="The Dask scheduler of --engine dask. Example: `--scheduler tcp://10.0.0.5:8786`",
    ),
]
SchedulerFileOpt = Annotated[
    Optional[Path],  # noqa: UP045
    typer.Option(
        "--scheduler-file",
        metavar="FILE",
        show_default=False,
        help="The JSON file `dask scheduler --scheduler-file` writes, instead of --scheduler.",
    ),
]


class Cluster(NamedTuple):
    """The engine bundle: where a command that can run on Dask computes (README, More than one machine)."""

    engine: Engine = Engine.local
    scheduler: str | None = None
    scheduler_file: Path | None = None


def _engine_options(
    engine: EngineOpt = Engine.local,
    scheduler: SchedulerOpt = None,
    scheduler_file: SchedulerFileOpt = None,
) -> None:
    """The engine bundle's options, in their order in --help (a signature `bundled` copies)."""


class Output(NamedTuple):
    """The output bundle: how a command writes its result, and whether an error shows its traceback."""

    fmt: Format = Format.auto
    output: Path | None = None
    digits: int = 2
    raw: bool = False
    debug: bool = False


def _bundled_options(
    file: FileArg = None,
    indicator: IndicatorOpt = None,
    entity: EntityOpt = None,
    wide: WideOpt = None,
    sheet: SheetOpt = None,
    encoding: EncodingOpt = None,
    scale_to: ScaleOpt = None,
    header_row: HeaderRowOpt = None,
    skip: SkipOpt = None,
    period_col: PeriodColOpt = None,
    value_col: ValueColOpt = None,
    entity_col: EntityColOpt = None,
    indicator_col: IndicatorColOpt = None,
    unit_col: UnitColOpt = None,
    missing: MissingOpt = None,
    sort: SortOpt = Sort.file,
    fmt: FormatOpt = Format.auto,
    output: OutputOpt = None,
    digits: DigitsOpt = 2,
    raw: RawOpt = False,
    debug: DebugOpt = False,
) -> None:
    """The bundles' options, in their order in --help (a signature `bundled` copies, never called)."""


_OPTIONS = {
    **inspect.signature(_bundled_options).parameters,
    **inspect.signature(_engine_options).parameters,
}
_NAMES = list(_OPTIONS)
#: The input options (after FILE) and the output options (before --debug), as `_bundled_options` lists them.
INPUT_OPTIONS = tuple(_NAMES[1 : _NAMES.index("fmt")])
OUTPUT_OPTIONS = tuple(_NAMES[_NAMES.index("fmt") : _NAMES.index("debug")])
ENGINE_OPTIONS = tuple(inspect.signature(_engine_options).parameters)
_INPUT_FIELDS = {"indicator": "indicators", "entity": "entities"}  # the others keep their names

Command = TypeVar("Command", bound=Callable[..., None])


def bundled(without: tuple[str, ...] = ()) -> Callable[[Command], Command]:
    """Give a command the shared options: FILE and the input options for its ``Inputs`` parameter, the
    output options for its ``Output`` one, --debug last; `without` names options it does not take
    (their defaults are used). The command's own parameters keep their places.

    Example:
        >>> @bundled(without=("digits",))
        ... def listing(*, source: Inputs, out: Output) -> None: ...
        >>> list(inspect.signature(listing).parameters)[:3], "digits" in inspect.signature(listing).parameters
        (['file', 'indicator', 'entity'], False)
    """

    def bundle(command: Command) -> Command:
        own = inspect.signature(command).parameters.values()
        kind = inspect.Parameter.KEYWORD_ONLY
        source = next((p.name for p in own if p.annotation in (Inputs, "Inputs")), None)
        out = next(p.name for p in own if p.annotation in (Output, "Output"))
        cluster = next((p.name for p in own if p.annotation in (Cluster, "Cluster")), None)
        parameters = [_OPTIONS["file"]] if source else []
        for parameter in own:
            places = {source: INPUT_OPTIONS, out: OUTPUT_OPTIONS, cluster: ENGINE_OPTIONS}
            names = places.get(parameter.name, ())
            if not names:
                parameters.append(parameter)
            parameters += [_OPTIONS[name] for name in names if name not in without]
        parameters.append(_OPTIONS["debug"])
        parameters = [p.replace(kind=kind) for p in parameters]
        added = {p.name for p in parameters} - {p.name for p in own}

        @functools.wraps(command)
        def bundling(**given: object) -> None:
            taken = {**{n: _OPTIONS[n].default for n in (*INPUT_OPTIONS, *OUTPUT_OPTIONS)}, **given}
            bundles = {out: Output(**{n: taken[n] for n in (*OUTPUT_OPTIONS, "debug")})}
            if source:
                fields = {_INPUT_FIELDS.get(n, n): taken[n] for n in INPUT_OPTIONS}
                bundles[source] = Inputs(taken["file"], **fields)  # type: ignore[arg-type]
            if cluster:
                bundles[cluster] = Cluster(**{n: given.get(n, _OPTIONS[n].default) for n in ENGINE_OPTIONS})
            mine = {name: value for name, value in given.items() if name not in added}
            command(**mine, **bundles)

        bundling.__signature__ = inspect.Signature(parameters)  # type: ignore[attr-defined]
        bundling.__annotations__ = {p.name: p.annotation for p in parameters}
        return bundling  # type: ignore[return-value]

    return bundle
