"""Fuzzing every command that reads a file: random bytes, CSV-shaped text, mutated real files.

The only outcomes allowed: success, or exit 2 with `indcalc: error:` on stderr and nothing on stdout.
Never a traceback (CliRunner re-raises any unhandled exception here), never exit 1 by accident.
`validate` writes its report even on errors, and exits 1 on warnings, so for it stdout may be full.
2,300 examples in all (500 + 800 + 700 + 300).
"""

import datetime
import io
import tempfile
from decimal import Decimal, localcontext
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import invoke

FIXTURES = Path(__file__).parent / "fixtures"
SEEDS = [
    p.read_bytes() for p in sorted(FIXTURES.iterdir()) if p.suffix in {".csv", ".tsv", ".xlsx", ".parquet"}
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
