"""Fields of a line of delimited text: the delimiter, how many fields, and where in a file a problem is.

Shared by the decoding of a file (`indcalc.reading.encodings`, whose errors are located before the
file is parsed) and its parsing (`indcalc.reading.csv`). Fields are split by Python's csv module.
"""

from __future__ import annotations

import csv
import io
import itertools
import re

from indcalc.errors import InputError
from indcalc.reading.sources import RawFile

DELIMITERS = (",", ";", "\t", "|")
_LINE_END = re.compile(r"\r\n|\r|\n")  # as the csv module counts lines
#: How many of the first lines of a file `sniff_delimiter` looks at.
SCANNED_LINES = 64


def allow_fields(size: int) -> None:
    """Let the csv module read a field of `size` characters: its limit (131,072 by default) refused a
    valid file with a long cell ("field larger than field limit"), and an unclosed quote near the top
    of a large file was reported as that, not as the quote. The limit is only ever raised."""
    if size > csv.field_size_limit():
        csv.field_size_limit(min(size, 2**31 - 1))  # a C long: 32 bits on Windows


def field_count(text: str, delimiter: str) -> int:
    """How many fields a line (or the start of one) has; at least 1.

    Example:
        >>> field_count('x,"a,b",3', ","), field_count("", ",")
        (3, 1)
    """
    allow_fields(len(text))
    try:
        return max(len(next(csv.reader([text.replace("\r", " ")], delimiter=delimiter), [""])), 1)
    except csv.Error:  # a stray quote: count delimiters instead
        return text.count(delimiter) + 1


def sniff_delimiter(data: bytes) -> str:
    """The delimiter among , ; tab | that the table's lines share: the one for which the most of the
    first lines split into the same number (two or more) of fields, so a title line above the table
    (``GENESIS-Tabelle: 81000-0001``) or a decimal comma in a cell does not decide it (comma on ties;
    when no line splits, the one that splits the first line into the most fields).

    Example:
        >>> sniff_delimiter(b"indicator;period;value\\n"), sniff_delimiter(b"indicator\\n")
        (';', ',')
        >>> sniff_delimiter(b"Tabelle: 81000-0001\\n;;2021;2022\\nBIP;;3,5;4,5\\nBNE;;1,5;2,5\\n")
        ';'
    """
    start = data[: 1 << 16].splitlines()[:SCANNED_LINES]
    lines = [line.decode("utf-8", "replace") for line in start if line.strip()]
    first = lines[0] if lines else ""

    def shared(delimiter: str) -> tuple[int, int]:
        counts = [field_count(line, delimiter) for line in lines]
        widths = [c for c in counts if c >= 2]
        width = max(widths, key=widths.count) if widths else 0
        return widths.count(width), field_count(first, delimiter)

    scores = {d: shared(d) for d in DELIMITERS}
    best = max(scores.values())
    return next(d for d in DELIMITERS if scores[d] == best)


def delimiter_of(src: RawFile, text: bytes) -> str:
    """The delimiter of a file whose text (or start of it) is `text`, as UTF-8: tab in a TSV, else sniffed."""
    return "\t" if src.kind == "tsv" else sniff_delimiter(text)


def located(src: RawFile, before: str, message: str) -> InputError:
    """An error about what follows the text `before` (the start of the file, decoded), located by its
    1-based line and field number, fields split on the file's delimiter (tab in a TSV, else sniffed
    from `before`: in a header cut short, from the part before the problem). Lines end at CR LF, LF
    or a lone CR, as the csv module counts them; fields are counted from the start of the record, which
    a quoted cell may have begun lines above.

    Example:
        >>> error = located(RawFile("a.csv", b"", "csv"), 'x,p,v\\nA,"a\\nb, c",2020,', "bad")
        >>> error.line, error.column
        (3, 4)
    """
    delimiter = delimiter_of(src, before[: 1 << 16].encode("utf-8", "replace"))
    column = field_count(before[_record_start(before) :], delimiter)
    return InputError(message, path=src.name, line=line_breaks(before) + 1, column=column)


def line_breaks(text: str | bytes, end: int | None = None) -> int:
    """How many line ends ``text[:end]`` holds: CR LF, LF or a lone CR, as the csv module counts lines.

    Example:
        >>> line_breaks("a\\r\\nb\\nc\\rd"), line_breaks(b"a\\r\\nb\\n", 3)
        (3, 1)
    """
    lf, cr, crlf = ("\n", "\r", "\r\n") if isinstance(text, str) else (b"\n", b"\r", b"\r\n")
    return text.count(lf, 0, end) + text.count(cr, 0, end) - text.count(crlf, 0, end)  # type: ignore[arg-type]


def joins_rows(cell: str, delimiter: str, width: int) -> bool:
    """Whether a cell looks like rows that a quote left open joined into it: a line break and as many
    delimiters as a row of `width` fields has (a name or note written over two lines has fewer).

    Example:
        >>> joins_rows("GDP,2024,105\\nFR,GDP", ",", 4), joins_rows("GDP, real\\nchained", ",", 4)
        (True, False)
    """
    return bool(line_breaks(cell)) and cell.count(delimiter) >= width - 1


def field_end(data: bytes, at: int, delimiter: bytes) -> int:
    """Where the unquoted field at byte `at` ends: its delimiter or line end, or the end of `data`.

    Example:
        >>> field_end(b"a,bc\\nd", 2, b","), field_end(b"a,bc", 2, b",")
        (4, 4)
    """
    ends = [i for i in (data.find(delimiter, at), data.find(b"\n", at), data.find(b"\r", at)) if i >= 0]
    return min(ends, default=len(data))


def clipped(text: str, most: int = 40) -> str:
    """`text` cut to `most` characters for a message, ``...`` ending it where it was longer.

    Example:
        >>> clipped("Source: Banque de France, 2024", 20)
        'Source: Banque de...'
    """
    return text if len(text) <= most else text[: most - 3] + "..."


def _record_start(text: str) -> int:
    """Where the last record of `text` starts: after the last line end outside quotes, the quotes
    counted from the line below the last of the first records that does not parse, if one does not (a
    title line with a stray quote, which the reading skips: `indcalc.reading.csv._leading`).

    Example:
        >>> _record_start('x,"a\\nb", c'), _record_start('"T ("p")\\nx,y\\nA,"1\\n2", 3')
        (0, 13)
    """
    return _outside_quotes(text, _below_broken(text[: 1 << 20]))


def _below_broken(top: str) -> int:
    """Where the line below the first line of the last record that does not parse (`_leading` reads
    it so) among the first `SCANNED_LINES` records of `top` starts; 0 if they all parse."""
    origin, line, records = 0, 1, 0
    while records < SCANNED_LINES:
        reader = csv.reader(io.StringIO(top[origin:], newline=""), strict=True)
        try:
            for _ in itertools.islice(reader, SCANNED_LINES - records):
                records += 1
                line = reader.line_num + 1
            return origin
        except csv.Error as exc:
            if "unexpected end of data" in str(exc):  # `top` ends inside a quoted cell
                return origin
            ends = itertools.islice(_LINE_END.finditer(top, origin), line - 1, None)
            found = next(ends, None)
            if found is None:
                return origin
            origin, line, records = found.end(), 1, records + 1
    return origin


def _outside_quotes(text: str, origin: int) -> int:
    """Where the last record of `text` starts: after the last line end that an even number of quotes
    from `origin` on precedes, or `origin`."""
    quotes, at = text.count('"', origin), len(text)
    while at > origin:
        at = max(text.rfind("\n", origin, at), text.rfind("\r", origin, at))
        if at >= 0 and (quotes - text.count('"', at)) % 2 == 0:
            return at + 1
    return origin
