"""Fields of a line of delimited text: the delimiter, how many fields, and where in a file a problem is.

Shared by the decoding of a file (`indcalc.reading.encodings`, whose errors are located before the
file is parsed) and its parsing (`indcalc.reading.csv`). Fields are split by Python's csv module.
"""

from __future__ import annotations

import csv

from indcalc.errors import InputError
from indcalc.reading.sources import RawFile

DELIMITERS = (",", ";", "\t", "|")


def field_count(text: str, delimiter: str) -> int:
    """How many fields a line (or the start of one) has; at least 1.

    Example:
        >>> field_count('x,"a,b",3', ","), field_count("", ",")
        (3, 1)
    """
    try:
        return max(len(next(csv.reader([text.replace("\r", " ")], delimiter=delimiter), [""])), 1)
    except csv.Error:  # a stray quote: count delimiters instead
        return text.count(delimiter) + 1


def sniff_delimiter(data: bytes) -> str:
    """The delimiter among , ; tab | that splits the header line into the most fields (comma on ties).

    Example:
        >>> sniff_delimiter(b"indicator;period;value\\n"), sniff_delimiter(b"indicator\\n")
        (';', ',')
    """
    first = next((line for line in data[: 1 << 16].splitlines() if line.strip()), b"").decode(
        "utf-8", "replace"
    )
    counts = {d: field_count(first, d) for d in DELIMITERS}
    best = max(counts.values())
    return next(d for d in DELIMITERS if counts[d] == best)


def delimiter_of(src: RawFile, text: bytes) -> str:
    """The delimiter of a file whose text (or start of it) is `text`, as UTF-8: tab in a TSV, else sniffed."""
    return "\t" if src.kind == "tsv" else sniff_delimiter(text)


def located(src: RawFile, before: str, message: str) -> InputError:
    """An error about what follows the text `before` (the start of the file, decoded), located by its
    1-based line and field number, fields split on the file's delimiter (tab in a TSV, else sniffed
    from `before`: in a header cut short, from the part before the problem)."""
    delimiter = delimiter_of(src, before.encode("utf-8", "replace"))
    start = before.rfind("\n") + 1
    line, column = before.count("\n") + 1, field_count(before[start:], delimiter)
    return InputError(message, path=src.name, line=line, column=column)
