"""The text of a CSV file as UTF-8: byte order marks, the UTF-8 check, the Shift_JIS and GB18030
guesses and errors located where decoding fails.

UTF-8 with or without a BOM, UTF-16 or UTF-32 with a BOM (Excel's "Unicode Text"), UTF-16 without
one by its zero bytes, else Shift_JIS (cp932) when it gives more common Japanese characters than
GB18030 gives common Chinese ones, else GB18030 (which covers GBK) when it gives Chinese text, else
Windows-1252 (or Latin-1) when GB18030 gives no Chinese text (the evidence, not a fallback order),
unless an encoding is given. pyarrow checks UTF-8;
numpy (imported only when the file is not UTF-8) tells whether GB18030 gives Chinese text.
"""

from __future__ import annotations

import functools
import itertools
import re
import struct
from typing import TYPE_CHECKING, NamedTuple

import pyarrow as pa

from indcalc.errors import InputError
from indcalc.reading.fields import clipped, delimiter_of, field_end, located
from indcalc.reading.sources import RawFile

if TYPE_CHECKING:
    import numpy as np


_BOMS = (  # (byte order mark, codec, name): a UTF-32LE mark starts like a UTF-16LE one, so it comes first
    (b"\xff\xfe\x00\x00", "utf-32-le", "UTF-32LE"),
    (b"\x00\x00\xfe\xff", "utf-32-be", "UTF-32BE"),
    (b"\xff\xfe", "utf-16-le", "UTF-16LE"),
    (b"\xfe\xff", "utf-16-be", "UTF-16BE"),
)


#: A big CSV taken as UTF-8 has this much of its start checked before it is parsed (`decode`).
HEAD_BYTES = 1 << 20


class NotUtf8(Exception):
    """A file taken as UTF-8 from its start (`decode` with ``at_once``) has a byte further on that is
    not UTF-8: it is to be read again, checked whole."""


class Decoded(NamedTuple):
    """A CSV source's text as UTF-8 (`decode`)."""

    text: bytes
    checked: bool  # whether all of it is checked to be UTF-8 (else pyarrow checks its cells)
    codec: str  # what it was decoded from: utf-8 (as it was), or a codec such as gb18030 or utf-16-le


def decode(src: RawFile, encoding: str | None, *, at_once: bool = False) -> Decoded:
    """The text of a CSV source as UTF-8 (no BOM), decoded as `encoding` says, else as its byte order
    mark says (UTF-8, UTF-16 or UTF-32), else as UTF-8, else as GB18030 if that gives Chinese text;
    whether all of it is checked, and what it was decoded from.

    A file in UTF-16 or UTF-32, or in an encoding given, is transcoded to UTF-8 in memory (the
    whole file is held in memory anyway); valid UTF-8 is used as it is, without a copy.

    An encoding given that would read UTF-8 text in the file as other characters (a single-byte code
    page, ``São`` as ``SÃ£o``; GBK where the text does not look Chinese) is an error at the first such
    field (`_utf8_misread`).

    Every text is checked whole but, with `at_once`, a file of more than a megabyte that is not ASCII:
    taken as UTF-8 when its first megabyte (to its last line end) is, the rest checked by pyarrow as it
    parses the cells (in parallel, where checking it here took 0.1 s of 0.2 s parsing 145 MB), and
    `NotUtf8` raised where a byte is not.

    Example:
        >>> decode(RawFile("a.csv", "指标,时间\\n".encode("utf-16"), "csv"), None)[0].decode()
        '指标,时间\\n'
        >>> decode(RawFile("a.csv", "\\ufeff指标,时间\\n".encode(), "csv"), None, at_once=True)[1:]
        (True, 'utf-8')
        >>> text, checked, codec = decode(RawFile("a.csv", "指标,时间\\n".encode("gbk"), "csv"), None)
        >>> text.decode(), checked, codec
        ('指标,时间\\n', True, 'gb18030')
    """
    data = src.data
    if encoding is not None:
        return Decoded(_transcoded(src, data, encoding, encoding, forced=True), True, encoding)
    for mark, codec, name in _BOMS:
        if data.startswith(mark):
            return Decoded(_transcoded(src, data[len(mark) :], codec, name), True, codec)
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    nul = data.find(b"\x00")  # anywhere: a NUL would be taken into a cell (8 ms for 145 MB)
    if nul >= 0:
        order = utf16_order(data) if nul < 1 << 16 else None
        if order is None:
            raise _binary(src, data, nul)
        codec = f"utf-16-{order}"
        return Decoded(_transcoded(src, data, codec, f"UTF-16{order.upper()}"), True, codec)
    ascii_ = data.isascii()  # once: a pass over the whole of an ASCII file
    if at_once and len(data) > HEAD_BYTES and not ascii_:
        head = data.rfind(b"\n", 0, HEAD_BYTES) + 1 or HEAD_BYTES  # a line end: no character cut in two
        if is_utf8(data[:head]):
            return Decoded(data, False, "utf-8")
    if ascii_ or is_utf8(data):
        return Decoded(data, True, "utf-8")
    return Decoded(*_guessed(src, data))


def _transcoded(src: RawFile, data: bytes, codec: str, shown: str, forced: bool = False) -> bytes:
    """`data` decoded as `codec` (named `shown` in messages; `forced`: as --encoding says) and encoded
    as UTF-8."""
    marked = next((name for mark, _, name in _BOMS if data.startswith(mark)), None) if forced else None
    hint = f": it starts with a {marked} byte order mark; leave out --encoding" if marked else ""
    try:
        text = data.decode(codec)
    except LookupError:
        raise InputError(f"unknown encoding {codec!r}", path=src.name) from None
    except UnicodeError as exc:
        try:
            before, byte = data[: exc.start].decode(codec), data[exc.start]  # type: ignore[attr-defined]
        except (AttributeError, UnicodeError, IndexError):  # a codec such as idna, which says no more
            raise InputError(f"not {shown} text ({exc})", path=src.name) from None
        if unfinished(data, exc.start, codec):  # the file was cut short in a character
            raise _cut_short(src, data, exc.start, codec, shown) from None
        if hint and exc.start < 4:  # --encoding utf-8 on Excel's Unicode Text, say
            raise located(src, before, f"not {shown} text{hint}") from None
        if forced and is_utf8(data):  # --encoding gbk on a UTF-8 file
            raise located(
                src, before, f"not {shown} text (byte 0x{byte:02X}): the file is UTF-8; leave out --encoding"
            ) from None
        raise _undecodable(src, before, byte, f"{shown} text") from None
    text = text.removeprefix("\ufeff")
    nul = text.find("\x00", 0, 1 << 16)
    if nul >= 0:
        raise located(src, text[:nul], f"binary data (a NUL character), not a text file{hint}")
    try:
        utf8 = text.encode("utf-8")
    except UnicodeEncodeError as exc:  # a lone surrogate, from a codec such as unicode_escape
        raise located(src, text[: exc.start], f"not {shown} text (a lone surrogate)") from None
    if forced and not data.isascii():
        misread = _utf8_misread(src, data, codec, utf8)
        if misread is not None:
            raise misread
    return utf8


def _utf8_misread(src: RawFile, data: bytes, codec: str, utf8: bytes) -> InputError | None:
    """The error for UTF-8 text read as `codec`, as --encoding says, into `utf8`; None when there is
    none (`_transcoded`): an error, not a warning, as nothing tells the fields read right from those
    read wrong (``SÃ£o TomÃ©``), and a file that is UTF-8 reads right with no --encoding.

    - a single-byte code page (``cp1252``, ``latin-1``): the first field that is UTF-8 text, not ASCII
      (`_utf8_field`), whether the whole file is UTF-8 or only that part of it (two encodings);
    - GBK or GB18030, when the text does not look Chinese (`not_chinese`: ``São`` as ``S茫o``): the
      same (UTF-8 Chinese read as GBK, ``鑽嗛棬`` for ``荆门``, is found by its names:
      `indcalc.building`; a short GBK file that passes for UTF-8 still reads with --encoding gbk);
    - no other codec (UTF-16, Big5, Shift_JIS: UTF-8 text fails to decode in them, an error too).

    Example:
        >>> data = "entity,value\\nSão Tomé,1\\n".encode()
        >>> misread = data.decode("cp1252").encode()
        >>> error = _utf8_misread(RawFile("a.csv", data, "csv"), data, "cp1252", misread)
        >>> error.location(), error.message.split(": ")[0]
        ('a.csv:2:1', "'SÃ£o TomÃ©' is UTF-8 read as CP1252, as --encoding says")
    """
    import codecs

    name = codecs.lookup(codec).name
    if name.startswith("utf"):
        return None
    single_byte = len(bytes(range(256)).decode(codec, "replace")) == 256
    if not single_byte and not (name in _GB_STARTS and not_chinese(utf8) is not None):
        return None
    field = _utf8_field(src, data)  # in a file that is UTF-8 whole, its first field that is not ASCII
    if field is None:
        return None
    whole = is_utf8(data)  # only for the advice: a pass over the file
    start, end = field
    utf8, misread = (clipped(data[start:end].decode(c).strip().strip('"')) for c in ("utf-8", codec))
    advice = "the file is UTF-8; leave out --encoding" if whole else _TWO_ENCODINGS
    return located(
        src,
        data[:start].decode(codec),
        f"{misread!r} is UTF-8 read as {name.upper()}, as --encoding says: in UTF-8 it reads {utf8!r}; "
        + advice,
    )


_TWO_ENCODINGS = "the file mixes two encodings, so save it all as UTF-8 CSV"


#: A Chinese character (U+4000-U+9FFF) in UTF-8: three bytes that GBK text passing for UTF-8 almost
#: never forms.
UTF8_HAN = re.compile(rb"[\xe4-\xe9][\x80-\xbf]{2}")


def evidently_utf8(head: bytes) -> bool:
    """Whether `head`, UTF-8 text (what comes before a file's first byte that is not), is evidently
    UTF-8 rather than text in another encoding passing for it so far: not ASCII, and two Chinese
    characters in it (`UTF8_HAN`), or eight characters of two bytes or more (a GBK character passes
    for UTF-8 about one time in twelve: D6 B8 of 指 does, B1 EA of 标 does not; eight in a row about
    once in a billion), or GB18030 cannot read it.

    Example:
        >>> evidently_utf8("荆门,".encode()), evidently_utf8("指".encode("gbk")), evidently_utf8(b"GDP")
        (True, False, False)
    """
    import numpy as np

    if head.isascii():
        return False
    first = UTF8_HAN.search(head)
    if first is not None and UTF8_HAN.search(head, first.end()):
        return True
    if np.count_nonzero(np.frombuffer(head, dtype=np.uint8) >= 0xC0) >= 8:
        return True
    return failure(head, "gb18030") is not None


def _guessed(src: RawFile, data: bytes) -> tuple[bytes, bool, str]:
    """`data`, known not to be UTF-8, decoded as Shift_JIS when that gives text that looks Japanese
    (`_japanese`), else as GB18030 when that gives text that looks Chinese, else as Windows-1252
    (Latin-1 when bytes 0x80-0x9F do not occur or are not Windows-1252); as UTF-8, checked, and the
    codec it was decoded from.

    GB18030 decodes almost any bytes, so a Latin-1 file would read as nonsense (``Côte`` as
    ``C魌e``): the decoded text must look Chinese (see `not_chinese`). When it does not, the file is
    read as Windows-1252 (IMF WEO files before 2020, European exports) if no UTF-8 text comes before
    the first byte that is not UTF-8 (else it is UTF-8 with a bad byte, an error). A file whose text
    before that byte is evidently UTF-8 (`evidently_utf8`) is UTF-8 with a bad byte whatever the rest
    reads as: a UTF-8 file with one Windows-1252 row was read whole as GB18030 (which decodes it), and
    every Chinese field was an error but the bad row. That error says no --encoding reads the file
    whole: a single-byte code page would misread its UTF-8 (`_utf8_misread`).
    When neither reading works, the byte named is where the one that goes further (as UTF-8 or as
    GB18030) fails.

    A file of two encodings, which no --encoding reads whole, is an error that says so, at the field
    where the second starts and showing how that field reads (`_mixed`): UTF-8 then GB18030 Chinese,
    GB18030 then UTF-8, UTF-8 (not ASCII) then Windows-1252 (``Côte``: a Western letter or sign, not a
    stray byte such as 0xFF), or Windows-1252 then UTF-8 (`_utf8_field`: ``São`` would read ``SÃ£o``).
    A file that ends in the middle of a UTF-8 or GB18030 character was cut short (`unfinished`).
    """
    utf8_failure = failure(data, "utf-8")
    if unfinished(data, utf8_failure, "utf-8") and not data[:utf8_failure].isascii():
        raise _cut_short(src, data, utf8_failure, "utf-8", "UTF-8")
    if evidently_utf8(data[:utf8_failure]):  # UTF-8 text, then a byte that is not: an error at that byte
        before = data[:utf8_failure].decode("utf-8")
        raise (
            _mixed(src, data, utf8_failure, "utf-8", "gb18030")
            or _mixed(src, data, utf8_failure, "utf-8", "cp1252")
            or located(
                src,
                before,
                f"not UTF-8 (byte 0x{data[utf8_failure]:02X}), though the text before it is; "
                "no --encoding reads the file whole, so fix that byte or save the file again as UTF-8 CSV",
            )
        )
    utf8, failed = gb18030_utf8(data), None
    if utf8 is None:  # a byte GB18030 does not read: the text before it, and where it is
        try:
            text = data.decode("gb18030")
        except UnicodeDecodeError as exc:
            text, failed = data[: exc.start].decode("gb18030"), exc.start
        utf8 = text.encode("utf-8")
    japanese = _japanese(data, utf8)
    if japanese is not None:
        return japanese, True, "cp932"
    if failed is not None and utf8_failure > failed:  # UTF-8 text with a bad byte
        before = data[:utf8_failure].decode("utf-8")
        raise _mixed(src, data, utf8_failure, "utf-8", "gb18030") or _undecodable(
            src, before, data[utf8_failure], "UTF-8 or GB18030 text"
        )
    odd = not_chinese(utf8)
    # at least two characters that look Chinese: four bytes of characters after their first byte
    chinese = odd is None and len(list(itertools.islice(re.finditer(rb"[\x80-\xbf]", utf8), 4))) == 4

    def western() -> str:  # a scan of the whole file: only when it may be Western
        return "cp1252" if re.search(rb"[\x80-\x9f]", data) else "latin-1"  # “smart quotes”, €, …

    if not chinese and not data[:utf8_failure].isascii():  # some UTF-8, then a Windows-1252 field?
        mixed = _mixed(src, data, utf8_failure, "utf-8", "cp1252")
        if mixed is not None:
            raise mixed
    if not chinese and data[:utf8_failure].isascii() and looks_western(data):
        codec = western()
        try:  # the evidence: GB18030 gives no Chinese text, so the bytes are a Western code page
            western_text = data.decode(codec)
        except UnicodeDecodeError:  # 0x81, 0x8D, 0x8F, 0x90, 0x9D: not Windows-1252
            codec, western_text = "latin-1", data.decode("latin-1")
        utf8_field = _utf8_field(src, data, utf8_failure)
        if utf8_field is not None:  # Windows-1252, then UTF-8 (which a code page reads too, otherwise)
            start, end = utf8_field
            field = clipped(data[start:end].decode().strip().strip('"'))
            first = located(src, data[:utf8_failure].decode(codec), "")
            raise located(
                src,
                data[:start].decode(codec),
                f"this field reads as UTF-8 ({field!r}), though "
                f"the text before it is {CODEC_NAMES[codec]} (from {first.line}:{first.column}, byte "
                f"0x{data[utf8_failure]:02X}): {_TWO_ENCODINGS}",
            )
        return western_text.encode("utf-8"), True, codec
    if odd is not None:
        before = utf8[:odd].decode("utf-8")
        byte = data[min(len(before.encode("gb18030")), len(data) - 1)]
        read = utf8[odd : odd + 4].decode("utf-8", "ignore")[:1]
        raise located(
            src,
            before,
            f"looks like neither UTF-8 nor Chinese text (GB18030 reads byte 0x{byte:02X} as "
            f"{read!r}); give --encoding, e.g. --encoding {western()}",
        )
    if failed is not None and unfinished(data, failed, "gb18030"):
        raise _cut_short(src, data, failed, "gb18030", "GB18030")
    if failed is not None:
        raise _mixed(src, data, failed, "gb18030", "utf-8") or _undecodable(
            src, utf8.decode("utf-8"), data[failed], "UTF-8 or GB18030 text"
        )
    return utf8, True, "gb18030"


#: The byte ranges (lead, trail) of each double-byte code's common characters (`_common`): GB2312's
#: hanzi, punctuation and symbols; Shift_JIS's kana, punctuation and level-1 kanji (JIS X 0208).
_COMMON_BYTES = {
    "gb2312": (range(0xA1, 0xF8), range(0xA1, 0xFF)),
    "shift_jis": (range(0x81, 0x99), range(0x40, 0xFD)),
}


@functools.cache
def _common(codec: str) -> np.ndarray:
    """Which BMP characters are the common ones of a double-byte code (`_COMMON_BYTES`): for GB2312
    the common hanzi, CJK and full-width punctuation, ① ℃ ‰ ...; for Shift_JIS kana and level-1 kanji."""
    import numpy as np

    leads, trails = _COMMON_BYTES[codec]
    table = np.zeros(0x10000, dtype=bool)
    for high in leads:
        for low in trails:
            try:
                table[ord(bytes((high, low)).decode(codec))] = True
            except UnicodeDecodeError:
                continue
    return table


def common_share(text: str, codec: str) -> float:
    """The share of the non-ASCII characters of `text` that are common in `codec` (`_common`); 0 for
    none. Vectorised.

    Example:
        >>> data = "都道府県,年次".encode("cp932")  # Shift_JIS, read as itself and as GB18030
        >>> common_share(data.decode("cp932"), "shift_jis"), common_share(data.decode("gb18030"), "gb2312")
        (1.0, 0.0)
    """
    import numpy as np

    codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    high = codes[codes >= 0x80]
    if not len(high):
        return 0.0
    return float((_common(codec)[np.minimum(high, 0xFFFF)] & (high <= 0xFFFF)).mean())


def _japanese(data: bytes, chinese: bytes) -> bytes | None:
    """`data` as UTF-8 when it is Shift_JIS (Windows code page 932: e-Stat, Japanese Excel) by the
    evidence: it decodes so, and more of its characters are common Japanese ones (kana, level-1 kanji)
    than the GB18030 reading `chinese` (as UTF-8) has common Chinese ones (and more than half); else
    None."""
    try:
        for part in _head_then_whole(data):
            text = part.decode("cp932")
    except UnicodeDecodeError:
        return None
    share = common_share(text, "shift_jis")
    return text.encode("utf-8") if share > max(0.5, common_share(chinese.decode(), "gb2312")) else None


#: From this size on, `gb18030_utf8` reads a file's two halves at once.
HALVES_FROM = 8 << 20


def gb18030_utf8(data: bytes) -> bytes | None:
    """`data` read as GB18030, as UTF-8; None when a byte of it is not GB18030 (or the file is cut
    short in a character).

    Python's codec holds the GIL (100 MB: 0.34 s to decode, 0.14 s to encode as UTF-8), so a file of
    `HALVES_FROM` bytes or more has its second half, from a line's start, read in a forked process
    beside the first (`indcalc.forked.beside`; a line feed is never part of a GB18030 character): 0.37
    against 0.49 s for 108 MB, the halves joined included. glibc's iconv, which would not hold the
    GIL, took 0.53 s alone and 0.43 s on two threads.

    Example:
        >>> gb18030_utf8("指标,时间\\n".encode("gb18030")).decode(), gb18030_utf8(b"\\x81\\n")
        ('指标,时间\\n', None)
    """
    import codecs

    from indcalc.forked import beside

    def utf8_of(part: bytes) -> bytes:
        return part.decode("gb18030").encode("utf-8")

    middle = data.find(b"\n", len(data) // 2) + 1 if len(data) >= HALVES_FROM else 0
    if not middle:
        try:
            return utf8_of(data)
        except UnicodeDecodeError:
            return None
    codecs.lookup("gb18030")  # imported here: the forked process imports nothing
    halves = beside(lambda: utf8_of(data[middle:]), room=2 * (len(data) - middle))
    try:
        first = utf8_of(data[:middle])
        # not read there, or a byte in it that is not GB18030: read here (or found) whole
        return halves.result(first) or first + utf8_of(data[middle:])
    except UnicodeDecodeError:
        return None
    finally:  # stopped however this ends (a bad byte in the first half, Ctrl-C); done already if read
        halves.stop()


def not_chinese(utf8: bytes) -> int | None:
    """Where (a byte offset) the first character that does not look Chinese starts, when no more than
    half of the non-ASCII characters of the UTF-8 text `utf8` look Chinese; None when more than half
    do (or there are none). Vectorised over the bytes, a block at a time.

    A character looks Chinese if it is in GB2312 (the common hanzi, CJK and full-width punctuation,
    ①, ℃, ‰, “” ...) and touches a Latin letter on one side at most (``GDP增速``); or if it is another
    CJK ideograph or punctuation mark (traditional, rare) beside another Chinese character and
    touching no Latin letter. Latin-1 read as GB18030 gives rare ideographs wedged into words
    (``C魌e d'Ivoire``) or standing alone (``50 癈`` for ``50 °C``).

    A text of more than `_SAMPLES` x `_SAMPLE` bytes is first judged by that many samples spread
    evenly over it: when at least nine in ten of their characters look Chinese, so does the text (a
    Western file read as GB18030 gives far fewer, and a Chinese file holding a Western half shows it in
    half the samples), and the rest is not looked at; otherwise every character is counted.

    Example:
        >>> [not_chinese(t.encode()) for t in ("指标,C魌e", "GDP增速,C魌e", "Zurich", "國內生產總值,50 癈")]
        [None, None, None, None]
        >>> not_chinese("C魌e d'Ivoire".encode()), not_chinese("单位,50 癈,3 癈".encode())
        (1, 10)
    """
    import numpy as np

    view = np.frombuffer(utf8, dtype=np.uint8)
    size = len(view)

    def at(offsets: np.ndarray) -> np.ndarray:  # the bytes at `offsets`, 0 past the end
        return np.where(offsets < size, view[np.minimum(offsets, size - 1)], 0).astype(np.uint32)

    def letter(byte: np.ndarray) -> np.ndarray:
        return ((byte | 0x20) >= ord("a")) & ((byte | 0x20) <= ord("z"))

    gb2312 = _common("gb2312")

    def judged(start: int, stop: int) -> tuple[np.ndarray, np.ndarray]:
        """Where the characters starting in bytes [start, stop) start, and whether each looks Chinese."""
        lead = np.flatnonzero(view[start:stop] >= 0xC0) + start
        b0, b1, b2, b3 = (at(lead + k) for k in range(4))
        length = 2 + (b0 >= 0xE0) + (b0 >= 0xF0)
        code = np.select(
            [length == 2, length == 3],
            [(b0 & 0x1F) << 6 | b1 & 0x3F, (b0 & 0x0F) << 12 | (b1 & 0x3F) << 6 | b2 & 0x3F],
            (b0 & 0x07) << 18 | (b1 & 0x3F) << 12 | (b2 & 0x3F) << 6 | b3 & 0x3F,
        )
        left, right = letter(np.where(lead > 0, at(lead - 1), 0)), letter(at(lead + length))
        common = gb2312[np.minimum(code, 0xFFFF)] & (code <= 0xFFFF)
        cjk = (
            ((code >= 0x3000) & (code <= 0x303F))  # CJK punctuation
            | ((code >= 0x3400) & (code <= 0x4DBF))
            | ((code >= 0x4E00) & (code <= 0x9FFF))
            | ((code >= 0xF900) & (code <= 0xFAFF))
            | ((code >= 0xFF00) & (code <= 0xFFEF))  # full-width forms
            | ((code >= 0x20000) & (code <= 0x3134F))
        )
        han = common | cjk
        joined = lead[1:] == lead[:-1] + length[:-1]  # character i is followed by character i + 1
        in_run = np.r_[joined & han[1:], False] | np.r_[False, joined & han[:-1]]
        return lead, (common & ~(left & right)) | (cjk & ~(left | right) & in_run)

    if size > _SAMPLES * _SAMPLE:
        samples = [judged(int(s), int(s) + _SAMPLE) for s in np.linspace(0, size - _SAMPLE, _SAMPLES)]
        looking = sum(int(looks.sum()) for _, looks in samples)
        if 10 * looking >= 9 * sum(len(looks) for _, looks in samples) > 0:
            return None
    chinese = total = 0
    first: int | None = None
    block = 1 << 24  # bounds the temporary arrays
    characters = sum(np.count_nonzero(view[s : s + block] >= 0xC0) for s in range(0, size, block))
    for start in range(0, size, block):
        if 2 * chinese > characters:  # more than half look Chinese, whatever the rest look like
            return None
        lead, looks = judged(start, start + block)
        chinese += int(looks.sum())
        total += len(lead)
        if first is None and not looks.all():
            first = int(lead[np.argmin(looks)])
    return None if 2 * chinese > total else first


_SAMPLES, _SAMPLE = 16, 1 << 18  # `not_chinese` judges a text of over 4 MB by these samples first


def utf16_order(data: bytes) -> str | None:
    """``le`` or ``be`` when `data` looks like UTF-16 with no byte order mark (mostly ASCII text: a
    zero byte in most of the odd or even places, none in the others); else None.

    Example:
        >>> utf16_order("指标,a\\n".encode("utf-16-le")), utf16_order(b"a,b\\n"), utf16_order(b"a\\x00b")
        ('le', None, None)
    """
    sample = data[: 1 << 12]
    if len(sample) % 2:
        sample = sample[:-1]
    for order, zeros, others in (("le", sample[1::2], sample[0::2]), ("be", sample[0::2], sample[1::2])):
        if len(zeros) >= 2 and zeros.count(0) * 2 > len(zeros) and not others.count(0):
            return order  # ASCII in UTF-16: every other byte 0
    return None


def looks_western(data: bytes) -> bool:
    """Whether the non-ASCII bytes of `data` read as letters and signs of Western text in a single-byte
    code page: at least half of them touch an ASCII letter or a space (``Côte``, ``°C``, ``“Nord”``,
    ``Mio. €``), unlike stray binary bytes. Vectorised over the bytes.

    Example:
        >>> looks_western(b"C\\xf4te"), looks_western(b"Mio. \\x80;1"), looks_western(b"x,\\xff\\xfe,1")
        (True, True, False)
    """
    import numpy as np

    view = np.frombuffer(data, dtype=np.uint8)
    high = np.flatnonzero(view >= 0x80)
    if not len(high):
        return False

    def plain(at: np.ndarray) -> np.ndarray:  # an ASCII letter or a space at each offset
        byte = view[np.clip(at, 0, len(view) - 1)]
        letter = ((byte | 0x20) >= ord("a")) & ((byte | 0x20) <= ord("z"))
        return (at >= 0) & (at < len(view)) & (letter | (byte == 0x20))

    touching = plain(high - 1) | plain(high + 1)
    return 2 * int(touching.sum()) >= len(high)


def _binary(src: RawFile, data: bytes, nul: int) -> InputError:
    """The error for a NUL byte at `nul` in a file that is not UTF-16 either."""
    return located(src, data[:nul].decode("utf-8", "replace"), "binary data (a NUL byte), not a text file")


def is_utf8(data: bytes) -> bool:
    """Whether `data` is valid UTF-8, checked by pyarrow's validator (ten times faster than decoding)."""
    if data.isascii():
        return True
    offsets = pa.py_buffer(struct.pack("<2q", 0, len(data)))
    try:
        pa.LargeStringArray.from_buffers(1, offsets, pa.py_buffer(data)).validate(full=True)
    except pa.ArrowInvalid:
        return False
    return True


def _head_then_whole(data: bytes) -> tuple[bytes, ...]:
    """`data`'s first megabyte (to a line end: no character of UTF-8, GB18030 or Shift_JIS holds a line
    feed), then the whole, to decode in turn: a decode that fails does so only once it has made room
    for the whole text, 55 ms on a 100 MB GBK file whose first line is not UTF-8 and whose 46th byte is
    not Shift_JIS, and a failure is most often in the first lines. Just the whole when it is short."""
    head = data.rfind(b"\n", 0, HEAD_BYTES) + 1
    return (data[:head], data) if 0 < head < len(data) else (data,)


def failure(data: bytes, codec: str) -> int | None:
    """Where decoding `data` as `codec` fails (a byte offset), None where it does not (`_head_then_whole`).

    Example:
        >>> failure("指标,时间\\n".encode("gbk"), "utf-8"), failure("指标".encode(), "utf-8")
        (2, None)
    """
    for part in _head_then_whole(data):
        try:
            part.decode(codec)
        except UnicodeDecodeError as exc:
            return exc.start
    return None


def _mixed(src: RawFile, data: bytes, at: int, first: str, then: str) -> InputError | None:
    """The error for a text in encoding `first` (``utf-8`` or ``gb18030``, not ASCII) up to byte `at`,
    which it cannot decode, when the field that byte is in reads as the other encoding, `then` (as
    Chinese text, for GB18030): a file of two encodings, which no --encoding reads whole. The field is
    read from its start (its first bytes may pass for the first encoding), else from that byte on;
    None when it does not read so (a stray byte).

    Example:
        >>> data = "地区,指标\\n荆门市,".encode() + "税收\\n".encode("gbk")
        >>> error = _mixed(RawFile("a.csv", data, "csv"), data, data.index(b"\\xca"), "utf-8", "gb18030")
        >>> error.line, error.column, error.message.split("; ")[1][:34]
        (2, 2, "this field reads as GB18030 ('税收')")
    """
    field_start, end = _field(src, data, at)
    read = reads_as(data, (field_start, at), end, first, then)
    if read is None:
        return None
    start, field = read
    field = clipped(field.strip().strip('"'))  # the cell's text, without the quotes of a quoted one
    return located(
        src,
        data[:start].decode(first),
        f"not {CODEC_NAMES[first]} (byte 0x{data[at]:02X}), though the text before it is; this field reads "
        f"as {CODEC_NAMES[then]} ({field!r}): {_TWO_ENCODINGS}",
    )


def _field(src: RawFile, data: bytes, at: int) -> tuple[int, int]:
    """Where the unquoted field of `data` that byte `at` is in starts and ends (the file's delimiter
    sniffed from its start)."""
    delimiter = delimiter_of(src, data[: 1 << 16]).encode()
    start = max(data.rfind(b"\n", 0, at), data.rfind(b"\r", 0, at), data.rfind(delimiter, 0, at)) + 1
    return start, field_end(data, at, delimiter)


def _utf8_field(src: RawFile, data: bytes, start: int = 0) -> tuple[int, int] | None:
    """Where the first field of `data` from byte `start` on that is UTF-8 text, not ASCII, starts and
    ends; None where none is. A character of two bytes or more in UTF-8 (a lead byte 0xC2-0xF4, then
    0x80-0xBF) is rare in a single-byte code page (``Ã©``, ``Ô€``), and a whole field of them rarer: a
    file in one holding such a field holds text in UTF-8 too. The candidates are found vectorised.

    Example:
        >>> data = b"a,C\\xf4te\\nb," + "São Tomé\\n".encode()
        >>> _utf8_field(RawFile("a.csv", data, "csv"), data)
        (9, 19)
    """
    import numpy as np

    view = np.frombuffer(data, dtype=np.uint8)[start:]
    lead, more = view[:-1], view[1:]
    leads = np.flatnonzero((lead >= 0xC2) & (lead <= 0xF4) & (more >= 0x80) & (more <= 0xBF))
    looked = start
    for at in (leads + start).tolist():
        if at < looked:
            continue
        field_start, end = _field(src, data, at)
        field = data[field_start:end]
        if is_utf8(field) and not field.isascii():
            return field_start, end
        looked = end
    return None


#: How messages name the codecs that a file's text may switch between (`_mixed`).
CODEC_NAMES = {"utf-8": "UTF-8", "gb18030": "GB18030", "cp1252": "Windows-1252", "latin-1": "Latin-1"}


def reads_as(data: bytes, starts: tuple[int, ...], end: int, first: str, then: str) -> tuple[int, str] | None:
    """Where `data` switches from encoding `first` to `then` (``utf-8`` or ``gb18030``) and the text
    after: the first of `starts` before which `data` decodes as `first` and from which to `end` as
    `then`, into text that is not ASCII (and looks Chinese, for GB18030: `not_chinese`); None where
    none does. A file's field or line, from its start or else from the byte where `first` fails.

    Example:
        >>> data = "地区\\n".encode() + "税收".encode("gbk")
        >>> reads_as(data, (7,), len(data), "utf-8", "gb18030")
        (7, '税收')
        >>> reads_as(data, (7,), len(data), "gb18030", "utf-8") is None  # no UTF-8 from byte 7
        True
    """
    for start in starts:
        try:
            text = data[start:end].decode(then)
            data[:start].decode(first)
        except UnicodeDecodeError:
            continue
        if (
            text.isascii()
            or (then == "gb18030" and not_chinese(text.encode("utf-8")) is not None)
            or (then == "cp1252" and not _western_field(text, data[start:end]))
        ):
            return None
        return start, text
    return None


def _western_field(text: str, data: bytes) -> bool:
    """Whether a field's bytes `data`, read as Windows-1252 into `text`, read as Western text (in a file
    otherwise UTF-8, `reads_as`): they look so (`looks_western`), and every character they give that
    is not ASCII is a letter (``ô``, ``ö``, ``ã``; not ``ÿ``, which a stray 0xFF gives) or a sign of
    such text (``°``, ``€``, ``“``).

    Example:
        >>> fields = (b"C\\xf4te", b"50 \\xb0C", b"y\\xff", b"\\xa4\\xa6")
        >>> [_western_field(b.decode("cp1252"), b) for b in fields]
        [True, True, False, False]
    """
    wide = [c for c in text if not c.isascii()]
    return looks_western(data) and all((c.isalpha() and c != "ÿ") or c in _WESTERN_SIGNS for c in wide)


_WESTERN_SIGNS = frozenset("°€£¥“”‘’„–—«»·§²³µ½¼¾\xa0")


def unfinished(data: bytes, at: int, codec: str) -> bool:
    """Whether `data` ends in the middle of a character of `codec` that starts at byte `at`, as a file
    cut short does (while it was copied or written); not when the bytes from `at` are no such start.

    Example:
        >>> data = "税收".encode()
        >>> unfinished(data[:-1], 3, "utf-8"), unfinished(data[:-1] + b"\\n", 3, "utf-8")
        (True, False)
        >>> unfinished("税收".encode("gbk")[:-1], 2, "gb18030"), unfinished(b"a\\xff", 1, "utf-8")
        (True, False)
        >>> unfinished(b"1\\xff2\\n", 1, "gb18030"), unfinished(b"1\\x81\\x30", 1, "gb18030")
        (False, True)
    """
    import codecs

    tail = data[at:]
    if not 0 < len(tail) < 4:  # a character of UTF-8 or GB18030 is at most four bytes
        return False
    name = codecs.lookup(codec).name
    if name in _GB_STARTS:  # their incremental decoders hold back any bytes, 0xFF 0x32 0x0A too
        return _GB_STARTS[name].fullmatch(tail) is not None
    if not name.startswith("utf") and re.search(rb"[\n\r]", tail):  # no Big5, Shift_JIS ... character
        return False
    try:  # an incremental decoder holds back the start of a character until its end comes
        return codecs.getincrementaldecoder(codec)().decode(tail) == ""
    except UnicodeDecodeError:
        return False


#: The start of a character that GB18030 (a lead byte, or of four bytes the first two or three) or GBK
#: (a lead byte) has yet to finish (`unfinished`).
_GB_STARTS = {
    "gb18030": re.compile(rb"[\x81-\xfe](?:[\x30-\x39][\x81-\xfe]?)?"),
    "gbk": re.compile(rb"[\x81-\xfe]"),
    "gb2312": re.compile(rb"[\xa1-\xf7]"),
}


def cut_short(tail: bytes, name: str) -> str:
    """The message for a file (a data file or a report) that ends in the middle of a character of the
    encoding `name` (``UTF-8``, ``GB18030``, ``UTF-16LE``), begun by the bytes `tail`.

    Example:
        >>> cut_short("北".encode()[:2], "UTF-8")[:62]
        'the file ends in the middle of a UTF-8 character (bytes 0xE5 0'
    """
    bytes_ = f"{'bytes' if len(tail) > 1 else 'byte'} {' '.join(f'0x{b:02X}' for b in tail)}"
    return (
        f"the file ends in the middle of a {name} character ({bytes_}): it was cut short, or is still "
        "being written; read it again once it is whole"
    )


def _cut_short(src: RawFile, data: bytes, at: int, codec: str, shown: str) -> InputError:
    """The error for a data file that ends in the middle of a character of `codec` (named `shown`)
    begun at byte `at` (`unfinished`), located at the last line's field: a CR before a line feed cut in
    two (UTF-16) ends no line."""
    before, tail = data[:at].decode(codec), data[at:]
    if before.endswith("\r") and "\n".encode(codec).startswith(tail):
        before = before[:-1]
    return located(src, before, cut_short(tail, shown))


def _undecodable(src: RawFile, before: str, byte: int, what: str) -> InputError:
    """The error for `byte`, which follows the text `before` and is not `what` (``UTF-8 text``)."""
    return located(
        src, before, f"not {what} (byte 0x{byte:02X}); save the file as UTF-8 CSV or pass --encoding"
    )
