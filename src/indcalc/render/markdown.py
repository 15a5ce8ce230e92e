"""Markdown: a GitHub table with the rounding of the terminal table, and its footnote; and
`markdown_text`, which escapes text to read as itself in a table cell or heading.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import IO, TYPE_CHECKING

from indcalc.formulas import Rows
from indcalc.render.cells import UNDEFINED, display, format_cell, is_text, number_format
from indcalc.render.footnotes import rows_footnote, table_footnote, undefined_notes
from indcalc.render.machine import table_of
from indcalc.visible import visible

if TYPE_CHECKING:
    import pandas as pd
    import pyarrow as pa


def write_markdown(
    frame: pd.DataFrame | Rows,
    stream: IO[str],
    *,
    title: str = "",
    digits: int = 2,
    batch_rows: int = 1 << 15,
    advance: Callable[[int], None] | None = None,
) -> None:
    """A GitHub table with the rounding of the terminal table, and the footnote.

    Text from the data is shown as `visible` shows it and escaped for GitHub-flavoured Markdown
    (`markdown_text`), so each row stays one row and each cell reads as its text. A DataFrame is
    written batch by batch (`advance` is called with the rows of each), in bounded memory.
    """

    def line(values: Sequence[str]) -> str:
        return "| " + " | ".join(values) + " |\n"

    if title:
        stream.write(f"### {markdown_text(visible(title), heading=True)}\n\n")
    if isinstance(frame, Rows):
        columns, cells, numeric, rows = display(frame, digits)
        note = rows_footnote(rows, columns, undefined_notes(frame))
        stream.write(line([markdown_text(visible(c)) for c in columns]))
        stream.write(line(["--:" if n else ":--" for n in numeric]))
        for row, cell in zip(rows, cells, strict=True):
            values = [row[c] for c in columns]
            pairs = zip(values, cell, strict=True)
            stream.write(line([markdown_text(t) if isinstance(v, str) else t for v, t in pairs]))
    else:
        table = table_of(frame)
        text = {c for c in frame.columns if is_text(frame[c])}
        columns = [c for c in frame.columns if not (c in text and len(frame) and _blank(table[c]))]
        note = table_footnote(table, columns, undefined_notes(frame))
        stream.write(line([markdown_text(visible(str(c))) for c in columns]))
        stream.write(line([":--" if c in text else "--:" for c in columns]))
        shown = table.select([list(frame.columns).index(c) for c in columns])
        for batch in shown.to_batches(max_chunksize=batch_rows):
            pairs = zip(columns, batch.columns, strict=True)
            cells = [_markdown_cells(c, column, digits) for c, column in pairs]
            stream.write("".join(line(row) for row in zip(*cells, strict=True)))
            if advance is not None:
                advance(batch.num_rows)
    if note:
        stream.write(f"\n{note}\n")


#: What GitHub-flavoured Markdown reads as markup inside a table cell: escaped with a backslash. An
#: underscore between two letters or digits is left alone (it cannot emphasise: ``pct_change``), and
#: so is an ampersand that cannot start a character reference (``R&D``).
_MARKDOWN_SPECIAL = r"[\\`*\[\]<>|~]|&(?=#|\w+;)|_(?![^\W_])|(?<![^\W_])_"


def markdown_text(text: str, *, heading: bool = False) -> str:
    """`text` escaped to read as itself in a GitHub-flavoured Markdown table cell (or a heading): its
    markup characters (``\\ ` * _ [ ] < > | ~``, an ``&`` that would start a character reference, and ``#``
    in a heading) after a backslash, and
    spaces at its ends, which a table cell would trim, as character references. Control characters
    are for `visible` to show first.

    Example:
        >>> print(markdown_text("back\\\\|slash"), markdown_text("pct_change"))
        back\\\\\\|slash pct_change
        >>> print(markdown_text("<b>R&D &amp;</b>"))
        \\<b\\>R&D \\&amp;\\</b\\>
        >>> print(markdown_text(" *x* "))
        &#32;\\*x\\*&#32;
    """
    import re

    def escaped(match: re.Match[str]) -> str:
        found = match.group()
        if found.isspace():
            return "".join(f"&#{ord(c)};" for c in found)
        return "\\" + found

    pattern = _MARKDOWN_SPECIAL + ("|#" if heading else "") + r"|^\s+|\s+$"
    return re.sub(pattern, escaped, text)


def _blank(column: pa.ChunkedArray) -> bool:
    """Whether a text column holds nothing but nulls and empty strings."""
    import pyarrow as pa
    import pyarrow.compute as pc

    return bool(pc.all(pc.equal(pc.fill_null(column.cast(pa.string()), ""), "")).as_py() is not False)


def _markdown_cells(name: str, column: pa.Array, digits: int) -> list[str]:
    """A column of a batch as Markdown cells: text `visible` and escaped (each distinct value once),
    figures as `format_cell` writes them."""
    import pyarrow as pa
    import pyarrow.compute as pc

    kind = column.type
    if pa.types.is_dictionary(kind) or pa.types.is_string(kind) or pa.types.is_large_string(kind):
        coded = column if pa.types.is_dictionary(kind) else pc.dictionary_encode(column)
        labels = pa.array([markdown_text(visible(str(v))) for v in coded.dictionary.to_pylist()], pa.string())
        return pc.fill_null(pc.take(labels, coded.indices), UNDEFINED).to_pylist()
    if pa.types.is_floating(kind) or pa.types.is_integer(kind):
        write = number_format(name, digits)
        return [UNDEFINED if v is None or v != v else write(float(v)) for v in column.to_pylist()]
    return [
        markdown_text(format_cell(name, v, digits)) if isinstance(v, str) else format_cell(name, v, digits)
        for v in column.to_pylist()
    ]
