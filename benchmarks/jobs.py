"""One benchmark job in its own process: python benchmarks/jobs.py JOB PANEL OUT [SHAPE].

Jobs: verify-KIND OURS THEIRS (indcalc's output against DuckDB's), floor-yoy, floor-pop, floor-growth (pyarrow reading the panel and writing a table of the job's
output shape: the I/O floor), duckdb-yoy, duckdb-pop, duckdb-growth, polars-yoy, polars-pop,
polars-growth, miller-yoy (needs Miller's `mlr` on PATH). indcalc itself runs as its own command
line (see run.py). SHAPE is the panel's shape (benchmarks/make_panel.py; default "today").
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile

# Per shape (benchmarks/make_panel.py): the period's ordinal and how many periods make a year
MONTHLY = "CAST(substr(period, 1, 4) AS INTEGER) * 12 + CAST(substr(period, 6, 2) AS INTEGER) - 1", "12"
ANNUAL = "CAST(period AS INTEGER)", "1"
MIXED = (
    """CASE WHEN length(period) = 4 THEN CAST(period AS INTEGER)
            WHEN substr(period, 5, 1) = 'Q' THEN CAST(substr(period, 1, 4) AS INTEGER) * 4 + CAST(substr(period, 6, 1) AS INTEGER) - 1
            ELSE CAST(substr(period, 1, 4) AS INTEGER) * 12 + CAST(substr(period, 6, 2) AS INTEGER) - 1 END""",
    "CASE WHEN length(period) = 4 THEN 1 WHEN substr(period, 5, 1) = 'Q' THEN 4 ELSE 12 END",
)
ORDINAL_SQL = MONTHLY[0]


def ordinal_sql(shape: str) -> tuple[str, str]:
    return {"mixed": MIXED, "wide": ANNUAL}.get(shape, MONTHLY)


def utf8_panel(panel: str, shape: str) -> str:
    """The panel as a file DuckDB and Polars can read: a GBK panel transcoded to a temporary UTF-8 file
    in the job's own process (the time is the job's), as neither reads GBK by itself (DuckDB only with
    its `encodings` extension, downloaded; Polars not at all)."""
    if shape != "cjk-gbk":
        return panel
    with open(panel, "rb") as source:
        text = source.read().decode("gbk").encode("utf-8")
    handle, path = tempfile.mkstemp(suffix=".csv")
    with os.fdopen(handle, "wb") as sink:
        sink.write(text)
    return path


def _long_arrow(panel: str, shape: str):
    """The panel read by pyarrow as a long table (a wide one melted by concatenating its year columns)."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.csv as pa_csv

    if shape == "parquet":
        import pyarrow.parquet as pq

        return pq.read_table(panel)
    encoding = "gbk" if shape == "cjk-gbk" else "utf8"
    table = pa_csv.read_csv(panel, pa_csv.ReadOptions(encoding=encoding))
    if shape != "wide":
        return table
    years = [n for n in table.column_names if n.isdigit()]
    rows = np.tile(np.arange(table.num_rows), len(years))
    period = pa.array(np.repeat(np.array(years), table.num_rows))
    value = pa.concat_arrays([table.column(y).combine_chunks().cast(pa.float64()) for y in years])
    keys = table.select(["entity", "indicator", "unit"]).take(pa.array(rows))
    return keys.append_column("period", period).append_column("value", value)


def floor(panel: str, out: str, shape: str, panel_shape: str = "today") -> None:
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.csv as pa_csv

    table = _long_arrow(panel, panel_shape)
    unit = table.column("unit") if "unit" in table.column_names else pa.nulls(table.num_rows, pa.string())
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
                "unit": unit, "period": table.column("period"), "value": value,
                "prior_period": table.column("period"), "prior_value": pc.multiply(value, 0.97),
                f"{prefix}_change": pc.multiply(value, 0.03), f"{prefix}_pct": pc.multiply(value, 0.031),
                f"{prefix}_pp": pa.nulls(table.num_rows, pa.float64()),
            }
        )  # fmt: skip
    pa_csv.write_csv(table, out)


def _duckdb_source(panel: str, shape: str) -> str:
    if shape == "parquet":
        return f"read_parquet('{panel}')"
    if shape == "wide":
        return (
            f"(UNPIVOT (SELECT * FROM read_csv('{panel}', header=true)) "
            "ON COLUMNS(* EXCLUDE (entity, indicator, unit)) INTO NAME period VALUE value)"
        )
    source = f"read_csv('{utf8_panel(panel, shape)}', header=true)"
    return f"(SELECT *, NULL AS unit FROM {source})" if shape == "today" else source


def duckdb_job(panel: str, out: str, job: str, shape: str = "today") -> None:
    import duckdb

    con = duckdb.connect()
    ordinal, per_year = ordinal_sql(shape)
    con.execute(
        f"CREATE VIEW p AS SELECT entity, indicator, CAST(unit AS VARCHAR) AS unit, "
        f"CAST(period AS VARCHAR) AS period, CAST(value AS DOUBLE) AS value FROM {_duckdb_source(panel, shape)}"
    )
    con.execute(f"CREATE VIEW q AS SELECT *, {ordinal} AS o, {per_year} AS f FROM p")
    if job == "growth":
        query = """
            SELECT entity, indicator, any_value(unit) AS unit, arg_min(period, o) AS from_period, arg_max(period, o) AS to_period,
                   arg_min(value, o) AS from_value, arg_max(value, o) AS to_value,
                   arg_max(value, o) - arg_min(value, o) AS change,
                   CASE WHEN arg_min(value, o) > 0 THEN (arg_max(value, o) / arg_min(value, o) - 1) * 100 END AS pct_change,
                   CASE WHEN any_value(unit) = '%' THEN arg_max(value, o) - arg_min(value, o) END AS pp_change,
                   CASE WHEN arg_min(value, o) > 0 THEN arg_max(value, o) / arg_min(value, o) END AS multiple,
                   (max(o) - min(o)) / any_value(f) AS years,
                   CASE WHEN arg_min(value, o) > 0 AND max(o) > min(o)
                        THEN (pow(arg_max(value, o) / arg_min(value, o), any_value(f) / (max(o) - min(o))) - 1) * 100 END AS cagr_pct
            FROM q GROUP BY entity, indicator HAVING count(*) > 1 ORDER BY entity, indicator"""
    else:
        lag, prefix = ("a.f", "yoy") if job == "yoy" else ("1", "pop")
        query = f"""
            SELECT a.entity, a.indicator, a.unit, a.period, a.value, b.period AS prior_period,
                   b.value AS prior_value, a.value - b.value AS {prefix}_change,
                   CASE WHEN b.value > 0 THEN (a.value - b.value) / b.value * 100 END AS {prefix}_pct,
                   CASE WHEN a.unit = '%' THEN a.value - b.value END AS {prefix}_pp
            FROM q a LEFT JOIN q b ON a.entity = b.entity AND a.indicator = b.indicator AND b.o = a.o - {lag}
            ORDER BY a.entity, a.indicator, a.o"""
    con.execute(f"COPY ({query}) TO '{out}' (HEADER, DELIMITER ',')")


def _polars_frame(panel: str, shape: str):
    """The panel as a lazy Polars frame with a ordinal `o` and periods per year `f`."""
    import polars as pl

    if shape == "parquet":
        frame = pl.scan_parquet(panel)
    elif shape == "wide":
        frame = (
            pl.scan_csv(panel)
            .unpivot(index=["entity", "indicator", "unit"], variable_name="period", value_name="value")
            .drop_nulls("value")
        )
    else:
        frame = pl.scan_csv(utf8_panel(panel, shape))
    if shape == "today":
        frame = frame.with_columns(pl.lit(None, pl.String).alias("unit"))
    year = pl.col("period").str.slice(0, 4).cast(pl.Int32)
    month = year * 12 + pl.col("period").str.slice(5, 2).cast(pl.Int32, strict=False) - 1
    if shape == "wide":
        return frame.with_columns(year.alias("o"), pl.lit(1).alias("f"))
    if shape != "mixed":
        return frame.with_columns(month.alias("o"), pl.lit(12).alias("f"))
    length, letter = pl.col("period").str.len_bytes(), pl.col("period").str.slice(4, 1)
    quarter = year * 4 + pl.col("period").str.slice(5, 1).cast(pl.Int32, strict=False) - 1
    return frame.with_columns(
        pl.when(length == 4).then(year).when(letter == "Q").then(quarter).otherwise(month).alias("o"),
        pl.when(length == 4).then(1).when(letter == "Q").then(4).otherwise(12).alias("f"),
    )


def polars_job(panel: str, out: str, job: str, shape: str = "today") -> None:
    import polars as pl

    frame = _polars_frame(panel, shape)
    percent = pl.col("unit") == "%"
    if job == "growth":
        first, last = pl.col("value").sort_by("o").first(), pl.col("value").sort_by("o").last()
        based = pl.when(pl.col("from_value") > 0)  # a zero base has no rate, as in DuckDB's job
        result = (
            frame.group_by("entity", "indicator")
            .agg(
                pl.col("unit").first(),
                pl.col("period").sort_by("o").first().alias("from_period"),
                pl.col("period").sort_by("o").last().alias("to_period"),
                first.alias("from_value"),
                last.alias("to_value"),
                ((pl.col("o").max() - pl.col("o").min()) / pl.col("f").first()).alias("years"),
                pl.len().alias("n"),
            )
            .filter(pl.col("n") > 1)
            .with_columns(
                (pl.col("to_value") - pl.col("from_value")).alias("change"),
                based.then((pl.col("to_value") / pl.col("from_value") - 1) * 100).alias("pct_change"),
                pl.when(percent).then(pl.col("to_value") - pl.col("from_value")).alias("pp_change"),
                based.then(pl.col("to_value") / pl.col("from_value")).alias("multiple"),
                based.then(
                    ((pl.col("to_value") / pl.col("from_value")) ** (1 / pl.col("years")) - 1) * 100
                ).alias("cagr_pct"),
            )
            .drop("n")
            .sort("entity", "indicator")
        )
    else:
        prefix = "yoy" if job == "yoy" else "pop"
        lag = pl.col("f") if job == "yoy" else 1
        prior = frame.select(
            "entity", "indicator", (pl.col("o") + lag).alias("o"),
            pl.col("period").alias("prior_period"), pl.col("value").alias("prior_value"),
        )  # fmt: skip
        change = pl.col("value") - pl.col("prior_value")
        result = (
            frame.join(prior, on=["entity", "indicator", "o"], how="left")
            .with_columns(
                change.alias(f"{prefix}_change"),
                pl.when(pl.col("prior_value") > 0)
                .then(change / pl.col("prior_value") * 100)
                .alias(f"{prefix}_pct"),
                pl.when(percent).then(change).alias(f"{prefix}_pp"),
            )
            .sort("entity", "indicator", "o")
            .drop("o", "f")
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
    """An engine's output (indcalc's, Miller's) equals DuckDB's, numerically, row for row once both are
    sorted by series (and period)."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.csv as pa_csv

    strings = pa_csv.ConvertOptions(
        column_types={n: pa.string() for n in ("entity", "indicator", "unit", "period", "prior_period")}
    )
    keys = [("entity", "ascending"), ("indicator", "ascending")]
    keys += [] if kind == "growth" else [("period", "ascending")]
    a, b = (pa_csv.read_csv(path, convert_options=strings).sort_by(keys) for path in (ours, theirs))
    if a.num_rows != b.num_rows:
        raise SystemExit(f"{kind}: {ours} has {a.num_rows} rows, DuckDB's {b.num_rows}")
    checked = {
        "yoy": ["prior_value", "yoy_pct", "yoy_pp"],
        "pop": ["prior_value", "pop_pct", "pop_pp"],
        "growth": ["from_value", "to_value", "pct_change", "pp_change", "cagr_pct"],
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
    JOBS[engine](first, second, kind, *sys.argv[4:5])  # and the panel's shape, if not "today"


if __name__ == "__main__":
    main()
