"""Write a panel for the benchmark, in one of the shapes users' data has: entities x indicators x periods,
some rows deleted, shuffled.

    python benchmarks/make_panel.py --rows 2_400_000 --gaps 0.05 panel.csv            # today's shape
    python benchmarks/make_panel.py --shape units panel.csv                           # and the others

Shapes (`SHAPES`): "today" follows a bureau's county panel, "county0042,ind7,2013-05,123.456" (3
decimals, no unit column); "units" has a unit column mixing `%` and level units (亿元, 万吨, billion
yuan), names of realistic length ("County 0421", "Indicator 03") and 1-4 decimals by indicator;
"cjk-utf8" and "cjk-gbk" have Chinese entity and indicator names (荆门市, 规模以上工业增加值) and units,
in UTF-8 and in GBK; "mixed" mixes annual, quarterly and monthly series (2013, 2013Q2, 2013-05);
"wide" is a yearbook table, one row per entity x indicator and 20 year columns (2004 ... 2023);
"parquet" is "units" as a Parquet file. --rows is the number of values before the gaps are cut
(entities grow to reach it at 10 indicators x 240 months, or 20 years for "wide").
"""

from __future__ import annotations

import argparse

import numpy as np
import pyarrow as pa
import pyarrow.csv as pa_csv

INDICATORS = 10
MONTHS = 240
YEARS = 20  # the wide table's year columns, FIRST_YEAR ...
FIRST_YEAR = 2004
SHAPES = ("today", "units", "cjk-utf8", "cjk-gbk", "mixed", "wide", "parquet")
SUFFIX = {"cjk-gbk": ".gbk.csv", "parquet": ".parquet"}  # the others: .csv
UNITS = [
    "%",
    "亿元",
    "万吨",
    "billion yuan",
    "%",
    "亿元",
    "万吨",
    "billion yuan",
    "%",
    "亿元",
]  # by indicator
DECIMALS = [1, 2, 3, 4, 1, 2, 3, 4, 2, 1]  # by indicator
CJK_INDICATORS = [
    "规模以上工业增加值",
    "地区生产总值",
    "社会消费品零售总额",
    "固定资产投资",
    "城镇居民人均可支配收入",
    "一般公共预算收入",
    "进出口总额",
    "居民消费价格指数",
    "粮食产量",
    "城镇化率",
]
CJK_PLACES = (
    "荆门武汉襄阳宜昌黄石十堰鄂州孝感荆州黄冈咸宁随州恩施仙桃潜江天门神农架长沙株洲湘潭衡阳邵阳岳阳常德"
)
FREQUENCIES = (12, 4, 1)  # periods per year of the "mixed" shape's series, by indicator % 3


def suffix(shape: str) -> str:
    """The file name ending of a shape's panel."""
    return SUFFIX.get(shape, ".csv")


def make_panel(rows: int, gaps: float, seed: int = 1, shape: str = "today") -> pa.Table:
    """The panel as a table (shuffled, `gaps` of the values deleted): entity, indicator, [unit,] period,
    value; for "wide", entity, indicator, unit and a column per year."""
    if shape == "wide":
        return _wide(rows, gaps, seed)
    rng = np.random.default_rng(seed)
    entities = max(1, round(rows / (INDICATORS * MONTHS)))
    total = entities * INDICATORS * MONTHS
    index = np.arange(total)
    index = index[rng.random(total) >= gaps]
    rng.shuffle(index)
    entity, rest = np.divmod(index, INDICATORS * MONTHS)
    indicator, month = np.divmod(rest, MONTHS)
    value = rng.lognormal(4, 1, len(index))
    if shape == "today":
        return pa.table(
            {
                "entity": pa.array([f"county{e:05d}" for e in range(entities)]).take(pa.array(entity)),
                "indicator": pa.array([f"ind{i}" for i in range(INDICATORS)]).take(pa.array(indicator)),
                "period": _months().take(pa.array(month)),
                "value": pa.array(np.round(value, 3)),
            }
        )
    entity_names, indicator_names = _names(shape, entities)
    units = np.array(UNITS)[indicator]
    value = np.where(units == "%", value % 100, value)  # shares
    value = _rounded(value, np.array(DECIMALS)[indicator])
    period = _months().take(pa.array(month))
    if shape == "mixed":  # indicator % 3: monthly, quarterly (the months 1, 4, 7, 10), annual (January)
        per_year = np.array(FREQUENCIES)[indicator % 3]
        kept = (month % (12 // per_year)) == 0
        entity, indicator, month, value, units = (a[kept] for a in (entity, indicator, month, value, units))
        labels = np.where(
            per_year[kept] == 12,
            np.asarray(_months())[month],
            np.where(per_year[kept] == 4, _quarters()[month // 3], _years()[month // 12]),
        )
        period = pa.array(labels)
    return pa.table(
        {
            "entity": entity_names.take(pa.array(entity)),
            "indicator": indicator_names.take(pa.array(indicator)),
            "unit": pa.array(units),
            "period": period,
            "value": pa.array(value),
        }
    )


def _wide(values: int, gaps: float, seed: int) -> pa.Table:
    """A yearbook table: a row per entity x indicator (shuffled), a column per year, `gaps` blank."""
    rng = np.random.default_rng(seed)
    entities = max(1, round(values / (INDICATORS * YEARS)))
    index = rng.permutation(entities * INDICATORS)
    entity, indicator = np.divmod(index, INDICATORS)
    entity_names, indicator_names = _names("units", entities)
    columns = {
        "entity": entity_names.take(pa.array(entity)),
        "indicator": indicator_names.take(pa.array(indicator)),
        "unit": pa.array(np.array(UNITS)[indicator]),
    }
    for year in range(FIRST_YEAR, FIRST_YEAR + YEARS):
        value = _rounded(rng.lognormal(4, 1, len(index)), np.array(DECIMALS)[indicator])
        columns[str(year)] = pa.array(value, mask=rng.random(len(index)) < gaps)
    return pa.table(columns)


def _names(shape: str, entities: int) -> tuple[pa.Array, pa.Array]:
    """Entity and indicator names: realistic English ones, or Chinese ones (cities x counties)."""
    if shape.startswith("cjk"):
        places = [CJK_PLACES[i : i + 2] for i in range(0, len(CJK_PLACES), 2)]
        names = [f"{places[e % len(places)]}市第{e // len(places) + 1}区" for e in range(entities)]
        return pa.array(names), pa.array(CJK_INDICATORS)
    names = [f"County {e:04d}" for e in range(entities)]
    return pa.array(names), pa.array([f"Indicator {i + 1:02d}" for i in range(INDICATORS)])


def _rounded(value: np.ndarray, decimals: np.ndarray) -> np.ndarray:
    """Each value rounded to its own number of decimals (a float that prints as that decimal)."""
    out = np.empty_like(value)
    for places in np.unique(decimals):  # a handful of distinct counts
        mask = decimals == places
        out[mask] = np.round(value[mask], places)
    return out


def _months() -> pa.Array:
    return pa.array([f"{2000 + m // 12}-{m % 12 + 1:02d}" for m in range(MONTHS)])


def _quarters() -> np.ndarray:
    return np.array([f"{2000 + q // 4}Q{q % 4 + 1}" for q in range(MONTHS // 3)])


def _years() -> np.ndarray:
    return np.array([str(2000 + y) for y in range(MONTHS // 12)])


def write_panel(table: pa.Table, out: str, shape: str) -> None:
    """The table as the shape's file: CSV (GBK for "cjk-gbk") or Parquet."""
    if shape == "parquet":
        import pyarrow.parquet as pq

        pq.write_table(table, out)
        return
    options = pa_csv.WriteOptions(quoting_style="none", quoting_header="none")
    if shape != "cjk-gbk":
        pa_csv.write_csv(table, out, options)
        return
    sink = pa.BufferOutputStream()
    pa_csv.write_csv(table, sink, options)
    text = sink.getvalue().to_pybytes().decode("utf-8")
    with open(out, "wb") as file:
        file.write(text.encode("gbk"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", help="the file to write")
    parser.add_argument("--rows", type=lambda t: int(t.replace("_", "")), default=2_400_000)
    parser.add_argument("--gaps", type=float, default=0.05, help="share of values deleted")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--shape", choices=SHAPES, default="today")
    args = parser.parse_args()
    table = make_panel(args.rows, args.gaps, args.seed, args.shape)
    write_panel(table, args.out, args.shape)
    print(f"{args.out}: {table.num_rows:,} rows ({args.shape})")


if __name__ == "__main__":
    main()
