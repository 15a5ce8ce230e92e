"""The text of a report (`indcalc check`): plain text, Markdown or HTML, read line by line.

A big plain text is decoded and split a block at a time; an HTML page is read whole (a tag may span
lines), its tags turned into line breaks or spaces and its entities decoded.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from typing import BinaryIO

BLOCK = 1 << 20  # text is split into lines a block of about this many characters (or bytes) at a time


def lines_of(text: str) -> Iterator[str]:
    """``text.splitlines()``, a block at a time so that a big text is not copied whole into lines.

    A block ends after a newline, which ends a line whatever follows it.
    """
    start = 0
    while start < len(text):
        end = text.find("\n", start + BLOCK)
        end = len(text) if end < 0 else end + 1
        yield from text[start:end].splitlines()
        start = end


def read_lines(data: bytes | BinaryIO) -> Iterator[str]:
    """The lines of a .txt, .md or .html file (its bytes, or the file open to read them from the start,
    again: it is read twice): ``read_text(data).splitlines()``, but a plain text is decoded a block at a
    time, never held whole (an HTML page is: a tag may span lines).

    A block of bytes ends after a newline byte, which no multi-byte UTF-8 sequence contains, so the
    blocks decode (invalid bytes included) as the whole does.

    Example:
        >>> list(read_lines("Output doubled.\\r\\nFrom 2 to 6.".encode()))
        ['Output doubled.', 'From 2 to 6.']
    """
    if any(_HTML.search(block) for block in _decoded_blocks(data)):
        yield from lines_of(read_text(data if isinstance(data, bytes) else _all_of(data)))
    else:
        for block in _decoded_blocks(data):
            yield from block.splitlines()


def as_utf8(name: str, report: BinaryIO) -> BinaryIO:
    """The report (`name` in messages) as UTF-8: itself when it is (checked a block at a time); else
    decoded as a data file is (GB18030 for GBK and GB2312 bulletins, Shift_JIS, Windows-1252:
    `indcalc.reading.encodings.decode`), or, where it is none of them, itself, its bad bytes read as
    U+FFFD, as before: a stray byte does not stop a report's check. An `IndcalcNote` says which.
    """
    import io
    from warnings import warn

    from indcalc.errors import IndcalcNote, InputError
    from indcalc.reading.encodings import decode, is_utf8
    from indcalc.reading.sources import RawFile

    if all(is_utf8(block) for block in byte_blocks(report)):
        return report
    report.seek(0)
    try:
        text, _, codec = decode(RawFile(name, report.read(), "txt"), None)
    except InputError as exc:
        reason = str(exc).split("; ")[0]  # where and which byte, without the advice for data files
        warn(f"{reason}: read as UTF-8, such bytes as \ufffd", IndcalcNote, stacklevel=2)
        return report
    report.close()
    warn(f"{name} is not UTF-8: read as {codec.upper()}", IndcalcNote, stacklevel=2)
    return io.BytesIO(text)


def _decoded_blocks(data: bytes | BinaryIO) -> Iterator[str]:
    for index, block in enumerate(byte_blocks(data)):
        yield block.decode("utf-8" if index else "utf-8-sig", errors="replace")


def byte_blocks(data: bytes | BinaryIO) -> Iterator[bytes]:
    """Blocks of about `BLOCK` bytes, each to the end of a line (the first newline after `BLOCK`)."""
    if not isinstance(data, bytes):
        data.seek(0)
        while block := data.read(BLOCK):
            yield block + data.readline()
        return
    start = 0
    while start < len(data):
        end = data.find(b"\n", start + BLOCK)
        end = len(data) if end < 0 else end + 1
        yield data[start:end]
        start = end


def _all_of(file: BinaryIO) -> bytes:
    file.seek(0)
    return file.read()


_HTML = re.compile(r"<(?:html|body|p|div|br|span|h\d)\b", re.I)  # never spans a newline


def read_text(data: bytes) -> str:
    """Text of a .txt, .md or .html file; entities decoded, scripts and styles left out.

    A web page (one with ``<html>``, ``<body>`` or a doctype, as a saved page has) is laid out as a
    browser lays it out: its line ends are spaces (but in ``<pre>``); a block's tags (``<p>``,
    ``</li>``, ``<br>``, ``</blockquote>``, ``<title>``, ...) line breaks; inline tags (``<b>``,
    ``<span>``, ``<a>``, ...) nothing, so ``1,<span>200</span>`` is 1,200; other tags (table cells)
    spaces; runs of spaces one; and blank lines left out, so a line of its text is a paragraph, a
    heading or a list item, and a sentence written over two lines of the page is one. Other text with
    tags in it (Markdown with a ``<br>``, a fragment of HTML) keeps its lines, so that a line of its
    text is a line of the file: inline tags are nothing, others spaces.

    Each substitution searches the text only up to the end of the last closing tag or ``>``, where its
    last match can end: searching on from each ``<`` left open after it (``<script`` with no end, ``<``
    with no ``>``) ran to the end of the text every time, quadratic in it. The text is the same.

    Example:
        >>> page = b"<html><p>Sales rose from 1,<b>100</b> to\\n1,210, up 10%.<p>Next</p><pre>a\\nb</pre>"
        >>> read_text(page).splitlines()
        ['Sales rose from 1,100 to 1,210, up 10%.', 'Next', 'a', 'b']
        >>> read_text(b"| Sales | 1,<b>100</b> |<br>\\nline 2").splitlines()
        ['| Sales | 1,100 | ', 'line 2']
    """
    text = data.decode("utf-8-sig", errors="replace")
    if not _HTML.search(text):
        return text
    cut = max((m.end() for m in _SCRIPT_END.finditer(text)), default=0)
    text = _SCRIPT.sub(" ", text[:cut]) + text[cut:]
    page = _PAGE.search(text) is not None
    if page:  # line ends are spaces, but in <pre>
        cut = max((m.end() for m in _PRE_END.finditer(text)), default=0)
        pieces = _PRE.split(text[:cut])  # outside <pre>, inside, outside, ...: the last one outside
        pieces[-1] += text[cut:]
        text = "".join(_LINE_END.sub(" ", p) if i % 2 == 0 else p for i, p in enumerate(pieces))
    for pattern, replacement in [*([(_BLOCK, "\n")] if page else []), (_INLINE, ""), (_TAG, " ")]:
        cut = text.rfind(">") + 1
        text = pattern.sub(replacement, text[:cut]) + text[cut:]
    text = _SPACES.sub(" ", html.unescape(text))
    if page:  # a line of its text for each paragraph: no blank ones, no spaces at their ends
        text = "\n".join(line.strip() for line in text.split("\n") if line.strip())
    return text


_SCRIPT = re.compile(r"<(?:script|style)\b.*?</(?:script|style)>", re.I | re.S)
_SCRIPT_END = re.compile(r"</(?:script|style)>", re.I)
_PAGE = re.compile(r"<(?:!doctype\s+html|html|body)\b", re.I)
_BLOCK = re.compile(
    r"</?(?:p|div|br|hr|h\d|li|ul|ol|dl|dt|dd|tr|table|thead|tbody|tfoot|caption|blockquote|title|head|"
    r"section|article|header|footer|nav|aside|main|figure|figcaption|form|address|pre|details|summary|"
    r"center)\b[^>]*>",
    re.I,
)
_INLINE = re.compile(
    r"</?(?:a|abbr|b|bdi|bdo|cite|code|data|del|dfn|em|font|i|ins|kbd|mark|nobr|q|s|samp|small|span|"
    r"strike|strong|sub|sup|time|tt|u|var|wbr)\b[^>]*>",
    re.I,
)
_TAG = re.compile(r"<[^>]+>")
_PRE = re.compile(r"(<pre\b.*?</pre>)", re.I | re.S)  # kept by split
_PRE_END = re.compile(r"</pre>", re.I)
_LINE_END = re.compile(r"\r\n|\r|\n")
_SPACES = re.compile(r"[ \t]{2,}")


_SENTENCE_END = re.compile(r"[.!?。；;](\s*)")
# abbreviations, lowercase, before their dot: those that never end a sentence, and those that end one
# only before a capital, as dotted initials do (U.S., U.K., a.m.)
_NEVER_ENDS = frozenset({"e.g", "i.e", "cf", "vs", "viz", "approx", "incl", "excl", "esp"})
_ENDS_BEFORE_A_CAPITAL = frozenset(
    {"mr", "mrs", "ms", "dr", "st", "inc", "ltd", "co", "corp", "no", "nos", "etc", "est", "fig", "figs"}
    | {"dept", "govt", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"}
)
_INITIALS = re.compile(r"(?:[a-z]\.)+[a-z]", re.I)


def sentences(line: str) -> list[str]:
    """The sentences of a line: it is split at the spaces after . ! ? ; 。 ；, and after 。 or ； with no
    space, as ``re.split(r"(?<=[.!?。；;])\\s+|(?<=[。；])", line)`` splits it, but searching for the
    punctuation, which is quick, rather than testing what precedes each character, which is not.

    The dot of an abbreviation ends no sentence when what follows it is not a capital (U.S. dollars, the
    U.K. in 2024, Oct. 10, approx. 3.5 million, No. 3), nor ever after e.g., i.e., cf., vs., viz.,
    approx., incl., excl. and esp.; before a capital (in the U.S. The deficit ...) it may.

    Example:
        >>> sentences("Sales rose.  Output fell。产值增长")
        ['Sales rose.', 'Output fell。', '产值增长']
        >>> sentences("Exports to the U.S. rose to 1.5 billion U.S. dollars. Imports fell.")
        ['Exports to the U.S. rose to 1.5 billion U.S. dollars.', 'Imports fell.']
    """
    found = []
    start = 0
    for m in _SENTENCE_END.finditer(line):
        spaces, end = m.span(1)
        if spaces < end or m.group(0) in "。；":
            if m.group(0)[0] == "." and _abbreviated(line, m.start(), end):
                continue
            found.append(line[start:spaces])
            start = end
    found.append(line[start:])
    return found


def _abbreviated(line: str, dot: int, after: int) -> bool:
    """Whether the dot at `dot` of `line`, with `after` where the next sentence would start, ends an
    abbreviation that does not end a sentence there (`sentences`)."""
    last = line[dot - 1] if dot else ""
    if not (last.isascii() and last.isalpha()):
        return False  # "5%.", "(2024).": no abbreviation
    word = line[line.rfind(" ", 0, dot) + 1 : dot].lstrip("([\"'“‘").lower()
    if word in _NEVER_ENDS:
        return True
    if word in _ENDS_BEFORE_A_CAPITAL or ("." in word and _INITIALS.fullmatch(word)):
        return not line[after : after + 1].isupper()
    return False
