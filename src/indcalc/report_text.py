"""The text of a report (`indcalc check`): plain text, Markdown or HTML, read line by line.

A big plain text is decoded and split a block at a time; an HTML page is read whole (a tag may span
lines), its tags turned into line breaks or spaces and its entities decoded.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, BinaryIO

if TYPE_CHECKING:
    from indcalc.errors import InputError

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


def joined_lines(lines: Iterable[str]) -> Iterator[tuple[str, tuple[int, ...]]]:
    """`lines` as their claims are looked for: Chinese has no spaces between its words, so a space
    between two Chinese characters (or full-width punctuation: "， 比上年") is left out, and a line
    broken between two of them ("比上年" / "增长", as text copied out of a PDF or a web page is) is
    joined with the lines that go on with it, the spaces around the break left out; lines of other
    text (English, "up" / "20%") keep their spaces and breaks. A line is not joined after a mark that
    ends a sentence (。！？；), as no claim spans sentences, nor grown past `JOINED` characters.

    For each line, its text and where in it each line joined on starts, so that a claim found in it is
    given the line it is on; a line joined onto the one before gives ("", ()), so that the n-th pair is
    still that of the n-th line.

    Example:
        >>> list(joined_lines(["产量比上年", "  增长10%， 增速加快。", "Sales rose", "20%."]))
        [('产量比上年增长10%，增速加快。', (5,)), ('', ()), ('Sales rose', ()), ('20%.', ())]
    """
    run: list[str] = []  # a line and those joined onto it
    size = 0
    for line in lines:
        if not line.isascii() and _CJK_SPACES.search(line):
            line = _CJK_SPACES.sub(r"\1", line)
        if run and size < JOINED and _goes_on(run[-1], line):
            run[-1] = run[-1].rstrip()
            run.append(line.lstrip())
            size += len(line)
            continue
        yield from _run(run)
        run, size = [line], len(line)
    yield from _run(run)


JOINED = 1 << 16  # a line is joined with those that go on with it up to about this many characters
# Chinese (and Japanese) characters: ideographs, kana, CJK and full-width punctuation and forms; not the
# ideographic space U+3000, which is a space
_CJK = "\u3001-\u303f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff01-\uff60\U00020000-\U0003134f"
# a Chinese character and the spaces after it before another (a lookbehind made the search twice as slow)
_CJK_SPACES = re.compile(f"([{_CJK}])[ \t\u3000\u00a0]+(?=[{_CJK}])")
_CJK_CHARACTER = re.compile(f"[{_CJK}]")
_SENTENCE_ENDS = frozenset("。！？；")


def _goes_on(line: str, after: str) -> bool:
    """Whether the line `after` goes on with `line`: a break between two Chinese characters, the first
    not the end of a sentence (`joined_lines`)."""
    if line.isascii() or after.isascii():
        return False
    last, first = line.rstrip()[-1:], after.lstrip()[:1]
    return (
        bool(last and first)
        and last not in _SENTENCE_ENDS
        and _CJK_CHARACTER.match(last) is not None
        and _CJK_CHARACTER.match(first) is not None
    )


def _run(run: list[str]) -> Iterator[tuple[str, tuple[int, ...]]]:
    """The pairs of `joined_lines` for a run of lines joined into one (or a line alone)."""
    if len(run) <= 1:
        yield from ((line, ()) for line in run)
        return
    starts, size = [], 0
    for line in run[:-1]:
        size += len(line)
        starts.append(size)
    yield "".join(run), tuple(starts)
    for _ in run[1:]:
        yield "", ()


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
    its text decoded into memory as a data file's is (GB18030 for GBK and GB2312 bulletins, Shift_JIS,
    Windows-1252: `indcalc.reading.encodings.decode`), with a note; or, where it is none of them, read
    in the one of UTF-8 and GB18030 that goes further without a bad byte, its bad bytes as U+FFFD, with
    a note: a stray byte does not stop a report's check. The caller closes `report`.

    Raises:
        InputError: the report ends in the middle of a character (cut short, or still being written),
            or mixes UTF-8 and GB18030 (two bulletins joined by ``cat``), where either reading would
            lose the claims of the other part: located at the line and column (in characters) of the
            file where that shows (`_decoded`).
    """
    import io

    from indcalc.reading.encodings import is_utf8

    if all(is_utf8(block) for block in byte_blocks(report)):
        return report
    report.seek(0)
    text = _decoded(name, report.read())
    report.seek(0)
    return report if text is None else io.BytesIO(text)


def _decoded(name: str, data: bytes) -> bytes | None:
    """The text of a report that is not UTF-8 (`as_utf8`), as UTF-8; None to read it as UTF-8, its bad
    bytes as U+FFFD (a note says where the first is).

    Where the report first fails as UTF-8, at byte `at`:

    - it is cut short when `at` starts a character that the file ends before finishing, and UTF-8
      text comes before it (or no encoding reads the file);
    - it mixes two encodings when the line of `at` reads as GB18030, as Chinese text (from its start,
      unless UTF-8 Chinese comes before `at` on it, else from `at`: GBK may pass for UTF-8 up to a
      character, 全 as U+022B), and either the text before that is evidently UTF-8 (`evidently_utf8`:
      the error is at the first character of GB18030 text, not ASCII) or a line after it is UTF-8
      Chinese text (`_utf8_line_after`: the error is at that line);
    - else it is read as a data file is (`indcalc.reading.encodings.decode`); where that fails, as
      GB18030 with its bad bytes as U+FFFD when GB18030 reads further than UTF-8, into Chinese text
      (a GBK bulletin with a stray byte, whose claims UTF-8 would lose), else as UTF-8 so.

    Example:
        >>> from indcalc.errors import InputError
        >>> try:
        ...     _decoded("a.txt", "产量100万吨，".encode() + "增长50%。".encode("gbk"))
        ... except InputError as error:
        ...     print(error.location(), error.message.split("; ")[1].split(":")[0])
        a.txt:1:9 this line reads as GB18030 ('增长50%。')
    """
    from warnings import warn

    from indcalc.errors import IndcalcNote, InputError
    from indcalc.reading.encodings import (
        UTF8_HAN,
        decode,
        evidently_utf8,
        failure,
        not_chinese,
        reads_as,
        unfinished,
    )
    from indcalc.reading.sources import RawFile

    at = failure(data, "utf-8")
    if at is None:  # UTF-8 after all
        return None
    if unfinished(data, at, "utf-8") and not data[:at].isascii():
        raise _cut_short(name, data, at, "utf-8")
    line_start = max(data.rfind(b"\n", 0, at), data.rfind(b"\r", 0, at)) + 1
    line_end = min((i for i in (data.find(b"\n", at), data.find(b"\r", at)) if i >= 0), default=len(data))
    starts = (at, line_start) if UTF8_HAN.search(data, line_start, at) else (line_start, at)
    read = reads_as(data, starts, line_end, "utf-8", "gb18030")
    gb_start = _NOT_ASCII.search(data, read[0]).start() if read is not None else at
    utf8_first = evidently_utf8(data[:gb_start])
    if read is not None and utf8_first:
        raise _at(
            name,
            data,
            gb_start,
            "utf-8",
            f"not UTF-8 (byte 0x{data[gb_start]:02X}), though the text before it is; this line reads as "
            f"GB18030 ({_clipped(read[1])!r}): {_TWO_ENCODINGS}",
        )
    utf8 = _utf8_line_after(data, line_end) if read is not None else None
    if utf8 is not None:
        start, end = utf8
        line, column = _line_column(data, gb_start, "utf-8")
        raise _at(  # at its first character that is not ASCII, as the other order is
            name,
            data,
            _NOT_ASCII.search(data, start).start(),
            "gb18030",
            f"this line reads as UTF-8 ({_clipped(data[start:end].decode())!r}), though the text before "
            f"it is GB18030 (from {line}:{column}, byte 0x{data[gb_start]:02X}): {_TWO_ENCODINGS}",
        )
    try:
        text, _, codec = decode(RawFile(name, data, "txt"), None)
    except InputError:
        gb = failure(data, "gb18030")
        if gb is not None and gb > at and not utf8_first:  # GB18030 reads further than UTF-8
            if unfinished(data, gb, "gb18030"):
                raise _cut_short(name, data, gb, "gb18030") from None
            head = data[:gb].decode("gb18030")
            if not head.isascii() and not_chinese(head.encode()) is None:  # GBK text with a stray byte
                _stray(name, data, gb, "gb18030")
                return data.decode("gb18030", errors="replace").encode()
        if unfinished(data, at, "utf-8"):
            raise _cut_short(name, data, at, "utf-8") from None
        _stray(name, data, at, "utf-8")
        return None
    warn(f"{name} is not UTF-8: read as {codec.upper()}", IndcalcNote, stacklevel=3)
    return text


def _stray(name: str, data: bytes, at: int, codec: str) -> None:
    """A note that the report, read in `codec`, has a byte at `at` that is not `codec` text."""
    from warnings import warn

    from indcalc.errors import IndcalcNote
    from indcalc.reading.encodings import CODEC_NAMES

    what = "GB18030" if codec == "gb18030" else "UTF-8 or GB18030"
    line, column = _line_column(data, at, codec)
    warn(
        f"{name}:{line}:{column}: not {what} text (byte 0x{data[at]:02X}): read as {CODEC_NAMES[codec]}, "
        "such bytes as \ufffd",
        IndcalcNote,
        stacklevel=4,
    )


_TWO_ENCODINGS = (
    "the file mixes two encodings (two reports joined?), so convert its GB18030 part to UTF-8 "
    "(iconv -f GB18030 -t UTF-8) and join them again"
)
_NOT_ASCII = re.compile(rb"[\x80-\xff]")


def _utf8_line_after(data: bytes, start: int) -> tuple[int, int] | None:
    """The first line of `data` from byte `start` on that is UTF-8 Chinese text: valid UTF-8, with two
    Chinese characters side by side; its start and end, or None. Where such pairs of characters'
    bytes are is found vectorised, a block at a time (a regular expression took 22 ms a megabyte of
    GBK text), and only their lines are decoded.

    Example:
        >>> data = "粮食\\n".encode("gbk") + "Sales\\n产量\\n".encode()
        >>> _utf8_line_after(data, 0), _utf8_line_after(data[:11], 0)
        ((11, 17), None)
    """
    import numpy as np

    from indcalc.reading.encodings import is_utf8

    looked = start
    block = 1 << 24  # bounds the temporary arrays
    for first in range(start, len(data), block):
        view = np.frombuffer(data, dtype=np.uint8)[first : first + block + 5]
        han = (view >= 0xE4) & (view <= 0xE9)  # the first byte of U+4000-U+9FFF in UTF-8
        more = (view >= 0x80) & (view <= 0xBF)  # a byte that goes on with a character
        ideograph = han[:-2] & more[1:-1] & more[2:]
        for at in (np.flatnonzero(ideograph[:-3] & ideograph[3:]) + first).tolist():
            if at < looked:
                continue
            line_start = max(data.rfind(b"\n", 0, at), data.rfind(b"\r", 0, at)) + 1
            ends = [i for i in (data.find(b"\n", at), data.find(b"\r", at)) if i >= 0]
            line_end = min(ends, default=len(data))
            if is_utf8(data[line_start:line_end]):
                return line_start, line_end
            looked = line_end
    return None


def _cut_short(name: str, data: bytes, at: int, codec: str) -> InputError:
    """The error for a report that ends in the middle of a character of `codec`, begun at byte `at`."""
    from indcalc.reading.encodings import CODEC_NAMES, cut_short

    return _at(name, data, at, codec, cut_short(data[at:], CODEC_NAMES[codec]))


def _at(name: str, data: bytes, at: int, codec: str, message: str) -> InputError:
    """An error about byte `at` of the report `data` (the text before it in `codec`), located by
    `_line_column`."""
    from indcalc.errors import InputError

    line, column = _line_column(data, at, codec)
    return InputError(message, path=name, line=line, column=column)


def _line_column(data: bytes, at: int, codec: str) -> tuple[int, int]:
    """The line and column of byte `at` of a report, the text before it decoded as `codec`: lines
    counted as the report's are (`str.splitlines`), columns in characters, from 1.

    Example:
        >>> _line_column("第一行\\n增长".encode() + b"\\xff", 16, "utf-8")
        (2, 3)
    """
    before = data[:at].decode(codec, errors="replace").removeprefix("\ufeff")
    breaks = sum(before.count(c) for c in _LINE_BREAKS) - before.count("\r\n")
    return breaks + 1, len(before) - max(before.rfind(c) for c in _LINE_BREAKS)


_LINE_BREAKS = "\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029"  # where str.splitlines splits


def _clipped(text: str) -> str:
    from indcalc.reading.fields import clipped

    return clipped(text.strip())


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
    approx., incl., excl. and esp.; before a capital (in the U.S. The deficit ...) it may, but for
    "Dollars" after initials (1.5 billion U.S. Dollars).

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
        return not line[after : after + 1].isupper() or _CURRENCY_AFTER.match(line, after) is not None
    return False


# a currency's name after initials, capitalised as in a heading or a table's unit: "U.S. Dollars"
_CURRENCY_AFTER = re.compile(r"Dollars?\b")
