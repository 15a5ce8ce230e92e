"""Text encodings of CSV input (issue 14): UTF-16/32 by their byte order mark, GB18030 only when it gives
Chinese text, and encoding errors located at the byte where decoding failed, in the file's own fields."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

try:
    from indcalc.reading.encodings import not_chinese
except ImportError:
    not_chinese = None
from tests.conftest import invoke

TABLE = (
    "entity,indicator,period,value\n"
    "Côte d'Ivoire,GDP增速,2023,1\nCôte d'Ivoire,GDP增速,2024,2\n湖北,x,2023,4\n湖北,x,2024,5\n"
)
GROWTH = [  # of TABLE, worked by hand: 1 -> 2 is +100% in one year; 4 -> 5 is +25%
    "entity,indicator,unit,from_period,to_period,from_value,to_value,change,pct_change,pp_change,multiple,years,cagr_pct",
    "Côte d'Ivoire,GDP增速,,2023,2024,1,2,1,100,,2,1,100",
    "湖北,x,,2023,2024,4,5,1,25,,1.25,1,25",
]  # fmt: skip
ENV = {**os.environ, "PYTHONIOENCODING": "utf-8", "NO_COLOR": "1"}
UNICODE = [  # (name, byte order mark, codec): as Excel, Notepad, PowerShell and others save text
    ("utf-8", b"", "utf-8"),
    ("utf-8 with BOM", b"\xef\xbb\xbf", "utf-8"),
    ("utf-16le", b"\xff\xfe", "utf-16-le"),
    ("utf-16be", b"\xfe\xff", "utf-16-be"),
    ("utf-32le", b"\xff\xfe\x00\x00", "utf-32-le"),
    ("utf-32be", b"\x00\x00\xfe\xff", "utf-32-be"),
]


def indcalc(*args: str, **kwargs) -> subprocess.CompletedProcess:
    """`python -m indcalc ARGS` as a separate process, stdin /dev/null unless `input` is given."""
    if "input" not in kwargs:
        kwargs.setdefault("stdin", subprocess.DEVNULL)
    return subprocess.run([sys.executable, "-m", "indcalc", *args], capture_output=True, env=ENV, **kwargs)


@pytest.mark.parametrize("delimiter", [",", "\t"], ids=["csv", "tsv"])
@pytest.mark.parametrize(("name", "bom", "codec"), UNICODE, ids=[u[0] for u in UNICODE])
def test_unicode_files_with_or_without_a_byte_order_mark_read_with_no_options(
    write_csv, name, bom, codec, delimiter
):
    data = bom + TABLE.replace(",", delimiter).encode(codec)
    for source in (write_csv(data, "data.tsv" if delimiter == "\t" else "data.csv"), "-"):
        result = invoke("growth", source, "-f", "csv", input=data if source == "-" else None)
        assert (result.exit_code, result.stderr, result.stdout.splitlines()) == (0, "", GROWTH)


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "UTF16"])
def test_a_utf16_file_with_a_bom_reads_with_encoding_utf16_too(write_csv, encoding):
    path = write_csv(b"\xff\xfe" + TABLE.encode("utf-16-le"))
    result = invoke("growth", path, "-f", "csv", "--encoding", encoding)
    assert (result.exit_code, result.stderr, result.stdout.splitlines()) == (0, "", GROWTH)


EXCEL_UNICODE_TEXT = (  # Excel's "Unicode Text (*.txt)": UTF-16LE with a BOM, tabs, CRLF, quotes as needed
    "\ufeff地区\t指标\t时间\t数值\t备注\r\n"
    '湖北\t地区生产总值\t2023\t"1,000.0"\t"含""十四五""规划"\r\n'
    '湖北\t地区生产总值\t2024\t"1,250.0"\t\r\n'
).encode("utf-16-le")
EXCEL_GROWTH = [  # 1,000 -> 1,250 in one year: +250, +25%
    "entity,indicator,unit,from_period,to_period,from_value,to_value,change,pct_change,pp_change,multiple,years,cagr_pct",
    "湖北,地区生产总值,,2023,2024,1000,1250,250,25,,1.25,1,25",
]  # fmt: skip


def test_excel_unicode_text_reads_with_no_options_from_a_file_a_pipe_and_a_redirect(tmp_path):
    path = tmp_path / "export.txt"
    path.write_bytes(EXCEL_UNICODE_TEXT)
    as_file = indcalc("growth", str(path), "-f", "csv")
    assert (as_file.returncode, as_file.stderr.decode()) == (0, "")
    assert as_file.stdout.decode().splitlines() == EXCEL_GROWTH
    piped = indcalc("growth", "-", "-f", "csv", input=EXCEL_UNICODE_TEXT)
    assert (piped.returncode, piped.stderr, piped.stdout) == (0, b"", as_file.stdout)
    with open(path, "rb") as stream:
        redirected = indcalc("growth", "-f", "csv", stdin=stream)
    assert (redirected.returncode, redirected.stderr, redirected.stdout) == (0, b"", as_file.stdout)


def test_gbk_chinese_reads_with_no_options(write_csv):
    text = "地区,指标,时间,数值\n湖北,规模以上工业增加值（亿元）,2023,8\n湖北,规模以上工业增加值（亿元）,2024,10\n"
    result = invoke("growth", write_csv(text.encode("gbk")), "-f", "csv")
    assert (result.exit_code, result.stderr) == (0, "")
    # the unit in the name's parentheses is the unit (issue 16)
    assert result.stdout.splitlines()[1] == "湖北,规模以上工业增加值,亿元,2023,2024,8,10,2,25,,1.25,1,25"


CUT_SHORT = "it was cut short, or is still being written; read it again once it is whole"
LATIN1 = b"entity,indicator,period,value\nC\xf4te d'Ivoire,x,2023,1\nC\xf4te d'Ivoire,x,2024,2\n"

# name, file name, bytes, options, the exact error on stderr ({f} is the file's path)
REFUSED = [
    ("a TSV's column counts tabs (issue 14)", "data.tsv", b"entity\tindicator\tperiod\tvalue\nA\tx,y\t2023\t1\nA\tx,y\t2024\t\xff\xfe\n", [],
     "{f}:3:4: not UTF-8 or GB18030 text (byte 0xFF); save the file as UTF-8 CSV or pass --encoding"),
    ("a tab-separated .csv too", "data.csv", b"entity\tindicator\tperiod\tvalue\nA\tx,y\t2023\t1\nA\tx,y\t2024\t\xff\xfe\n", [],
     "{f}:3:4: not UTF-8 or GB18030 text (byte 0xFF); save the file as UTF-8 CSV or pass --encoding"),
    ("a TSV with --encoding", "data.tsv", b"entity\tindicator\tperiod\tvalue\nA\tx,y\t2023\t1\nA\tx,y\t2024\t\xff\xfe\n",
     ["--encoding", "utf-8"], "{f}:3:4: not utf-8 text (byte 0xFF); save the file as UTF-8 CSV or pass --encoding"),
    ("GBK with a bad byte: that byte, not the first Chinese one (issue 14)", "data.csv",
     "地区,指标,时间,数值\n湖北,x,2023,4\n湖北,x,2024,5\n".encode("gbk") + "湖北,y,".encode("gbk") + b"20\xff4,1\n", [],
     "{f}:4:3: not UTF-8 or GB18030 text (byte 0xFF); save the file as UTF-8 CSV or pass --encoding"),
    ("UTF-8 Chinese with a bad byte: that byte", "data.csv",
     "地区,指标,时间,数值\n湖北,x,2023,4\n湖北,y,2024,".encode() + b"\xb5\n", [],
     "{f}:3:4: not UTF-8 (byte 0xB5), though the text before it is; no --encoding reads the file whole, "
     "so fix that byte or save the file again as UTF-8 CSV"),
    ("UTF-8 with a GBK line: two encodings, which no --encoding reads", "data.csv",
     "地区,指标,时间,数值\n湖北,增加值,2023,1\n湖北,".encode() + "增加值,2024,2\n".encode("gbk"), [],
     "{f}:3:2: not UTF-8 (byte 0xD4), though the text before it is; this field reads as GB18030 "
     "('增加值'): the file mixes two encodings, so save it all as UTF-8 CSV"),
    ("UTF-8 with a GBK field whose first character passes for UTF-8: the field from its start", "data.csv",
     "地区,指标,时间,数值\n荆门,增加值,2023,1\n".encode() + "Maoming,税收,2024,2\n".encode("gbk"), [],
     "{f}:3:2: not UTF-8 (byte 0xCA), though the text before it is; this field reads as GB18030 "
     "('税收'): the file mixes two encodings, so save it all as UTF-8 CSV"),
    ("UTF-8 with a Windows-1252 row: two encodings, not --encoding (which reads the UTF-8 as SÃ£o)", "data.csv",
     "entity,indicator,period,value\nSão Tomé,GDP,2023,1\nSão Tomé,GDP,2024,2\n".encode()
     + "Côte d'Ivoire,GDP,2023,1\n".encode("cp1252"), [],
     "{f}:4:1: not UTF-8 (byte 0xF4), though the text before it is; this field reads as Windows-1252 "
     "(\"Côte d'Ivoire\"): the file mixes two encodings, so save it all as UTF-8 CSV"),
    ("evidently UTF-8, then a Windows-1252 row", "data.csv",
     b"entity,indicator,period,value\n" + "São Tomé and Príncipe,GDP,2023,1\n".encode() * 3
     + "Curaçao,GDP,2023,1\n".encode() + "Côte d'Ivoire,GDP,2023,1\n".encode("cp1252"), [],
     "{f}:6:1: not UTF-8 (byte 0xF4), though the text before it is; this field reads as Windows-1252 "
     "(\"Côte d'Ivoire\"): the file mixes two encodings, so save it all as UTF-8 CSV"),
    ("ASCII, Latin-1, then UTF-8: two encodings, at the first UTF-8 field", "data.csv",
     b"entity,indicator,period,value\nFrance,GDP,2023,1\n" + "Côte d'Ivoire,GDP,2023,1\n".encode("cp1252")
     + "São Tomé,GDP,2023,1\n".encode(), [],
     "{f}:4:1: this field reads as UTF-8 ('São Tomé'), though the text before it is Latin-1 (from 3:1, "
     "byte 0xF4): the file mixes two encodings, so save it all as UTF-8 CSV"),
    ("Windows-1252, then UTF-8 in a later field", "data.csv",
     b"entity;indicator;period;value\n\x93Nord\x94;GDP;2023;1\n" + "Sud;Taux d'activité;2023;1\n".encode(), [],
     "{f}:3:2: this field reads as UTF-8 (\"Taux d'activité\"), though the text before it is Windows-1252 "
     "(from 2:1, byte 0x93): the file mixes two encodings, so save it all as UTF-8 CSV"),
    ("GBK with a UTF-8 line: two encodings the other way round", "data.csv",
     "地区,指标,时间,数值\n".encode("gbk") + "荆门市,增加值,2023,1\n".encode(), [],
     "{f}:2:1: not GB18030 (byte 0x82), though the text before it is; this field reads as UTF-8 "
     "('荆门市'): the file mixes two encodings, so save it all as UTF-8 CSV"),
    ("GBK with UTF-8 lines that GB18030 reads too: the names read otherwise", "data.csv",
     "指标,单位,2022年,2023年\n人口,万人,10,11\n".encode("gbk") + "人口,bn,10,11\n".encode(), [],
     "{f}:3:1: '浜哄彛' is UTF-8 read as GB18030, the rest of the file's encoding: in UTF-8 it reads '人口'; "
     "the file mixes two encodings, so save it all as UTF-8"),
    ("a UTF-8 file read with --encoding cp936 (GBK), which decodes its bytes too", "data.csv",
     "indicator,2022,2023\n荆门,10,11\n".encode(), ["--encoding", "cp936"],
     "{f}:2:1: '鑽嗛棬' is UTF-8 read as GBK, as --encoding says: in UTF-8 it reads '荆门'; "
     "is the file UTF-8? Then leave out --encoding"),
    ("a UTF-8 file read with --encoding cp1252, which reads São as SÃ£o", "data.csv",
     "entity,indicator,period,value\nFrance,GDP,2023,1\nSão Tomé,GDP,2023,1\nSão Tomé,GDP,2024,2\n".encode(),
     ["--encoding", "cp1252"],
     "{f}:3:1: 'SÃ£o TomÃ©' is UTF-8 read as CP1252, as --encoding says: in UTF-8 it reads 'São Tomé'; "
     "the file is UTF-8; leave out --encoding"),
    ("the same with --encoding latin-1, in a later field", "data.csv",
     "entity,indicator,period,value\nFrance,Taux d'activité,2023,1\n".encode(), ["--encoding", "latin-1"],
     "{f}:2:2: \"Taux d'activitÃ©\" is UTF-8 read as ISO8859-1, as --encoding says: in UTF-8 it reads "
     "\"Taux d'activité\"; the file is UTF-8; leave out --encoding"),
    ("the same with --encoding gbk, which reads São as S茫o", "data.csv",
     "entity,indicator,period,value\nSão Tomé,GDP,2023,1\n".encode(), ["--encoding", "gbk"],
     "{f}:2:1: 'S茫o Tom茅' is UTF-8 read as GBK, as --encoding says: in UTF-8 it reads 'São Tomé'; "
     "the file is UTF-8; leave out --encoding"),
    ("--encoding cp1252 on UTF-8 with a Windows-1252 row: two encodings, which it does not read whole", "data.csv",
     "entity,indicator,period,value\nSão Tomé,GDP,2023,1\n".encode() + "Côte d'Ivoire,GDP,2023,1\n".encode("cp1252"),
     ["--encoding", "cp1252"],
     "{f}:2:1: 'SÃ£o TomÃ©' is UTF-8 read as CP1252, as --encoding says: in UTF-8 it reads 'São Tomé'; "
     "the file mixes two encodings, so save it all as UTF-8 CSV"),
    ("the same in a publisher's layout (periods as rows), reshaped", "data.csv",
     "period,人口\n2023,10\n".encode(), ["--encoding", "gbk"],
     "{f}:2: '浜哄彛' is UTF-8 read as GBK, as --encoding says: in UTF-8 it reads '人口'; "
     "is the file UTF-8? Then leave out --encoding"),
    ("a UTF-8 file read with --encoding gbk, which fails on a byte", "data.csv",
     "地区,指标,时间,数值\n荆门,地区生产总值,2020,100\n".encode(), ["--encoding", "gbk"],
     "{f}:1:4: not gbk text (byte 0x80): the file is UTF-8; leave out --encoding"),
    ("GBK with a bad byte, --encoding gbk", "data.tsv", "地区\t指标\t时间\t数值\n湖北\t".encode("gbk") + b"\x80x\t2024\t1\n",
     ["--encoding", "gbk"], "{f}:2:2: not gbk text (byte 0x80); save the file as UTF-8 CSV or pass --encoding"),
    ("UTF-16 cut off in a character", "data.tsv", b"\xff\xfe" + "indicator\tperiod\tvalue\nx\t2023\t1".encode("utf-16-le") + b"\x32", [],
     "{f}:2:3: the file ends in the middle of a UTF-16LE character (byte 0x32): " + CUT_SHORT),
    ("Excel's Unicode Text missing its last byte: at the last line, not past it", "data.txt", EXCEL_UNICODE_TEXT[:-1], [],
     "{f}:3:5: the file ends in the middle of a UTF-16LE character (byte 0x0A): " + CUT_SHORT),
    ("UTF-8 cut off in a character, not two encodings", "data.csv",
     "地区,指标,时间,数值\n湖北,x,2023,1\n湖北,x,2024,2\n湖".encode() + "北".encode()[:2], [],
     "{f}:4:1: the file ends in the middle of a UTF-8 character (bytes 0xE5 0x8C): " + CUT_SHORT),
    ("GBK cut off in a character", "data.csv",
     "地区,指标,时间,数值\n湖北,x,2023,1\n湖北,x,2024,2\n湖".encode("gbk") + "北".encode("gbk")[:1], [],
     "{f}:4:1: the file ends in the middle of a GB18030 character (byte 0xB1): " + CUT_SHORT),
    ("GBK cut off in a character, --encoding gbk", "data.csv",
     "地区,指标,时间,数值\n湖北,x,2023,1\n湖北,x,2024,2\n湖".encode("gbk") + "北".encode("gbk")[:1], ["--encoding", "gbk"],
     "{f}:4:1: the file ends in the middle of a gbk character (byte 0xB1): " + CUT_SHORT),
    ("a NUL character in UTF-16", "data.csv", b"\xff\xfe" + "indicator,period,value\nx,2023,\x001\n".encode("utf-16-le"), [],
     "{f}:2:3: binary data (a NUL character), not a text file"),
    ("a UTF-16 byte order mark alone", "data.csv", b"\xff\xfe", [], "{f}: empty file: expected a header and data rows"),
    ("a UTF-8 byte order mark and blank lines", "data.csv", b"\xef\xbb\xbf\r\n \n", [],
     "{f}: empty file: expected a header and data rows"),
    ("UTF-32 blank lines", "data.csv", b"\x00\x00\xfe\xff" + "\n\t\n".encode("utf-32-be"), [],
     "{f}: empty file: expected a header and data rows"),
    ("--encoding utf-8 on UTF-16", "data.csv", b"\xff\xfe" + TABLE.encode("utf-16-le"), ["--encoding", "utf-8"],
     "{f}:1:1: not utf-8 text: it starts with a UTF-16LE byte order mark; leave out --encoding"),
    ("--encoding latin-1 on UTF-16", "data.csv", b"\xff\xfe" + TABLE.encode("utf-16-le"), ["--encoding", "latin-1"],
     "{f}:1:1: binary data (a NUL character), not a text file: it starts with a UTF-16LE byte order mark; leave out --encoding"),
    ("an unknown encoding", "data.csv", TABLE.encode(), ["--encoding", "utf-9"], "{f}: unknown encoding 'utf-9'"),
]  # fmt: skip


@pytest.mark.parametrize("command", ["growth", "list"])
@pytest.mark.parametrize(
    ("name", "file", "data", "options", "expected"), REFUSED, ids=[r[0] for r in REFUSED]
)
def test_undecodable_input_is_exit_2_at_the_byte_that_fails(
    write_csv, command, name, file, data, options, expected
):
    path = write_csv(data, file)
    result = invoke(command, path, *options)
    assert (result.exit_code, result.stdout, result.stderr) == (
        2,
        "",
        f"indcalc: error: {expected.format(f=path)}\n",
    )


def test_windows_1252_reads_with_encoding_cp1252(write_csv):
    path = write_csv(b"Region;Indicator;Year;Value\n\x93Nord\x94;x;2023;1\n\x93Nord\x94;x;2024;2\n")
    result = invoke("growth", path, "-f", "csv", "--encoding", "cp1252")
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout.splitlines()[1] == "“Nord”,x,,2023,2024,1,2,1,100,,2,1,100"


# Read with no option since issue 16: the evidence (GB18030 gives no Chinese text, the odd bytes touch
# letters) says Windows-1252 or Latin-1; the zero bytes of ASCII in UTF-16 say UTF-16.
EVIDENT = [
    ("latin-1 read as GB18030 before (issue 14)", LATIN1, "Côte d'Ivoire,x,,2023,2024,1,2,1,100,,2,1,100"),
    (
        "a latin-1 unit alone",
        b"indicator,period,value,unit\nt,2023,15,\xb0C\nt,2024,16,\xb0C\n",
        ",t,°C,2023,2024,15,16,1,6.666666666666667,,1.0666666666666667,1,6.666666666666667",  # cagr over 1 year: pct_change
    ),
    (
        "Windows-1252 quotes",
        b"Region;Indicator;Year;Value\n\x93Nord\x94;x;2023;1\n\x93Nord\x94;x;2024;2\n",
        "“Nord”,x,,2023,2024,1,2,1,100,,2,1,100",
    ),
    ("UTF-16 with no byte order mark", TABLE.encode("utf-16-le"), GROWTH[1]),
    ("UTF-16BE with no byte order mark", TABLE.encode("utf-16-be"), GROWTH[1]),
]


@pytest.mark.parametrize(("data", "row"), [pytest.param(d, r, id=n) for n, d, r in EVIDENT])
def test_single_byte_and_bom_less_utf16_text_reads_with_no_option(data, row):
    piped = indcalc("growth", "-f", "csv", input=data)
    assert (piped.returncode, piped.stderr) == (0, b"")
    assert piped.stdout.decode().splitlines()[1] == row


@pytest.mark.parametrize(
    ("text", "first_odd"),
    [
        ("", None),
        ("Zurich", None),  # no non-ASCII characters: nothing to judge
        ("国内生产总值", None),
        ("GDP增速,R&D经费,PM2.5浓度", None),  # 增 经 touch a letter on one side only, and are common
        ("國內生產總值", None),  # traditional: rare ideographs, but in a run of Chinese characters
        ("①,℃,‰,（亿元）", None),  # GB2312's symbols and full-width punctuation
        ("C魌e d'Ivoire", 1),  # Côte: a rare ideograph between two letters
        ("Z黵ich", 1),  # Zürich: 黵 is rare and touches letters
        ("Popula珲es", 6),  # Populações: 珲 is common, but wedged between two letters
        ("50 癈", 3),  # 50 °C: a rare ideograph alone
        ("A馻 駏", 1),  # Aña ñu: one odd character of two is not more than half Chinese
        ("指标,单位,C魌e", None),  # two of three look Chinese
        ("单位,C魌e,C魌e", 8),  # one of three: the first odd one is at byte 8 (单位, is 7 bytes, C 1)
    ],
)
def test_what_looks_chinese(text, first_odd):
    assert not_chinese(text.encode()) == first_odd


ROW, WESTERN = "荆门市,规模以上工业增加值\n", "C魌e d'Ivoire,x\n"


@pytest.mark.parametrize(
    ("parts", "first_odd"),
    [  # a text of over 4 MB is judged by samples first, by every character when they are not clear
        ([(ROW, 400_000)], None),
        ([(ROW, 200_000), (WESTERN, 600_000)], None),  # 2.4M of 3M look Chinese
        ([(ROW, 50_000), (WESTERN, 1_000_000)], len((ROW * 50_000).encode()) + 1),  # 0.6M of 1.6M
        ([(WESTERN, 300_000), (ROW, 200_000)], None),  # 2.4M of 2.7M look Chinese
        ([("荆门市,规模以上工业增加值,C魌e\n", 300_000)], None),  # 12 of 13 look Chinese
        ([("荆门市,C魌e d'Ivoire,Z黵ich\n", 300_000)], None),  # 3 of 5: under nine in ten, counted
        ([("荆门,C魌e d'Ivoire,Z黵ich,50 癈\n", 300_000)], len("荆门,C".encode())),  # 2 of 5
    ],
)
def test_a_long_text_looks_chinese_as_its_characters_do(parts, first_odd):
    text = "".join(line * times for line, times in parts).encode()
    assert len(text) > 16 * (1 << 18)  # over the samples' size
    assert not_chinese(text) == first_odd


# Shift_JIS (Windows code page 932: e-Stat, Japanese Excel) told apart from GB18030 by the evidence:
# more of its characters are common Japanese ones than the GB18030 reading has common Chinese ones.
SHIFT_JIS = [
    ("kanji only (e-Stat)", "都道府県,表章項目,年次,value\n北海道,人口（千人）,2022年,5140\n北海道,人口（千人）,2023年,5092\n",
     "北海道,人口,千人,2022,2023,5140,5092,-48"),
    ("kana", "地域,表章項目,時間軸（年次）,value\n東京都,ホテル稼働率（％）,2023年,70.5\n東京都,ホテル稼働率（％）,2024年,75.5\n",
     "東京都,ホテル稼働率,％,2023,2024,70.5,75.5,5"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "row"), [pytest.param(t, r, id=n) for n, t, r in SHIFT_JIS])
def test_shift_jis_reads_with_no_option(write_csv, text, row):
    result = invoke("growth", write_csv(text.encode("cp932")), "-f", "csv")
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout.splitlines()[1].startswith(row)


@pytest.mark.parametrize(
    "text",
    [
        "地区,指标,时间,数值\n湖北,规模以上工业增加值（亿元）,2023,8\n湖北,规模以上工业增加值（亿元）,2024,10\n",
        "地区,指标,时间,数值\n北京,人口,2023,8\n北京,人口,2024,10\n",  # few characters, all common to both
        "地区,指标,时间,数值\n臺灣,國內生產總值,2023,8\n臺灣,國內生產總值,2024,10\n",  # traditional, in GBK
    ],
)
def test_gbk_is_not_taken_for_shift_jis(write_csv, text):
    result = invoke("list", write_csv(text.encode("gbk")), "-f", "csv")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[1].split(",")[0] == text.splitlines()[1].split(",")[0]


# A big file whose start is UTF-8 is taken as UTF-8 and its cells checked as pyarrow parses them
# (`indcalc.reading.encodings.decode`); where a byte further on is not UTF-8, it is read again as
# a file checked whole. Every file of this module, read with only its first bytes checked at once,
# gives what it gives checked whole: the same figures, the same error at the same byte.
EVERY_FILE = (
    [pytest.param(data, options, id=name) for name, _, data, options, _ in REFUSED if "--encoding" not in options]
    + [pytest.param(data, [], id=name) for name, data, _ in EVIDENT]
    + [pytest.param(text.encode("cp932"), [], id=f"Shift_JIS {name}") for name, text, _ in SHIFT_JIS]
    + [
        pytest.param(TABLE.encode(), [], id="UTF-8"),
        pytest.param(b"\xef\xbb\xbf" + TABLE.encode(), [], id="UTF-8 with a BOM"),
        pytest.param(TABLE.encode() + "注：数据为初步核算数\n".encode("gbk"), [], id="UTF-8 with a GBK note below"),
        pytest.param(
            (TABLE + "".join(f"湖北{i},x,2024,5\n" for i in range(1000))).encode() + "Source: 国家统计局\n".encode("gbk"),
            [],
            id="UTF-8 with a GBK note below 1000 rows",
        ),
        pytest.param(TABLE.encode() + "注：数据为初步核算数\n".encode(), [], id="UTF-8 with a note below"),
        pytest.param(b'entity,indicator,period,value\nA,"x\n\xc8",2023,1\nA,"x\n\xc8",2024,2\n', [], id="quoted"),
        pytest.param(b"entity,indicator,period,value\nA,x,2023,1\nA,x,2024,2\xc8\n", [], id="a bad byte in a figure"),
        pytest.param(b"entity,indicator,period,value\nA,x,2023,1\nA,x,2024,2,\xc8\n", [], id="and a field too many"),
    ]
)  # fmt: skip


@pytest.mark.parametrize(("data", "options"), EVERY_FILE)
def test_a_file_checked_as_utf8_from_its_start_reads_as_one_checked_whole(
    write_csv, monkeypatch, data, options
):
    path = write_csv(data)
    whole = invoke("growth", path, "-f", "csv", *options)
    for head in (1, 40):  # bytes checked at once: the header's first, past the header
        monkeypatch.setattr("indcalc.reading.encodings.HEAD_BYTES", head)
        at_once = invoke("growth", path, "-f", "csv", *options)
        assert (at_once.exit_code, at_once.stdout, at_once.stderr) == (
            whole.exit_code,
            whole.stdout,
            whole.stderr,
        )


def test_a_big_file_of_ascii_then_gbk_reads_as_gb18030(write_csv):
    # Its first megabyte is ASCII (UTF-8 as much as GB18030); pyarrow finds the GBK bytes further on.
    rows = "".join(f"A{i},x,{year},{year - 2000}\n" for i in range(40_000) for year in (2023, 2024))
    data = (
        "entity,indicator,period,value\n" + rows
    ).encode() + "湖北,规模以上工业增加值,2023,8\n湖北,规模以上工业增加值,2024,10\n".encode("gbk")
    assert len(data) > 1 << 20
    result = invoke("growth", write_csv(data), "-f", "csv", "-e", "湖北")
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout.splitlines()[1] == "湖北,规模以上工业增加值,,2023,2024,8,10,2,25,,1.25,1,25"


def test_a_big_utf8_file_with_a_bad_byte_far_on_is_an_error_at_that_byte(write_csv):
    rows = "".join(f"湖北{i},x,{year},{year - 2000}\n" for i in range(30_000) for year in (2023, 2024))
    data = ("地区,指标,时间,数值\n" + rows).encode() + b"A,x,2023,1\nA,y\xff,2024,2\n"
    path = write_csv(data)
    result = invoke("growth", path)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        f"indcalc: error: {path}:60003:2: not UTF-8 (byte 0xFF), though the text before it is; no --encoding reads "
        "the file whole, so fix that byte or save the file again as UTF-8 CSV\n"
    )


def test_only_the_start_of_a_big_utf8_file_is_checked_at_once():
    from indcalc.errors import InputError
    from indcalc.reading.encodings import decode
    from indcalc.reading.sources import RawFile

    def at_once(data: bytes) -> tuple[bytes, bool]:
        return decode(RawFile("a.csv", data, "csv"), None, at_once=True)[:2]

    big = "地区,指标\n".encode() * 100_000 + b"\xff\n"
    assert len(big) > 1 << 20
    assert at_once(big) == (big, False)  # the \xff: left to pyarrow
    gbk = "地区,指标\n".encode("gbk") * 100_000  # its start is not UTF-8: decoded and checked whole
    assert at_once(gbk) == ("地区,指标\n".encode() * 100_000, True)
    assert at_once(big[:1000]) == (big[:1000], True)
    assert at_once(b"a,b\n" * 300_000) == (b"a,b\n" * 300_000, True)
    with pytest.raises(InputError, match="byte 0xFF"):  # without at_once: checked whole
        decode(RawFile("a.csv", big, "csv"), None)


FIXTURES = Path(__file__).parent / "fixtures"
PUBLISHED = sorted(
    p
    for d in (FIXTURES, FIXTURES / "publishers", FIXTURES / "stated")
    for p in d.glob("*")
    if p.suffix in (".csv", ".tsv", ".txt")
)


@pytest.mark.parametrize("path", PUBLISHED, ids=[p.name for p in PUBLISHED])
def test_a_published_file_checked_as_utf8_from_its_start_reads_as_one_checked_whole(path, monkeypatch):
    # Publishers' own files (tests/fixtures: NBS in GBK, e-Stat in Shift_JIS, Destatis in cp1252, ...),
    # read as a big file is, only their first bytes checked to be UTF-8 before they are parsed: the same
    # rows, notes and errors as checked whole.
    whole = invoke("list", str(path), "-f", "csv")
    monkeypatch.setattr("indcalc.reading.encodings.HEAD_BYTES", 64)
    at_once = invoke("list", str(path), "-f", "csv")
    assert (at_once.exit_code, at_once.stdout, at_once.stderr) == (
        whole.exit_code,
        whole.stdout,
        whole.stderr,
    )


@pytest.mark.parametrize("codec", ["utf-8", "gb18030", "cp932"])
@pytest.mark.parametrize("bad_line", [1, 3, 50_000])  # in the first megabyte read first, or past it
def test_a_decoding_failure_is_found_at_its_byte_whether_in_the_head_or_past_it(codec, bad_line):
    from indcalc.reading import encodings

    lines = [f"湖北{i},x,2024,5\n".encode(codec) for i in range(60_000)]
    lines[bad_line] = lines[bad_line][:-1] + b"\x81\n"  # a lead byte with no trail, in all three
    data = b"".join(lines)
    assert len(data) > encodings.HEAD_BYTES
    assert encodings.failure(data, codec) == len(b"".join(lines[:bad_line])) + len(lines[bad_line]) - 2
    assert encodings.failure(b"".join(lines[:bad_line]), codec) is None


def test_a_utf8_file_with_one_windows_1252_row_is_an_error_at_that_row(write_csv):
    # GB18030 reads the whole file (ô t is a GB18030 character), so it was read so and every Chinese
    # field was "UTF-8 read as GB18030", 3,000 errors, while the bad row went unnamed.
    rows = "".join(f"荆门{i},GDP,{year},{i}\n" for i in range(1500) for year in (2023, 2024))
    data = ("entity,indicator,period,value\n" + rows).encode() + "Côte d'Ivoire,GDP,2023,5\n".encode("cp1252")
    path = write_csv(data)
    result = invoke("growth", path, "-f", "csv")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        f"indcalc: error: {path}:3002:1: not UTF-8 (byte 0xF4), though the text before it is; this field reads "
        'as Windows-1252 ("Côte d\'Ivoire"): the file mixes two encodings, so save it all as UTF-8 CSV\n'
    )


HALVES = [  # (name, lines): a file's rows, its second half read in a forked process when big
    ("GBK Chinese", ["指标,时间,数值", *(f"规模以上工业增加值,{2000 + i},{i}.5" for i in range(40))], "gbk"),
    ("GB18030 four-byte characters", ["指标,数值", *(f"𠀀㐀€,{i}" for i in range(40))], "gb18030"),
    ("Shift_JIS", ["都道府県,年次,人口", *(f"東京都,{2000 + i},{i}" for i in range(40))], "cp932"),
    ("Latin-1", ["entity,value", *(f"Côte d'Ivoire,{i}" for i in range(40))], "latin-1"),
]
BROKEN = [  # bytes appended to or put into a GBK file: where decoding fails
    ("a byte GB18030 does not read, in the second half", -30, b"\xff"),
    ("a byte GB18030 does not read, in the first half", 30, b"\xff"),
    ("cut short in a character", None, "指".encode("gbk")[:1]),
]


def _decoded_both_ways(data: bytes, monkeypatch) -> list[object]:
    from indcalc.errors import InputError
    from indcalc.reading import encodings
    from indcalc.reading.sources import RawFile

    found = []
    for halves_from in (1 << 40, 0):  # whole, then in halves
        monkeypatch.setattr(encodings, "HALVES_FROM", halves_from)
        try:
            found.append(tuple(encodings.decode(RawFile("t.csv", data, "csv"), None)))
        except InputError as exc:
            found.append(str(exc))
    return found


@pytest.mark.parametrize(("name", "lines", "codec"), HALVES, ids=[h[0] for h in HALVES])
def test_a_big_file_read_in_halves_reads_as_read_whole(monkeypatch, name, lines, codec):
    data = "\n".join(lines).encode(codec) + b"\n"
    whole, halves = _decoded_both_ways(data, monkeypatch)
    assert halves == whole
    assert whole[0] == data.decode(codec).encode()  # and as the file says


@pytest.mark.parametrize(("name", "at", "bad"), BROKEN, ids=[b[0] for b in BROKEN])
def test_a_big_file_read_in_halves_fails_where_read_whole_it_fails(monkeypatch, name, at, bad):
    data = "\n".join(["指标,时间,数值", *(f"规模以上工业增加值,{2000 + i},{i}.5" for i in range(40))]).encode(
        "gbk"
    )
    data = data + bad if at is None else data[:at] + bad + data[at:]
    whole, halves = _decoded_both_ways(data, monkeypatch)
    assert isinstance(whole, str) and halves == whole


@pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="halves are read in a forked process on Linux"
)
def test_the_second_half_is_read_in_another_process(monkeypatch):
    from unittest import mock

    from indcalc import forked
    from indcalc.reading import encodings

    data = "\n".join(f"规模以上工业增加值,{i}" for i in range(1000)).encode("gbk")
    monkeypatch.setattr(encodings, "HALVES_FROM", 0)
    with mock.patch.object(forked, "beside", wraps=forked.beside) as beside:
        assert encodings.gb18030_utf8(data) == data.decode("gbk").encode()
    assert beside.call_count == 1
