"""Never silently use other data than the user gave (issue 13): piped data without `-`, empty results
of a filter or period, and combined periods from `indcalc ytd` as priors."""

from __future__ import annotations

import io
import os
import pty
import signal
import subprocess
import sys

import pytest

from indcalc import growth, load
from indcalc.errors import NothingMatched, UsageError
from tests.conftest import default_sigint, invoke

MONTHLY = "indicator,period,value\nx,2023-11,100\nx,2023-12,105\nx,2024-01,110\nx,2024-12,120\n"
GROWTH_OF_MONTHLY = ",x,,2023-11,2024-12,100,120,20,20,,1.2,1.0833333333333333,18.328778396682143\n"
BUNDLED = "indcalc: note: no FILE given and nothing piped in: using the bundled figures\n"
ENV = {**os.environ, "PYTHONIOENCODING": "utf-8", "NO_COLOR": "1"}


def indcalc(*args: str, **kwargs) -> subprocess.CompletedProcess:
    """`python -m indcalc ARGS` as a separate process; stdin is /dev/null unless given."""
    if "input" not in kwargs:
        kwargs.setdefault("stdin", subprocess.DEVNULL)
    return subprocess.run(
        [sys.executable, "-m", "indcalc", *args], capture_output=True, text=True, env=ENV, **kwargs
    )


def shell(command: str) -> subprocess.CompletedProcess:
    """A shell pipeline, `indcalc` being this checkout's."""
    command = command.replace("indcalc ", f"{sys.executable} -m indcalc ")
    return subprocess.run(
        ["bash", "-c", command], capture_output=True, text=True, env=ENV, stdin=subprocess.DEVNULL
    )


# --- data piped in without `-` -----------------------------------------------------------------


def test_data_piped_in_without_a_dash_is_read(tmp_path):
    (tmp_path / "monthly.csv").write_text(MONTHLY)
    done = shell(f"cat {tmp_path / 'monthly.csv'} | indcalc growth")
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout.splitlines()[1:] == [GROWTH_OF_MONTHLY.rstrip("\n")]


def test_a_file_redirected_to_stdin_is_read(tmp_path):
    path = tmp_path / "monthly.csv"
    path.write_text(MONTHLY)
    with open(path, "rb") as stream:
        done = indcalc("growth", stdin=stream)
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout.endswith(GROWTH_OF_MONTHLY)


def test_a_pipe_whose_writer_is_slow_is_waited_for_not_taken_for_empty(tmp_path):
    (tmp_path / "monthly.csv").write_text(MONTHLY)
    done = shell(f"(sleep 3; cat {tmp_path / 'monthly.csv'}) | indcalc growth")
    assert done.returncode == 0 and done.stdout.endswith(GROWTH_OF_MONTHLY)
    assert done.stderr == (
        "indcalc: note: no FILE given: waiting for the data piped in "
        "(give FILE, or `< /dev/null` for the bundled figures)\n"
    )


def test_interrupting_the_wait_for_a_pipe_ends_with_130_and_no_traceback():
    waiting = subprocess.Popen(
        [sys.executable, "-m", "indcalc", "growth"],
        stdin=subprocess.PIPE,  # open, and never written to
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=ENV,
        text=True,
        preexec_fn=default_sigint,
    )
    try:
        note = waiting.stderr.readline()  # once it says it waits, it is waiting
        waiting.send_signal(signal.SIGINT)
        out, err = waiting.communicate(timeout=60)
    finally:
        waiting.kill()
    assert note.startswith("indcalc: note: no FILE given: waiting for the data piped in")
    assert (waiting.returncode, out, err) == (130, "", "")


def test_summary_alerts_on_the_data_piped_in(tmp_path):
    (tmp_path / "monthly.csv").write_text(MONTHLY)
    done = shell(f"cat {tmp_path / 'monthly.csv'} | indcalc summary --format csv --alert 'yoy_pct < 50'")
    assert done.returncode == 1
    assert done.stderr == "indcalc: alert: x: yoy_pct < 50 (14.2857)\n"
    assert done.stdout.splitlines()[1].startswith(",x,,monthly,2023-11,2024-12,120,")


@pytest.mark.parametrize(
    "stdin",
    [
        pytest.param("bundled < /dev/null", id="dev-null"),
        pytest.param("true | bundled", id="empty-pipe"),
        pytest.param("bundled <&-", id="closed"),
        pytest.param("bundled < empty.csv", id="empty-file"),
    ],
)
def test_no_data_on_stdin_gives_the_bundled_figures_and_says_so(tmp_path, stdin):
    (tmp_path / "empty.csv").write_text("")
    command = stdin.replace("bundled", "indcalc growth -i 'Scaled*' --format csv")
    done = subprocess.run(
        ["bash", "-c", command.replace("indcalc ", f"{sys.executable} -m indcalc ")],
        capture_output=True,
        text=True,
        env=ENV,
        cwd=tmp_path,
        stdin=subprocess.DEVNULL,
        timeout=60,
    )
    assert (done.returncode, done.stderr) == (0, BUNDLED)
    assert done.stdout.splitlines()[1].startswith(
        "Jingmen,Scaled enterprises,enterprises,2020,2025,890,1100,"
    )


def test_a_terminal_on_stdin_gives_the_bundled_figures_and_says_so():
    leader, follower = pty.openpty()
    try:
        done = indcalc("growth", "-i", "Scaled*", "--format", "csv", stdin=follower, timeout=60)
    finally:
        os.close(follower)
        os.close(leader)
    assert (done.returncode, done.stderr) == (0, BUNDLED)
    assert done.stdout.splitlines()[1].startswith("Jingmen,Scaled enterprises,")


def test_a_file_given_is_read_whatever_is_piped_in(tmp_path):
    (tmp_path / "monthly.csv").write_text(MONTHLY)
    done = indcalc(
        "growth", str(tmp_path / "monthly.csv"), input="indicator,period,value\ny,2020,1\ny,2021,2\n"
    )
    assert (done.returncode, done.stderr) == (0, "") and done.stdout.endswith(GROWTH_OF_MONTHLY)


# --- a filter or a period that matches nothing ---------------------------------------------------

MIXED = MONTHLY + "y,2020,1\ny,2022,3\n"
GDP = (
    "entity,indicator,period,value\n"
    "A,GDP,2023-12,100\nA,GDP,2024-12,110\nA,Industry,2023-12,60\nA,Industry,2024-12,68\n"
    "A,Farms,2023-11,40\nA,Farms,2024-11,42\nB,GDP,2023-12,50\nB,GDP,2024-12,55\n"
)


NOTHING_MATCHED = [
    (
        MONTHLY,
        ["growth", "--from", "2023", "--to", "2024"],
        "no series has a value for 2023 and 2024: the series are monthly, 2023-11 to 2024-12: "
        "try --from 2023-12 --to 2024-12",
    ),
    (
        MONTHLY,
        ["growth", "--from", "2030"],
        "no series has a value for 2030: the series are monthly, 2023-11 to 2024-12",
    ),
    (
        MONTHLY,
        ["growth", "--to", "2023Q4"],
        "no series has a value for 2023Q4: the series are monthly, 2023-11 to 2024-12: try --to 2023-12",
    ),
    (
        MONTHLY,
        ["growth", "--from", "2024-06"],
        "no series has a value for 2024-06: the series are monthly, 2023-11 to 2024-12",
    ),
    (
        MONTHLY,
        ["growth", "--from", "2024-12"],
        "no series has a period after --from 2024-12: the series are monthly, 2023-11 to 2024-12",
    ),
    (
        MONTHLY,
        ["growth", "--to", "2023-11"],
        "no series has a period before --to 2023-11: the series are monthly, 2023-11 to 2024-12",
    ),
    (
        MIXED,
        ["growth", "--from", "2023Q1"],
        "no series has a value for 2023Q1: the series are annual, 2020 to 2022 and monthly, 2023-11 to 2024-12",
    ),
    (
        GDP,
        ["contribution", "--total", "GDP", "--from", "2023", "--to", "2024"],
        "--total 'GDP': no series has a value for 2023 and 2024: the series are monthly, 2023-12 to "
        "2024-12: try --from 2023-12 --to 2024-12",
    ),
    (
        GDP,
        ["contribution", "--total", "GDP", "--part", "Farms"],
        "no part indicator has values for the periods of --total 'GDP' (2023-12 to 2024-12): the parts "
        "are monthly, 2023-11 to 2024-11",
    ),
    (
        GDP,
        ["contribution", "--total", "GDP", "--part", "Mines"],
        "--part 'Mines' matches no indicator (see `indcalc list`)",
    ),
    (
        GDP,
        ["share", "--total", "GDP", "--part", "Mines"],
        "--part 'Mines' matches no indicator (see `indcalc list`)",
    ),
    (
        GDP,
        ["target", "-i", "GDP", "--value", "200", "--by", "2030"],
        "--by 2030 is annual, but the series are monthly, 2023-12 to 2024-12: try --by 2030-12",
    ),
    (GDP, ["yoy", "-e", "C"], "no series match -e 'C': the entities are A, B"),
    (
        GDP,
        ["summary", "-i", "Farms", "-e", "B"],
        "no series match -i 'Farms' -e 'B' (see `indcalc list` for the names)",
    ),
    (GDP, ["list", "-i", "Mines"], "no series match -i 'Mines' (see `indcalc list` for the names)"),
]


@pytest.mark.parametrize(
    ("text", "args", "message"), NOTHING_MATCHED, ids=[" ".join(args) for _, args, _ in NOTHING_MATCHED]
)
def test_a_filter_or_period_that_matches_nothing_is_an_error_that_says_what_there_is(
    write_csv, text, args, message
):
    result = invoke(args[0], write_csv(text), *args[1:])
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == f"indcalc: error: {message}\n"


def test_the_python_api_raises_nothing_matched_rather_than_returning_an_empty_table():
    frame = load(io.BytesIO(MONTHLY.encode()))
    with pytest.raises(NothingMatched, match="try from_period=2023-12 to_period=2024-12"):
        growth(frame, "2023", "2024")
    assert isinstance(NothingMatched("x"), UsageError)  # an option value that cannot work


# --- a combined period from `indcalc ytd` is not the prior of a single one --------------------------

# Cumulative figures: 2023 published monthly from January, 2024 from a combined January-February.
CUMULATIVE = (
    "indicator,period,value,basis\n"
    "IVA,2023-01,10,ytd\nIVA,2023-02,20,ytd\nIVA,2023-03,32,ytd\nIVA,2024-02,30,ytd\nIVA,2024-03,45,ytd\n"
)
YTD_OUT = (
    "entity,indicator,unit,period,ytd_value,value,covers,periods_covered\n"
    ",IVA,,2023-01,10,10,2023-01,1\n"
    ",IVA,,2023-02,20,10,2023-02,1\n"
    ",IVA,,2023-03,32,12,2023-03,1\n"
    ",IVA,,2024-02,30,30,2024-01..2024-02,2\n"
    ",IVA,,2024-03,45,15,2024-03,1\n"
)
POP_NOTE = (
    "pop compares single periods only: a combined figure (periods_covered over 1, such as the "
    "January-February figure of `indcalc ytd`) is not the prior of a single period, nor has one"
)
YOY_NOTE = (
    "yoy compares a combined figure (periods_covered over 1, such as the January-February figure of "
    "`indcalc ytd`) only with one covering as many periods a year before"
)


def test_ytd_marks_a_combined_january_february_figure(write_csv):
    result = invoke("ytd", write_csv(CUMULATIVE), "--format", "csv")
    assert (result.exit_code, result.stdout) == (0, YTD_OUT)


def test_pop_of_ytd_output_does_not_compare_a_month_with_a_combined_figure(tmp_path):
    (tmp_path / "cumulative.csv").write_text(CUMULATIVE)
    done = shell(f"indcalc ytd {tmp_path / 'cumulative.csv'} | indcalc pop - --format csv")
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout.splitlines()[1:] == [
        ",IVA,,2023-01,10,,,,,",
        ",IVA,,2023-02,10,2023-01,10,0,0,",
        ",IVA,,2023-03,12,2023-02,10,2,20,",
        ",IVA,,2024-02,30,,,,,",  # January-February has no previous period of its own
        ",IVA,,2024-03,15,,,,,",  # not -50% against January-February
    ]


@pytest.mark.parametrize(
    ("ytd_out", "rows"),
    [
        (
            YTD_OUT,  # 2024's January-February against 2023's February alone: undefined
            [",IVA,,2024-02,30,,,,,", ",IVA,,2024-03,15,2023-03,12,3,25,"],
        ),
        (
            YTD_OUT.replace(
                "2023-01,1\n,IVA,,2023-02,20,10,2023-02,1",
                "2023-01,1\n,IVA,,2023-02,20,20,2023-01..2023-02,2",
            ),
            [",IVA,,2024-02,30,2023-02,20,10,50,", ",IVA,,2024-03,15,2023-03,12,3,25,"],  # like with like
        ),
    ],
    ids=["combined-vs-single", "combined-vs-combined"],
)
def test_yoy_compares_a_combined_figure_only_with_one_as_long(write_csv, ytd_out, rows):
    result = invoke("yoy", write_csv(ytd_out), "--format", "csv")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[-2:] == rows


@pytest.mark.parametrize(
    ("command", "note"),
    [("pop", POP_NOTE), ("yoy", YOY_NOTE)],
)
def test_the_footnote_says_why_a_combined_figure_has_no_prior(write_csv, command, note):
    result = invoke(command, write_csv(YTD_OUT), "--format", "markdown")
    assert result.exit_code == 0
    assert note in result.stdout.splitlines()[-1]
    plain = invoke(command, write_csv(CUMULATIVE.replace(",ytd", ",period")), "--format", "markdown")
    assert note not in plain.stdout  # only when a combined figure was left without a prior


def test_the_covers_column_alone_marks_a_combined_figure(write_csv):
    without_count = "\n".join(line.rsplit(",", 1)[0] for line in YTD_OUT.splitlines()) + "\n"
    result = invoke("pop", write_csv(without_count), "--format", "csv")
    assert result.stdout.splitlines()[-1] == ",IVA,,2024-03,15,,,,,"


def test_summary_of_ytd_output_has_no_change_on_a_combined_figure(write_csv):
    result = invoke("summary", write_csv(YTD_OUT), "--format", "csv")
    row = dict(zip(*[line.split(",") for line in result.stdout.splitlines()], strict=True))
    assert (row["latest_period"], row["pop_pct"], row["yoy_pct"]) == ("2024-03", "", "25")


@pytest.mark.parametrize(
    ("cells", "covered"),
    [
        ({"periods_covered": ["2", "1", "", "x", "0"]}, [2, 1, 1, 1, 1]),
        (
            {"covers": ["2024-01..2024-03", "2024Q1..2024Q2", "2024-03", "", "2024-03..2024-01"]},
            [3, 2, 1, 1, 1],
        ),
        ({"Periods_Covered": [3.0, None, 1.0, 2.0, 1.0]}, [3, 1, 1, 2, 1]),
        ({"note": ["a", "b", "c", "d", "e"]}, None),
    ],
)
def test_periods_covered(cells, covered):
    import pandas as pd

    from indcalc.spans import periods_covered

    found = periods_covered(pd.DataFrame(cells))
    assert (found if found is None else found.tolist()) == covered


SPAN_NOTE = (
    "a change over a span compares figures covering as many periods: a combined figure (periods_covered "
    "over 1, such as the January-February figure of `indcalc ytd`) is not compared with a single period, "
    "nor a year-to-date figure with one to another point of the year (1-2月 with 1-12月)"
)
# 2024's January-February (combined) first, a single month last: no change over the span
COMBINED_FIRST = (
    "entity,indicator,unit,period,ytd_value,value,covers,periods_covered\n"
    ",IVA,,2024-02,410,410,2024-01..2024-02,2\n"
    ",IVA,,2024-03,650,240,2024-03,1\n"
    ",IVA,,2024-04,880,230,2024-04,1\n"
)


def test_growth_does_not_compare_a_combined_figure_with_a_single_month(write_csv):
    result = invoke("growth", write_csv(COMBINED_FIRST), "--format", "csv")
    assert result.exit_code == 0
    assert (
        result.stdout.splitlines()[1] == ",IVA,,2024-02,2024-04,410,230,,,,,0.16666666666666666,"
    )  # not -43.9%
    table = invoke("growth", write_csv(COMBINED_FIRST), "--format", "markdown").stdout
    assert table.splitlines()[-1] == f"— undefined: {SPAN_NOTE}."  # and not "a single period"
    between = invoke("growth", write_csv(COMBINED_FIRST), "--from", "2024-03", "--to", "2024-04", "-f", "csv")
    assert between.stdout.splitlines()[1].startswith(",IVA,,2024-03,2024-04,240,230,-10,")  # like with like


# a monthly release as published: 累计 from 1-2月 to 12月 each year, 当月 beside it
RELEASE = (
    "指标,时间,当月(亿元),累计(亿元)\n社零,2023年1-2月,200,200\n社零,2023年12月,120,1300\n"
    "社零,2024年1-2月,210,210\n社零,2024年12月,130,1400\n"
)


@pytest.mark.parametrize("command", ["growth", "summary", "target"])
def test_year_to_date_figures_to_other_points_of_the_year_are_not_compared(write_csv, command):
    path = write_csv(RELEASE)
    more = ("--value", "2000", "--by", "2025-12") if command == "target" else ()
    result = invoke(command, path, *more, "-f", "csv")
    assert result.exit_code == 0, result.stderr
    row = dict(zip(*[line.split(",") for line in result.stdout.splitlines()[:2]], strict=True))
    undefined = {"growth": "pct_change", "summary": "pct_change", "target": "historical_cagr_pct"}[command]
    assert row[undefined] == ""  # 1,400 (Jan-Dec 2024) against 200 (Jan-Feb 2023) is not +600%
    if command == "growth":
        like = invoke(command, path, "--from", "2023-12", "-f", "csv").stdout.splitlines()[1]
        assert like.startswith(
            ",社零,亿元,2023-12,2024-12,1300,1400,100,7.69230769"
        )  # whole year to whole year


def test_summary_and_target_do_not_span_from_a_combined_figure(write_csv):
    path = write_csv(COMBINED_FIRST)
    summary = invoke("summary", path, "--format", "csv")
    row = dict(zip(*[line.split(",") for line in summary.stdout.splitlines()], strict=True))
    assert (row["first_period"], row["change"], row["pct_change"], row["cagr_pct"]) == ("2024-02", "", "", "")
    assert row["pop_change"] == "-10"  # April against March: both single months
    target = invoke("target", path, "--value", "1000", "--by", "2025-04", "--format", "csv")
    row = dict(zip(*[line.split(",") for line in target.stdout.splitlines()], strict=True))
    assert (row["historical_cagr_pct"], row["projected_value"]) == ("", "")
    assert float(row["required_cagr_pct"]) == pytest.approx(334.782609, abs=5e-7)  # 1000 / 230 - 1
    assert SPAN_NOTE in invoke("target", path, "--value", "1000", "--by", "2025-04", "-f", "markdown").stdout
