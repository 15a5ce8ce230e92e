"""`indcalc validate`: every problem in a file, located."""

from typing import TYPE_CHECKING, Annotated

import typer

from indcalc.cli.shared import (
    DebugOpt,
    EncodingOpt,
    FileArg,
    Format,
    FormatOpt,
    OutputOpt,
    RawOpt,
    SheetOpt,
    WideOpt,
    _In,
    _Out,
    _run,
    _source_name,
    _tell,
    app,
)
from indcalc.errors import UsageError

if TYPE_CHECKING:
    import pandas as pd


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

    def job() -> "pd.DataFrame":
        from indcalc.loader import inspect

        problems = inspect(source.file, source.options()).problems
        errors = sum(p.severity == "error" for p in problems)
        warned = len(problems) - errors
        _tell(f"indcalc: {errors} error{'s' * (errors != 1)}, {warned} warning{'s' * (warned != 1)}")
        return _problem_table(problems)

    def status(report: "pd.DataFrame") -> int:
        severities = set(report["severity"])
        return 2 if "error" in severities else 1 if severities else 0

    _run(job, title=f"Problems · {_source_name(file)}", out=_Out(fmt, output, 2, raw, debug), status=status)


def _problem_table(problems: list) -> "pd.DataFrame":
    import pandas as pd

    columns = ["file", "line", "column", "severity", "problem", "text", "expected"]
    rows = [[p.path, p.line, p.column, p.severity, p.message, p.text, p.expected] for p in problems]
    table = pd.DataFrame(rows, columns=columns)
    for name in ("line", "column"):
        table[name] = table[name].astype("Int64")
    for name in ("file", "severity", "problem", "text", "expected"):
        table[name] = table[name].astype("category")
    return table


@app.command()
def check(
    file: Annotated[
        str,
        typer.Argument(metavar="FILE", help="A report as text, Markdown or HTML; `-` reads stdin."),
    ],
    fmt: FormatOpt = Format.auto,
    output: OutputOpt = None,
    raw: RawOpt = False,
    debug: DebugOpt = False,
) -> None:
    """Check the arithmetic of the numeric claims in a report's text.

    Finds figures that moved ("from 5.45% to 16%", "43.9%, up from 25.9%", "从2增长到6") and what the text
    says of them ("an increase of N%", "by N percentage points", "doubled", "N-fold"), and figures given
    with their growth ("85.2 billion yuan (+28.6% YoY)"), then recomputes them, taking each printed
    figure as the interval its rounding allows. Columns: line, claim, stated, computed, verdict
    (consistent, inconsistent, info), note. Years, dates and ranks are not taken for values. Exit
    status 1 when any claim is inconsistent (as grep and diff do, for a report's CI), 0 otherwise.

    Example: `indcalc check report.md`
    """

    def job() -> "pd.DataFrame":
        import pandas as pd

        from indcalc.claims import CLAIM_COLUMNS, check_text, read_text
        from indcalc.loader import read_bytes

        name, data = read_bytes(file)
        if b"\x00" in data[: 1 << 16]:
            raise UsageError(f"{name}: binary data, not a text file")
        claims = check_text(read_text(data))
        table = pd.DataFrame([vars(c) for c in claims], columns=CLAIM_COLUMNS)
        table["line"] = table["line"].astype("int64")
        return table

    def status(report: "pd.DataFrame") -> int:
        return 1 if (report["verdict"] == "inconsistent").any() else 0

    _run(job, title=f"Claims · {_source_name(file)}", out=_Out(fmt, output, 2, raw, debug), status=status)
