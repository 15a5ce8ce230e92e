"""Time indcalc against the I/O floor, DuckDB and Polars (and Miller if asked) on one panel, in one run.

    pip install '.[bench]'
    python benchmarks/run.py                       # 2.28M-row monthly panel, 3 rounds
    python benchmarks/run.py --rows 4_800_000 --rounds 5 --json results.json

Every job is a fresh process (CSV in, CSV out to a file). Jobs alternate within each round and the
order rotates between rounds, so a noisy neighbour hits them all alike; the median wall time and the
peak RSS (from the kernel's rusage of the child) are reported, as ratios to the I/O floor (pyarrow
reading the panel and writing a table of the job's output shape) and to DuckDB, measured in the same
run. indcalc's yoy, growth and pop outputs (and Miller's yoy) are checked against DuckDB's before any
time is reported.

`--engines ...,dask` adds indcalc's dask engine (`pip install '.[dask]'`): the same jobs with
`--engine dask` on the panel split into 8 Parquet files, on a LocalCluster that indcalc starts (its
start-up is in the time); its peak memory is the whole process tree's (indcalc and its workers),
sampled every 50 ms, as a cluster's memory is the sum of its workers'.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from make_panel import SHAPES, suffix

HERE = Path(__file__).resolve().parent
KINDS = ("yoy", "growth", "pop")
ENGINES = ("indcalc", "floor", "duckdb", "polars")
KINDS_OF = {"miller": ("yoy",), "json": ("yoy",), "markdown": ("yoy",)}  # engines that do only some jobs
OUTPUTS = {"json": ".json", "markdown": ".md"}  # engines that are indcalc writing another format
DEFAULT_ENGINES = (*ENGINES, *OUTPUTS)  # also "miller" and "dask", asked for by name
PARTS = 8  # Parquet files the dask engine reads the panel from


def command(engine: str, kind: str, panel: Path, out: Path, shape: str = "today") -> list[str]:
    if engine == "indcalc":
        return [sys.executable, "-m", "indcalc", kind, str(panel), "-o", str(out)]
    if engine in OUTPUTS:  # indcalc writing JSON or markdown instead of CSV
        return [
            sys.executable,
            "-m",
            "indcalc",
            kind,
            str(panel),
            "-o",
            str(out.with_suffix(OUTPUTS[engine])),
        ]
    if engine == "dask":  # the panel's parts, beside the output (`split_panel`)
        parts = str(out.parent / "panel-parts")
        return [sys.executable, "-m", "indcalc", kind, parts, "--engine", "dask", "-o", str(out)]
    return [sys.executable, str(HERE / "jobs.py"), f"{engine}-{kind}", str(panel), str(out), shape]


STARTUP = {  # name -> argv after the interpreter; the first is the reference
    "import pandas": ["-c", "import pandas"],
    "indcalc --version": ["-m", "indcalc", "--version"],
    "indcalc --help": ["-m", "indcalc", "--help"],
    "indcalc calc 5.45% 16%": ["-m", "indcalc", "calc", "5.45%", "16%", "--format", "csv"],
}
STARTUP_TARGETS = {"indcalc --version": 0.25, "indcalc --help": 0.5, "indcalc calc 5.45% 16%": 0.25}


def startup(rounds: int) -> list[dict]:
    """Median wall time of each start-up command over alternating rounds, as a ratio to `import pandas`.

    A first, untimed run of each writes the bytecode caches, as installing a package does.
    """
    times: dict[str, list[float]] = {name: [] for name in STARTUP}
    for argv in STARTUP.values():
        measure([sys.executable, *argv])
    for _ in range(rounds):
        for name, argv in STARTUP.items():
            times[name].append(measure([sys.executable, *argv])[0])
    reference = statistics.median(times["import pandas"])
    return [
        {
            "command": name,
            "median_s": round(statistics.median(spent), 3),
            "to_import_pandas": round(statistics.median(spent) / reference, 2),
            "target": STARTUP_TARGETS.get(name),
        }
        for name, spent in times.items()
    ]


def measure(argv: list[str], tree: bool = False) -> tuple[float, float]:
    """Wall seconds and peak RSS in MB of one process (with bytecode caching on, as in normal use); with
    `tree`, the peak of the sum over the process and its descendants (a LocalCluster's workers),
    sampled every 50 ms."""
    environment = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    start = time.perf_counter()
    process = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=environment)
    sampled = 0.0
    while True:
        pid, status, usage = os.wait4(process.pid, os.WNOHANG if tree else 0)
        if pid:
            break
        sampled = max(sampled, _tree_rss(process.pid))
        time.sleep(0.05)
    seconds = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} failed:\n{process.stderr.read().decode()}")
    return seconds, max(usage.ru_maxrss / 1024, sampled)


def _tree_rss(pid: int) -> float:
    """The RSS (MB) of process `pid` and its descendants, added up."""
    import psutil  # a dependency of distributed

    try:
        root = psutil.Process(pid)
        return sum(m.memory_info().rss for m in [root, *root.children(recursive=True)]) / 2**20
    except psutil.Error:  # one ended while sampled
        return 0.0


def split_panel(panel: Path, parts: Path) -> None:
    """The panel as `PARTS` Parquet files in the directory `parts`, in its row order."""
    import pyarrow.csv as pa_csv
    import pyarrow.parquet as pq

    table = pa_csv.read_csv(panel)
    parts.mkdir(exist_ok=True)
    step = -(-table.num_rows // PARTS)
    for number in range(PARTS):
        pq.write_table(table.slice(number * step, step), parts / f"panel-{number:02d}.parquet")


def panel_jobs(args: argparse.Namespace, engines: list[str], shape: str) -> list[dict]:
    """Time every (engine, kind) job on the panel of one shape; one result row each."""
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        panel = args.panel
        if panel is None:
            panel = work / f"panel{suffix(shape)}"
            make = [
                sys.executable,
                str(HERE / "make_panel.py"),
                "--rows",
                str(args.rows),
                "--gaps",
                str(args.gaps),
            ]
            subprocess.run([*make, "--shape", shape, str(panel)], check=True)
        if "dask" in engines:
            split_panel(panel, work / "panel-parts")
        jobs = [(engine, kind) for kind in KINDS for engine in engines if kind in KINDS_OF.get(engine, KINDS)]
        checked = [
            (engine, kind) for engine, kind in jobs if engine in ("indcalc", "polars", "miller", "dask")
        ]
        if "duckdb" in engines and checked:
            for engine, kind in checked:
                ours, theirs = work / f"check-{engine}-{kind}.csv", work / f"check-duckdb-{kind}.csv"
                if not theirs.exists():  # once per job kind
                    subprocess.run(
                        command("duckdb", kind, panel, theirs, shape), check=True, capture_output=True
                    )
                subprocess.run(command(engine, kind, panel, ours, shape), check=True, capture_output=True)
                # in a child, so this process stays small: a child's peak RSS starts from its parent's
                subprocess.run(
                    [sys.executable, str(HERE / "jobs.py"), f"verify-{kind}", str(ours), str(theirs)],
                    check=True,
                )
            shown = ", ".join(f"{engine} {kind}" for engine, kind in checked)
            print(f"verified against DuckDB's output: {shown}", file=sys.stderr)
        times: dict[tuple[str, str], list[float]] = {job: [] for job in jobs}
        memory: dict[tuple[str, str], list[float]] = {job: [] for job in jobs}
        for round_number in range(args.rounds):
            shift = round_number % len(jobs)
            for engine, kind in jobs[shift:] + jobs[:shift]:
                out = work / f"{engine}-{kind}.csv"
                seconds, rss = measure(command(engine, kind, panel, out, shape), tree=engine == "dask")
                times[(engine, kind)].append(seconds)
                memory[(engine, kind)].append(rss)
                out.unlink(missing_ok=True)
                out.with_suffix(OUTPUTS.get(engine, ".csv")).unlink(missing_ok=True)
            print(f"{shape}: round {round_number + 1}/{args.rounds} done", file=sys.stderr)

    rows = []
    for engine, kind in jobs:
        median = statistics.median(times[(engine, kind)])
        rss = max(memory[(engine, kind)])
        floor = statistics.median(times[("floor", kind)]) if ("floor", kind) in times else None
        duck = statistics.median(times[("duckdb", kind)]) if ("duckdb", kind) in times else None
        floor_rss = max(memory[("floor", kind)]) if ("floor", kind) in memory else None
        rows.append(
            {
                "job": kind,
                "engine": engine,
                "median_s": round(median, 3),
                "to_floor": round(median / floor, 2) if floor else None,
                "to_duckdb": round(median / duck, 2) if duck else None,
                "peak_rss_mb": round(rss),
                "rss_to_floor": round(rss / floor_rss, 2) if floor_rss else None,
            }
        )
    return rows


TARGETS = {"yoy": 1.25, "growth": 1.5, "pop": 1.5}  # indcalc's time to its floor's, at most
RSS_TARGET = 1.5  # indcalc's peak RSS to its floor's, at most


def misses(rows: list[dict]) -> list[str]:
    """The targets indcalc misses on one shape's rows: time and peak RSS to the floor's, and yoy
    faster than DuckDB and Polars."""
    found = []
    by = {(r["engine"], r["job"]): r for r in rows}
    for kind, target in TARGETS.items():
        ours = by.get(("indcalc", kind))
        if ours is None or ours["to_floor"] is None:
            continue
        if ours["to_floor"] > target:
            found.append(f"{kind} {ours['to_floor']:.2f}x its floor (target {target})")
        if ours["rss_to_floor"] > RSS_TARGET:
            found.append(f"{kind} peak RSS {ours['rss_to_floor']:.2f}x the floor's (target {RSS_TARGET})")
        for rival in ("duckdb", "polars") if kind == "yoy" else ():
            theirs = by.get((rival, kind))
            if theirs and ours["median_s"] >= theirs["median_s"]:
                found.append(
                    f"yoy not faster than {rival} ({ours['median_s']:.2f} s vs {theirs['median_s']:.2f} s)"
                )
    return found


def print_rows(shape: str, rows: list[dict]) -> None:
    print(f"\nshape {shape}")
    header = f"{'job':<7} {'engine':<8} {'median s':>9} {'× floor':>8} {'× DuckDB':>9} {'peak MB':>8} {'RSS × floor':>12}"
    print(header)
    print("-" * len(header))
    for row in rows:
        cells = [row["to_floor"], row["to_duckdb"], row["rss_to_floor"]]
        floor_text, duck_text, rss_text = ("—" if c is None else f"{c:.2f}" for c in cells)
        print(
            f"{row['job']:<7} {row['engine']:<8} {row['median_s']:>9.2f} {floor_text:>8} {duck_text:>9} {row['peak_rss_mb']:>8} {rss_text:>12}"
        )
    for miss in misses(rows):
        print(f"  misses: {miss}")


def load() -> str:
    """The load averages over 1, 5 and 15 minutes, as `uptime` says them."""
    return " ".join(f"{a:.2f}" for a in os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=lambda t: int(t.replace("_", "")), default=2_400_000)
    parser.add_argument("--gaps", type=float, default=0.05)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--panel", type=Path, help="use this panel (of --shape) instead of generating one")
    parser.add_argument("--shape", choices=SHAPES, help="one panel shape (benchmarks/make_panel.py)")
    parser.add_argument(
        "--shapes", default="all", help="comma-separated shapes, or all (default); --shape picks one"
    )
    parser.add_argument("--json", type=Path, default=HERE / "results.json", help="where to write the results")
    parser.add_argument(
        "--engines",
        default=",".join(DEFAULT_ENGINES),
        help="which engines to run ('': none; default: indcalc, the floor, DuckDB, Polars, and json and "
        "markdown: indcalc's yoy writing that format); also miller (yoy only; minutes and ~19 GB on the "
        "default panel) "
        "and dask (indcalc --engine dask on a LocalCluster)",
    )
    parser.add_argument(
        "--startup-rounds", type=int, default=15, help="rounds of the start-up timings (0: none)"
    )
    parser.add_argument(
        "--check-mb", type=float, default=50, help="MB of report text `indcalc check` reads (0: none)"
    )
    args = parser.parse_args()
    engines = [e for e in args.engines.split(",") if e]
    unknown = set(engines) - {*ENGINES, "miller", "dask", *OUTPUTS}
    if unknown:
        parser.error(f"unknown engines: {', '.join(sorted(unknown))}")
    if "miller" in engines and shutil.which("mlr") is None:
        parser.error("miller: no `mlr` on PATH (Debian and Ubuntu: apt install miller)")
    shapes = [args.shape] if args.shape else SHAPES if args.shapes == "all" else args.shapes.split(",")
    if set(shapes) - set(SHAPES):
        parser.error(
            f"unknown shapes: {', '.join(sorted(set(shapes) - set(SHAPES)))}; known: {', '.join(SHAPES)}"
        )
    if args.panel is not None and len(shapes) != 1:
        parser.error("--panel needs --shape: the shape of the panel given")

    measured = []
    results = {"rows": args.rows, "rounds": args.rounds, "shapes": measured, "check": None, "startup": []}
    for shape in shapes if engines else []:
        started_load = load()
        rows = panel_jobs(args, engines, shape)
        measured.append(
            {"shape": shape, "load": [started_load, load()], "results": rows, "misses": misses(rows)}
        )
        print_rows(shape, rows)
        write(args.json, results)  # after each shape: a run cut short keeps what it measured
    results["check"] = check(args.check_mb, args.rounds) if args.check_mb else None
    started = results["startup"] = startup(args.startup_rounds) if args.startup_rounds else []
    if started:
        print(f"\n{'start-up':<24} {'median s':>9} {'× import pandas':>16} {'target':>7}")
        print("-" * 59)
        for row in started:
            target = "—" if row["target"] is None else f"{row['target']:.2f}"
            print(
                f"{row['command']:<24} {row['median_s']:>9.3f} {row['to_import_pandas']:>16.2f} {target:>7}"
            )
    write(args.json, results)
    print(f"results written to {args.json}", file=sys.stderr)
    if args.json == HERE / "results.json":
        print("README's tables come from it: python tests/test_docs.py --update", file=sys.stderr)


def write(path: Path, results: dict) -> None:
    path.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")


def check(megabytes: float, rounds: int) -> dict:
    """`indcalc check` on a report of `megabytes` against reading its lines (check_throughput.py)."""
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "check.json"
        argv = [sys.executable, str(HERE / "check_throughput.py"), "--mb", str(megabytes)]
        subprocess.run([*argv, "--rounds", str(rounds), "--json", str(out)], check=True)
        return json.loads(out.read_text())


if __name__ == "__main__":
    main()
