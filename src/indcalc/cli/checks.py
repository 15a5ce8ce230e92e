"""`indcalc validate`: every problem in a file, located; `indcalc check`: a report's arithmetic."""

from typing import TYPE_CHECKING, Annotated

import typer

from indcalc.cli.inputs import Inputs, source_name, typed
from indcalc.cli.options import Output, bundled
from indcalc.cli.program import Done, app, run
from indcalc.errors import EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, UsageError

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator
    from typing import BinaryIO

    import pandas as pd


@app.command()
@bundled(without=("indicator", "entity", "scale_to", "sort", "digits"))
def validate(
    *,
    source: Inputs,
    out: Output,
    every: Annotated[
        bool,
        typer.Option("--all", help="List every problem, not only the first 20 (all are counted anyway)."),
    ] = False,
) -> None:
    """Check a file as every command reads it, and list its problems with their line and column.

    Errors (a command would stop): cells that are not numbers or periods, duplicates, a series mixing
    frequencies, bases or units. Warnings: missing-value marks (-, NA, ..), periods missing inside a
    series (a deleted row or an empty value cell), jumps of over 100 times between neighbours (a
    likely unit slip), and what the table states that its levels do not give, within their rounding:
    a stated growth (比上年增长(%), 同比增长(%), YoY %), a single month (当月) that is not the difference
    of its year-to-date figures (累计), a part (其中) larger than its total. Columns: file, line, column,
    severity, problem, text, expected. 20 problems are listed in line order, the first errors before
    the first warnings, so that warnings never hide an error (`--all`: every one); the number of
    errors and warnings, all counted, the columns no command uses and the series with no figures go to
    stderr; a clean file draws no table on a terminal (CSV and JSON keep their header). Exit status: 0
    clean, 1 warnings only, 2 errors.

    Example: `indcalc validate yearbook.xlsx --all`
    """

    def job() -> Done:
        from indcalc.cli.output import resolve_format
        from indcalc.reading import MAX_LISTED, inspect
        from indcalc.reading.derived import unused_note, without_figures_note

        found = inspect(source.where(), source.options(), limit=None if every else MAX_LISTED)
        errors, warned = found.error_count, found.warning_count
        summary = f"indcalc: {errors:,} error{'s' * (errors != 1)}, {warned:,} warning{'s' * (warned != 1)}"
        if len(found.problems) < errors + warned:
            summary += f"; listed the first {len(found.problems)}, errors first (--all lists them all)"
        status = EXIT_ERROR if errors else EXIT_FINDINGS if warned else EXIT_OK
        said = (  # errors or not: a user fixing the errors wants to know them too
            (unused_note(found.read), without_figures_note(found.read)) if found.read is not None else ()
        )
        notes = (*(note for note in said if note), summary)  # said, not passed over
        if not found.problems and out.output is None and resolve_format(out.fmt, None) == "table":
            return Done(None, notes=notes, status=status)  # no empty table: stderr says 0 errors, 0 warnings
        return Done(_problem_table(found.problems), notes=notes, status=status)

    run(job, title=f"Problems · {source.name}", out=out)


def _problem_table(problems: list) -> "pd.DataFrame":
    import pandas as pd

    columns = {"file": "path", "line": "line", "column": "column", "severity": "severity"}
    columns |= {"problem": "message", "text": "text", "expected": "expected"}
    table = {}  # column by column: validate --all may list millions
    for name, attribute in columns.items():
        values = [getattr(p, attribute) for p in problems]
        typed = "Int64" if name in ("line", "column") else "category"
        table[name] = pd.array(values, dtype="Int64") if typed == "Int64" else pd.Categorical(values)
    return pd.DataFrame(table)


@app.command()
@bundled(without=("digits",))
def check(
    file: Annotated[
        str,
        typer.Argument(metavar="FILE", help="A report as text, Markdown or HTML; `-` reads stdin."),
    ],
    out: Output,
) -> None:
    """Check the arithmetic of the numeric claims in a report's text.

    Finds figures that moved ("from 5.45% to 16%", "rose to 4.4% from 4.1%",
    "由上年的500.3亿元增加到562.3亿元") and what the text says of them ("an increase of N%", "down N
    percentage points", "doubled", "N-fold", 增长N%, 提高N个百分点, 年均增长N% (a CAGR over the years
    named), 增长N倍 (×(N+1)), 翻一番), in English or Chinese, and figures given with their growth
    ("85.2 billion yuan (+28.6% YoY)"), then recomputes them, taking each printed figure as the interval
    its rounding allows. Columns: line, claim, stated, computed, verdict (consistent, inconsistent,
    info), note. Years, dates and ranks are not taken for values. Lines broken between two Chinese
    characters (text copied out of a PDF) are joined. Exit status 1 when any claim is inconsistent (as
    grep and diff do, for a report's CI), 0 otherwise; 2 for a report in two encodings (UTF-8 and GBK
    joined by `cat`) or cut short.

    Example: `indcalc check report.md`
    """

    def job() -> Done:
        from indcalc.claims import claim_columns, read_lines
        from indcalc.reading.sources import open_bytes, status_of, unchanged
        from indcalc.render import Parts
        from indcalc.report_text import as_utf8

        with typed(file):
            name, report = open_bytes(file)
        opened = status_of(report)  # read several times: each must read what the first did
        if b"\x00" in report.read(1 << 16):
            report.close()
            raise UsageError(f"{name}: binary data, not a text file")
        if _blank(report):  # a report that failed to export, say: not a clean bill of health
            report.close()
            raise UsageError(f"{name}: empty, no text to check")
        try:
            text = as_utf8(name, report)  # the report itself, or its text decoded into memory
        except BaseException:
            report.close()
            raise
        lines = _then(read_lines(text), lambda: unchanged(name, report, opened))
        found = _Found()
        return Done(Parts(found.tables(claim_columns(lines), report, text)), status=found.status)

    run(job, title=f"Claims · {source_name(file)}", out=out)


def _then(items: "Iterable[str]", after: "Callable[[], None]") -> "Iterator[str]":
    """`items`, then `after` called once they are all taken (which may raise)."""
    yield from items
    after()


def _blank(report: "BinaryIO") -> bool:
    """Whether a file holds nothing but white space (read a block at a time, from the start)."""
    report.seek(0)
    return not any(block.strip() for block in iter(lambda: report.read(1 << 20), b""))


class _Found:
    """The claims found, as tables written as they come (`indcalc.render.Parts`), and the exit status
    they make once all are written: 1 when any claim is inconsistent, as grep and diff do."""

    def __init__(self) -> None:
        self.inconsistent = False

    def tables(self, batches: "Iterable[tuple]", *files: "BinaryIO") -> "Iterator[pd.DataFrame]":
        """A table of each batch of claims (`indcalc.claims.claim_columns`: column by column, with no
        row of Python objects in between: check may find millions); one, empty, when there are none.
        `files` (the report, and its text where it was decoded) are closed after."""
        import contextlib

        import pandas as pd

        from indcalc.claims import CLAIM_COLUMNS

        types = {name: "int64" if name == "line" else object for name in CLAIM_COLUMNS}
        with contextlib.ExitStack() as opened:
            for file in files:
                opened.enter_context(file)
            written = False
            for claims in batches:
                if claims[0] or not written:  # a table, empty, even when there are no claims
                    columns = {n: pd.Series(c, dtype=types[n]) for n, c in zip(types, claims, strict=True)}
                    table = pd.DataFrame(columns)
                    self.inconsistent |= bool((table["verdict"] == "inconsistent").any())
                    written = True
                    yield table
            if not written:
                yield pd.DataFrame({n: pd.Series([], dtype=types[n]) for n in types})

    def status(self) -> int:
        return EXIT_FINDINGS if self.inconsistent else EXIT_OK
