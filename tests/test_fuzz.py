"""Fuzzing every command that reads a file: random bytes, CSV-shaped text, mutated real files.

The only outcomes allowed: success, or exit 2 with `indcalc: error:` on stderr and nothing on stdout.
Never a traceback (CliRunner re-raises any unhandled exception here), never exit 1 by accident.
`validate` writes its report even on errors, and exits 1 on warnings, so for it stdout may be full.
2,300 examples in all (500 + 800 + 700 + 300), and 200 long lines for `check`.
"""

import dataclasses
import datetime
import io
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from indcalc.claims import check_text
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
    if result.exit_code == 2:
        assert result.stdout == ""
        assert result.stderr.startswith("indcalc: error: "), result.stderr


@fuzz(500)
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


@fuzz(800)
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


@fuzz(700)
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


@fuzz(300)
@given(COMMANDS, parquet_file())
def test_typed_parquet_with_nulls(command, data):
    check(command, data, ".parquet")


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
