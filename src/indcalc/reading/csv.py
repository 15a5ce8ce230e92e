"""Parsing a CSV or TSV file's text into a `Grid`, and finding where its problems are.

The text (UTF-8, see `indcalc.reading.encodings`; a big file's cells checked to be UTF-8 as they are
parsed) is parsed by pyarrow's multithreaded CSV reader,
each column as text but the value column, read as float64 when it holds only plain numbers (the fast
path). Python's csv module reads the header record (and counts fields to choose the delimiter, see
`indcalc.reading.fields`), tells what is wrong when pyarrow cannot read the file (an unterminated
quote, a row with the wrong number of fields), and finds the records that problems are on in a file
with quotes or bare CRs; in any other file numpy finds those lines.
"""

from __future__ import annotations

import contextlib
import csv
import io
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass

import pyarrow as pa
import pyarrow.csv as pa_csv

from indcalc.errors import InputError
from indcalc.reading.encodings import NotUtf8, decode, is_utf8
from indcalc.reading.fields import allow_fields, delimiter_of, field_count, field_end, joins_rows, line_breaks
from indcalc.reading.grid import Grid
from indcalc.reading.margins import ABOVE, BELOW, SCANNED, Skipped, filled, footer_start, header_at
from indcalc.reading.sources import RawFile, stream_of

_VISIBLE = re.compile(rb"\S")
_LINE_END = re.compile(rb"\r\n|\r|\n")  # as the csv module counts lines
_TEXT = pa.dictionary(pa.int32(), pa.string())  # text columns repeat a few values: read them encoded
_BYTES = pa.dictionary(pa.int32(), pa.binary())  # ... as bytes, their distinct texts checked after (`_texts`)


@dataclass(frozen=True)
class Text:
    """A CSV source decoded: its UTF-8 bytes for pyarrow and what it takes to locate records."""

    name: str
    data: bytes  # UTF-8, no BOM
    delimiter: str


class BrokenRecord(Exception):
    """The csv module could not parse the record starting at `line`."""

    def __init__(self, line: int, reason: str) -> None:
        super().__init__(reason)
        self.line = line


def records(text: Text, start: int = 0, line: int = 1) -> Iterator[tuple[int, int, list[str]]]:
    """(start line, end line, fields) of every non-blank record, header included; from byte `start`,
    the start of line `line` (the lines above are not read).

    Raises:
        BrokenRecord: a record that does not parse (an unterminated quote, say).
        NotUtf8: a byte that is not UTF-8, in a text not checked whole.
    """
    allow_fields(len(text.data))
    stream = io.TextIOWrapper(stream_of(text.data, start), encoding="utf-8", newline="")
    reader = csv.reader(stream, delimiter=text.delimiter, strict=True)
    while True:
        start = reader.line_num + line
        try:
            fields = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise BrokenRecord(start, str(exc)) from None
        except UnicodeDecodeError:
            raise NotUtf8 from None
        if fields:
            yield start, reader.line_num + line - 1, fields


#: Rows of the wrong width listed after the first (`diagnose`); any more are counted.
LISTED_ROWS = 10_000


def diagnose(
    text: Text,
    header: int | None,
    end: int | None = None,
    blank: list[tuple[int, int]] | None = None,
    *,
    start: int = 0,
    line: int = 1,
) -> InputError | None:
    """The structural problems of `text` (up to byte `end`, where the notes below the table start),
    found with the csv module: the rows whose number of fields differs from the header's (the
    non-blank record `header`, below the lines above it; None: widths not checked) and a record that
    does not parse (an unterminated quote), which ends the search. Read from byte `start`, the start of
    line `line` (the header's, whose record is then 0: the title lines above it may not parse). The
    first problem is returned, the next ones (up to 10,000) in its ``also`` and how many more in its
    ``unshown``: every bad row of a file is said at once, not one per run.

    A row of empty cells or spaces is a blank line whatever its width (``,,`` or ``""`` in a table of
    four columns: a spreadsheet's or a hand's empty row), not a problem: its first and last lines are
    added to `blank`, when given, for the caller to blank (`_blanked`).

    Example:
        >>> error = diagnose(Text("a.csv", b"Title\\nx,p,v\\nA,1\\nA,2,3,4\\n", ","), header=1)
        >>> [(e.line, e.column, e.message) for e in (error, *error.also)]
        [(3, 2, 'this row has 2 fields, the header has 3'), (4, 4, 'this row has 4 fields, the header has 3')]
    """
    if end is not None and end < len(text.data):
        text = Text(text.name, text.data[:end], text.delimiter)
    width = None
    found: list[InputError] = []
    unshown = 0
    try:
        for index, (first, last, fields) in enumerate(records(text, start, line)):
            if header is None or index < header:
                continue
            if width is None:
                width = len(fields)
            elif len(fields) != width:
                if not "".join(fields).strip():
                    if blank is not None:
                        blank.append((first, last))
                    continue
                if len(found) > LISTED_ROWS:
                    unshown += 1
                    continue
                column = min(len(fields), width) + (len(fields) > width)
                at = first + sum(line_breaks(cell) for cell in fields[: column - 1])  # multi-line cells
                count = f"{len(fields)} field{'s' * (len(fields) != 1)}"
                message = f"this row has {count}, the header has {width}"
                joined = next((i for i, c in enumerate(fields) if joins_rows(c, text.delimiter, width)), None)
                if joined is not None:
                    opens = first + sum(line_breaks(cell) for cell in fields[:joined])
                    spans = f"lines {opens}-{opens + line_breaks(fields[joined])}"
                    message += f" (a quoted cell joins {spans} into it: a quote left open?)"
                found.append(InputError(message, path=text.name, line=at, column=column))
    except BrokenRecord as exc:
        found.append(_broken(text, exc))
    if not found:
        return None
    first = found[0]
    first.also, first.unshown = tuple(found[1:]), unshown
    return first


_UNTERMINATED = 'unterminated quoted field (a " with no closing ")'


def _broken(text: Text, exc: BrokenRecord) -> InputError:
    """Where the record that broke the csv module breaks: a quoted field never closed, or closed by a
    " that a delimiter does not follow, at the quote that opens it (which may be lines below the
    record's start, after a multi-line cell); any other fault at the field its first line ends in."""
    data, start = text.data, 0
    for line_end in itertools.islice(_LINE_END.finditer(data), exc.line - 1):
        start = line_end.end()
    reason = str(exc)
    quoting = "unexpected end of data" in reason or "expected after" in reason  # ',' expected after '"'
    fault = _quote_fault(data, start, text.delimiter.encode()) if quoting else None
    if fault is not None:
        opened, column, closed = fault
        message = _UNTERMINATED
        if closed is not None:
            after = data[closed + 1 :].decode("utf-8", "replace")[:1]
            ends = exc.line + line_breaks(data[start:closed])
            message = (
                f'quoted field not closed: the " that ends it on line {ends} is followed by {after!r}, not '
                f'{text.delimiter!r} or a line end (a " left open here, or one inside it not doubled as "")'
            )
        return InputError(
            message, path=text.name, line=exc.line + line_breaks(data[start:opened]), column=column
        )
    if "unexpected end of data" in reason:
        reason = _UNTERMINATED
    end = _LINE_END.search(data, start)
    first_line = data[start : end.start() if end else len(data)].decode("utf-8", "replace")
    return InputError(reason, path=text.name, line=exc.line, column=field_count(first_line, text.delimiter))


def _quote_fault(data: bytes, start: int, delimiter: bytes) -> tuple[int, int, int | None] | None:
    """The first quoted field of the record starting at `start` that is never closed, or whose closing
    quote is followed by something other than a delimiter or a line end: the offset of its opening
    quote, its field number and the offset of its closing quote (None: never closed); None when every
    quoted field there is whole.

    Example:
        >>> _quote_fault(b'x,"a\\nb",2024,"2\\nA,1', 0, b","), _quote_fault(b'a,"b""c",d', 0, b",")
        ((13, 4, None), None)
        >>> _quote_fault(b'a,"b,c\\nd,"e",f', 0, b",")
        (2, 2, 9)
    """
    at, column = start, 1
    while at < len(data):
        if data[at : at + 1] == b'"':  # a quoted field: to its closing quote, skipping doubled ones
            opened, at = at, data.find(b'"', at + 1)
            while at >= 0 and data[at + 1 : at + 2] == b'"':
                at = data.find(b'"', at + 2)
            if at < 0:
                return opened, column, None
            if data[at + 1 : at + 2] not in (delimiter, b"\n", b"\r", b""):
                return opened, column, at
            at += 1
        at = field_end(data, at, delimiter)
        if data[at : at + 1] != delimiter:
            return None  # the record's end
        at, column = at + 1, column + 1
    return None


def _texts(table: pa.Table) -> pa.Table:
    """`table` with its dictionary-encoded columns of bytes made text, each chunk's few distinct
    cells checked to be UTF-8 (`NotUtf8` if one is not) rather than every cell as it is parsed: on a
    2M-row panel with four such columns the parse took 0.16 s (0.32 s of CPU) against 0.20 s (0.41 s)."""
    columns = []
    for column in table.columns:
        if column.type == _BYTES:
            try:
                chunks = [
                    pa.DictionaryArray.from_arrays(c.indices, c.dictionary.cast(pa.string()), safe=False)
                    for c in column.chunks
                ]
            except pa.ArrowInvalid:  # "Invalid UTF8 payload"
                raise NotUtf8 from None
            column = pa.chunked_array(chunks, _TEXT)
        columns.append(column)
    return pa.table(columns, names=table.column_names)


def _holds_quote(table: pa.Table) -> bool:
    """Whether a text cell of `table` holds a quote; of a dictionary-encoded column, its few distinct
    texts are looked at."""
    import pyarrow.compute as pc

    for column in table.columns:
        for chunk in column.chunks:
            cells = chunk.dictionary if pa.types.is_dictionary(chunk.type) else chunk
            if pa.types.is_string(cells.type) and pc.any(pc.match_substring(cells, '"')).as_py():
                return True
    return False


def _stray_quote(body: pa.Buffer, delimiter: str) -> bool:
    """Whether a quote in `body` stands between two characters that are neither quotes, delimiters
    nor line ends: one inside a quoted cell not doubled as ``""`` (``"GDP "final" figure"``), which
    pyarrow, as the csv module, reads leniently as ``GDP final" figure"``; or a quote inside an
    unquoted cell (``TV 55"x``), which is text (the strict reader then tells them apart).

    Example:
        >>> bodies = (b'a,"GDP "final",1', b'a,"x ""y"" z",1', b'a,"b",1')
        >>> [_stray_quote(pa.py_buffer(body), ",") for body in bodies]
        [True, False, False]
    """
    import numpy as np

    data = np.frombuffer(body, dtype=np.uint8)
    at = np.flatnonzero(data == ord('"'))
    at = at[(at > 0) & (at < len(data) - 1)]
    plain = np.ones(256, dtype=bool)
    plain[[ord('"'), ord(delimiter), ord("\n"), ord("\r")]] = False
    return bool((plain[data[at - 1]] & plain[data[at + 1]]).any())


def _leading(text: Text, count: int) -> tuple[list[tuple[int, int, list[str]]], set[int]]:
    """The first `count` records of `text` (`records`), and which of them did not parse and were read
    as their first line alone, leniently, as the csv module reads a stray quote (``"a "b",1`` is
    ``a b"``, ``1``; a line of one cell, a title above the header, as it is written:
    ``"Regional GDP, 2024 ("provisional")``); the records go on from the line below it. `csv_grid`
    skips such a line above the header, and says where it breaks when it is the header or below it.

    Example:
        >>> first, broken = _leading(Text("a.csv", b'"T ("p")\\nx,v\\n"a "b",1\\n', ","), 3)
        >>> first, broken
        ([(1, 1, ['"T ("p")']), (2, 2, ['x', 'v']), (3, 3, ['a b"', '1'])], {0, 2})
    """
    first: list[tuple[int, int, list[str]]] = []
    broken: set[int] = set()
    start, line = 0, 1
    while len(first) < count:
        try:
            first.extend(itertools.islice(records(text, start, line), count - len(first)))
            break
        except BrokenRecord as exc:
            ends = _LINE_END.finditer(text.data, start)
            for _ in range(exc.line - line):  # to the start of the record's line
                start = next(ends).end()
            stop = next(ends, None)
            raw = text.data[start : stop.start() if stop else len(text.data)].decode("utf-8", "replace")
            broken.add(len(first))
            try:
                fields = next(csv.reader([raw], delimiter=text.delimiter), [])
            except csv.Error:
                fields = []
            if filled(fields) <= 1:  # a title: as written, for the note that says it was skipped
                fields = [raw.strip().rstrip(text.delimiter).strip()]
            first.append((exc.line, exc.line, fields))
            if stop is None:
                break
            start, line = stop.end(), exc.line + 1
    return first, broken


def block_size(size: int) -> int:
    """The bytes pyarrow parses a CSV body of `size` bytes in at a time: 1 MB (its default) up to
    32 MB, beyond which a thirty-second of it, at most 16 MB. On the 145 MB of a 2M-row panel 4.5 MB
    blocks made fewer chunks for the columns built from them and yoy (to /dev/null, 9 rounds) 1.39 ->
    1.36 s; 4 and 16 MB were alike, so a small file keeps its blocks for both cores.

    Example:
        >>> block_size(10 << 20) >> 20, block_size(145 << 20) >> 10, block_size(1 << 30) >> 20
        (1, 4640, 16)
    """
    return min(max(size // 32, 1 << 20), 1 << 24)


def csv_grid(
    src: RawFile, encoding: str | None, header_row: int | None = None, *, at_once: bool = True
) -> Grid:
    """The grid of a CSV or TSV source, its text decoded as `encoding` says (None: as sniffed), its
    header on line `header_row` (None: found below any metadata lines, see `indcalc.reading.margins`)
    and any note lines below the table left out (both said on stderr).

    With `at_once`, a big file whose start is UTF-8 is taken as UTF-8 and its cells checked as they are
    parsed (`indcalc.reading.encodings.decode`): `NotUtf8` is raised, here or when the grid's
    table is first parsed, where a byte is not, and the file is to be read again without `at_once`.
    """
    utf8, checked, codec = decode(src, encoding, at_once=at_once)
    text = Text(src.name, utf8, delimiter_of(src, utf8))
    if not text.data or text.data.isspace():  # a byte order mark alone, say
        raise InputError("empty file: expected a header and data rows", path=src.name)
    quoted = b'"' in text.data
    quotes = text.data.count(b'"') if quoted else 0
    odd = quotes % 2 == 1  # a quote never closed, or a " in an unquoted cell
    first, broken = _leading(text, SCANNED if header_row is None else header_row)
    lines = [(line, fields) for line, _, fields in first]
    try:
        above = header_at(src.name, lines, header_row) if first else None
    except InputError:
        if not odd:
            raise
        above = None  # the header is past a quote never closed
    if above is None:
        reason = "unterminated quoted field" if odd else "cannot read the header"
        raise diagnose(text, None) or InputError(reason, path=src.name)
    header_line, header_end, header = first[above]
    ends = _LINE_END.finditer(text.data)
    start = next(itertools.islice(ends, header_line - 2, None)).end() if header_line > 1 else 0
    ends = itertools.islice(ends, header_end - header_line, None)  # (the header's own line ends)
    offset = next((end.end() for end in ends), len(text.data))  # the bytes after the header record

    def problems(end: int | None = None, blank: list[tuple[int, int]] | None = None) -> InputError | None:
        """`diagnose` from the header on: a title line above it may hold a stray quote (`_leading`)."""
        return diagnose(text, 0, end, blank, start=start, line=header_line)

    if above in broken:  # the header itself does not parse
        raise problems() or InputError("cannot read the header", path=src.name, line=header_line)
    odd = (quotes - text.data.count(b'"', 0, start)) % 2 == 1  # the quotes from the header on
    end, below = _footer(text, offset, len(header))
    if odd:  # a quote never closed (which pyarrow would take to the end), said with the rows of the
        # wrong width; or a " inside an unquoted cell (``TV 55" sets``) or a note below, which is text
        found = problems(end)
        if found is not None:
            raise found
    if not checked and not is_utf8(text.data[end:]):  # the notes below the table, read leniently
        raise NotUtf8
    skipped = (Skipped.of(ABOVE, lines[:above], text.delimiter), below)
    body = pa.py_buffer(text.data).slice(offset, end - offset)
    names = [f"f{i}" for i in range(len(header))]

    def read(value_field: int | None, value_type: pa.DataType) -> pa.Table:
        nonlocal checked
        text_type = pa.string() if value_field is None else _BYTES
        column_types = {n: value_type if i == value_field else text_type for i, n in enumerate(names)}
        # a quoted cell longer than a block: the body read again as one block (a loop, not a recursion:
        # a closure that calls itself is a reference cycle, which kept the file's bytes alive)
        for block in (block_size(len(body)), min(len(body) + 1, (1 << 31) - 1)):
            try:
                table = pa_csv.read_csv(
                    pa.BufferReader(body),
                    read_options=pa_csv.ReadOptions(column_names=names, block_size=block),
                    parse_options=pa_csv.ParseOptions(delimiter=text.delimiter, newlines_in_values=quoted),
                    convert_options=pa_csv.ConvertOptions(
                        column_types=column_types,
                        null_values=[""],
                        strings_can_be_null=False,
                        quoted_strings_can_be_null=False,
                        check_utf8=not checked,  # else `decode` made it UTF-8
                    ),
                )
                break
            except pa.ArrowInvalid as exc:
                if "straddl" not in str(exc) or block > len(body):
                    raise
        if value_field is not None:
            table = _texts(table)
        checked = True  # every cell of the body is: text checked, numbers ASCII
        # Looked for only when a cell read holds a quote: a pass over every quote of a quoted file
        # took 0.55-0.75 s on 170 MB, so a lone "abc"d (read abcd, as other readers do) goes unseen.
        if quoted and _holds_quote(table) and _stray_quote(body, text.delimiter):
            found = problems(end)
            if found is not None:
                raise found
        return table

    parsed: dict[int | None, pa.Table] = {}

    def table(value_field: int | None) -> pa.Table:
        """Every column as text; with `value_field`, that one as float64 when it is all plain numbers
        and the others dictionary-encoded (the fast path). Parsed once per `value_field`."""
        if value_field not in parsed:
            parsed.clear()
            parsed[value_field] = parse(value_field)
        return parsed[value_field]

    def parse(value_field: int | None) -> pa.Table:
        if not _VISIBLE.search(text.data, offset, end):
            return pa.table({n: pa.array([], pa.string()) for n in names})
        while True:  # again once rows of empty cells of another width are blanked (a loop: see read)
            try:
                try:
                    return read(value_field, pa.float64())
                except pa.ArrowInvalid as exc:
                    if value_field is None or "conversion error to double" not in str(exc):
                        raise
                    return read(value_field, pa.string())
            except pa.ArrowInvalid as exc:
                if "invalid UTF8" in str(exc):
                    raise NotUtf8 from None
                blank: list[tuple[int, int]] = []
                problem = problems(end, blank)
                if problem is not None or not blank:
                    raise problem or InputError(f"cannot read as CSV: {exc}", path=src.name) from None
                blanked(_blanked(text, blank))

    def blanked(cleared: Text) -> None:
        """Read `cleared` from now on: the text with lines blanked (`_blanked`)."""
        nonlocal text, body, end
        end -= len(text.data) - len(cleared.data)
        text, body = cleared, pa.py_buffer(cleared.data).slice(offset, end - offset)

    def locate(rows: set[int]) -> dict[int, tuple[int, list[str]]]:
        if not quoted and text.data.count(b"\r") == text.data.count(b"\r\n"):
            return plain_locate(text, rows, above)
        found: dict[int, tuple[int, list[str]]] = {}
        last = max(rows, default=-1)
        try:
            for index, (line, _end, fields) in enumerate(records(text, start, header_line), start=-1):
                if index in rows:
                    found[index] = (line, fields)
                if index >= last:
                    break
        except BrokenRecord:  # quoting pyarrow let pass but the strict reader does not
            raise problems(end) or InputError("cannot read as CSV", path=src.name) from None
        return found

    return Grid(
        src.name,
        header,
        header_line,
        table,
        locate,
        text.delimiter,
        skipped=skipped,
        codec=codec,
        forced=encoding is not None,
    )


def plain_locate(text: Text, rows: set[int], above: int = 0) -> dict[int, tuple[int, list[str]]]:
    """`locate` for a file with no quotes and no bare CR, where every non-empty line is a record and
    the header is record `above` (after that many metadata lines): the lines are found by numpy, not
    read one by one (validate reports problems all over a big file).
    """
    import numpy as np

    view = np.frombuffer(text.data, dtype=np.uint8)
    block = 1 << 24  # bounds the temporary mask
    newlines = [np.flatnonzero(view[at : at + block] == 10) + at for at in range(0, len(view), block)]
    ends = np.concatenate([np.zeros(0, "int64"), *newlines])
    starts = np.r_[0, ends + 1]
    stops = np.r_[ends, len(view)]
    stops -= (stops > starts) & (view[np.maximum(stops - 1, 0)] == 13) if len(view) else 0  # CRLF
    records = np.flatnonzero(stops > starts)  # pyarrow and the csv module skip empty lines
    records = records[above:]
    wanted = np.array(sorted(r for r in rows if r + 1 < len(records)), dtype="int64")
    return {
        int(r): (int(line) + 1, text.data[start:stop].decode("utf-8").split(text.delimiter))
        for r, line, start, stop in zip(
            wanted, records[wanted + 1], starts[records[wanted + 1]], stops[records[wanted + 1]], strict=True
        )
    }


def _blanked(text: Text, spans: list[tuple[int, int]]) -> Text:
    """`text` with the lines of each (first, last) line span emptied, their line ends kept, so that
    every other line keeps its number and its bytes.

    Example:
        >>> _blanked(Text("a.csv", b"a,b\\n,\\r\\n 1\\n\\"\\n\\"\\n", ","), [(2, 2), (4, 5)]).data
        b'a,b\\n\\r\\n 1\\n\\n\\n'
        >>> _blanked(Text("a.csv", b"a,b\\r,\\n1,2\\n", ","), [(2, 2)]).data  # after a lone CR
        b'a,b\\r\\r\\n1,2\\n'
    """
    lines = text.data.splitlines(keepends=True)  # at CR LF, LF and a lone CR, as the csv module
    for first, last in spans:
        for at in range(first - 1, last):
            end = lines[at][len(lines[at].rstrip(b"\r\n")) :]
            if end == b"\n" and at and lines[at - 1].endswith(b"\r"):
                end = b"\r\n"  # an LF just after a lone CR would make one line end of the two
            lines[at] = end
    return Text(text.name, b"".join(lines), text.delimiter)


def _footer(text: Text, offset: int, width: int) -> tuple[int, Skipped]:
    """Where the table's rows end (a byte offset) and the note lines below them (`footer_start`), found
    in the file's last lines (`_tail_records`)."""
    data = text.data
    tail = max(offset, len(data) - (1 << 15))
    if tail > offset:  # from the start of a line
        found = _LINE_END.search(data, tail - 1)
        tail = found.end() if found else len(data)
    piece = data[tail:]
    starts = [0, *(end.end() for end in _LINE_END.finditer(piece))]  # of each line, counted from `tail`
    lines = [
        (tail + starts[line - 1], line, fields) for line, fields in _tail_records(text, offset, tail, piece)
    ]
    lines = lines[-SCANNED:]
    start = footer_start([fields for _, _, fields in lines], width)
    above = line_breaks(data, tail) if start < len(lines) else 0  # a scan of the whole file
    skipped = Skipped.of(BELOW, [(above + n, fields) for _, n, fields in lines[start:]], text.delimiter)
    return (lines[start][0] if start < len(lines) else len(data)), skipped


def _tail_records(text: Text, offset: int, tail: int, piece: bytes) -> list[tuple[int, list[str]]]:
    """(line counted from `tail`, fields) of the non-blank records in `piece`, the file's bytes from
    `tail`. Lines with an odd number of quotes (a quoted cell over several lines) have it read as CSV,
    so that a quoted note over several lines is one record: from `tail` when it is outside quotes (an
    even number of them between the table's rows' start, `offset`, and it: a scan of the file), else
    from the line that ends the cell it is in; line by line below the last such line if that fails."""
    raws = piece.splitlines(keepends=True)  # at CR LF, LF or a lone CR, as the csv module
    odd = [n for n, raw in enumerate(raws) if raw.count(b'"') % 2]
    if odd:
        skip = 0 if text.data.count(b'"', offset, tail) % 2 == 0 else odd[0] + 1
        rest = Text(text.name, b"".join(raws[skip:]), text.delimiter)
        with contextlib.suppress(BrokenRecord, NotUtf8):
            return [(skip + line, fields) for line, _, fields in records(rest)]
    start = odd[-1] + 1 if odd else 0
    return [
        (
            n + 1,
            next(csv.reader([raw.decode("utf-8", "replace").rstrip("\r\n")], delimiter=text.delimiter), []),
        )
        for n, raw in enumerate(raws[start:], start=start)
        if raw.strip()
    ]
