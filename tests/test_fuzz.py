"""Fuzzing every command that reads a file: random bytes, CSV-shaped text, mutated real files.

The only outcomes allowed: success, or exit 2 with `indcalc: error:` on stderr and nothing on stdout.
Never a traceback (CliRunner re-raises any unhandled exception here), never exit 1 by accident.
`validate` writes its report even on errors, and exits 1 on warnings, so for it stdout may be full.
Text in every encoding a CSV comes in is read as written or refused naming --encoding, never read
as other text; 200 long lines for `check`.
"""

import contextlib
import csv
import dataclasses
import datetime
import io
import json
import re
import tempfile
from decimal import Decimal, localcontext
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from indcalc.claims import check_text
from indcalc.reading.margins import is_label
from tests.conftest import invoke

FIXTURES = Path(__file__).parent / "fixtures"
SEEDS = [
    p.read_bytes() for p in sorted(FIXTURES.iterdir()) if p.suffix in {".csv", ".tsv", ".xlsx", ".parquet"}
]
CLAIM_SENTENCES = [
    line.split("\t")[0]
    for line in (FIXTURES / "claims_corpus.tsv").read_text(encoding="utf-8").splitlines()
    if line and not line.startswith("#")
]
COMMANDS = st.sampled_from(["growth", "yoy", "pop", "list", "summary", "validate"])
SUFFIXES = st.sampled_from(["-", ".csv", ".tsv", ".xlsx", ".parquet", ".csv.gz", ".txt"])


def fuzz(examples: int) -> settings:
    return settings(
        max_examples=examples,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )


def check(command: str, data: bytes, suffix: str) -> None:
    if suffix == "-":
        result = invoke(command, "-", "-f", "csv", input=data)
    else:
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / f"data{suffix}"
            path.write_bytes(data)
            result = invoke(command, str(path), "-f", "csv")
    if command == "validate":
        assert result.exit_code in (0, 1, 2), result.stderr
        assert result.stderr.startswith("indcalc: "), result.stderr
        return
    assert result.exit_code in (0, 2), result.stderr
    if result.exit_code == 2:  # the error, after any notes and warnings on how the file was read
        assert result.stdout == ""
        said = re.sub(
            r"\Aindcalc: (?:note|warning): .*\n(?:indcalc: (?:note|warning): .*\n)*", "", result.stderr
        )
        assert said.startswith("indcalc: error: "), result.stderr


@fuzz(250)
@given(COMMANDS, st.binary(max_size=400), SUFFIXES)
def test_random_bytes(command, data, suffix):
    check(command, data, suffix)


CELLS = st.one_of(
    st.sampled_from(
        [
            "2024",
            "2024Q1",
            "2024-04",
            "2024年1-4月",
            "1,100",
            "5.45%",
            "27.4亿",
            "—",
            "",
            "x",
            "-1",
            "0",
            "1e308",
            '"',
            "a,b",
            "\n",
        ]
    ),
    st.text(max_size=8),
)


@st.composite
def csv_text(draw):
    header = draw(
        st.lists(
            st.sampled_from(
                ["entity", "indicator", "period", "value", "unit", "basis", "2023", "2024", "指标", "", "x"]
            ),
            min_size=1,
            max_size=6,
        )
    )
    sep = draw(st.sampled_from([",", ";", "\t", "|"]))
    rows = draw(st.lists(st.lists(CELLS, min_size=0, max_size=len(header) + 1), max_size=8))
    lines = [sep.join(header)] + [sep.join(row) for row in rows]
    return (
        draw(st.sampled_from(["\n", "\r\n"]))
        .join(lines)
        .encode(draw(st.sampled_from(["utf-8", "utf-8-sig", "gb18030"])), "replace")
    )


@fuzz(400)
@given(COMMANDS, csv_text(), SUFFIXES)
def test_csv_shaped_text(command, data, suffix):
    check(command, data, suffix)


@st.composite
def mutated(draw):
    data = bytearray(draw(st.sampled_from(SEEDS)))
    for _ in range(draw(st.integers(1, 6))):
        if not data:
            break
        at = draw(st.integers(0, len(data) - 1))
        action = draw(st.sampled_from(["flip", "insert", "delete", "truncate"]))
        if action == "flip":
            data[at] = draw(st.integers(0, 255))
        elif action == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=4))
        elif action == "delete":
            del data[at : at + draw(st.integers(1, 8))]
        else:
            del data[at:]
    return bytes(data)


@fuzz(350)
@given(COMMANDS, mutated(), SUFFIXES)
def test_mutated_real_files(command, data, suffix):
    check(command, data, suffix)


TYPED = {  # Parquet column types, each with a few values; any cell may be null
    "string": st.sampled_from(["2024", "2024Q1", "x", " a ", "", "5.45%", "2023-04"]),
    "large_string": st.sampled_from(["2024", "y", "2025"]),
    "int64": st.integers(-5, 2030),
    "float64": st.floats(),
    "date32": st.dates(datetime.date(2020, 1, 1), datetime.date(2025, 12, 31)),
    "bool_": st.booleans(),
    "dictionary": st.sampled_from(["a", "b", "2024"]),
}


@st.composite
def parquet_file(draw):
    """A Parquet table of typed columns with nulls, named like a long or a wide table's."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    rows = draw(st.integers(0, 6))
    names = st.sampled_from(["indicator", "entity", "period", "value", "unit", "basis", "2024", "note"])
    columns = {}
    for name in draw(st.lists(names, min_size=1, max_size=5, unique=True)):
        kind = draw(st.sampled_from(sorted(TYPED)))
        cells = draw(st.lists(st.one_of(st.none(), TYPED[kind]), min_size=rows, max_size=rows))
        if kind == "dictionary":
            columns[name] = pa.array(cells, pa.string()).dictionary_encode()
        else:
            columns[name] = pa.array(cells, getattr(pa, kind)())
    sink = io.BytesIO()
    pq.write_table(pa.table(columns), sink)
    return sink.getvalue()


@fuzz(150)
@given(COMMANDS, parquet_file())
def test_typed_parquet_with_nulls(command, data):
    check(command, data, ".parquet")


# --- encodings: read as written, or refused naming --encoding; never other text ---------------------

LATIN1_WORDS = [  # names as Latin-1 (and Windows-1252) files spell them
    "Côte d'Ivoire", "São Tomé e Príncipe", "Curaçao", "Réunion", "Åland", "Zürich", "España", "Populações",
    "Île-de-France", "Ñandú", "Bogotá", "Malmö", "Göteborg", "Kraków", "Reykjavík", "Québec", "Straße",
    "Conceição", "Évora", "Ørsted", "Þingvellir", "Français", "Maranhão", "Türkiye", "Genève", "Coruña",
    "Saône-et-Loire", "Tromsø", "Århus", "Færøerne", "crème brûlée", "naïve", "°C", "µg/m³", "½", "±3",
]  # fmt: skip
HANZI = [
    bytes((high, low)).decode("gb2312") for high in range(0xB0, 0xD7) for low in range(0xA1, 0xFF)
]  # common
UNICODE_TEXT = st.text(
    st.characters(categories=("L", "M", "N", "P", "S"), codec="utf-8") | st.just(" "), min_size=1, max_size=10
)
ENCODINGS = {  # name: (byte order mark, codec, what the cells may be)
    "utf-8": (b"", "utf-8", UNICODE_TEXT),
    "utf-8 with BOM": (b"\xef\xbb\xbf", "utf-8", UNICODE_TEXT),
    "utf-16le with BOM": (b"\xff\xfe", "utf-16-le", UNICODE_TEXT),
    "utf-16be with BOM": (b"\xfe\xff", "utf-16-be", UNICODE_TEXT),
    "utf-32le with BOM": (b"\xff\xfe\x00\x00", "utf-32-le", UNICODE_TEXT),
    "utf-32be with BOM": (b"\x00\x00\xfe\xff", "utf-32-be", UNICODE_TEXT),
    "utf-16le without BOM": (b"", "utf-16-le", UNICODE_TEXT),
    "gb18030": (  # Chinese words, some after a Latin abbreviation (GDP增速)
        b"",
        "gb18030",
        st.builds(str.__add__, st.sampled_from(["", "", "GDP", "R&D", "PM2.5", "5G"]), st.text(st.sampled_from(HANZI), min_size=1, max_size=6)),
    ),
    "latin-1": (b"", "latin-1", st.sampled_from(LATIN1_WORDS) | st.text("abcXYZ -'", min_size=1, max_size=6)),
}  # fmt: skip


@st.composite
def encoded_table(draw):
    """(encoding, entity names, file, suffix): a long table of two figures for each entity, in that encoding."""
    encoding = draw(st.sampled_from(sorted(ENCODINGS)))
    bom, codec, cells = ENCODINGS[encoding]
    # a name that starts with a note's label (`Note:`, `注：`) makes a last row a footnote, by design
    names = draw(
        st.lists(
            cells.filter(lambda s: s.strip() and not is_label(s)), min_size=1, max_size=4, unique_by=str.strip
        )
    )
    sink = io.StringIO()
    delimiter = draw(st.sampled_from([",", "\t", ";"]))
    writer = csv.writer(sink, delimiter=delimiter, lineterminator=draw(st.sampled_from(["\n", "\r\n"])))
    writer.writerow(["entity", "indicator", "period", "value"])
    writer.writerows(
        [name, "x", period, value] for name in names for period, value in (("2023", 1), ("2024", 2))
    )
    suffix = draw(st.sampled_from(["-", ".csv", ".txt"] + [".tsv"] * (delimiter == "\t")))
    return encoding, names, bom + sink.getvalue().encode(codec), suffix


def valid_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


@fuzz(200)
@given(encoded_table())
def test_text_in_any_encoding_is_read_as_written_or_refused_naming_encoding(table):
    encoding, names, data, suffix = table
    # GB18030 bytes that happen to be valid UTF-8 (a few hanzi, by chance) read as UTF-8: inherent
    assume(encoding != "gb18030" or not valid_utf8(data))
    if suffix == "-":
        result = invoke("growth", "-", "-f", "json", input=data)
    else:
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / f"data{suffix}"
            path.write_bytes(data)
            result = invoke("growth", str(path), "-f", "json")
    if encoding == "utf-16le without BOM" and result.exit_code == 2:  # too few ASCII zeros to tell (issue 16)
        assert result.stdout == "", result.stderr
        assert result.stderr.startswith("indcalc: error: ") and "binary data (a NUL byte)" in result.stderr
    elif result.exit_code == 2:
        assert encoding == "latin-1", result.stderr  # the others are read: only a guess may fail
        assert result.stdout == "" and "--encoding" in result.stderr, result.stderr
        assert result.stderr.count("\n") == 1 and result.stderr.startswith("indcalc: error: ")
    else:
        assert result.exit_code == 0, result.stderr
        read = [row["entity"] for row in json.loads(result.stdout)]
        assert sorted(read) == sorted(name.strip() for name in names)


# --- odd output targets (issue 14) ----------------------------------------------------------------
# What is at -o, and how it is named. The only outcomes allowed: exit 0, or exit 2 with one line
# `indcalc: error:` and nothing on stdout; never a traceback (CliRunner re-raises here). Whatever was
# at the target keeps its kind (a device stays a device, a FIFO a FIFO, a symlink a symlink), a file
# replaced keeps its mode, and no temporary file is left behind. 300 examples.

TARGETS = st.sampled_from(
    ["file", "missing", "symlink", "dangling", "loop", "fifo", "device", "directory", "missing_dir"]
)
NAMES = st.sampled_from(["out", "a\nb", "é 表", "a" * 200, "x" * 251, "y" * 252, ""])
OUT_SUFFIXES = st.sampled_from([".csv", ".json", ".xlsx", ".csv.gz", ".md", "", ".bin"])
OUT_COMMANDS = st.sampled_from(
    [("yoy", "{data}"), ("list", "{data}"), ("calc", "1", "2"), ("summary", "{data}")]
)


def _make_target(folder: Path, kind: str, name: str, mode: int) -> Path:
    import os
    import stat

    target = folder / name
    if kind == "file":
        target.write_text("old\n")
        target.chmod(mode)
    elif kind == "symlink":
        (folder / "real").write_text("old\n")
        (folder / "real").chmod(mode)
        target.symlink_to("real")
    elif kind == "dangling":
        target.symlink_to("made")
    elif kind == "loop":
        target.symlink_to(name)
    elif kind == "fifo" or (kind == "device" and os.geteuid() != 0):
        os.mkfifo(target)
    elif kind == "device":  # a copy of /dev/null, never /dev's own
        os.mknod(target, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    elif kind == "directory":
        target.mkdir()
    elif kind == "missing_dir":
        target = folder / "nowhere" / name
    return target


def _snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    """Name -> (file type, permission bits), not following symlinks."""
    import stat

    return {
        p.name: (stat.S_IFMT(p.lstat().st_mode), stat.S_IMODE(p.lstat().st_mode)) for p in folder.iterdir()
    }


@fuzz(300)
@given(
    OUT_COMMANDS, TARGETS, NAMES, OUT_SUFFIXES, st.sampled_from([0o600, 0o640, 0o644, 0o660]), st.booleans()
)
def test_odd_output_targets(command, kind, name, suffix, mode, give_format):
    import os
    import threading

    with tempfile.TemporaryDirectory() as root:
        folder = Path(root) / "out"
        folder.mkdir()
        data = Path(root) / "f.csv"
        data.write_text("indicator,period,value\ngdp,2020,100\ngdp,2021,110\n")
        full = name + suffix if name else suffix  # "" with no suffix: `-o ""`
        if len(full.encode()) > 255 and kind != "missing_dir":
            kind = "missing"  # cannot be made: the name is too long
        target = _make_target(folder, kind, full, mode) if full else folder / ""
        before = _snapshot(folder)
        got: list[bytes] = []
        reader = None
        if full and kind in ("fifo", "device") and target.is_fifo():

            def read() -> None:
                with open(target, "rb") as pipe:
                    got.append(pipe.read())

            reader = threading.Thread(target=read, daemon=True)
            reader.start()
        args = [a.format(data=data) for a in command]
        extra = ["-f", "csv"] if give_format else []
        result = invoke(*args, *extra, "-o", str(target) if full else "")
        if reader is not None:
            with contextlib.suppress(OSError):  # release a reader still waiting (no write came)
                os.close(os.open(target, os.O_WRONLY | os.O_NONBLOCK))
            reader.join(10)
            assert not reader.is_alive()
        assert result.exit_code in (0, 2), result.stderr
        if result.exit_code == 2:
            assert result.stdout == ""
            lines = result.stderr.splitlines()
            assert len(lines) == 1 and lines[0].startswith("indcalc: error: "), result.stderr
        after = _snapshot(folder)
        temporaries = [n for n in after if n.startswith(".indcalc-") or n.endswith(".tmp")]
        assert not temporaries, after
        for entry, (kind_before, mode_before) in before.items():
            assert entry in after, entry
            assert after[entry][0] == kind_before  # a device, FIFO, symlink or directory stays one
            if kind_before != 0o120000:  # a symlink's own bits mean nothing
                assert after[entry][1] == mode_before, entry
        new = set(after) - set(before)
        if result.exit_code == 0:
            assert new <= {full, "made"}
        else:
            assert not new


# Long lines (issue 14): many numbers, repeated phrases and long runs of digits, which made the scan
# quadratic. 100 + 100 examples of lines up to 20,000 characters.
PHRASES = st.sampled_from(
    [
        "from 2 to 6 ",
        "doubled from 2 to 6, ",
        "rose from 5.45% to 16%, by 10.6 percentage points ",
        "43.9%, up from 25.9% ",
        "85.2 billion yuan (+28.6% YoY) ",
        "grew 12.4% to 56.2 billion yuan ",
        "an increase of 20% ",
        "a 4-fold increase ",
        "3 times ",
        "1 pp ",
        "100→120 ",
        "由100亿元增长到150亿元，增长60%。",
        "从2家增长到6家",
        "1,100+ ",
        "1,234,567.89 ",
        "1 ",
        "1.",
        "2024 ",
        "9:30 ",
        "3rd ",
        "(+",
        "%",
        "from ",
        "to ",
        "up from ",
        " ",
        "。",
        "; ",
        ". ",
    ]
)
DIGIT_RUNS = st.integers(1, 6_000).map(lambda n: "7" * n)


@st.composite
def long_line(draw):
    """A line of up to 12 pieces, each a phrase or a run of digits repeated up to 1,000 times."""
    pieces = draw(st.lists(st.tuples(st.one_of(PHRASES, DIGIT_RUNS), st.integers(1, 1_000)), max_size=12))
    return "".join(piece * min(times, 20_000 // len(piece)) for piece, times in pieces)[:20_000]


@fuzz(100)
@given(long_line())
def test_check_reads_long_lines(line):
    result = invoke("check", "-", "-f", "csv", input=line.encode())
    if not line.strip():  # an empty report is an error
        assert (result.exit_code, result.stdout) == (2, "")
        return
    assert result.exit_code in (0, 1), result.stderr  # 1: an inconsistent claim
    assert result.stderr == "" and result.stdout.startswith("line,claim,stated,computed,verdict,note")


@fuzz(100)
@given(long_line(), st.sampled_from(CLAIM_SENTENCES))
def test_a_sentence_has_the_same_claims_in_a_long_line_of_noise(noise, sentence):
    """Claims never reach across sentences: a sentence after long noise on its line, with more noise
    on the next line, has the claims it has alone."""
    found = check_text(f"{noise}. {sentence}\n{noise}")
    next_line = [dataclasses.replace(claim, line=2) for claim in check_text(noise)]
    assert found == check_text(f"{noise}.") + check_text(sentence) + next_line


# Control characters in names: text from a file is shown, never obeyed (issue 14).
HOSTILE = st.sampled_from(
    ["\x1b", "\x1b]0;title\x07", "\x1b[2J", "\x1bP", "\r", "\n", "\r\n", "\t", "\x00", "\x7f", "\x9b", "\x85",
     "\u202e", "\u2066", "\u200f", "\u2028", "|", "\\", "\\|", "<script>", "</b>", "&amp;", "&#65;", "*", "_",
     "`", "[", "](x)", "~~", " ", "\u3000", "#", "-", "北京"]
)  # fmt: skip
NAMES = st.lists(st.one_of(HOSTILE, st.text(max_size=3)), min_size=1, max_size=6).map("".join).filter(bool)
#: What a terminal would obey or that reorders text: C0 (but the table's own line ends), DEL, C1, bidi.
OBEYED = set(map(chr, [*range(0x20), 0x7F, *range(0x80, 0xA0), 0x061C, 0x200E, 0x200F,
                       *range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x2028, 0x2029])) - {"\n"}  # fmt: skip


def hostile_frame(names: list[str]):
    import pandas as pd

    return pd.DataFrame(
        {
            "entity": names,
            "indicator": list(reversed(names)),
            "pct_change": [1.5 * i for i in range(len(names))],
        }
    )


class _Screen(io.StringIO):
    def isatty(self) -> bool:
        return True


@fuzz(200)
@given(st.lists(NAMES, min_size=1, max_size=4))
def test_terminal_table_obeys_nothing_from_names(names):
    import re

    from indcalc.render.table import write_table

    screen = _Screen()
    write_table(hostile_frame(names), screen, title=names[0], color=True, width=80)
    own = re.sub(r"\x1b\[[0-9;]*m", "", screen.getvalue())  # Rich's colours are its own
    assert "\x1b[" in screen.getvalue()  # it was drawn for a terminal, in colour
    assert not OBEYED & set(own), sorted(OBEYED & set(own))


@fuzz(200)
@given(st.lists(NAMES, min_size=1, max_size=4))
def test_markdown_rows_and_cells_read_as_the_names(names):
    from indcalc.render.markdown import write_markdown
    from indcalc.visible import visible
    from tests.test_injection import markdown_rows

    out = io.StringIO()
    write_markdown(hostile_frame(names), out, title=names[0])
    rows = markdown_rows(out.getvalue())
    assert rows[0] == ["entity", "indicator", "pct_change"]
    expected = [[visible(a), visible(b)] for a, b in zip(names, reversed(names), strict=True)]
    assert [row[:2] for row in rows[1:]] == expected


SPELLINGS = (  # (frequency code, how a year and a sub-period are written)
    (0, lambda y, s: f"{y:04d}"),
    (0, lambda y, s: f"{y:04d}年"),
    (1, lambda y, s: f"{y:04d}Q{s + 1}"),
    (1, lambda y, s: f"{y:04d}-q{s + 1}"),
    (2, lambda y, s: f"{y:04d}-{s + 1:02d}"),
    (2, lambda y, s: f"{y:04d}M{s + 1}"),
    (2, lambda y, s: f"{y:04d}年{s + 1}月"),
)


@st.composite
def periods_of_any_year(draw):
    """A long CSV of one series per frequency drawn, periods of years 0 to 9999, any spelling."""
    from indcalc.periods import PERIODS_PER_YEAR

    lines, expected = ["indicator,period,value"], set()
    for code, spell in draw(st.lists(st.sampled_from(SPELLINGS), min_size=1, max_size=3)):
        ppy = PERIODS_PER_YEAR[code]
        near = draw(st.sampled_from([0, 1, 99, 999, 1000, 9999]))
        years = st.one_of(st.integers(max(near - 2, 0), min(near + 2, 9999)), st.integers(0, 9999))
        for year, sub in draw(st.lists(st.tuples(years, st.integers(0, ppy - 1)), min_size=1, max_size=4)):
            lines.append(f"f{code},{spell(year, sub)},{year % 97 + 1}")
            expected.add((f"f{code}", year * ppy + sub, code))
    return "\n".join(lines) + "\n", expected


@fuzz(150)
@given(periods_of_any_year(), st.sampled_from(["yoy", "pop"]))
def test_periods_of_any_year_round_trip_through_indcalcs_own_output(data, command):
    from indcalc.periods import parse_period

    text, expected = data
    first = invoke(command, "-", "-f", "csv", input=text.encode())
    if first.exit_code == 2:  # the same period twice in a series, at most
        assert "duplicate" in first.stderr and first.stdout == "", first.stderr
        return
    assert first.exit_code == 0, first.stderr
    rows = [line.split(",") for line in first.stdout.splitlines()[1:]]
    found = {(row[1], parse_period(row[3]).ordinal, parse_period(row[3]).code) for row in rows}
    assert found == {e for e in expected if e[0] in {row[1] for row in rows}}
    again = invoke(command, "-", "-f", "csv", input=first.stdout.encode())
    assert (again.exit_code, again.stdout) == (0, first.stdout), again.stderr


EXTREME_FIGURES = st.one_of(
    st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from([1e308, -1e308, 1.7976931348623157e308, -1.7976931348623157e308, 1e300, 1e-300, 1e-310]),
    st.sampled_from([2.2250738585072014e-308, 5e-324, -5e-324, 0.0, 1.0, 100.0, -1.0]),
)


def exact_figures(start: float, end: float, years: float) -> dict[str, Fraction | Decimal | None]:
    """The growth formulas (README, Definitions) in exact arithmetic; None where undefined."""
    low, high = Fraction(start), Fraction(end)
    out: dict[str, Fraction | Decimal | None] = {"change": high - low}
    out["pct_change"] = (high - low) / low * 100 if low > 0 else None
    out["multiple"] = high / low if low > 0 else None
    out["cagr_pct"] = None
    if low > 0 and years > 0 and high >= 0:
        with localcontext() as context:
            context.prec, context.Emax, context.Emin = 40, 10**6, -(10**6)
            ratio = (
                Decimal(high.numerator) / Decimal(high.denominator) / Decimal(low.numerator) * low.denominator
            )
            out["cagr_pct"] = (ratio ** (Decimal(1) / Decimal(years)) - 1) * 100
    return out


def check_against_exact(row: dict[str, str], exact: dict[str, Fraction | Decimal | None]) -> None:
    """A figure whose exact value fits a float (with a margin) is given, close to it; one that does
    not, or is undefined, is empty."""
    for name, value in exact.items():
        got = row[name]
        if value is None or abs(value) > 1.8e308:
            assert got == "", (name, got, value)
        elif abs(value) < 1e308:
            assert got != "", (name, value)
            assert float(got) == pytest.approx(float(value), rel=1e-9, abs=1e-9), (name, got, value)


@fuzz(200)
@given(EXTREME_FIGURES, EXTREME_FIGURES, st.integers(1, 200))
def test_extreme_finite_figures_are_never_undefined_where_the_true_figure_fits_growth(start, end, years):
    data = f"indicator,period,value\nx,2000,{start!r}\nx,{2000 + years},{end!r}\n"
    result = invoke("growth", "-", "-f", "csv", input=data.encode())
    assert (result.exit_code, result.stderr) == (0, "")
    header, line = result.stdout.splitlines()
    check_against_exact(
        dict(zip(header.split(","), line.split(","), strict=True)), exact_figures(start, end, years)
    )


@fuzz(200)
@given(EXTREME_FIGURES, EXTREME_FIGURES, st.floats(0.25, 200))
def test_extreme_finite_figures_are_never_undefined_where_the_true_figure_fits_calc(start, end, years):
    result = invoke("calc", "--years", repr(years), "-f", "csv", "--", repr(start), repr(end))
    assert (result.exit_code, result.stderr) == (0, "")
    header, line = result.stdout.splitlines()
    check_against_exact(
        dict(zip(header.split(","), line.split(","), strict=True)), exact_figures(start, end, years)
    )


@st.composite
def many_columns(draw):
    """A long or wide table with up to 1,200 columns besides those indcalc reads (1,000 are kept)."""
    extra = draw(st.sampled_from([0, 1, 999, 1000, 1001, 1200]) | st.integers(0, 1200))
    wide = draw(st.booleans())
    names = [draw(st.sampled_from(["note", "来源", "x"])) + str(i) for i in range(extra)]  # never a period
    cells = draw(st.lists(st.sampled_from(["", "a", "1", "—"]), min_size=1, max_size=3))
    if wide:
        header, rows = ["indicator", *names, "2023", "2024"], [["s", *(cells * extra)[:extra], "100", "110"]]
    else:
        header = ["indicator", "period", "value", *names]
        rows = [["s", p, v, *(cells * extra)[:extra]] for p, v in (("2023", "100"), ("2024", "110"))]
    return extra, "\n".join(",".join(row) for row in [header, *rows]).encode()


@fuzz(40)
@given(many_columns(), st.sampled_from(["growth", "yoy", "list"]))
def test_many_columns_are_kept_or_refused_by_count(data, command):
    extra, text = data
    result = invoke(command, "-", "-f", "csv", input=text)
    if extra > 1000:
        assert (result.exit_code, result.stdout) == (2, "")
        assert f"{extra:,} other columns" in result.stderr and "at most 1,000" in result.stderr
    else:
        assert result.exit_code == 0, result.stderr
        assert result.stdout.splitlines()[1].split(",")[1] == "s"
