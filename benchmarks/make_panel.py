"""Write a monthly panel for the benchmark: entities x indicators x months, some rows deleted, shuffled.

    python benchmarks/make_panel.py --rows 4_800_000 --gaps 0.05 panel.csv

The shape follows a bureau's county panel: "county0042,ind7,2013-05,123.456". --rows is the number of
rows before the gaps are cut (entities grow to reach it at 10 indicators x 240 months).
"""

from __future__ import annotations

import argparse

import numpy as np
import pyarrow as pa
import pyarrow.csv as pa_csv

INDICATORS = 10
MONTHS = 240


def make_panel(rows: int, gaps: float, seed: int = 1) -> pa.Table:
    """The panel as a table of entity, indicator, period, value (shuffled, `gaps` of rows deleted)."""
    rng = np.random.default_rng(seed)
    entities = max(1, round(rows / (INDICATORS * MONTHS)))
    total = entities * INDICATORS * MONTHS
    index = np.arange(total)
    index = index[rng.random(total) >= gaps]
    rng.shuffle(index)
    entity, rest = np.divmod(index, INDICATORS * MONTHS)
    indicator, month = np.divmod(rest, MONTHS)
    entity_names = pa.array([f"county{e:05d}" for e in range(entities)])
    indicator_names = pa.array([f"ind{i}" for i in range(INDICATORS)])
    labels = pa.array([f"{2000 + m // 12}-{m % 12 + 1:02d}" for m in range(MONTHS)])
    return pa.table(
        {
            "entity": entity_names.take(pa.array(entity)),
            "indicator": indicator_names.take(pa.array(indicator)),
            "period": labels.take(pa.array(month)),
            "value": pa.array(np.round(rng.lognormal(4, 1, len(index)), 3)),
        }
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", help="the CSV file to write")
    parser.add_argument("--rows", type=lambda t: int(t.replace("_", "")), default=2_400_000)
    parser.add_argument("--gaps", type=float, default=0.05, help="share of rows deleted")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    table = make_panel(args.rows, args.gaps, args.seed)
    pa_csv.write_csv(table, args.out, pa_csv.WriteOptions(quoting_style="none", quoting_header="none"))
    print(f"{args.out}: {table.num_rows:,} rows")


if __name__ == "__main__":
    main()
