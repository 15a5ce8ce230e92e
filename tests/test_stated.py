"""Tables that state their own growth (比上年增长(%), 同比增长(%), YoY %) and 当月 beside 累计: read as
stated_* columns, checked by `indcalc validate` against the levels, carried to the output (issue 21).

The fixtures under tests/fixtures/stated are laid out as NBS releases and yearbooks are (a title line
above the header, a note below; 当月(亿元), 累计(亿元) and their growth; the combined 1-2月 figure), with
made-up figures and planted errors.
"""

from __future__ import annotations

import csv
import io
import subprocess
from pathlib import Path

import openpyxl
import pytest

from indcalc import inspect, load
from indcalc.reading.derived import stated_role
from tests.conftest import invoke

FIXTURES = Path(__file__).parent / "fixtures" / "stated"
GROWTH = "the growth the levels give, within their rounding"


def run(*args: str) -> subprocess.CompletedProcess:
    """`indcalc ARGS...` in this process (a process each made this file a minute of the run)."""
    done = invoke(*args, env={"COLUMNS": "200"})
    return subprocess.CompletedProcess(args, done.exit_code, done.stdout, done.stderr)


def rows(stdout: str) -> list[tuple[str, ...]]:
    """(line, column, severity, problem, text) of each row of validate's CSV report."""
    table = list(csv.reader(io.StringIO(stdout)))
    assert table[0] == ["file", "line", "column", "severity", "problem", "text", "expected"]
    return [tuple(row[1:6]) for row in table[1:]]


def found(text: str) -> list[tuple[int | None, int | None, str, str]]:
    """(line, column, severity, message) of each problem `inspect` finds in a CSV text, but periods
    missing inside a series (the tables here leave some out)."""
    problems = inspect(io.BytesIO(text.encode())).problems
    return [
        (p.line, p.column, p.severity, p.message) for p in problems if "has no value for" not in p.message
    ]


YEARBOOK_FINDINGS = [
    (
        "6",
        "6",
        "warning",
        "stated growth 4.8% on a year earlier, but 14,462.7 (2023) -> 15,118 (2024) gives +4.53%",
        "4.8",
    ),
    (
        "8",
        "6",
        "warning",
        "stated growth 5.6% on a year earlier, but 88,650 (2023) -> 92,760 (2024) gives +4.64%",
        "5.6",
    ),
]


def test_yearbook_table_gives_exactly_its_two_wrong_growth_figures():
    done = run("validate", str(FIXTURES / "yearbook.csv"))
    assert (done.returncode, rows(done.stdout)) == (1, YEARBOOK_FINDINGS)
    assert done.stderr.splitlines()[-1] == "indcalc: 0 errors, 2 warnings"


def test_yearbook_workbook_gives_the_same_lines(tmp_path):
    book = openpyxl.Workbook()
    with open(FIXTURES / "yearbook.csv", encoding="utf-8") as file:
        for row in csv.reader(file):
            book.active.append([_cell(c) for c in row])
    book.save(tmp_path / "yearbook.xlsx")
    done = run("validate", str(tmp_path / "yearbook.xlsx"))
    assert (done.returncode, rows(done.stdout)) == (1, YEARBOOK_FINDINGS)


def _cell(text: str) -> object:
    try:
        return int(text)
    except ValueError:
        try:
            return float(text)
        except ValueError:
            return text


def test_monthly_release_gives_exactly_the_month_that_does_not_add_up():
    done = run("validate", str(FIXTURES / "monthly.csv"))
    assert done.returncode == 1
    assert rows(done.stdout) == [
        (
            "16",
            "3",
            "warning",
            "stated single-period figure 2395.0, but the year-to-date figures give "
            "11,014 (2024-05) - 8,649 (2024-04, line 15) = 2,365 (2,364 to 2,366 as rounded)",
            "2395.0",
        )
    ]
    assert done.stderr == "indcalc: 0 errors, 1 warning\n"


def test_monthly_release_reads_the_year_to_date_series_with_the_single_months_beside_it():
    frame = load(str(FIXTURES / "monthly.csv"))
    assert set(frame["basis"]) == {"ytd"} and set(frame["unit"]) == {"亿元"}
    first = frame.iloc[0]
    assert (first["period"], first["value"], first["stated_period_value"]) == ("2023-02", 3920.4, 3920.4)
    last = frame.iloc[-1]
    assert (last["value"], last["stated_growth_pct"], last["stated_period_growth_pct"]) == (13522.3, 4.2, 4.0)


@pytest.mark.parametrize(
    ("header", "role"),
    [
        ("比上年增长(%)", "growth"),
        ("2024年比上年增长（%）", "growth"),
        ("比上年增长(%)(按可比价格计算)", "growth"),
        ("同比增长(%)", "growth"),
        ("增速", "growth"),
        ("growth (%)", "growth"),
        ("YoY %", "growth"),
        ("比上年末增长(%)", "stated_year_end_growth_pct"),
        ("环比增长(%)", "stated_pop_growth_pct"),
        ("当月", "stated_period_value"),
        ("本月", "stated_period_value"),
        ("本期", "stated_period_value"),
        ("当月(亿元)", "stated_period_value"),
        ("累计", "stated_ytd_value"),
        ("1-3月", "stated_ytd_value"),
        ("本年累计", "stated_ytd_value"),
        ("YTD", "stated_ytd_value"),
        ("当月同比增长(%)", "stated_period_growth_pct"),
        ("累计增长(%)", "stated_ytd_growth_pct"),
        ("1-3月同比增长(%)", "stated_ytd_growth_pct"),
        ("国内生产总值(亿元)", ""),
        ("2024年", ""),
        ("note", ""),
        ("yoy_pct", ""),  # indcalc's own output: computed, not stated
        ("pct_change", ""),
        ("share_pct", ""),
    ],
)
def test_stated_columns_are_recognised_by_name(header, role):
    assert stated_role(header) == role


@pytest.mark.parametrize(
    ("header", "columns"),
    [
        ("指标,时间,数值,同比增长(%)", ["stated_growth_pct"]),
        ("指标,时间,当月,累计", ["stated_period_value"]),
        (
            "指标,时间,当月,同比增长(%),累计,同比增长(%)",
            ["stated_period_value", "stated_period_growth_pct", "stated_growth_pct"],
        ),
        ("指标,时间,数值,累计", ["stated_ytd_value"]),
        ("指标,时间,数值,比上年末增长(%),同比增长(%)", ["stated_year_end_growth_pct", "stated_growth_pct"]),
        ("指标,时间,数值,比上年实际增长(%)", ["stated_real_growth_pct"]),
    ],
)
def test_stated_columns_are_kept_under_their_names(header, columns):
    width = header.count(",") + 1
    text = f"{header}\nx,2024年3月,{','.join(['1'] * (width - 2))}\n"
    frame = load(io.BytesIO(text.encode()))
    assert [c for c in frame.columns if c.startswith("stated_")] == columns
    if "当月" in header:  # the series is the year to date, the single month beside it
        assert frame["basis"].tolist() == ["ytd"]


# (levels, stated growth): the levels' rounding as intervals, as `check` takes a text's figures
ROUNDING = [
    (("10000", "10458"), "4.6", True),  # 4.58% stated as 4.6: fine
    (("10000", "10458"), "4.58", True),
    (("10000", "10458"), "4.8", False),  # as 4.8: not
    (("10000", "10458"), "4.5", False),
    (("1000", "1045"), "4.4", True),  # 1,044.5 / 1,000.5 - 1 = 4.398%: 4.35 to 4.45 reaches it
    (("1000", "1045"), "4.6", True),  # 1,045.5 / 999.5 - 1 = 4.602%
    (("1000", "1045"), "4.3", False),
    (("1000", "1045"), "4.7", False),
    (("1000", "1045"), "4.50", True),
    (("1000", "998"), "-0.2", True),
    (("1000", "998"), "-0.3", True),  # 997.5 / 1,000.5 - 1 = -0.2998%
    (("1000", "998"), "-0.4", False),
    (("1000", "998"), "0.2", False),  # the sign counts
    (("10.0", "10.5"), "5", True),  # a stated 5: 4.5% to 5.5%
    (("10.0", "10.5"), "5.0", True),
    (("10.00", "10.50"), "5.1", True),  # 4.90% to 5.10%
    (("10.00", "10.50"), "5.2", False),
    (("10", "10.5"), "5.1", True),  # 10 is 9.5 to 10.5
    (("0", "10"), "5", True),  # growth from zero is undefined: not checked
    (("1,000", "1,045"), "4.7", False),
    (("27.4亿", "28.5亿"), "4.0", True),
    (("27.4亿", "28.5亿"), "4.5", False),
]


@pytest.mark.parametrize(("levels", "stated", "fine"), ROUNDING)
def test_stated_growth_is_checked_within_the_rounding_of_every_figure(levels, stated, fine):
    text = f'指标,2023年,2024年,比上年增长(%)\nx,"{levels[0]}","{levels[1]}",{stated}\n'
    got = found(text)
    assert got == [] if fine else [(2, 4, "warning", got[0][3])]


@pytest.mark.parametrize(("levels", "stated", "fine"), ROUNDING[:9])
def test_a_long_table_with_a_growth_column_is_checked_the_same(levels, stated, fine):
    text = f"indicator,period,value,YoY %\nx,2023,{levels[0]},\nx,2024,{levels[1]},{stated}\n"
    got = found(text)
    assert got == [] if fine else [(3, 4, "warning", got[0][3])]
    if not fine:
        assert ", line 2) -> " in got[0][3]  # the base is on another line: named


def test_a_monthly_long_table_takes_the_same_month_a_year_earlier():
    text = (
        "地区,指标,时间,数值,单位,同比增长(%)\n"
        "北京,社零,2023年3月,1000,亿元,\n"
        "北京,社零,2023年4月,1100,亿元,\n"
        "北京,社零,2024年3月,1050,亿元,5.0\n"  # on 2023-03: fine (on 2024-02 it would not be)
        "北京,社零,2024年4月,1100,亿元,5.0\n"  # 0%: wrong
        "上海,社零,2024年4月,900,亿元,3.0\n"  # no base: not checked
    )
    assert found(text) == [
        (
            5,
            6,
            "warning",
            "stated growth 5.0% on a year earlier, but 1,100 (2023-04, line 3) -> 1,100 (2024-04) gives +0.00%"
            " (-0.09% to +0.09% as rounded)",
        )
    ]


def test_growth_on_the_end_of_last_year_and_on_the_period_before():
    text = (
        "指标,时间,数值,比上年末增长(%),环比增长(%)\n"
        "M2,2023年12月,1000,,\n"
        "M2,2024年1月,1010,1.0,1.0\n"
        "M2,2024年2月,1030,3.0,2.0\n"  # on December: 3.0, on January: 1.98
        "M2,2024年3月,1040,3.0,1.0\n"  # on December: 4.0, wrong; on February: 0.97
    )
    assert [(line, column) for line, column, *_ in found(text)] == [(5, 4)]


def test_the_single_months_of_a_year_to_date_series():
    text = (
        "指标,时间,当月,累计\n"
        "x,2024年1月,10,10\n"  # January: the year-to-date figure itself
        "x,2024年2月,12,22\n"
        "x,2024年3月,13,38\n"  # 38 - 22 = 16
        "x,2024年5月,20,60\n"  # no April: not checked
        "x,2025年1-2月,20,24\n"  # the combined January-February figure is its own year to date
        "y,2025年1月,5,8\n"
    )
    assert [(line, column, message) for line, column, _, message in found(text)] == [
        (
            4,
            3,
            "stated single-period figure 13, but the year-to-date figures give 38 (2024-03) - 22 (2024-02, line 3)"
            " = 16 (15 to 17 as rounded)",
        ),
        (
            6,
            3,
            "stated single-period figure 20, but the year-to-date figures give 24 (2025-02, the first of its year: the same figure)"
            " (23.5 to 24.5 as rounded)",
        ),
        (
            7,
            3,
            "stated single-period figure 5, but the year-to-date figures give 8 (2025-01, the first of its year: the same figure)"
            " (7.5 to 8.5 as rounded)",
        ),
    ]


def test_single_months_within_the_rounding_of_the_year_to_date_figures():
    text = "指标,时间,当月,累计\nx,2024年1-2月,10.2,10.2\nx,2024年3月,5.2,15.3\nx,2024年4月,5.2,20.4\n"
    # 15.3 - 10.2 = 5.1, each figure +-0.05: 5.0 to 5.2 reaches 5.2 (+-0.05)
    assert found(text) == []
    assert found(text.replace("5.2,20.4", "5.0,20.4")) == []
    assert [line for line, *_ in found(text.replace("5.2,20.4", "5.3,20.4"))] == [4]  # 5.25 to 5.35
    assert [line for line, *_ in found(text.replace("5.2,20.4", "4.9,20.4"))] == [4]


def test_a_value_column_beside_a_year_to_date_one():
    text = "指标,时间,数值,累计\nx,2024年1月,10,10\nx,2024年2月,12,23\nx,2024年3月,12,38\n"  # 15 against 12
    assert [(line, column) for line, column, *_ in found(text)] == [(4, 3)]  # 13 is 12.5 to 13.5: fine


def test_parts_marked_qi_zhong_are_no_larger_than_their_total():
    text = (
        "指标,2023年,2024年\n"
        "一般公共预算收入,6181.1,6455.2\n"
        "其中：税收收入,5079.3,6500.0\n"  # 2024: larger than the total
        "其中:非税收入,1101.8,1200.1\n"
        "城镇人口,1900,1910\n"
        "其中 男性,950,960\n"
    )
    assert found(text) == [
        (
            3,
            3,
            "warning",
            "part '其中：税收收入' 6500.0 (2024) is larger than its total '一般公共预算收入' 6,455.2 (line 2)",
        )
    ]


def test_parts_in_a_long_table():
    text = "指标,时间,数值\n收入,2023,100\n收入,2024,110\n其中：税收,2023,101\n其中：税收,2024,90\n"
    assert [(line, column) for line, column, *_ in found(text)] == [(4, 3)]


def test_a_clean_table_reports_nothing(tmp_path):
    clean = (FIXTURES / "yearbook.csv").read_text(encoding="utf-8")
    clean = clean.replace(",4.8\n", ",4.5\n").replace(",5.6\n", ",4.6\n")
    (tmp_path / "clean.csv").write_text(clean, encoding="utf-8")
    done = run("validate", str(tmp_path / "clean.csv"))
    assert (done.returncode, rows(done.stdout)) == (0, [])
    assert done.stderr.splitlines()[-1] == "indcalc: 0 errors, 0 warnings"


def test_a_growth_at_comparable_prices_is_carried_but_not_checked():
    text = "指标,2023年,2024年,比上年增长(%)(按可比价格计算)\nGDP,1260582,1349084,5.0\n"
    assert found(text) == []
    assert load(io.BytesIO(text.encode()))["stated_real_growth_pct"].tolist()[-1] == 5.0


def test_a_stated_cell_that_is_not_a_number_is_named():
    text = "指标,2023年,2024年,比上年增长(%)\nx,100,105,五\n"
    assert found(text) == [(2, 4, "warning", "'五' is not a number: a stated figure that cannot be checked")]


def test_stated_figures_are_carried_to_the_output():
    done = invoke("yoy", str(FIXTURES / "yearbook.csv"), "--format", "csv")
    table = list(csv.DictReader(io.StringIO(done.stdout)))
    assert [(r["indicator"], r["period"], r["stated_growth_pct"]) for r in table if r["period"] == "2024"][
        :2
    ] == [
        ("地区生产总值", "2024", "4.9"),
        ("一般公共预算收入", "2024", "4.4"),
    ]
    assert {r["stated_growth_pct"] for r in table if r["period"] != "2024"} == {""}


def test_validate_names_the_columns_no_command_uses(write_csv):
    path = write_csv("indicator,period,value,YoY %,remark\nx,2023,100,,a\nx,2024,105,5.0,b\n")
    done = run("validate", path)
    assert done.returncode == 0
    assert done.stderr == (
        "indcalc: note: not used by the commands: 'remark' (kept in the loaded frame)\n"
        "indcalc: 0 errors, 0 warnings\n"
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "指标,时间,当月,累计\nx,2024年1-2月,10,abc\n",
            "{f}:2:4: 'abc' is not a number; expected a number such as 1100, 1,100, 5.45%, 27.4亿 or 2.74 billion",
        ),
        (
            "指标,时间,当月,累计\nx,2024年1-2月,10,10\nx,2024年1-2月,10,10\n",
            "{f}:3:2: duplicate: series 'x' already has '2024年1-2月' on line 2",
        ),
        (
            "指标,当月,累计\nx,10,10\n",
            "{f}:1: missing required column 'period' (the header has '指标', 'stated_period_value', "
            "'value', 'basis'); required: indicator, period, value (optional: entity, unit), or a wide "
            "table with periods as column names",
        ),
    ],
)
def test_bad_input_is_an_error_with_nothing_on_stdout(write_csv, text, message):
    path = write_csv(text)
    done = run("yoy", path)
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr.splitlines()[0] == "indcalc: error: " + message.format(f=path)


def test_stated_shares_of_the_row_stating_100():
    text = (
        "指标,2023年,2024年,比重(%)\n"
        "地区生产总值,43760.7,45912.3,100.0\n"
        "第一产业,120.1,125.3,0.3\n"  # 0.27%: fine
        "第二产业,6900.2,6912.5,15.1\n"  # 15.06%: fine
        "第三产业,36740.4,38874.5,85.7\n"  # 84.67%: wrong
    )
    assert found(text) == [
        (
            5,
            4,
            "warning",
            "stated share 85.7% of '地区生产总值', but 38,874.5 / 45,912.3 (line 2) gives 84.67%",
        )
    ]
    assert found(text.replace(",15.1\n", ",15.0\n"))[0][:2] == (4, 4)  # 15.056% is not 14.95 to 15.05


def test_a_growth_column_is_about_the_period_column_to_its_left():
    text = "指标,2022年,2023年,比上年增长(%),2024年\nx,100,110,10.0,200\ny,100,110,5.0,121\n"
    assert [(line, column) for line, column, *_ in found(text)] == [(3, 4)]
    frame = load(io.BytesIO(text.encode()))
    assert frame.loc[frame["indicator"] == "x", "stated_growth_pct"].tolist()[1] == 10.0


def test_a_stated_single_month_growth_is_checked_on_the_single_months():
    text = (
        "指标,时间,当月,累计,当月同比增长(%),累计增长(%)\n"
        "x,2023年1-2月,100,100,,\n"
        "x,2023年3月,50,150,,\n"
        "x,2024年1-2月,110,110,10.0,10.0\n"
        "x,2024年3月,60,170,10.0,13.3\n"  # 当月: 60 / 50 is +20%, wrong; 累计: 170 / 150 is +13.3%
    )
    assert found(text) == [
        (
            5,
            5,
            "warning",
            "stated single-period growth 10.0% on a year earlier, but 50 (2023-03, line 3) -> 60 (2024-03) gives "
            "+20.00% (+17.82% to +22.22% as rounded)",
        )
    ]


def test_every_stated_check_over_a_long_file_is_listed_with_all(tmp_path):
    lines = ["indicator,period,value,YoY %"]
    for i in range(30):
        lines += [f"s{i},2023,1000,", f"s{i},2024,1045,{'4.7' if i % 2 else '4.5'}"]
    (tmp_path / "long.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    done = run("validate", str(tmp_path / "long.csv"), "--all")
    assert [line for line, *_ in rows(done.stdout)] == [str(3 + 2 * i) for i in range(1, 30, 2)]
    assert done.stderr.splitlines()[-1] == "indcalc: 0 errors, 15 warnings"


def test_a_column_the_user_names_keeps_its_role(write_csv):
    path = write_csv("指标,时间,当月,累计\nx,2024年1月,10,10\nx,2024年2月,12,25\n")
    done = run("validate", path, "--value-col", "当月")  # the single months are the series
    assert rows(done.stdout) == [
        (
            "3",
            "3",
            "warning",
            "stated single-period figure 12, but the year-to-date figures give 25 (2024-02) - 10 (2024-01, line 2)"
            " = 15 (14 to 16 as rounded)",
            "12",
        )
    ]
    frame = load(path)  # by default the year to date is
    assert (frame["value"].tolist(), frame["stated_period_value"].tolist()) == ([10.0, 25.0], [10.0, 12.0])


def test_a_basis_column_beside_the_pair_is_the_files_own():
    text = "指标,时间,当月,累计,口径\nx,2024年1月,10,10,累计\nx,2024年2月,12,22,累计\n"
    assert found(text) == []
    assert load(io.BytesIO(text.encode()))["basis"].tolist() == ["ytd", "ytd"]


def test_quarters_of_a_year_to_date_series():
    text = (
        "指标,时间,当季,累计\n"
        "x,2024年一季度,100,100\n"
        "x,2024年二季度,110,210\n"
        "x,2024年三季度,130,330\n"  # 120
        "y,2024年二季度,110,210\n"  # no first quarter: not checked (only February stands for two months)
    )
    assert [(line, column) for line, column, *_ in found(text)] == [(4, 3)]


def test_a_half_yearly_series_beside_an_annual_one_is_kept_apart():
    # (series, frequency) keys were series * 3 + code: half-years (code 3) ran into the next series
    text = "indicator,period,value\nx,2024-S1,1\nx,2024-S2,2\ny,2023,5\ny,2024,6\nz,2024-S1,1\nz,2024-S1,1\n"
    problems = inspect(io.BytesIO(text.encode())).problems  # gaps too: none
    assert [(p.line, p.message) for p in problems] == [
        (7, "duplicate: series 'z' already has '2024-S1' on line 6")
    ]


def test_stated_figures_cross_the_dask_engine_as_numbers():
    local = run("yoy", str(FIXTURES / "monthly.csv"), "--format", "json")
    on_dask = run("yoy", str(FIXTURES / "monthly.csv"), "--format", "json", "--engine", "dask")
    assert (on_dask.returncode, on_dask.stdout) == (0, local.stdout)
    assert '"stated_period_value": 3920.4' in local.stdout


def test_stated_levels_follow_the_value_onto_another_scale():
    done = invoke("yoy", str(FIXTURES / "monthly.csv"), "--scale-to", "万", "--format", "csv")
    last = list(csv.DictReader(io.StringIO(done.stdout)))[-1]
    assert (last["unit"], last["value"], last["stated_period_value"]) == ("万元", "135223000", "25083000")
    assert (last["stated_growth_pct"], last["stated_period_growth_pct"]) == ("4.2", "4")  # percents stay


DESC_ROW = (
    "3",
    "5",
    "warning",
    "stated growth 8.2% on a year earlier, but 310.7 (2023) -> 322.4 (2024) gives +3.77% "
    "(+3.73% to +3.80% as rounded)",
    "8.2",
)


@pytest.mark.parametrize("name", ["desc.csv", "desc2.csv"])
def test_a_growth_column_of_a_table_with_years_newest_first_is_the_latest_years(name, tmp_path):
    """2024年, 2023年, 比上年增长(%): the growth is 2024's (named or not), not the 2023 column's on its left."""
    done = run("validate", str(FIXTURES / name), "-f", "csv")
    assert (done.returncode, rows(done.stdout)) == (1, [DESC_ROW])
    right = tmp_path / name
    right.write_text((FIXTURES / name).read_text(encoding="utf-8").replace(",8.2", ",3.8"), encoding="utf-8")
    done = run("validate", str(right), "-f", "csv")
    assert (done.returncode, rows(done.stdout)) == (0, [])


WIDE_REP_ROW = (
    "3",
    "6",
    "warning",
    "stated growth 5.9% on a year earlier, but 135 (2022) -> 142.3 (2023) gives +5.41% "
    "(+5.33% to +5.48% as rounded)",
    "5.9",
)


@pytest.mark.parametrize("name", ["wide_rep.csv", "wide_rep2.csv"])
def test_a_growth_column_after_each_year_is_that_years(name, tmp_path):
    """2022年, 比上年增长(%), 2023年, 比上年增长(%), ...: every growth column checked, each at its
    year (the same header thrice is not a repeated column)."""
    done = run("validate", str(FIXTURES / name), "-f", "csv")
    assert (done.returncode, rows(done.stdout)) == (1, [WIDE_REP_ROW])
    assert "not used" not in done.stderr
    text = (FIXTURES / name).read_text(encoding="utf-8")
    planted = text.replace(",4.6\n一般", ",4.9\n一般").replace(",5.9,", ",5.4,")
    right = tmp_path / name
    right.write_text(planted, encoding="utf-8")
    done = run("validate", str(right), "-f", "csv")
    assert (done.returncode, rows(done.stdout)) == (
        1,
        [
            (
                "2",
                "8",
                "warning",
                "stated growth 4.9% on a year earlier, but 2,156.4 (2023) -> 2,255.2 (2024) gives +4.58% "
                "(+4.58% to +4.59% as rounded)",
                "4.9",
            )
        ],
    )
    right.write_text(text.replace(",5.9,", ",5.4,"), encoding="utf-8")
    done = run("validate", str(right), "-f", "csv")
    assert (done.returncode, rows(done.stdout)) == (0, [])


@pytest.mark.filterwarnings("ignore")
def test_growth_columns_named_by_year_in_any_order_are_each_years():
    frame = load(FIXTURES / "wide_rep3.csv")
    assert sorted(frame[["period", "stated_growth_pct"]].dropna().values.tolist()) == [
        ["2023", 5.3],
        ["2023", 5.9],
        ["2024", 4.6],
        ["2024", 4.6],
    ]


def test_a_note_that_growth_is_at_comparable_prices_leaves_it_unchecked_and_says_so(tmp_path):
    """注：绝对数按现价计算，增长速度按可比价格计算: real growth against nominal levels is no error; a
    note naming one indicator's growth (the yearbook fixture's) leaves the others checked."""
    done = run("validate", str(FIXTURES / "realgrowth.csv"), "-f", "csv")
    assert (done.returncode, rows(done.stdout)) == (0, [])
    assert (
        "indcalc: note: " + str(FIXTURES / "realgrowth.csv") + ": the stated growth is at comparable prices "
        "('注：绝对数按现价计算，增长速度按可比价格计算。', line 7), not checked against levels at current prices"
    ) in done.stderr
    with pytest.warns(UserWarning):
        frame = load(FIXTURES / "realgrowth.csv")
    assert frame["stated_real_growth_pct"].dropna().tolist() == [5.2, 3.6, 6.1, 5.0]
    nominal = tmp_path / "nominal.csv"
    nominal.write_text(
        (FIXTURES / "realgrowth.csv")
        .read_text(encoding="utf-8")
        .replace("增长速度按可比价格", "增长速度按现价"),
        encoding="utf-8",
    )
    done = run("validate", str(nominal), "-f", "csv")
    assert [r[:2] for r in rows(done.stdout)] == [("3", "5"), ("4", "5"), ("5", "5"), ("6", "5")]


def test_a_yearbook_part_marked_with_a_hash_is_checked_against_its_total(tmp_path):
    """#税收收入 (yearbooks mark 其中项 with #, ``注：#表示其中项``) is a part of the row above it."""
    done = run("validate", str(FIXTURES / "yb.csv"), "-f", "csv")
    assert (done.returncode, [r[:2] for r in rows(done.stdout)]) == (1, [("5", "4"), ("6", "5"), ("8", "5")])
    assert rows(done.stdout)[0][3] == (
        "part '#税收收入' 160.5 (2024) is larger than its total '一般公共预算收入' 148.82 (line 4)"
    )
    right = tmp_path / "yb.csv"
    text = (FIXTURES / "yb.csv").read_text(encoding="utf-8")
    right.write_text(
        text.replace("101.2,160.5,58.6", "101.2,106.5,5.2")
        .replace(",8.2\n", ",3.8\n")
        .replace(",5.6\n", ",4.7\n"),
        encoding="utf-8",
    )
    done = run("validate", str(right), "-f", "csv")
    assert (done.returncode, rows(done.stdout)) == (0, [])


def test_a_part_and_its_total_are_compared_on_one_scale_and_only_in_one_unit():
    """A part in 万元 under a total in 亿元 is no alarm when smaller; one in 亿元 under a total in 万元
    that is larger is; 个 and 亿元 are not compared."""
    for name in ("partscale.csv", "partunit.csv"):
        done = run("validate", str(FIXTURES / name), "-f", "csv")
        assert (name, done.returncode, rows(done.stdout)) == (name, 0, [])
    done = run("validate", str(FIXTURES / "partscale2.csv"), "-f", "csv")
    assert (done.returncode, [r[:4] for r in rows(done.stdout)]) == (
        1,
        [
            (
                "3",
                column,
                "warning",
                f"part '其中：税收收入' {part} 亿元 ({year}) is larger than its total '一般公共预算收入' "
                f"{total} 万元 (line 2)",
            )
            for column, part, year, total in (
                ("3", "150.2", 2023, "1,423,000"),
                ("4", "152.9", 2024, "1,488,200"),
            )
        ],
    )


@pytest.mark.parametrize(
    ("header", "role"),
    [
        ("本月比上年同月增长(%)", "stated_period_growth_pct"),
        ("本年累计比上年增长(%)", "stated_ytd_growth_pct"),
        ("累计比上年同期增长(%)", "stated_ytd_growth_pct"),
        ("比上年同月增长(%)", "growth"),
        ("同比±%", "growth"),
        ("比上年同期±%", "growth"),
        ("% change", "growth"),
        ("2024 growth (%)", "growth"),
        ("2024年构成(%)", "stated_share_pct"),
        ("2024年比重(%)", "stated_share_pct"),
    ],
)
def test_more_publishers_headers_are_stated_columns(header, role):
    assert stated_role(header) == role


def test_a_provincial_release_with_its_own_growth_headers_is_checked(tmp_path):
    """本月, 本年累计, 本月比上年同月增长(%), 本年累计比上年增长(%): the two months that do not add up,
    and a planted wrong growth of each kind; the months the table leaves out are other warnings."""
    text = (FIXTURES / "prov.csv").read_text(encoding="utf-8")
    planted = tmp_path / "prov.csv"
    planted.write_text(text.replace("171.0,381.0,-5.0,0.3", "171.0,381.0,-6.0,1.3"), encoding="utf-8")
    done = run("validate", str(planted), "-f", "csv")
    stated = [r[:2] for r in rows(done.stdout) if "has no value for" not in r[3]]
    assert stated == [("6", "7"), ("6", "8"), ("7", "5"), ("13", "5")]
    fixed = text.replace("230.0,620.0,9.5", "239.0,620.0,13.8").replace("110.0,319.0,4.8", "120.0,319.0,14.3")
    planted.write_text(fixed, encoding="utf-8")
    done = run("validate", str(planted), "-f", "csv")
    assert [r for r in rows(done.stdout) if "has no value for" not in r[3]] == []


def test_a_share_column_named_by_year_is_checked(tmp_path):
    done = run("validate", str(FIXTURES / "share2.csv"), "-f", "csv")
    assert (done.returncode, [r[:2] for r in rows(done.stdout)]) == (1, [("8", "6")])
    right = tmp_path / "share2.csv"
    right.write_text(
        (FIXTURES / "share2.csv").read_text(encoding="utf-8").replace(",44.8", ",43.8"), encoding="utf-8"
    )
    done = run("validate", str(right), "-f", "csv")
    assert (done.returncode, rows(done.stdout)) == (0, [])


@pytest.mark.parametrize("name", ["gdpq.csv", "gdpq2.csv", "gdpq4.csv"])
def test_nbs_quarters_to_date_are_read_as_quarters(name, tmp_path):
    """当季, 累计: 一季度, 上半年, 前三季度, 全年 (上半年 here the year to Q2, not a half-year), 1-2季度,
    or 1-3月, 1-6月, 1-9月, 1-12月 (quarterly-spaced, no months missing): the quarters to date."""
    done = run("validate", str(FIXTURES / name), "-f", "csv")
    assert (done.returncode, rows(done.stdout), done.stderr) == (0, [], "indcalc: 0 errors, 0 warnings\n")
    text = (FIXTURES / name).read_text(encoding="utf-8")
    planted = tmp_path / name
    planted.write_text(
        text.replace(",320123,", ",320000,").replace("949333,4.0", "949333,4.9"), encoding="utf-8"
    )
    done = run("validate", str(planted), "-f", "csv")
    assert [r[:3] for r in rows(done.stdout)] == [("7", "3", "warning"), ("8", "5", "warning")]
    assert rows(done.stdout)[1][3] == (
        "stated growth 4.9% on a year earlier, but 912,695 (2023Q3, line 4) -> 949,333 (2024Q3) gives +4.01%"
    )
    frame = load(FIXTURES / name)
    assert frame["period"].tolist()[:4] == ["2023Q1", "2023Q2", "2023Q3", "2023Q4"]


def test_a_table_of_growth_rates_alone_is_refused_in_the_files_own_words():
    """当月同比增长(%), 累计增长(%) and no levels (an NBS industrial value-added release): nothing to
    check the growth against, said with the file's headers, not indcalc's internal names."""
    done = run("validate", str(FIXTURES / "iva.csv"), "-f", "csv")
    assert (done.returncode, rows(done.stdout)) == (
        2,
        [
            (
                "1",
                "",
                "error",
                "a table of growth rates with no levels ('当月同比增长(%)', '累计增长(%)') cannot be checked or "
                "computed from: indcalc reads levels (a value column, 当月 or 累计 figures, or periods as column "
                "names) and their growth beside them",
                "",
            )
        ],
    )
    assert "stated_" not in done.stdout + done.stderr


def test_a_stated_figure_with_a_typeset_minus_is_a_number():
    """−0.2 (U+2212, as typeset tables print it), －0.2 and +0.2: numbers; only the planted +0.2 is wrong."""
    done = run("validate", str(FIXTURES / "signs.csv"), "-f", "csv")
    assert (done.returncode, [r[:2] for r in rows(done.stdout)]) == (1, [("3", "5")])
    assert load(FIXTURES / "signs.csv")["stated_growth_pct"].dropna().tolist() == [-0.2, 0.2, -0.2, 5.0, 5.0]


def test_a_release_of_year_to_date_figures_alone_is_the_year_to_date_series():
    # 累计 with no 当月 beside it: at quarter ends, quarters to date (was refused: "missing required column 'value'")
    text = "指标,时间,累计(亿元)\nx,2023年1-3月,20\nx,2023年1-6月,45\nx,2023年1-9月,70\nx,2023年1-12月,100\nx,2024年1-3月,22\n"
    frame = load(io.BytesIO(text.encode()))
    assert frame["period"].astype(str).tolist() == ["2023Q1", "2023Q2", "2023Q3", "2023Q4", "2024Q1"]
    assert (set(frame["basis"].astype(str)), set(frame["unit"].astype(str))) == ({"ytd"}, {"亿元"})
    assert inspect(io.BytesIO(text.encode())).problems == []  # no gaps between quarters to date


def test_the_footnote_says_why_a_stated_figure_is_empty():
    """A table states its growth for its latest year only: the earlier year's stated cell is empty for
    that reason, not for one of the computed figures'."""
    done = run("yoy", str(FIXTURES / "yb.csv"), "-f", "markdown")
    assert done.returncode == 0
    footnote = done.stdout.strip().splitlines()[-1]
    assert footnote.startswith("— undefined: ") and footnote.endswith(
        "; a stated_ figure is empty where the file states none for that period."
    )
