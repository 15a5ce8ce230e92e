"""`indcalc validate` lists every problem, and every command counts them exactly.

Run as a user runs them: `python -m indcalc` in a subprocess, stdout a pipe (CSV), stderr apart.
"""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from indcalc.reading import inspect
from tests.conftest import invoke

NUMBER = "expected a number such as 1100, 1,100, 5.45%, 27.4亿 or 2.74 billion"
PERIOD = (
    "expected a period such as 2024, 2024Q1, 2024-04, 2024M4, 2024年, 2024年4月, 2024年一季度 or 2024年1-4月"
)


def run(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "COLUMNS": "200"}
    return subprocess.run(
        [sys.executable, "-m", "indcalc", *args], capture_output=True, text=True, env=env, timeout=300
    )


def problems(stdout: str) -> list[tuple[str, str, str, str]]:
    """(line, column, severity, problem) of each row of validate's CSV report."""
    import csv

    rows = list(csv.reader(io.StringIO(stdout)))
    assert rows[0] == ["file", "line", "column", "severity", "problem", "text", "expected"]
    return [tuple(row[1:5]) for row in rows[1:]]


# name, the file, validate's rows (line, column, severity, problem), yoy's stderr lines ({f}: the path)
# (2022, missing before line 7, is no gap: line 6, whose period is an error, may be it)
EVERY_PROBLEM = [
    (
        "a duplicate of a row whose number is bad",
        "indicator,period,value\nGDP,2018,100\nGDP,2019,110\nGDP,2020,abc\nGDP,2021,130\n"
        "GDP,20x2,140\nGDP,2023,150\nGDP,2020,160\n",
        [
            ("4", "3", "error", "'abc' is not a number"),
            ("6", "2", "error", "'20x2' is not a period"),
            ("8", "2", "error", "duplicate: series 'GDP' already has '2020' on line 4"),
        ],
        [
            f"{{f}}:4:3: 'abc' is not a number; {NUMBER}",
            f"{{f}}:6:2: '20x2' is not a period; {PERIOD}",
            "{f}:8:2: duplicate: series 'GDP' already has '2020' on line 4",
        ],
    ),
    (
        "a duplicate in a series that also changes unit",
        "indicator,period,value,unit\nGDP,2018,100,%\nGDP,2019,110,%\nGDP,2020,abc,%\nGDP,2021,130,%\n"
        "GDP,20x2,140,%\nGDP,2023,150,yuan\nGDP,2023,160,%\n",
        [
            ("4", "3", "error", "'abc' is not a number"),
            ("6", "2", "error", "'20x2' is not a period"),
            ("7", "4", "error", "series 'GDP' changes unit: 'yuan' here, '%' on line 2"),
            ("8", "2", "error", "duplicate: series 'GDP' already has '2023' on line 7"),
        ],
        [
            f"{{f}}:4:3: 'abc' is not a number; {NUMBER}",
            f"{{f}}:6:2: '20x2' is not a period; {PERIOD}",
            "{f}:7:4: series 'GDP' changes unit: 'yuan' here, '%' on line 2",
            "{f}:8:2: duplicate: series 'GDP' already has '2023' on line 7",
        ],
    ),
    (
        "a duplicate in a series that also mixes frequencies",
        "indicator,period,value\nGDP,2018,100\nGDP,2019Q1,110\nGDP,2020,abc\nGDP,2021,130\n"
        "GDP,20x2,140\nGDP,2023,150\nGDP,2023,160\n",
        [
            ("3", "2", "error", "series 'GDP' mixes frequencies: '2019Q1' is quarterly, line 2 is annual"),
            ("4", "2", "warning", "series 'GDP' has no value for 2019 (before this period)"),
            ("4", "3", "error", "'abc' is not a number"),
            ("6", "2", "error", "'20x2' is not a period"),
            ("8", "2", "error", "duplicate: series 'GDP' already has '2023' on line 7"),
        ],
        [
            "{f}:3:2: series 'GDP' mixes frequencies: '2019Q1' is quarterly, line 2 is annual",
            f"{{f}}:4:3: 'abc' is not a number; {NUMBER}",
            f"{{f}}:6:2: '20x2' is not a period; {PERIOD}",
            "{f}:8:2: duplicate: series 'GDP' already has '2023' on line 7",
        ],
    ),
]


@pytest.mark.parametrize(("name", "data", "rows", "errors"), EVERY_PROBLEM, ids=[c[0] for c in EVERY_PROBLEM])
def test_checks_that_need_parsed_values_run_on_the_rows_that_parsed(tmp_path, name, data, rows, errors):
    path = tmp_path / "f.csv"
    path.write_text(data, encoding="utf-8")
    checked = run("validate", str(path))
    assert checked.returncode == 2
    assert problems(checked.stdout) == rows
    found = sum(r[2] == "error" for r in rows), sum(r[2] == "warning" for r in rows)
    summary = f"indcalc: {found[0]} errors, {found[1]} warning{'s' * (found[1] != 1)}\n"
    assert checked.stderr == summary
    computed = run("yoy", str(path))
    assert (computed.returncode, computed.stdout) == (2, "")
    assert computed.stderr.splitlines() == ["indcalc: error: " + e.format(f=path) for e in errors]


EMPTY = "the cell is empty"
# name, the file, validate's rows (line, column, severity, problem)
GAPS = [
    (
        "an empty cell between two figures",
        "indicator,period,value\nGDP,2018,100\nGDP,2019,\nGDP,2020,120\n",
        [("3", "3", "warning", f"series 'GDP' has no value for 2019 ({EMPTY})")],
    ),
    (
        "empty cells before the first figure and after the last",
        "indicator,period,value\nGDP,2017,\nGDP,2018,100\nGDP,2019,110\nGDP,2020,  \n",
        [],
    ),
    (
        "an empty cell for a period another row has a figure for",
        "indicator,period,value\nGDP,2018,100\nGDP,2019,110\nGDP,2019,\nGDP,2020,120\n",
        [],
    ),
    (
        "an empty cell and a deleted row",
        "indicator,period,value\nGDP,2018,100\nGDP,2019,\nGDP,2021,130\n",
        [
            ("3", "3", "warning", f"series 'GDP' has no value for 2019 ({EMPTY})"),
            ("4", "2", "warning", "series 'GDP' has no value for 2020 (before this period)"),
        ],
    ),
    (
        "each series on its own, rows in any order",
        "entity,indicator,period,value\nA,x,2020,3\nB,x,2019,\nA,x,2019,\nB,x,2018,1\nA,x,2018,1\nB,x,2020,3\n",
        [
            ("3", "4", "warning", f"series 'B / x' has no value for 2019 ({EMPTY})"),
            ("4", "4", "warning", f"series 'A / x' has no value for 2019 ({EMPTY})"),
        ],
    ),
    (
        "a missing-value mark is reported once, as a mark",
        "indicator,period,value\nGDP,2018,100\nGDP,2019,-\nGDP,2020,120\n",
        [("3", "3", "warning", "'-' marks a missing figure")],
    ),
    (
        "a wide table's empty cell inside a row",
        "indicator,2018,2019,2020,2021\nGDP,,100,,120\nCPI,1,2,3,\n",
        [("2", "4", "warning", f"series 'GDP' has no value for 2020 ({EMPTY})")],
    ),
]


@pytest.mark.parametrize(("name", "data", "rows"), GAPS, ids=[c[0] for c in GAPS])
def test_an_empty_value_cell_inside_a_series_is_a_gap_warning(tmp_path, name, data, rows):
    path = tmp_path / "f.csv"
    path.write_text(data, encoding="utf-8")
    checked = run("validate", str(path))
    assert checked.returncode == (1 if rows else 0)
    assert problems(checked.stdout) == rows
    assert checked.stderr == f"indcalc: 0 errors, {len(rows)} warning{'s' * (len(rows) != 1)}\n"
    assert run("yoy", str(path)).returncode == 0  # a warning stops nothing


def test_a_name_holding_lines_a_quote_left_open_joined_is_a_warning(tmp_path):
    # Valid CSV, but the quote on line 3 closes on line 5: three rows became one cell.
    path = tmp_path / "f.csv"
    path.write_text(
        'entity,indicator,period,value\nFR,GDP,2023,1\nFR,"GDP,2024,2\nFR,GDP,2025,3\nUS,TV 55",2026,4\n'
    )
    checked = run("validate", str(path))
    assert checked.returncode == 1
    assert problems(checked.stdout) == [
        (
            "3",
            "2",
            "warning",
            "the indicator 'GDP,2024,2\\nFR,GDP,2025,3\\nUS,TV 55' holds line breaks and delimiters",
        )
    ]
    path.write_text(
        'entity,indicator,period,value,remark\nA,GDP,2022,1,"prelim\nA,GDP,2023,2,x\nA,GDP,2024,3,"\n'
    )
    checked = run("validate", str(path))  # in a column the commands do not use
    assert problems(checked.stdout)[0][:3] == ("2", "5", "warning")
    for name in ('"GDP\nreal"', '"GDP, real\nchained"'):  # a name written over two lines, a comma in it
        path.write_text(f"entity,indicator,period,value\nFR,{name},2023,1\nFR,{name},2024,2\n")
        assert run("validate", str(path)).returncode == 0


@pytest.fixture(scope="module")
def bad_values(tmp_path_factory) -> str:
    """100,000 rows whose value is not a number (lines 2 to 100,001)."""
    path = tmp_path_factory.mktemp("big") / "bad.csv"
    rows = "".join(f"s{i // 100},{1900 + i % 100},bad{i}\n" for i in range(100_000))
    path.write_text("indicator,period,value\n" + rows, encoding="utf-8")
    return str(path)


def test_a_command_lists_the_first_20_problems_and_counts_the_rest_exactly(bad_values):
    done = run("yoy", bad_values)
    assert (done.returncode, done.stdout) == (2, "")
    shown = [f"indcalc: error: {bad_values}:{i + 2}:3: 'bad{i}' is not a number; {NUMBER}" for i in range(20)]
    assert done.stderr.splitlines() == [*shown, "indcalc: error: ... and 99,980 more problems"]


def test_validate_lists_the_first_20_problems_and_all_with_all(bad_values):
    first = run("validate", bad_values)
    assert first.returncode == 2
    assert problems(first.stdout) == [
        (str(i + 2), "3", "error", f"'bad{i}' is not a number") for i in range(20)
    ]
    assert (
        first.stderr
        == "indcalc: 100,000 errors, 0 warnings; listed the first 20, errors first (--all lists them all)\n"
    )
    every = run("validate", bad_values, "--all")
    assert every.returncode == 2
    listed = problems(every.stdout)
    assert len(listed) == 100_000 and listed[-1] == ("100001", "3", "error", "'bad99999' is not a number")
    assert [int(row[0]) for row in listed] == list(range(2, 100_002))
    assert every.stderr == "indcalc: 100,000 errors, 0 warnings\n"


def test_validate_lists_an_error_that_many_warnings_come_before(tmp_path):
    # 25 missing-value marks, then one bad number: the error is listed (after 19 warnings, in line
    # order), not hidden behind the first 20 warnings
    rows = "".join(f"x,{2000 + i},-\n" for i in range(25)) + "x,2025,oops\n"
    path = tmp_path / "f.csv"
    path.write_text("indicator,period,value\n" + rows, encoding="utf-8")
    done = run("validate", str(path))
    assert done.returncode == 2
    listed = problems(done.stdout)
    assert [row[2] for row in listed] == ["warning"] * 19 + ["error"]
    assert listed[-1] == ("27", "3", "error", "'oops' is not a number")
    assert [int(row[0]) for row in listed] == [*range(2, 21), 27]
    assert (
        done.stderr
        == "indcalc: 1 error, 25 warnings; listed the first 20, errors first (--all lists them all)\n"
    )
    computed = run("yoy", str(path))
    assert (computed.returncode, computed.stdout) == (2, "")
    assert computed.stderr == f"indcalc: error: {path}:27:3: 'oops' is not a number; {NUMBER}\n"


@pytest.mark.parametrize(
    ("bad", "expected"),
    [
        (21, "indcalc: error: ... and 1 more problem"),
        (1_003, "indcalc: error: ... and 983 more problems"),
        (1_234, "indcalc: error: ... and 1,214 more problems"),
    ],
)
def test_the_count_of_unlisted_problems_is_exact(tmp_path, bad, expected):
    rows = "".join(f"x,{2000 + i},bad\n" for i in range(bad))
    path = tmp_path / "f.csv"
    path.write_text("indicator,period,value\n" + rows, encoding="utf-8")
    done = run("yoy", str(path))
    assert (done.returncode, done.stdout) == (2, "")
    lines = done.stderr.splitlines()
    assert len(lines) == 21 and lines[-1] == expected


def test_inspect_counts_every_problem_and_lists_the_first_ones_asked_for():
    bad_numbers = "".join(f"x,{1000 + i},bad\n" for i in range(1003))
    bad_periods = "".join(f"y,nope{i},1\n" for i in range(1002))
    data = ("indicator,period,value\n" + bad_numbers + bad_periods).encode()
    every = inspect(io.BytesIO(data))
    assert (every.error_count, every.warning_count, len(every.problems)) == (2005, 0, 2005)
    assert [p.line for p in every.problems] == list(range(2, 2007))
    first = inspect(io.BytesIO(data), limit=20)
    assert (first.error_count, first.warning_count) == (2005, 0)
    assert [p.line for p in first.problems] == list(range(2, 22))


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from("ab"), st.integers(2000, 2007), st.sampled_from(["", "", "1", "2"])),
        min_size=1,
        max_size=25,
    )
)
def test_empty_cells_warned_as_gaps_are_those_between_figures_of_their_series(rows):
    """The vectorised search equals a reference that looks at each empty cell's series in turn."""
    data = "entity,indicator,period,value\n" + "".join(f"{s},x,{year},{v}\n" for s, year, v in rows)
    found = inspect(io.BytesIO(data.encode()))
    warned = {p.line for p in found.problems if p.message.endswith("(the cell is empty)")}
    expected = set()
    for line, (series, year, value) in enumerate(rows, start=2):
        years = [y for s, y, v in rows if s == series and v]
        if not value and year not in years and years and min(years) < year < max(years):
            expected.add(line)
    assert warned == expected


def test_validate_all_lists_every_row_of_the_wrong_width(write_csv):
    # Not the first alone: a file with extra commas here and there is mended in one go.
    rows = "".join(f"B{i},x,2024\n" for i in range(22))
    path = write_csv("entity,indicator,period,value\nA,x,2024,1\n" + rows)
    result = invoke("validate", "--all", path)
    listed = list(csv.DictReader(io.StringIO(result.stdout)))
    assert result.exit_code == 2
    assert [(r["line"], r["column"], r["problem"]) for r in listed] == [
        (str(3 + i), "3", "this row has 3 fields, the header has 4") for i in range(22)
    ]
    assert result.stderr == "indcalc: 22 errors, 0 warnings\n"


# An ONS dataset CSV (mm23.csv's layout: key rows, then a row per period, a column per series), with
# missing periods (2022, 2023 Q2), a missing-value mark, an empty cell inside a series, a bad number,
# and a series with no figure at all (ABCD).
ONS_DATASET = (
    '"Title","CPI INDEX 00: ALL ITEMS 2015=100","RPI:Clothing and footwear (Jan 1987=100)",'
    '"Output per hour worked (SA)"\n'
    '"CDID","D7BT","CHBJ","ABCD"\n"PreUnit","","",""\n"Unit","","",""\n'
    '"Release date","16-09-2026","16-09-2026","16-09-2026"\n'
    '"Next release","21 October 2026","21 October 2026","21 October 2026"\n'
    '"Important notes","","",""\n'
    '"2020","100.0","90.0",""\n'  # line 8
    '"2021","..","",""\n'
    '"2023","105.0","92.0",""\n'  # no 2022 row
    '"2024","106.0","95.0",""\n'
    '"2023 Q1","100.0","x",""\n'
    '"2023 Q3","101.0","93.0",""\n'  # no 2023 Q2 row
)
D7BT = "CPI INDEX 00: ALL ITEMS 2015=100"
CHBJ = "RPI:Clothing and footwear (Jan 1987=100)"


GAP = "has no value for {} (before this line's period)"  # at a series' cell, not the period's


@pytest.mark.parametrize(
    ("text", "rows"),
    [
        (
            ONS_DATASET,
            [
                ("9", "2", "warning", "'..' marks a missing figure", ".."),
                (
                    "9",
                    "3",
                    "warning",
                    f"series '{CHBJ} [annual]' has no value for 2021 (the cell is empty)",
                    "",
                ),
                ("10", "2", "warning", f"series '{D7BT} [annual]' " + GAP.format(2022), "105.0"),
                ("10", "3", "warning", f"series '{CHBJ} [annual]' " + GAP.format(2022), "92.0"),
                ("12", "3", "error", "'x' is not a number", "x"),
                ("13", "2", "warning", f"series '{D7BT} [quarterly]' " + GAP.format("2023Q2"), "101.0"),
                ("13", "3", "warning", f"series '{CHBJ} [quarterly]' " + GAP.format("2023Q2"), "93.0"),
            ],
        ),
        (  # FRED's layout: a date column, a column per series
            "observation_date,GDPA,CPIA\n2019-01-01,100,x\n2020-01-01,101,2\n2022-01-01,103,4\n",
            [
                ("2", "3", "error", "'x' is not a number", "x"),
                ("4", "2", "warning", "series 'GDPA' " + GAP.format(2021), "103"),
                ("4", "3", "warning", "series 'CPIA' " + GAP.format(2021), "4"),
            ],
        ),
    ],
    ids=["ons", "fred"],
)
def test_validate_lists_a_column_per_series_in_file_order_at_their_cells(write_csv, text, rows):
    """A file with a column per series (ONS, FRED): each problem at its series' cell, line by line
    (they were listed series by series, a missing period at column 1, the period's, which all the
    series share), and none for a series with no figures (ONS's ABCD: it was given the missing
    periods too), which only the note on stderr names."""
    result = invoke("validate", write_csv(text), "-f", "csv")
    assert [tuple(r[1:6]) for r in csv.reader(io.StringIO(result.stdout))][1:] == rows
    assert "Output per hour worked" not in result.stdout


# An ONS download: a column per series, its metadata rows (CDID kept, the others left out when read),
# one bad cell (line 12) and a series with no figures.
ONS_WITH_AN_ERROR = (
    '"Title","LFS: Employment rate: %","GDP: £m","Empty series"\n"CDID","LF24","ABMI","ZZZZ"\n'
    '"PreUnit","","£",""\n"Unit","%","m",""\n"Release date","13-08-2024","13-08-2024","13-08-2024"\n'
    '"Next release","10 September 2024","10 September 2024","10 September 2024"\n'
    '"Important notes","","",""\n'
    + "".join(f'"{1989 + q // 4} Q{q % 4 + 1}","72.{q}","12{q}.0",""\n' for q in range(4))
    + '"1990 Q1","7x.8","127.0",""\n"1990 Q2","72.9","128.2",""\n'
)


@pytest.mark.parametrize("error", [False, True])
def test_validate_notes_the_columns_not_used_and_the_series_without_figures_errors_or_not(write_csv, error):
    """The notes on the file as a whole were said only when it had no errors (its frame was not built):
    a user fixing the errors wants to know them too."""
    text = ONS_WITH_AN_ERROR if error else ONS_WITH_AN_ERROR.replace("7x.8", "72.8")
    result = invoke("validate", write_csv(text), "-f", "csv")
    assert result.stderr.splitlines() == [
        "indcalc: note: not used by the commands: 'CDID' (kept in the loaded frame); 'Release date', "
        "'Next release', 'Important notes' (left out when read)",
        "indcalc: note: 1 series has no figures (every value cell empty or a missing-value mark), so no "
        "command shows it: 'Empty series'",
        f"indcalc: {int(error)} error{'s' * (not error)}, 0 warnings",
    ]


@pytest.mark.parametrize(
    ("text", "line", "errors"),
    [
        (
            "observation_date,GDPA,CPIA\n2019-01-01,100,1\n2O20-01-01,101,2\n2021-01-01,103,4\n",
            "3",
            "1 error",
        ),
        (ONS_DATASET.replace('"2023 Q1"', '"2023 Q0"'), "12", "2 errors"),  # and the 'x' on that line
    ],
    ids=["fred", "ons"],
)
def test_a_bad_period_cell_the_series_of_a_line_share_is_one_problem(write_csv, text, line, errors):
    """The period cell of a file with a column per series is every series' on its line: a bad one was
    listed (and counted) once per series, in identical rows."""
    result = invoke("validate", write_csv(text), "-f", "csv")
    bad = [r for r in csv.reader(io.StringIO(result.stdout)) if "is not a period" in r[4]]
    assert [tuple(r[1:4]) for r in bad] == [(line, "1", "error")]
    assert result.stderr.splitlines()[-1].startswith(f"indcalc: {errors}, ")


# ONS's layout, two series (a rate and a level in £), a row per period: ons3.csv of the outside tester.
ONS_TWO = (
    '"Title","CPI ANNUAL RATE 00: ALL ITEMS 2015=100","Average weekly earnings: £"\n'
    '"CDID","D7G7","KAB9"\n"PreUnit","","£"\n"Unit","%",""\n'
    '"2023 JAN","10.1","620"\n"2023 FEB","10.4","n/a"\n"2023 MAR","10.1","1,234"\n'
)
D7G7, KAB9 = "CPI ANNUAL RATE 00: ALL ITEMS 2015=100", "Average weekly earnings: £"
A_DUPLICATE = "one value per series and period"


@pytest.mark.parametrize(
    ("text", "rows"),
    [
        (  # a period row pasted twice: one problem of line 9, at its period cell
            ONS_TWO + '"2023 APR","8.7","622"\n"2023 APR","8.8","623"\n',
            [("9", "1", "error", "duplicate: the 2 series of this line already have '2023 APR' on line 8")],
        ),
        (  # B, empty on line 3, has no figure there to repeat
            '"Title","A","B","C"\n"CDID","AAAA","BBBB","CCCC"\n"2023 JAN","1","","3"\n"2023 JAN","1","2","3"\n',
            [
                (
                    "4",
                    "1",
                    "error",
                    "duplicate: 2 of the 3 series of this line already have '2023 JAN' on line 3",
                )
            ],
        ),
        (  # the series of line 5 repeat different lines: each says which
            '"Title","A","B"\n"CDID","AAAA","BBBB"\n"2023 JAN","1",""\n"2023 JAN","","2"\n"2023 JAN","1","2"\n',
            [
                ("5", "1", "error", "duplicate: series 'A' already has '2023 JAN' on line 3"),
                ("5", "1", "error", "duplicate: series 'B' already has '2023 JAN' on line 4"),
            ],
        ),
        (  # a long table: a line of one series, each its own
            "indicator,period,value\nA,2023,1\nB,2023,2\nA,2023,1\nB,2023,2\n",
            [
                ("4", "2", "error", "duplicate: series 'A' already has '2023' on line 2"),
                ("5", "2", "error", "duplicate: series 'B' already has '2023' on line 3"),
            ],
        ),
    ],
    ids=["ons-row-pasted-twice", "ons-a-series-empty-above", "ons-series-repeating-different-lines", "long"],
)
def test_a_line_repeating_the_period_of_another_for_its_series_is_one_error(write_csv, text, rows):
    """A file with a column per series (ONS, FRED) whose line repeats another's period: one error at the
    period cell, which the series of the line share, naming the line it repeats (it was one per series,
    in rows alike but for the series' name); one per series where they repeat different lines."""
    result = invoke("validate", write_csv(text), "-f", "csv")
    listed = [r for r in csv.reader(io.StringIO(result.stdout))][1:]
    assert [tuple(r[1:5]) for r in listed if r[3] == "error"] == rows
    assert {r[6] for r in listed if r[3] == "error"} == {A_DUPLICATE}
    assert result.stderr.splitlines()[-1].startswith(f"indcalc: {len(rows)} error{'s' * (len(rows) > 1)}, ")


WITHOUT_FIGURES = "(every value cell empty or a missing-value mark), so no command shows it"


@pytest.mark.parametrize(
    ("text", "rows", "note"),
    [
        (  # World Bank's layout: Afghanistan's row all '..'; Aruba's one '..' is a mark in a series
            '"Data Source","World Development Indicators",\n\n'
            '"Country Name","Country Code","Indicator Name","Indicator Code","2021","2022","2023",\n'
            '"Aruba","ABW","GDP (current US$)","NY.GDP.MKTP.CD","2929447486","3279343544","..",\n'
            '"Afghanistan","AFG","GDP (current US$)","NY.GDP.MKTP.CD","..","..","..",\n'
            '"Angola","AGO","GDP (current US$)","NY.GDP.MKTP.CD","65685435100","104399746326","84722957642",\n',
            [("4", "7", "warning", "'..' marks a missing figure")],
            "indcalc: note: 1 row of the table has no figures (a heading, or a series with every value cell "
            "empty or a missing-value mark), so no command shows it: 'Afghanistan / GDP'",
        ),
        (  # ONS's layout: a discontinued series all 'n/a'; the CPI's one 'n/a' is a mark in a series
            '"Title","CPI INDEX 00: ALL ITEMS 2015=100","Discontinued series"\n"CDID","D7BT","ZZZZ"\n'
            '"2023 JAN","130.0","n/a"\n"2023 FEB","n/a","n/a"\n"2023 MAR","132.5","n/a"\n',
            [("4", "2", "warning", "'n/a' marks a missing figure")],
            f"indcalc: note: 1 series has no figures {WITHOUT_FIGURES}: 'Discontinued series'",
        ),
        (  # a long table's series of marks alone, beside one with figures: no warning
            "indicator,period,value\nGDP,2022,1\nGDP,2023,2\nR&D,2022,-\nR&D,2023,-\n",
            [],
            f"indcalc: note: 1 series has no figures {WITHOUT_FIGURES}: 'R&D'",
        ),
    ],
    ids=["world-bank", "ons", "long"],
)
def test_the_marks_of_a_series_with_no_figures_are_not_warned_of_cell_by_cell(write_csv, text, rows, note):
    """A series whose every value cell is empty or a missing-value mark is one problem, named on
    stderr as having no figures; its marks were warned of too, one per cell (a World Bank row of
    '..' over 60 years: 60 warnings for one country with no data)."""
    result = invoke("validate", write_csv(text), "-f", "csv")
    assert [tuple(r[1:5]) for r in csv.reader(io.StringIO(result.stdout))][1:] == rows
    assert note in result.stderr.splitlines()
    assert result.stderr.splitlines()[-1] == f"indcalc: 0 errors, {len(rows)} warning{'s' * (len(rows) != 1)}"
    assert result.exit_code == (1 if rows else 0)


def test_a_file_of_marks_alone_is_one_error_not_a_warning_per_mark(write_csv):
    result = invoke("validate", write_csv("indicator,period,value\nGDP,2022,..\nGDP,2023,..\n"), "-f", "csv")
    assert [tuple(r[1:5]) for r in csv.reader(io.StringIO(result.stdout))][1:] == [
        ("", "", "error", "no figures: every one of the 2 value cells is empty or a missing-value mark")
    ]
    assert result.stderr.splitlines()[-1] == "indcalc: 1 error, 0 warnings"


UNREADABLE = "the unreadable period on line {} can be only one of them"


@pytest.mark.parametrize(
    ("text", "rows"),
    [
        (  # ons3.csv: '2022 Q5' (line 7) is likely 2022Q3, which each series lacked on line 8
            ONS_TWO.split('"2023 JAN"')[0]
            + '"2022 Q1","6.2","590"\n"2022 Q2","9.2","595"\n"2022 Q5","10.0","600"\n"2022 Q4","10.8","610"\n',
            [("7", "1", "error", "'2022 Q5' is not a period")],
        ),
        (  # a long table: '20x1' can be 2021, not 2022 too
            "indicator,period,value\nGDP,2019,1\nGDP,2020,2\nGDP,20x1,3\nGDP,2023,5\n",
            [
                ("4", "2", "error", "'20x1' is not a period"),
                (
                    "5",
                    "2",
                    "warning",
                    f"series 'GDP' has no value for 2021, 2022 (before this period; {UNREADABLE.format(4)})",
                ),
            ],
        ),
        (  # ... two of them can be 2021 and 2022; another series' unreadable period is not this one's
            "indicator,period,value\nGDP,2020,2\nGDP,20x1,3\nGDP,20x2,4\nGDP,2023,5\n"
            "CPI,2020,1\nCPI,2023,1\nCPI,20x4,1\n",
            [
                ("3", "2", "error", "'20x1' is not a period"),
                ("4", "2", "error", "'20x2' is not a period"),
                ("7", "2", "warning", "series 'CPI' has no value for 2021, 2022 (before this period)"),
                ("8", "2", "error", "'20x4' is not a period"),
            ],
        ),
        (  # ... two of them can be two of 2020, 2021 and 2022
            "indicator,period,value\nGDP,2019,1\nGDP,20x0,2\nGDP,20x1,3\nGDP,2023,5\n",
            [
                ("3", "2", "error", "'20x0' is not a period"),
                ("4", "2", "error", "'20x1' is not a period"),
                (
                    "5",
                    "2",
                    "warning",
                    "series 'GDP' has no value for 2020, 2021, 2022 (before this period; the 2 unreadable "
                    "periods from line 3 on can be only 2 of them)",
                ),
            ],
        ),
        (  # ONS: a gap at a series' own cell, here one with a bad number, says whose period it is before
            ONS_TWO.split('"2023 JAN"')[0] + '"2022 Q1","6.2","590"\n"2022 Q3","9.2","5OO"\n',
            [
                ("6", "2", "warning", f"series '{D7G7}' has no value for 2022Q2 (before this line's period)"),
                ("6", "3", "error", "'5OO' is not a number"),
                ("6", "3", "warning", f"series '{KAB9}' has no value for 2022Q2 (before this line's period)"),
            ],
        ),
    ],
    ids=["ons", "long-one-of-two", "long-two-of-two", "long-two-of-three", "ons-at-a-bad-number"],
)
def test_a_gap_that_rows_of_unreadable_periods_may_fill_is_not_a_warning(write_csv, text, rows):
    """A period missing where a row whose period could not be read lies (between the series' rows
    before and after it in the file) may be that row's: its error explains the gap, which was warned
    of too ('no value for 2022Q3 (before this period)' at each series' next cell, beside the error on
    the row before). When the gap is larger than those rows can fill, the warning says so."""
    result = invoke("validate", write_csv(text), "-f", "csv")
    assert [tuple(r[1:5]) for r in csv.reader(io.StringIO(result.stdout))][1:] == rows
