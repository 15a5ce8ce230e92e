"""Where output goes (issue 14): `-o` never destroys what is not ours, and a failed write to stdout, a
closed stream or an odd figure is a one-line error with exit 2, never a traceback or exit 1.

Each test runs indcalc in a real process (real descriptors: /dev/full, closed fds, signals). Device
nodes are copies made with mknod in a temporary directory (as root only), never /dev's own.
"""

from __future__ import annotations

import glob
import gzip
import os
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from indcalc.cli.inputs import BUNDLED_NOTE
from tests.conftest import default_sigint, invoke

DATA = "indicator,period,value\ngdp,2020,100\ngdp,2021,110\n"
EXPECTED = "entity,indicator,unit,period,value,prior_period,prior_value,yoy_change,yoy_pct,yoy_pp\n"
ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def run(*args: str, cwd: Path | None = None, **kwargs) -> subprocess.CompletedProcess:
    """`indcalc ARGS` in a real process; stdin /dev/null unless given, output as text."""
    kwargs.setdefault("stdin", subprocess.DEVNULL)
    kwargs.setdefault("stdout", subprocess.PIPE)
    kwargs.setdefault("stderr", subprocess.PIPE)
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run([sys.executable, "-m", "indcalc", *args], cwd=cwd, env=env, text=True, **kwargs)


def shell(script: str, cwd: Path) -> subprocess.CompletedProcess:
    """A bash script run in `cwd`, with `indcalc` meaning this Python's indcalc."""
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    prelude = f'indcalc() {{ "{sys.executable}" -m indcalc "$@"; }}\n'
    return subprocess.run(
        ["bash", "-c", prelude + script],
        cwd=cwd,
        env=env,
        text=True,
        capture_output=True,
        stdin=subprocess.DEVNULL,
    )


def one_error(stderr: str, text: str) -> None:
    lines = stderr.replace(f"{BUNDLED_NOTE}\n", "").splitlines()
    assert lines == [lines[0]] and lines[0].startswith("indcalc: error: "), stderr
    assert text in lines[0], stderr
    assert "Traceback" not in stderr and "Exception ignored" not in stderr


@pytest.fixture
def data(tmp_path: Path) -> Path:
    path = tmp_path / "f.csv"
    path.write_text(DATA, encoding="utf-8")
    return path


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


# --- -o: what is at the target keeps its kind ---------------------------------------------------


@pytest.mark.parametrize("mode", [0o600, 0o640, 0o664])
def test_an_existing_file_keeps_its_mode(tmp_path, data, mode):
    target = tmp_path / "out.csv"
    target.write_text("old\n")
    target.chmod(mode)
    done = run("yoy", str(data), "-o", str(target))
    assert done.returncode == 0, done.stderr
    assert stat.S_IMODE(target.stat().st_mode) == mode
    assert target.read_text().startswith(EXPECTED)
    assert leftovers(tmp_path) == []


def test_a_new_file_gets_the_umask_mode(tmp_path, data):
    target = tmp_path / "new.csv"
    done = run("yoy", str(data), "-o", str(target), preexec_fn=lambda: os.umask(0o027))
    assert done.returncode == 0, done.stderr
    assert stat.S_IMODE(target.stat().st_mode) == 0o640  # 0666 less the umask, as `>` gives
    assert leftovers(tmp_path) == []


def test_a_symlink_is_followed_and_kept(tmp_path, data):
    real = tmp_path / "real.csv"
    real.write_text("old\n")
    real.chmod(0o600)
    link = tmp_path / "link.csv"
    link.symlink_to("real.csv")
    done = run("yoy", str(data), "-o", str(link))
    assert done.returncode == 0, done.stderr
    assert link.is_symlink() and os.readlink(link) == "real.csv"
    assert real.read_text().startswith(EXPECTED)
    assert stat.S_IMODE(real.stat().st_mode) == 0o600


def test_a_dangling_symlink_creates_its_target(tmp_path, data):
    link = tmp_path / "link.csv"
    link.symlink_to("made.csv")
    done = run("yoy", str(data), "-o", str(link))
    assert done.returncode == 0, done.stderr
    assert link.is_symlink()
    assert (tmp_path / "made.csv").read_text().startswith(EXPECTED)


@pytest.mark.skipif(not ROOT, reason="mknod needs root")
@pytest.mark.parametrize("name", ["null", "null.csv"])
def test_a_character_device_is_written_through(tmp_path, data, name):
    device = tmp_path / name  # a copy of /dev/null (1, 3): never /dev's own
    os.mknod(device, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    done = run("yoy", str(data), "-o", str(device))  # no extension: CSV, as to a pipe
    assert done.returncode == 0, done.stderr
    assert stat.S_ISCHR(device.lstat().st_mode)
    assert done.stdout == ""


@pytest.mark.skipif(not ROOT, reason="mknod needs root")
def test_a_full_device_is_a_one_line_error(tmp_path, data):
    device = tmp_path / "full"  # a copy of /dev/full (1, 7)
    os.mknod(device, 0o666 | stat.S_IFCHR, os.makedev(1, 7))
    done = run("yoy", str(data), "-o", str(device))
    assert done.returncode == 2
    one_error(done.stderr, "No space left on device")
    assert stat.S_ISCHR(device.lstat().st_mode)


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "parquet"])
def test_a_fifo_is_written_through(tmp_path, data, fmt):
    fifo = tmp_path / f"pipe.{fmt}"
    os.mkfifo(fifo)
    reader = subprocess.Popen(["cat", str(fifo)], stdout=subprocess.PIPE)
    done = run("yoy", str(data), "-o", str(fifo))
    got = reader.communicate(timeout=60)[0]
    assert done.returncode == 0, done.stderr
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    if fmt == "csv":
        assert got.decode().startswith(EXPECTED)
    else:
        assert got[:4] in (b"PK\x03\x04", b"PAR1")
    assert leftovers(tmp_path) == []


def test_a_link_to_stdout_is_written_through(tmp_path, data):
    link = tmp_path / "stdout"  # as /dev/stdout is, but ours to lose
    link.symlink_to("/proc/self/fd/1")
    done = run("yoy", str(data), "-o", str(link))
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(EXPECTED)
    assert link.is_symlink() and os.readlink(link) == "/proc/self/fd/1"


def test_the_temporary_is_not_a_predictable_name(tmp_path, data):
    """A symlink planted at the old temporary name (.NAME.PID.tmp) must not be written through."""
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n")
    target = tmp_path / "out.csv"
    (tmp_path / f".out.csv.{os.getpid()}.tmp").symlink_to(victim)  # in-process: the pid is ours
    result = invoke("yoy", str(data), "-o", str(target))
    assert result.exit_code == 0, result.stderr
    assert victim.read_text() == "precious\n"
    assert target.read_text().startswith(EXPECTED)


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("", "-o needs a file name"),
        ("a" * 252 + ".csv", None),  # 256 bytes: too long for a name
        ("nowhere/out.csv", "no such directory"),
        ("f.csv/out.csv", "Not a directory"),
    ],
)
def test_bad_output_names_are_one_line_errors(tmp_path, data, name, message):
    done = run("yoy", str(data), "-o", name, cwd=tmp_path)
    assert done.returncode == 2
    one_error(done.stderr, message or "File name too long")
    assert done.stdout == ""
    assert sorted(p.name for p in tmp_path.iterdir()) == ["f.csv"]


def test_a_name_of_255_bytes_is_written(tmp_path, data):
    name = "a" * 251 + ".csv"  # the old temporary, .NAME.PID.tmp, passed 255 bytes
    done = run("yoy", str(data), "-o", name, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / name).read_text().startswith(EXPECTED)
    assert leftovers(tmp_path) == []


# --- signals while writing -------------------------------------------------------------------


@pytest.fixture(scope="module")
def big(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("big") / "big.csv"
    rows = (
        f"e{e},gdp,{year},{(e * 7 + year) % 1000 + 1}\n" for e in range(1000) for year in range(1900, 2100)
    )
    path.write_text("entity,indicator,period,value\n" + "".join(rows))
    return path


@pytest.mark.parametrize(
    ("signum", "status"), [(signal.SIGTERM, 143), (signal.SIGHUP, 129), (signal.SIGINT, 130)]
)
def test_a_signal_while_writing_leaves_no_temporary(tmp_path, big, signum, status):
    folder = tmp_path / "out"
    folder.mkdir()
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    process = subprocess.Popen(
        [sys.executable, "-m", "indcalc", "yoy", str(big), "-o", str(folder / "r.csv.gz")],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        preexec_fn=default_sigint,
    )
    started = time.monotonic()
    while not glob.glob(str(folder / ".*")) and process.poll() is None and time.monotonic() - started < 120:
        time.sleep(0.002)
    assert process.poll() is None, "the write ended before it could be interrupted"
    process.send_signal(signum)
    out, err = process.communicate(timeout=60)
    left = sorted(p.name for p in folder.iterdir())
    # The signal may land after the rename (the run had finished writing): the output is then whole,
    # and when it lands as the interpreter exits, Python never runs its handler (exit 0, seen in CI).
    # Never a temporary, never a part of the output, never a traceback.
    assert process.returncode == status or (process.returncode == 0 and left == ["r.csv.gz"]), err
    assert b"Traceback" not in err
    assert out == b""
    assert left in ([], ["r.csv.gz"]), left
    if left:
        with gzip.open(folder / "r.csv.gz", "rt") as written:
            assert sum(1 for _ in written) == 1 + 1000 * 200


# --- stdout that cannot be written, closed streams -----------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ("yoy", "{data}"),
        ("yoy", "{data}", "-f", "csv"),
        ("yoy", "{data}", "-f", "tsv"),
        ("yoy", "{data}", "-f", "json"),
        ("yoy", "{data}", "-f", "markdown"),
        ("yoy", "{data}", "-f", "text"),
        ("yoy", "{data}", "-f", "xlsx"),
        ("yoy", "{data}", "-f", "parquet"),
        ("list", "{data}"),
        ("summary", "{data}"),
        ("summary", "{data}", "-f", "markdown"),
        ("calc", "1", "2"),
        ("calc", "1", "2", "-f", "json"),
        ("check", "{claims}"),
        ("--version",),
        ("--help",),
        ("yoy", "--help"),
    ],
)
def test_no_space_on_stdout(tmp_path, data, args):
    claims = tmp_path / "claims.txt"
    claims.write_text("Output rose from 2 to 6, up 200%.\n")
    args = [a.format(data=data, claims=claims) for a in args]
    with open("/dev/full", "w") as full:
        done = run(*args, stdout=full)
    assert done.returncode == 2
    one_error(done.stderr, "cannot write to stdout: No space left on device")


@pytest.mark.parametrize(
    ("script", "status", "message"),
    [
        ("indcalc yoy - <&-", 2, "cannot read stdin: it is closed"),
        ("indcalc yoy f.csv >&-", 2, "cannot write to stdout: it is closed"),
        ("indcalc calc 1 2 >&-", 2, "cannot write to stdout: it is closed"),
        ("indcalc yoy bad.csv 2>&-", 2, None),
        ("indcalc yoy f.csv 2>&- >/dev/null", 0, None),
        ("indcalc yoy f.csv -o out.csv 2>&-", 0, None),
        ("indcalc yoy f.csv -o out.csv >&-", 0, None),
    ],
)
def test_closed_streams(tmp_path, data, script, status, message):
    (tmp_path / "bad.csv").write_text("indicator,period,value\ngdp,2020,abc\n")
    done = shell(f"{script}\necho status=$?", tmp_path)
    assert done.stdout.splitlines()[-1] == f"status={status}", done.stderr
    if message:
        one_error(done.stderr, message)
    else:
        assert done.stderr == ""


# --- calc: non-finite figures ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("1e309", "5", "-f", "csv"), "'1e309' is not a number"),
        (("1e309", "5", "-f", "json"), "'1e309' is not a number"),
        (("1", "2", "--years", "inf"), "--years inf: not a finite number"),
        (("1", "2", "--years", "nan"), "--years nan: not a finite number"),
        (("1", "--growth", "inf"), "--growth inf: not a finite number"),
        (("1", "--pp=-inf"), "--pp -inf: not a finite number"),
        (("1", "--share", "nan"), "--share nan: not a finite number"),
    ],
)
def test_calc_refuses_non_finite_figures(args, message):
    done = run("calc", *args)
    assert done.returncode == 2
    one_error(done.stderr, message)
    assert done.stdout == ""


@pytest.mark.parametrize(
    ("args", "row"),
    [
        # 1e308 / (1 - 0.999999) is too large for a float: the base and what follows from it are empty
        (("1e308", "--growth", "-99.9999"), ",,,,,,1e+308,,,,,,"),
        (("1e308", "--pp", "-1e308"), ",,,,,,1e+308,,,,,,"),
        (("1", "--share", "1e-320"), "1,1e-320,"),
    ],
)
def test_calc_leaves_a_result_too_large_empty(args, row):
    done = run("calc", *args, "-f", "csv")
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[1] == row


# --- plot --out: the same rules ----------------------------------------------------------------


def test_plot_out_follows_a_symlink_and_keeps_the_mode(tmp_path, data):
    pytest.importorskip("matplotlib")
    real = tmp_path / "real.svg"
    real.write_text("old")
    real.chmod(0o600)
    link = tmp_path / "chart.svg"
    link.symlink_to("real.svg")
    done = run("plot", str(data), "--out", str(link))
    assert done.returncode == 0, done.stderr
    assert link.is_symlink()
    assert stat.S_IMODE(real.stat().st_mode) == 0o600
    assert "<svg" in real.read_text()
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize(
    ("name", "message"), [("d.png", "it is a directory"), ("no/x.png", "no such directory")]
)
def test_plot_out_that_cannot_be_written(tmp_path, data, name, message):
    (tmp_path / "d.png").mkdir()
    done = run("plot", str(data), "--out", name, cwd=tmp_path)
    assert done.returncode == 2
    one_error(done.stderr, message)
    assert done.stdout == ""
