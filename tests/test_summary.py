"""`indcalc summary`: golden reports, the alert grammar and exit statuses for cron."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from indcalc import load
from indcalc.report import summary
from tests.conftest import invoke

GOLDEN = Path(__file__).parent / "golden"


MONTHLY_GOLDEN = [str(GOLDEN / "monthly.csv"), "--since", str(GOLDEN / "monthly-previous.csv")]
MONTHLY_ALERTS = ["--alert", "yoy_pct < -10", "--alert", "yoy_pp > 3"]


@pytest.mark.parametrize(
    ("args", "fmt", "name", "status"),
    [
        ([], "markdown", "summary.md", 0),
        ([], "text", "summary.txt", 0),
        ([], "html", "summary.html", 0),
        ([*MONTHLY_GOLDEN, *MONTHLY_ALERTS], "markdown", "digest.md", 1),
        ([*MONTHLY_GOLDEN, *MONTHLY_ALERTS], "text", "digest.txt", 1),
        ([*MONTHLY_GOLDEN, *MONTHLY_ALERTS], "html", "digest.html", 1),
    ],
)
def test_reports_match_the_golden_files(args, fmt, name, status):
    """The bundled figures (annual, mostly single figures), and a monthly file with alerts, compared
    with an earlier summary: new, updated, revised, CJK, a long name, markup and quotes in names."""
    result = invoke("summary", *args, "--format", fmt, "--no-timestamp")
    assert result.exit_code == status, result.stderr
    expected = (GOLDEN / name).read_text(encoding="utf-8")
    assert result.stdout == expected
    assert "\x1b[" not in result.stdout


def test_the_same_figures_give_the_same_report_without_timestamps_though_the_file_is_new(write_csv):
    """A file downloaded again with the same figures has a new modification time: --no-timestamp
    leaves it out, as the generation time, so that two days' reports can be diffed."""
    path = write_csv(MONTHLY)
    args = ("summary", path, "--format", "text")
    os.utime(path, (0, 0))
    stamped, first = invoke(*args).stdout, invoke(*args, "--no-timestamp").stdout
    assert "Data: data.csv, modified 1970-01-01T00:00:00+00:00\n" in stamped
    os.utime(path, None)  # now
    assert "modified" not in first and invoke(*args, "--no-timestamp").stdout == first


def test_the_timestamps_are_all_that_changes():
    stamped = invoke("summary", "--format", "markdown").stdout
    stamp = r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00"
    assert re.search(rf"^Generated: {stamp}$", stamped, re.M)
    assert re.search(rf"^Data: bundled figures, modified {stamp}  $", stamped, re.M)
    assert (
        re.sub(rf"  \nGenerated: .*$|, modified {stamp}", "", stamped, flags=re.M)  # its line break too
        == invoke("summary", "--format", "markdown", "--no-timestamp").stdout
    )


MONTHLY = "indicator,period,value\nx,2023-06,100\nx,2024-05,120\nx,2024-06,110\ny,2024-05,10\ny,2024-06,8\n"


def test_summary_figures_on_a_monthly_file(write_csv):
    table = summary(load(write_csv(MONTHLY))).set_index("indicator")
    assert table.loc["x", "latest_period"] == "2024-06" and table.loc["x", "yoy_pct"] == pytest.approx(10.0)
    assert table.loc["x", "pop_pct"] == pytest.approx(-8.333333, abs=5e-7)  # 120 -> 110
    assert table.loc["x", "trend"] == "▁█▅" and table.loc["y", "pop_pct"] == pytest.approx(-20.0)


def test_alerts_set_exit_status_1_and_are_listed(write_csv):
    path = write_csv(MONTHLY)
    result = invoke(
        "summary",
        path,
        "--format",
        "text",
        "--no-timestamp",
        "--alert",
        "pop_pct < -10",
        "--alert",
        "yoy_pct >= 10",
    )
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "indcalc: alert: y: pop_pct < -10 (-20)",
        "indcalc: alert: x: yoy_pct >= 10 (10)",
    ]
    assert result.stdout.startswith("indcalc summary") and "Alerts" in result.stdout
    quiet = invoke("summary", path, "--format", "csv", "--alert", "yoy_pct > 50")
    assert quiet.exit_code == 0 and quiet.stderr == ""


@pytest.mark.parametrize(
    ("rule", "message"),
    [
        ("__import__('os').system('true')", "is not of the form COLUMN OP NUMBER"),
        ("yoy_pct < abc", "is not of the form COLUMN OP NUMBER"),
        ("yoy_pct = 3", "is not of the form COLUMN OP NUMBER"),
        ("nonsense > 1", "'nonsense' is not a column to compare"),
        ("entity == 1", "'entity' is not a column to compare"),
        ("yoy_pct < 1e999", "the threshold '1e999' is not a number a float holds"),
        (
            "yoy_pct < -" + "9" * 400,
            "the threshold '-9999999999999999999'… (401 characters) is not a number a",
        ),
        ("yoy_pct < 1e-999", "the threshold '1e-999' is not a number a float holds"),  # not 0
        ("yoy_pct < 0.1" + "0" * 60, "(63 characters) is not a number a float holds; give one of at most 50"),
        ("yoy_pct <" + " " * 1000 + "3", "(1,010 characters): a rule has at most 1,000 characters"),
        ("y" * 2000 + " < 3", "(2,004 characters): a rule has at most 1,000 characters"),
        ("yoy_pct < 1e", "is not of the form COLUMN OP NUMBER"),
        ("yoy_pct < inf", "is not of the form COLUMN OP NUMBER"),
    ],
)
def test_rejected_alert_rules_exit_2(write_csv, rule, message):
    result = invoke("summary", write_csv(MONTHLY), "--alert", rule)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.startswith("indcalc: error: --alert ") and message in result.stderr


def test_machine_formats_carry_the_per_series_table(write_csv):
    path = write_csv(MONTHLY)
    header = invoke("summary", path, "--format", "csv").stdout.splitlines()[0]
    assert (
        header
        == "entity,indicator,unit,frequency,first_period,latest_period,latest_value,pop_change,pop_pct,pop_pp,yoy_change,yoy_pct,yoy_pp,change,pct_change,pp_change,years,cagr_pct,trend"
    )
    rows = json.loads(invoke("summary", path, "--format", "json").stdout)
    assert [r["indicator"] for r in rows] == ["x", "y"] and rows[1]["pop_pct"] == pytest.approx(-20.0)


@pytest.mark.parametrize("rule", ["yoy_pct < 1e999", "yoy_pct < " + "9" * 100_000])
def test_a_threshold_beyond_a_float_is_refused_not_taken_for_infinity(tmp_path, rule):
    """Reproduction: 100,000 digits tripped every series, with the rule echoed in 20 MB of stderr."""
    data = tmp_path / "many.csv"
    data.write_text(
        "indicator,period,value\n" + "".join(f"s{i},2023,100\ns{i},2024,110\n" for i in range(200))
    )
    done = subprocess.run(
        [sys.executable, "-m", "indcalc", "summary", str(data), "--format", "csv", "--alert", rule],
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
    )
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr.count("\n") == 1 and len(done.stderr) < 300
    assert done.stderr.startswith("indcalc: error: --alert 'yoy_pct < ")
    assert (
        "is not a number a float holds; give one of at most 50 characters, between -1.79e308" in done.stderr
    )


@pytest.mark.parametrize(("rule", "tripped"), [("yoy_pct < 1e3", True), ("yoy_pct > 1.5E+1", False)])
def test_a_threshold_may_have_an_exponent(write_csv, rule, tripped):
    result = invoke("summary", write_csv(MONTHLY), "--format", "csv", "--alert", rule)
    assert result.exit_code == (1 if tripped else 0), result.stderr
    assert ("indcalc: alert: x: " + rule in result.stderr) == tripped


def test_summarize_returns_the_report_as_data_and_digest_draws_what_the_cli_writes(write_csv):
    from indcalc.render.digest import draw
    from indcalc.report import Report, summarize

    path = write_csv(MONTHLY)
    report = summarize(load(path), ["yoy_pct > 5"], 1, source="data.csv", path=path, timestamp=False)
    assert isinstance(report, Report) and report.generated is None and report.modified is None
    stamped = summarize(load(path), source="data.csv", path=path)
    assert stamped.generated is not None and stamped.modified is not None
    assert report.table["indicator"].tolist() == ["x", "y"]
    assert report.tripped[["indicator", "alert", "value"]].values.tolist() == [["x", "yoy_pct > 5", 10.0]]
    assert report.rises["indicator"].tolist() == ["x"] and report.falls.empty
    written = invoke(
        "summary", path, "--format", "text", "--no-timestamp", "--top", "1", "--alert", "yoy_pct > 5"
    )
    assert written.exit_code == 1 and written.stdout == draw(report, "text")
    assert written.stderr.endswith("indcalc: alert: x: yoy_pct > 5 (10)\n")


@pytest.mark.parametrize(
    ("figures", "trend"),
    [
        ("1e308,-1e308,1", "█▁▅"),  # the span overflows a float: was an internal error (a fresh-eyes finding)
        ("-1.7e308,1.7e308", "▁█"),
        ("0,14,7", "▁█▅"),  # the middle of its span: level 3.5, rounded to even
    ],
)
def test_a_sparkline_spans_any_figures(write_csv, figures, trend):
    rows = "".join(f"A,{2021 + i},{v}\n" for i, v in enumerate(figures.split(",")))
    result = invoke("summary", write_csv("indicator,period,value\n" + rows), "-f", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)[0]["trend"] == trend
