"""Text from a file, shown to a person: control characters made visible, never obeyed.

A name in a data file may hold an escape sequence (``ESC ] 0 ; ... BEL`` sets a terminal's title,
``ESC [ 2 J`` clears it), a carriage return that overwrites a line, or a bidi override (U+202E) that
shows text reversed. Every place that puts file text before a person (tables, Markdown, the
terminal chart's legend, error and warning messages on stderr) passes it through `visible` first:

- C0 controls U+0000-U+001F become their Unicode control pictures (``ESC`` is ``␛``, CR ``␍``, LF ``␊``,
  tab ``␉``), DEL becomes ``␡``;
- C1 controls U+0080-U+009F, the bidi controls (U+061C, U+200E, U+200F, U+202A-U+202E, U+2066-U+2069)
  and the line and paragraph separators U+2028, U+2029 become ``<U+XXXX>``.

Machine formats (CSV, TSV, JSON, xlsx, Parquet) keep the data exact: programs read them.
"""

from __future__ import annotations

_MARKED = [0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x2028, 0x2029]

#: What `visible` puts in place of each character it replaces.
REPLACEMENTS: dict[int, str] = {
    **{code: chr(0x2400 + code) for code in range(0x20)},
    0x7F: "\u2421",
    **{code: f"<U+{code:04X}>" for code in [*range(0x80, 0xA0), *_MARKED]},
}


def visible(text: str) -> str:
    """`text` with its control characters shown, not obeyed (see the module's docstring).

    Example:
        >>> visible("GDP\\x1b]0;owned\\x07 (bn)"), visible("a\\r\\nb"), visible("\\u202eabc")
        ('GDP␛]0;owned␇ (bn)', 'a␍␊b', '<U+202E>abc')
    """
    return text.translate(REPLACEMENTS)
