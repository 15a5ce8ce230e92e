"""--engine dask (indcalc.distributed): on a LocalCluster, every engine-enabled command writes byte for
byte what the local engine writes for the same rows, warnings and errors included (issue 19)."""

import json
import random
import subprocess
import sys
import warnings
from pathlib import Path

import pandas as pd
import pytest

import indcalc
from indcalc.distributed import compute
from tests.conftest import invoke

distributed = pytest.importorskip("distributed")


@pytest.fixture(scope="session")
def scheduler():
    """The address of a LocalCluster of two worker processes, shared by the session's tests (about a
    second to start: processes, so that what crosses to the workers is pickled as on a real cluster)."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", "Port .* is already in use")  # its dashboard, on another port
        cluster = distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, dashboard_address=None, silence_logs=40
        )
    with cluster:
        yield cluster.scheduler_address


def invoke_dask(scheduler: str, *args: str):
    """`indcalc ARGS... --engine dask` on the session's cluster."""
    return invoke(*args, "--engine", "dask", "--scheduler", scheduler)


def panel(seed: int = 19) -> pd.DataFrame:
    """Series of three frequencies with gaps, zero and negative bases, percent units, a year-to-date
    series and CJK names, rows of each series spread over the files (`write_panel`)."""
    draw = random.Random(seed)
    rows = []
    for entity in ["", "湖北", "Jingmen", "=SUM(A1)"]:
        for indicator, unit in [("GDP", "亿元"), ("第二产业", "亿元"), ("Services", "亿元"), ("Rate", "%")]:
            for year in range(2018, 2025):
                if draw.random() < 0.2:
                    continue  # a gap
                value = draw.choice([0, -3.5, draw.randint(-20, 900) / draw.choice([1, 10, 100])])
                rows.append((entity, indicator, unit, str(year), value, ""))
        for quarter in range(12):
            if draw.random() > 0.15:
                rows.append(
                    (
                        entity,
                        "Output",
                        "",
                        f"{2022 + quarter // 4}Q{quarter % 4 + 1}",
                        draw.randint(-5, 50),
                        "",
                    )
                )
        total = 0.0
        for month in (2, 3, 5, 6, 7, 14, 15, 17):
            total = 0 if month in (14,) else total + draw.randint(0, 40)
            rows.append(
                (
                    entity,
                    "零售 累计",
                    "亿元",
                    f"{2023 + (month - 1) // 12}-{(month - 1) % 12 + 1:02d}",
                    total,
                    "ytd",
                )
            )
    frame = pd.DataFrame(rows, columns=["entity", "indicator", "unit", "period", "value", "basis"])
    return frame.sample(frac=1, random_state=seed).reset_index(drop=True)


def write_panel(directory: Path, frame: pd.DataFrame, files: int = 4) -> Path:
    """The panel as `files` files in `directory` (CSV, the last one Parquet), and, beside it, the
    CSV of their rows in the order the dask engine reads them (files by name), for the local engine."""
    directory.mkdir()
    parts = [frame.iloc[i::files] for i in range(files)]
    for i, part in enumerate(parts):
        if i == files - 1:
            part.to_parquet(directory / f"part{i}.parquet", index=False)
        else:
            part.to_csv(directory / f"part{i}.csv", index=False)
    whole = directory.parent / "whole.csv"
    pd.concat(parts).to_csv(whole, index=False)
    return whole


COMMANDS = [
    ["yoy"],
    ["pop", "--annualize", "--log"],
    ["growth"],
    ["growth", "--from", "2019", "--to", "2023"],
    ["list"],
    ["ytd"],
    ["share", "--total", "GDP"],
    ["contribution", "--total", "GDP"],
    ["yoy", "-e", "湖北", "-e", "J*", "--sort", "name"],
]


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_dask_engine_writes_what_the_local_engine_writes(command, scheduler, tmp_path):
    whole = write_panel(tmp_path / "panel", panel())
    local = invoke(*command, str(whole), "-f", "csv")
    on_dask = invoke_dask(scheduler, *command, str(tmp_path / "panel"), "-f", "csv")
    assert local.exit_code == 0, local.stderr
    assert (on_dask.exit_code, on_dask.stdout, on_dask.stderr) == (0, local.stdout, local.stderr)
    assert local.stdout.count("\n") > 3


def test_the_scheduler_from_the_environment_or_a_scheduler_file(scheduler, tmp_path):
    whole = write_panel(tmp_path / "panel", panel())
    local = invoke("list", str(whole), "-f", "csv")
    (tmp_path / "scheduler.json").write_text(json.dumps({"address": scheduler}))
    by_file = ["list", str(tmp_path / "panel"), "-f", "csv", "--engine", "dask"]
    from_file = invoke(*by_file, "--scheduler-file", str(tmp_path / "scheduler.json"))
    from_environment = invoke(*by_file, env={"DASK_SCHEDULER_ADDRESS": scheduler})
    assert (from_file.exit_code, from_file.stdout) == (0, local.stdout)
    assert (from_environment.exit_code, from_environment.stdout) == (0, local.stdout)


FAILING = [
    ["growth", "--from", "2031"],
    ["contribution", "--total", "GDP", "--from", "2011"],
    ["share", "--total", "Nothing"],
    ["yoy", "-i", "nothing*"],
    ["ytd", "-i", "GDP"],
]


@pytest.mark.parametrize("command", FAILING, ids=" ".join)
def test_dask_engine_fails_as_the_local_engine_fails(command, scheduler, tmp_path):
    whole = write_panel(tmp_path / "panel", panel())
    local = invoke(*command, str(whole), "-f", "csv")
    on_dask = invoke_dask(scheduler, *command, str(tmp_path / "panel"), "-f", "csv")
    assert local.exit_code == 2 and local.stderr.startswith("indcalc: error: ")
    assert (on_dask.exit_code, on_dask.stdout, on_dask.stderr) == (2, "", local.stderr)


def test_a_bad_row_is_the_same_error_at_the_same_line(scheduler, tmp_path):
    frame = panel().astype({"value": str})
    frame.loc[7, "value"] = "12,3.4x"  # row 7 of 4 files: the third line of the last one
    write_panel(tmp_path / "panel", frame)
    bad = str(tmp_path / "panel" / "part3.parquet")
    local = invoke("yoy", bad, "-f", "csv")
    on_dask = invoke_dask(scheduler, "yoy", str(tmp_path / "panel" / "*"))
    assert local.exit_code == 2 and "part3.parquet:3:" in local.stderr
    assert (on_dask.exit_code, on_dask.stdout, on_dask.stderr) == (2, "", local.stderr)


def test_a_period_given_by_two_files_is_an_error(scheduler, tmp_path):
    frame = panel()
    write_panel(tmp_path / "panel", frame, files=2)
    frame.iloc[:1].to_csv(tmp_path / "panel" / "part9.csv", index=False)  # a period part0 has
    on_dask = invoke_dask(scheduler, "yoy", str(tmp_path / "panel"))
    assert on_dask.exit_code == 2
    assert "has period" in on_dask.stderr and "2 times" in on_dask.stderr


def test_more_partitions_than_series_and_an_arrow_table(scheduler):
    import pyarrow as pa

    rows = panel()
    rows = rows[rows["entity"] == "湖北"]
    with distributed.Client(scheduler):
        for data in (rows, pa.Table.from_pandas(rows)):
            got = compute("yoy", data, partitions=12)  # six series
            assert got.to_csv() == indcalc.yoy(rows).to_csv()


def test_a_directory_output_is_parquet_part_files_holding_the_result(scheduler, tmp_path):
    whole = write_panel(tmp_path / "panel", panel())
    out = tmp_path / "out"
    done = invoke_dask(scheduler, "yoy", str(tmp_path / "panel"), "-o", str(out))
    assert (done.exit_code, done.stdout) == (0, "")
    (out / "part-00099.parquet").write_bytes(b"from a run before")  # replaced, as a file -o names is
    done = invoke_dask(scheduler, "yoy", str(tmp_path / "panel"), "-o", str(out))
    names = sorted(p.name for p in out.iterdir())
    assert names == [f"part-{i:05d}.parquet" for i in range(len(names))] and len(names) >= 2
    written = pd.concat([pd.read_parquet(out / n) for n in names])
    local = invoke("yoy", str(whole), "-f", "parquet", "-o", str(tmp_path / "local.parquet"))
    expected = pd.read_parquet(tmp_path / "local.parquet")
    key = ["entity", "indicator", "period"]
    pd.testing.assert_frame_equal(
        written.astype(str).sort_values(key).reset_index(drop=True),
        expected.astype(str).sort_values(key).reset_index(drop=True),
    )
    assert local.exit_code == 0


def test_a_directory_output_holding_other_files_is_refused(scheduler, tmp_path):
    write_panel(tmp_path / "panel", panel())
    out = tmp_path / "out"
    out.mkdir()
    (out / "other.parquet").write_bytes(b"not ours")  # pandas.read_parquet(out) would read it too
    (out / "_SUCCESS").write_bytes(b"")  # hidden to Parquet readers: allowed
    done = invoke_dask(scheduler, "yoy", str(tmp_path / "panel"), "-o", str(out))
    assert (done.exit_code, done.stdout) == (2, "")
    assert done.stderr == (
        f"indcalc: error: {out}: holds other.parquet, which is not one of indcalc's part files "
        "(part-NNNNN.parquet): write the result to an empty directory\n"
    )
    assert sorted(p.name for p in out.iterdir()) == ["_SUCCESS", "other.parquet"]


@pytest.mark.parametrize("command", ["share", "contribution"])
@pytest.mark.parametrize("entities", [[], ["-e", "B*"]], ids=["all", "-e B*"])
def test_entities_without_a_total_are_told_as_a_local_run_tells_them(scheduler, tmp_path, command, entities):
    rows = [("A", "GDP", "2023", 100), ("A", "GDP", "2024", 110)]
    rows += [(e, "Industry", y, v) for e in ("A", "B1", "B2") for y, v in (("2023", 40), ("2024", 46))]
    frame = pd.DataFrame(rows, columns=["entity", "indicator", "period", "value"])
    whole = write_panel(tmp_path / "panel", frame, files=2)
    args = [command, "--total", "GDP", *entities, "-f", "csv"]
    local, on_dask = (
        invoke(*args[:1], str(whole), *args[1:]),
        invoke_dask(scheduler, *args[:1], str(tmp_path / "panel"), *args[1:]),
    )
    assert (on_dask.exit_code, on_dask.stdout, on_dask.stderr) == (
        local.exit_code,
        local.stdout,
        local.stderr,
    )
    assert "has no rows for" in local.stderr and "B1, B2" in local.stderr


def test_a_failed_run_removes_the_directories_it_made_and_keeps_those_that_were(scheduler, tmp_path):
    frame = panel()
    write_panel(tmp_path / "panel", frame, files=2)
    frame.iloc[:1].to_csv(tmp_path / "panel" / "part9.csv", index=False)  # fails in the workers
    kept = tmp_path / "kept"
    kept.mkdir()
    (tmp_path / "empty").mkdir()
    for out in (tmp_path / "out", kept / "new" / "deeper", tmp_path / "empty"):
        done = invoke_dask(scheduler, "yoy", str(tmp_path / "panel"), "-o", str(out) + "/")
        assert (done.exit_code, done.stdout) == (2, ""), out
        assert "has period" in done.stderr and "2 times" in done.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["empty", "kept", "panel", "whole.csv"]
    assert list(kept.iterdir()) == [] and list((tmp_path / "empty").iterdir()) == []


def test_a_directory_that_cannot_be_made_is_an_error_that_leaves_none_made(scheduler, tmp_path):
    write_panel(tmp_path / "panel", panel())
    file, long = tmp_path / "file", tmp_path / "new" / ("x" * 300)  # "new" is made, then its child fails
    file.write_text("not a directory")
    for out, reason in [
        (file, "Not a directory"),
        (file / "out", f"{file}: Not a directory"),
        (long / "out", f"{long}: File name too long"),
    ]:
        done = invoke_dask(scheduler, "yoy", str(tmp_path / "panel"), "-o", str(out))
        assert (done.exit_code, done.stdout) == (2, "")
        assert done.stderr == f"indcalc: error: cannot write {out}: {reason}\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file", "panel", "whole.csv"]
    assert file.read_text() == "not a directory"


def test_without_the_extra_the_dask_engine_says_what_to_install(monkeypatch, write_csv):
    monkeypatch.setitem(sys.modules, "dask.dataframe", None)  # as if dask[dataframe] were not installed
    result = invoke("yoy", write_csv("indicator,period,value\nx,2023,1\nx,2024,2\n"), "--engine", "dask")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        "indcalc: error: the dask engine needs Dask (dask.dataframe is not installed): "
        "install indcalc's dask extra (pip install '.[dask]' in its source directory)\n"
    )


def test_the_local_engine_never_imports_dask(write_csv):
    path = write_csv("indicator,period,value\nx,2023,1\nx,2024,2\n")
    code = (
        "import sys; from tests.conftest import invoke; "
        f"assert invoke('yoy', {path!r}).exit_code == 0; invoke('--help'); "
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'dask', 'distributed'}))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, stdin=subprocess.DEVNULL, check=True
    )
    assert done.stdout == "[]\n"


# Its scheduler's HTTP server asks for the default port, which the session's cluster already holds.
@pytest.mark.filterwarnings("ignore:Port .* is already in use")
def test_a_scheduler_without_workers_is_an_error_not_a_wait_for_ever(tmp_path):
    (tmp_path / "panel").mkdir()
    (tmp_path / "panel" / "a.csv").write_text("indicator,period,value\nx,2023,1\nx,2024,2\n")
    with distributed.LocalCluster(n_workers=0, dashboard_address=None, silence_logs=40) as bare:
        done = invoke(
            "yoy",
            str(tmp_path / "panel"),
            "--engine",
            "dask",
            "--scheduler",
            bare.scheduler_address,
            env={"INDCALC_DASK_WORKERS_TIMEOUT": "0.5"},
        )
    assert (done.exit_code, done.stdout) == (2, "")
    assert done.stderr == (
        f"indcalc: error: the Dask scheduler at {bare.scheduler_address} has no workers (waited 0.5 s; "
        "start one with `dask worker ADDRESS`)\n"
    )


def test_a_scheduler_file_that_does_not_exist_is_an_error_not_a_wait_for_ever(tmp_path):
    missing = tmp_path / "nowhere.json"
    done = invoke("yoy", str(tmp_path), "--engine", "dask", "--scheduler-file", str(missing))
    assert (done.exit_code, done.stdout) == (2, "")
    assert done.stderr == f"indcalc: error: --scheduler-file {missing}: no such file\n"


@pytest.mark.parametrize("command", [["yoy"], ["pop"], ["growth"], ["list"]], ids=" ".join)
def test_value_flags_cross_the_dask_engine(command, scheduler, tmp_path):
    """The annotation columns (flag, prior_flag, ...) and a confidential `: c` row, as locally."""
    path = tmp_path / "nama.tsv"
    path.write_text(
        "freq,unit,na_item,geo\\TIME_PERIOD\t2021 \t2022 \t2023 \n"
        "A,CP_MEUR,B1GQ,DE\t3600.0 \t3850.0 p\t4200.0 bp\n"
        "A,CP_MEUR,B1GQ,FR\t2500.0 \t: c\t2640.0 e\n",
        encoding="utf-8",
    )
    local = invoke(*command, str(path), "-f", "csv")
    on_dask = invoke_dask(scheduler, *command, str(path), "-f", "csv")
    assert local.exit_code == 0, local.stderr
    assert (on_dask.exit_code, on_dask.stdout) == (0, local.stdout)
    assert "flag" in local.stdout.splitlines()[0]


@pytest.mark.parametrize("group", [False, True], ids=["indcalc", "its-process-group"])
def test_ctrl_c_on_a_directory_output_is_exit_130_and_no_traceback(tmp_path, group):
    """SIGINT to indcalc, or to its whole process group as a terminal's Ctrl-C sends it (the
    LocalCluster's workers too): exit 130, nothing on stdout or stderr, and the directory it made gone."""
    import os
    import signal
    import time

    from tests.conftest import default_sigint

    write_panel(tmp_path / "panel", panel())
    out = tmp_path / "out"
    command = [sys.executable, "-m", "indcalc", "yoy", str(tmp_path / "panel"), "--engine", "dask"]
    with subprocess.Popen(
        [*command, "-o", f"{out}/"],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
        preexec_fn=default_sigint,
    ) as process:
        deadline = time.monotonic() + 60
        while not out.exists() and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.002)
        assert process.poll() is None, "the run ended before it could be interrupted"
        time.sleep(0.2)  # the workers at work
        if group:
            os.killpg(process.pid, signal.SIGINT)
        else:
            process.send_signal(signal.SIGINT)
        stdout, stderr = process.communicate(timeout=60)
    assert (process.returncode, stdout, stderr.decode()) == (130, b"", "")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["panel", "whole.csv"]


def test_a_failing_partition_is_indcalc_s_error_alone_without_dask_s_log(tmp_path):
    """A LocalCluster of indcalc's own (no --scheduler), in a process: its workers' stderr is the
    user's. The period given by two files fails in a worker, after the shuffle."""
    frame = panel()
    write_panel(tmp_path / "panel", frame, files=2)
    frame.iloc[:1].to_csv(tmp_path / "panel" / "part9.csv", index=False)
    done = subprocess.run(
        [sys.executable, "-m", "indcalc", "yoy", str(tmp_path / "panel"), "--engine", "dask"],
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=120,
    )
    entity, indicator, period = frame.loc[0, ["entity", "indicator", "period"]]
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == (
        f"indcalc: error: column 'period': series {entity} / {indicator} has period {period} 2 times\n"
    )


@pytest.mark.parametrize("name", ["out.d/", "out.csv/", "new/out.v2/"])
def test_a_trailing_slash_names_a_directory_whatever_the_name(scheduler, tmp_path, name):
    write_panel(tmp_path / "panel", panel())
    done = invoke_dask(scheduler, "yoy", str(tmp_path / "panel"), "-o", f"{tmp_path}/{name}")
    assert (done.exit_code, done.stdout, done.stderr) == (0, "", "")
    written = sorted(p.name for p in (tmp_path / name).iterdir())
    assert written[0] == "part-00000.parquet" and all(n.startswith("part-") for n in written)
