"""Never silently use other data than the user gave (issue 13): piped data without `-`, empty results
of a filter or period, and combined periods from `indcalc ytd` as priors."""

from __future__ import annotations

import os
import pty
import subprocess
import sys

import pytest

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
    assert done.stdout.splitlines()[1].startswith("Jingmen,Scaled enterprises,enterprises,2020,2025,890,1100,")


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
    done = indcalc("growth", str(tmp_path / "monthly.csv"), input="indicator,period,value\ny,2020,1\ny,2021,2\n")
    assert (done.returncode, done.stderr) == (0, "") and done.stdout.endswith(GROWTH_OF_MONTHLY)
