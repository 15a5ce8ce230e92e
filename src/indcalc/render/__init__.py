"""The one output path: a result DataFrame to a table, CSV, TSV, JSON, Markdown, an Excel workbook or
Parquet. The render package is the only one that imports Rich.

- ``csv``, ``tsv``, ``json`` (`indcalc.render.machine`): for programs; unrounded, no colour.
- ``xlsx``, ``parquet`` (`indcalc.render.binary`): the same figures, written to a binary stream.
- ``table`` (`indcalc.render.table`): for people: rounded to ``digits`` (`indcalc.render.cells`),
  coloured on a terminal, undefined figures explained in a footnote (`indcalc.render.footnotes`),
  fitted to the terminal's width (`indcalc.render.fit`); ``text`` is the same table as plain text.
- ``markdown`` (`indcalc.render.markdown`): a GitHub table with the same rounding and footnote.
- ``html`` (`indcalc.render.html`): a self-contained page of the same table, for mail.

`progress` (`indcalc.render.progress_bar`) draws a bar on stderr while the work runs. The writers of
the formats for people are imported when used, and submodules import pandas, pyarrow and Rich only
inside the functions that use them, so importing this package is cheap.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import IO, TYPE_CHECKING

from indcalc.formulas import Rows
from indcalc.render.machine import Parts, write_csv, write_json, write_rows_csv
from indcalc.render.progress_bar import progress

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["BINARY_FORMATS", "FORMATS", "Parts", "progress", "render"]

FORMATS = ("table", "text", "csv", "tsv", "json", "markdown", "html", "xlsx", "parquet")
#: Formats written as bytes (to a binary stream), not text.
BINARY_FORMATS = ("xlsx", "parquet")


def render(
    frame: pd.DataFrame | Parts,
    fmt: str,
    stream: IO[str],
    *,
    title: str = "",
    digits: int = 2,
    color: bool | None = None,
    raw: bool = False,
    width: int | None = None,
    advance: Callable[[int], None] | None = None,
) -> None:
    """Write `frame` to `stream` in format `fmt` (one of `FORMATS`).

    Args:
        frame: a result of a computation; column names decide the number formats. `Parts` of one are
            written part by part in CSV, TSV and JSON, and as one frame in the other formats.
        fmt: ``table``, ``text``, ``csv``, ``tsv``, ``json``, ``markdown``, ``html``, ``xlsx`` or
            ``parquet``.
        stream: a text stream (its ``buffer`` is used for CSV when it has one); a binary one for the
            `BINARY_FORMATS`.
        title: shown above tables and as the Markdown heading.
        digits: decimals shown in tables and Markdown (machine formats are never rounded).
        color: force colour on or off in tables; None: by the terminal, NO_COLOR and FORCE_COLOR
            (`indcalc.color`).
        raw: CSV text cells exactly as they are, without the guard against spreadsheet formulas.
        width: the terminal width for a table written to a stand-in for the terminal.
        advance: called with the number of rows of each batch written (CSV, TSV, xlsx, JSON, Markdown;
            see `progress`).

    Example:
        >>> import io, pandas as pd
        >>> out = io.StringIO()
        >>> render(pd.DataFrame({"indicator": ["x"], "pct_change": [193.57798]}), "markdown", out)
        >>> print(out.getvalue().strip())
        | indicator | pct_change |
        | :-- | --: |
        | x | 193.58% |
    """
    if isinstance(frame, Parts) and fmt not in ("csv", "tsv", "json"):
        frame = frame.whole()
    if fmt in ("csv", "tsv") and isinstance(frame, Rows):
        write_rows_csv(frame, stream, raw=raw, delimiter="\t" if fmt == "tsv" else ",")
    elif fmt in ("csv", "tsv"):
        write_csv(frame, stream, raw=raw, advance=advance, delimiter="\t" if fmt == "tsv" else ",")
    elif fmt == "json":
        write_json(frame, stream, advance=advance)
    # the other writers imported when used: the machine formats' start-up is 8 ms shorter
    elif fmt == "xlsx":
        from indcalc.render.binary import write_xlsx

        write_xlsx(frame, stream, title=title, advance=advance)  # type: ignore[arg-type]
    elif fmt == "parquet":
        from indcalc.render.binary import write_parquet

        write_parquet(frame, stream)  # type: ignore[arg-type]
    elif fmt == "markdown":
        from indcalc.render.markdown import write_markdown

        write_markdown(frame, stream, title=title, digits=digits, advance=advance)
    elif fmt == "html":
        from indcalc.render.html import write_html

        write_html(frame, stream, title=title, digits=digits)
    elif fmt == "table":
        from indcalc.render.table import write_table

        write_table(frame, stream, title=title, digits=digits, color=color, width=width)
    elif fmt == "text":  # the table as plain text, whatever the stream: for mail
        from indcalc.render.table import write_text

        write_text(frame, stream, title=title, digits=digits)
    else:
        raise ValueError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")
