"""One benchmark job in its own process: python benchmarks/jobs.py JOB PANEL OUT.

Jobs: verify-KIND OURS THEIRS (indcalc's output against DuckDB's), floor-yoy, floor-pop, floor-growth (pyarrow reading the panel and writing a table of the job's
output shape: the I/O floor), duckdb-yoy, duckdb-pop, duckdb-growth, polars-yoy, polars-pop,
polars-growth, miller-yoy (needs Miller's `mlr` on PATH). indcalc itself runs as its own command
line (see run.py).
"""

from __future__ import annotations

import subprocess
import sys

ORDINAL_SQL = "CAST(substr(period, 1, 4) AS INTEGER) * 12 + CAST(substr(period, 6, 2) AS INTEGER) - 1"


def floor(panel: str, out: str, shape: str) -> None:
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.csv as pa_csv

    table = pa_csv.read_csv(panel)
    if shape == "growth":  # one row per series, 13 columns: the read dominates
        keys = table.group_by(["entity", "indicator"]).aggregate([("value", "min"), ("value", "max")])
        n = keys.num_rows
        value = keys.column("value_min")
        text = keys.column("entity")
        table = pa.table(
            {
                "entity": text, "indicator": keys.column("indicator"), "unit": pa.nulls(n, pa.string()),
                "from_period": text, "to_period": text, "from_value": value, "to_value": value,
                "change": value, "pct_change": value, "pp_change": pa.nulls(n, pa.float64()),
                "multiple": value, "years": value, "cagr_pct": value,
            }
        )  # fmt: skip
    else:
        value = table.column("value")
        prefix = "yoy" if shape == "yoy" else "pop"
        table = pa.table(
            {
                "entity": table.column("entity"), "indicator": table.column("indicator"),
                "unit": pa.nulls(table.num_rows, pa.string()), "period": table.column("period"), "value": value,
                "prior_period": table.column("period"), "prior_value": pc.multiply(value, 0.97),
                f"{prefix}_change": pc.multiply(value, 0.03), f"{prefix}_pct": pc.multiply(value, 0.031),
                f"{prefix}_pp": pa.nulls(table.num_rows, pa.float64()),
            }
        )  # fmt: skip
    pa_csv.write_csv(table, out)


def duckdb_job(panel: str, out: str, job: str) -> None:
    import duckdb

    con = duckdb.connect()
    con.execute(f"CREATE VIEW p AS SELECT *, {ORDINAL_SQL} AS o FROM read_csv('{panel}', header=true)")
    if job == "growth":
        query = """
            SELECT entity, indicator, NULL AS unit, arg_min(period, o) AS from_period, arg_max(period, o) AS to_period,
                   arg_min(value, o) AS from_value, arg_max(value, o) AS to_value,
                   arg_max(value, o) - arg_min(value, o) AS change,
                   CASE WHEN arg_min(value, o) > 0 THEN (arg_max(value, o) / arg_min(value, o) - 1) * 100 END AS pct_change,
                   NULL AS pp_change,
                   CASE WHEN arg_min(value, o) > 0 THEN arg_max(value, o) / arg_min(value, o) END AS multiple,
                   (max(o) - min(o)) / 12.0 AS years,
                   CASE WHEN arg_min(value, o) > 0 AND max(o) > min(o)
                        THEN (pow(arg_max(value, o) / arg_min(value, o), 12.0 / (max(o) - min(o))) - 1) * 100 END AS cagr_pct
            FROM p GROUP BY entity, indicator HAVING count(*) > 1 ORDER BY entity, indicator"""
    else:
        lag, prefix = (12, "yoy") if job == "yoy" else (1, "pop")
        query = f"""
            SELECT a.entity, a.indicator, NULL AS unit, a.period, a.value, b.period AS prior_period,
                   b.value AS prior_value, a.value - b.value AS {prefix}_change,
                   CASE WHEN b.value > 0 THEN (a.value - b.value) / b.value * 100 END AS {prefix}_pct,
                   NULL AS {prefix}_pp
            FROM p a LEFT JOIN p b ON a.entity = b.entity AND a.indicator = b.indicator AND b.o = a.o - {lag}
            ORDER BY a.entity, a.indicator, a.o"""
    con.execute(f"COPY ({query}) TO '{out}' (HEADER, DELIMITER ',')")


def polars_job(panel: str, out: str, job: str) -> None:
    import polars as pl

    frame = pl.scan_csv(panel).with_columns(
        (
            pl.col("period").str.slice(0, 4).cast(pl.Int32) * 12
            + pl.col("period").str.slice(5, 2).cast(pl.Int32)
            - 1
        ).alias("o")
    )
    if job == "growth":
        first, last = pl.col("value").sort_by("o").first(), pl.col("value").sort_by("o").last()
        result = (
            frame.group_by("entity", "indicator")
            .agg(
                pl.col("period").sort_by("o").first().alias("from_period"),
                pl.col("period").sort_by("o").last().alias("to_period"),
                first.alias("from_value"),
                last.alias("to_value"),
                ((pl.col("o").max() - pl.col("o").min()) / 12).alias("years"),
                pl.len().alias("n"),
            )
            .filter(pl.col("n") > 1)
            .with_columns(
                (pl.col("to_value") - pl.col("from_value")).alias("change"),
                ((pl.col("to_value") / pl.col("from_value") - 1) * 100).alias("pct_change"),
                (pl.col("to_value") / pl.col("from_value")).alias("multiple"),
                (((pl.col("to_value") / pl.col("from_value")) ** (1 / pl.col("years")) - 1) * 100).alias(
                    "cagr_pct"
                ),
            )
            .drop("n")
            .sort("entity", "indicator")
        )
    else:
        lag, prefix = (12, "yoy") if job == "yoy" else (1, "pop")
        prior = frame.select(
            "entity", "indicator", (pl.col("o") + lag).alias("o"),
            pl.col("period").alias("prior_period"), pl.col("value").alias("prior_value"),
        )  # fmt: skip
        result = (
            frame.join(prior, on=["entity", "indicator", "o"], how="left")
            .with_columns(
                (pl.col("value") - pl.col("prior_value")).alias(f"{prefix}_change"),
                pl.when(pl.col("prior_value") > 0)
                .then((pl.col("value") - pl.col("prior_value")) / pl.col("prior_value") * 100)
                .alias(f"{prefix}_pct"),
            )
            .sort("entity", "indicator", "o")
            .drop("o")
        )
    result.sink_csv(out)


MILLER_YOY = """
var month = splitax($period, "-");
$o = int(month[1]) * 12 + int(sub(month[2], "^0", "")) - 1;
key = $entity . "|" . $indicator . "|" . $o;
$pass = FILENUM;
if (FILENUM == 1) {
  @value[key] = $value;
  @period[key] = $period;
} else {
  prior = $entity . "|" . $indicator . "|" . ($o - 12);
  $unit = "";
  $yoy_pp = "";
  if (haskey(@value, prior)) {
    $prior_period = @period[prior];
    $prior_value = @value[prior];
    $yoy_change = $value - $prior_value;
    $yoy_pct = $prior_value > 0 ? ($value - $prior_value) / $prior_value * 100 : "";
  } else {
    $prior_period = ""; $prior_value = ""; $yoy_change = ""; $yoy_pct = "";
  }
}
"""


def miller_job(panel: str, out: str, job: str) -> None:
    """Period-aware YoY in Miller: a first pass over the file keeps each (series, month)'s value and
    period, a second looks up each row's prior, then the rows are sorted like the others' (yoy only:
    on the 2.28M-row panel this takes minutes and ~19 GB)."""
    if job != "yoy":
        raise SystemExit(f"miller-{job}: only yoy is written for Miller")
    columns = "entity,indicator,unit,period,value,prior_period,prior_value,yoy_change,yoy_pct,yoy_pp"
    chain = ["then", "filter", "$pass == 2", "then", "sort", "-f", "entity,indicator", "-nf", "o"]
    with open(out, "w") as sink:
        subprocess.run(
            ["mlr", "--csv", "put", MILLER_YOY, *chain, "then", "cut", "-o", "-f", columns, panel, panel],
            stdout=sink,
            check=True,
        )


def verify(ours: str, theirs: str, kind: str) -> None:
    """An engine's output (indcalc's, Miller's) equals DuckDB's, numerically, row for row (both sorted
    the same way)."""
    import numpy as np
    import pyarrow.csv as pa_csv

    a, b = pa_csv.read_csv(ours), pa_csv.read_csv(theirs)
    if a.num_rows != b.num_rows:
        raise SystemExit(f"{kind}: {ours} has {a.num_rows} rows, DuckDB's {b.num_rows}")
    checked = {
        "yoy": ["prior_value", "yoy_pct"],
        "pop": ["prior_value", "pop_pct"],
        "growth": ["from_value", "to_value", "pct_change", "cagr_pct"],
    }[kind]
    for column in checked:
        x = a.column(column).to_numpy(zero_copy_only=False).astype(float)
        y = b.column(column).to_numpy(zero_copy_only=False).astype(float)
        if not np.allclose(x, y, rtol=1e-9, atol=1e-9, equal_nan=True):
            raise SystemExit(f"{kind}: column {column} differs between {ours} and DuckDB's output")


JOBS = {"floor": floor, "duckdb": duckdb_job, "polars": polars_job, "miller": miller_job, "verify": verify}


def main() -> None:
    job, first, second = sys.argv[1:4]
    engine, _, kind = job.partition("-")
    JOBS[engine](first, second, kind)


if __name__ == "__main__":
    main()
