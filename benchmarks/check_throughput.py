"""Time `indcalc check` on a big report against reading the same text line by line, in one run.

    python benchmarks/check_throughput.py                  # 50 MB of report text, 3 rounds
    python benchmarks/check_throughput.py --mb 5 --long    # and lines that were pathological

The report is made of the sentences of the claims corpus and the Jingmen seed (tests/fixtures), one to
four to a line, in a fixed random order; `--long` adds a few 1 MB lines (digits, "from 2 to 6 ", a
"doubled" before each, HTML left open) on which the scan was once quadratic. The reference is Python
reading the file as UTF-8 and splitting each line into words: the floor of any line-by-line scan in
Python. Jobs alternate within each round; the median wall time, the median CPU time (of the process and
its worker processes) and the peak RSS of each process are reported, and indcalc's as ratios to the
reference's, so a loaded machine slows both alike.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

FIXTURES = Path(__file__).resolve().parent.parent / "tests" / "fixtures"
READ_LINES = "import sys\nfor line in open(sys.argv[1], encoding='utf-8'): line.split()"
LONG_LINES = [
    "7" * 1_000_000,
    "from 2 to 6 " * 83_000,
    "doubled from 2 to 6, " * 47_000,
    "<p>" + "<" * 1_000_000,
]


def sentences() -> list[str]:
    corpus = (FIXTURES / "claims_corpus.tsv").read_text(encoding="utf-8").splitlines()
    found = [line.split("\t")[0] for line in corpus if line and not line.startswith("#")]
    seed = (FIXTURES / "000_b6d7bebb99922718.txt").read_text(encoding="utf-8")
    return found + [line for line in seed.splitlines() if line.strip()]


def write_report(path: Path, megabytes: float, long: bool) -> None:
    rng = random.Random(14)
    pool = sentences()
    size, target = 0, int(megabytes * 1_000_000)
    with path.open("w", encoding="utf-8") as out:
        lines = iter(LONG_LINES if long else ())
        while size < target:
            line = next(lines, None) or " ".join(rng.choices(pool, k=rng.randint(1, 4)))
            out.write(line + "\n")
            size += len(line.encode()) + 1


def measure(argv: list[str], output: Path | None = None) -> tuple[float, float, float]:
    """Wall seconds, peak RSS in MB and CPU seconds (its workers' included) of one process, which must
    exit 0, or 1 for inconsistent claims
    with nothing on stderr and `output` written (a Python without indcalc installed exits 1 too, with
    "No module named indcalc" on stderr and no output)."""
    if output is not None:
        output.unlink(missing_ok=True)  # written by this run, not left by the one before
    start = time.perf_counter()
    process = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    code, stderr = os.waitstatus_to_exitcode(status), process.stderr.read().decode(errors="replace")
    if code not in (0, 1) or (code == 1 and stderr) or (output is not None and not output.exists()):
        missing = f" and wrote no {output}" if output is not None and not output.exists() else ""
        raise SystemExit(f"{' '.join(argv)} failed (exit {code}){missing}:\n{stderr}")
    return seconds, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--mb", type=float, default=50, help="size of the report in MB (default 50)")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--long", action="store_true", help="add 1 MB lines that were once pathological")
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        report, out = Path(folder) / "report.txt", Path(folder) / "claims.csv"
        write_report(report, args.mb, args.long)
        jobs = {
            "read lines (reference)": [sys.executable, "-c", READ_LINES, str(report)],
            "indcalc check": [sys.executable, "-m", "indcalc", "check", str(report), "-o", str(out)],
        }
        outputs = {"indcalc check": out}
        runs: dict[str, list[tuple[float, float, float]]] = {name: [] for name in jobs}
        for round_number in range(args.rounds):
            order = list(jobs)[round_number % 2 :] + list(jobs)[: round_number % 2]
            for name in order:
                runs[name].append(measure(jobs[name], outputs.get(name)))
        claims = sum(1 for _ in out.open(encoding="utf-8")) - 1
        megabytes = report.stat().st_size / 1e6
    reference = statistics.median(s for s, _, _ in runs["read lines (reference)"])
    reference_cpu = statistics.median(c for _, _, c in runs["read lines (reference)"])
    reference_rss = max(r for _, r, _ in runs["read lines (reference)"])
    results = []
    for name, measured in runs.items():
        seconds = statistics.median(s for s, _, _ in measured)
        cpu = statistics.median(c for _, _, c in measured)
        rss = max(r for _, r, _ in measured)
        results.append(
            {
                "job": name,
                "median_s": round(seconds, 2),
                "mb_per_s": round(megabytes / seconds, 2),
                "to_reference": round(seconds / reference, 1),
                "cpu_s": round(cpu, 2),
                "cpu_to_reference": round(cpu / reference_cpu, 1),
                "peak_rss_mb": round(rss),
                "rss_to_reference": round(rss / reference_rss, 1),
            }
        )
    print(f"{megabytes:.1f} MB of report text, {claims:,} claims found, {args.rounds} rounds")
    for row in results:
        print(
            f"  {row['job']:<24} {row['median_s']:>8.2f} s  {row['mb_per_s']:>7.2f} MB/s  "
            f"x{row['to_reference']:<6} {row['cpu_s']:>8.2f} s CPU (x{row['cpu_to_reference']})  "
            f"{row['peak_rss_mb']:>6} MB peak RSS (x{row['rss_to_reference']})"
        )
    if args.json:
        summary = {"mb": round(megabytes, 1), "claims": claims, "rounds": args.rounds, "long": args.long}
        args.json.write_text(json.dumps({**summary, "results": results}, indent=2) + "\n")


if __name__ == "__main__":
    main()
