"""The forms of publishers' header and cell text that `indcalc.reading.layouts` recognises: codes and
``CODE:Label`` headers (SDMX-CSV), ISO dates, decimal commas, a unit in a name's parentheses, scale words.
"""

from __future__ import annotations

import re

import pyarrow as pa

CODE = re.compile(r"^[A-Z][A-Z0-9_]*$")
CODE_LABEL = re.compile(r"^[A-Za-z][A-Za-z0-9_]*: ?\S")  # Eurostat's dimensions are lowercase: freq, geo
#: A ``CODE: label`` unit cell whose label says percent (``367: Per cent``).
PERCENT_LABEL = r"(?i)^[^:\s]+:.*(?:per ?cent|percentage|%)"
DATE = r"^\s*\d{4}-\d{2}-\d{2}(?:[T ][\d:.]+Z?)?\s*$"
#: Statistics Canada's ``REF_DATE`` of a monthly or quarterly table: a quarter is dated by its first month.
MONTH_DATE = r"^\s*\d{4}-\d{2}\s*$"
DECIMAL_COMMA = r"^\s*[+-]?[\d.]*\d,\d+\s*$"
#: A unit in a name's trailing parentheses, before any note in parentheses that stays in the name
#: (World Bank: ``Unemployment, total (% of total labor force) (modeled ILO estimate)``).
UNIT_IN_NAME = (
    r"^(?P<name>.*?\S)\s*[(（](?P<unit>[^()（）=]*[^()（）=\s][^()（）=]*)[)）]"
    r"(?P<note>\s*[(（][^()（）]*[)）])?$"
)
SCALES = ("thousand", "million", "billion", "trillion")


def decimal_commas(cells: pa.ChunkedArray) -> pa.ChunkedArray:
    """Numbers with decimal commas (``1.234,5``, ``-0,3``) as ``1234.5``, ``-0.3``; other cells as they are.

    Example:
        >>> decimal_commas(pa.chunked_array([["1.234,5", "-0,3", "12", "-"]])).to_pylist()
        ['1234.5', '-0.3', '12', '-']
    """
    import pyarrow.compute as pc

    comma = pc.match_substring_regex(cells, r"^[+-]?(?:\d{1,3}(?:\.\d{3})+|\d+)(?:,\d+)?$")
    comma = pc.and_(
        comma, pc.or_(pc.match_substring(cells, ","), pc.match_substring_regex(cells, r"\.\d{3}(\.|$)"))
    )
    plain = pc.replace_substring(pc.replace_substring(cells, ".", ""), ",", ".")
    return pc.if_else(comma, plain, cells)


def matches(column: pa.ChunkedArray, pattern: str) -> bool:
    """Whether any text cell of a column matches `pattern` (a dictionary-encoded one: any of its values).

    Example:
        >>> matches(pa.chunked_array([["2024-01-01", "x"]]), DATE), matches(pa.chunked_array([[1.5]]), DATE)
        (True, False)
    """
    import pyarrow.compute as pc

    if pa.types.is_dictionary(column.type):
        return any(matches(pa.chunked_array([chunk.dictionary]), pattern) for chunk in column.chunks)
    if not pa.types.is_string(column.type):
        return False
    return bool(pc.any(pc.match_substring_regex(column, pattern)).as_py())
