"""Value flags kept through to output (issue 16): the loaded frame's annotation columns
(`indcalc.schema.ANNOTATION_COLUMNS`: ``flag``) carried by every per-period kernel to the output row of
the period they belong to; Eurostat's ``: c`` a missing figure that keeps its flag."""

from __future__ import annotations

import io
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from indcalc import IndcalcWarning, growth, list_series, load, pop, yoy, ytd
from indcalc.schema import ANNOTATION_COLUMNS, annotated
from tests.conftest import invoke

PUBLISHERS = Path(__file__).parent / "fixtures" / "publishers"

#: Eurostat TSV (API - FAQ - TSV data format): flags after a space, `:` missing, `: c` confidential.
EUROSTAT = (
    "freq,unit,na_item,geo\\TIME_PERIOD\t2020 \t2021 \t2022 \t2023 \n"
    "A,CP_MEUR,B1GQ,DE\t3400.0 \t3600.0 \t3850.0 p\t4200.0 bp\n"
    "A,CP_MEUR,B1GQ,FR\t2300.0 \t2500.0 \t{cell}\t2640.0 e\n"
)


def _load(text: str):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", IndcalcWarning)
        stream = io.BytesIO(text.encode())
        stream.name = "nama.tsv"
        return load(stream)


def _rows(out: pd.DataFrame, columns: list[str]) -> list[list]:
    return [[None if pd.isna(v) else v for v in row] for row in out[columns].astype(object).values.tolist()]


def test_yoy_and_pop_carry_the_flag_of_each_period_and_of_its_prior():
    out = yoy(_load(EUROSTAT.format(cell="2520.0 ")))
    de = out[out["entity"] == "DE"]
    assert list(out.columns[-2:]) == ["flag", "prior_flag"]
    assert _rows(de, ["period", "flag", "prior_flag"]) == [
        ["2020", "", None],
        ["2021", "", ""],
        ["2022", "p", ""],
        ["2023", "bp", "p"],
    ]
    assert _rows(pop(_load(EUROSTAT.format(cell="2520.0 ")), annualize=True), ["flag", "prior_flag"])[3] == [
        "bp",
        "p",
    ]


def test_growth_list_and_ytd_carry_the_flags_of_their_periods():
    frame = _load(EUROSTAT.format(cell="2520.0 "))
    out = growth(frame)
    assert _rows(out, ["entity", "from_flag", "to_flag", "pct_change"]) == [
        ["DE", "", "bp", pytest.approx(23.529411764705884)],  # 4200 / 3400
        ["FR", "", "e", pytest.approx(14.782608695652174)],  # 2640 / 2300
    ]
    assert _rows(list_series(frame), ["entity", "first_flag", "last_flag"]) == [
        ["DE", "", "bp"],
        ["FR", "", "e"],
    ]
    text = "indicator,period,value,basis,flag\nx,2024-01,10,ytd,\nx,2024-02,25,ytd,p\n"
    assert _rows(ytd(load(io.BytesIO(text.encode()))), ["period", "value", "flag"]) == [
        ["2024-01", 10.0, ""],
        ["2024-02", 15.0, "p"],
    ]


def test_without_flags_no_annotation_column_appears():
    frame = _load(EUROSTAT.replace(" p\t", " \t").replace(" bp", " ").replace(" e\n", "\n").format(cell="1 "))
    assert "flag" not in frame.columns
    for out in (growth(frame), yoy(frame), pop(frame), list_series(frame)):
        assert not [c for c in out.columns if c.endswith("flag")]


@pytest.mark.parametrize("cell", [": c", ":c", ": z", ": c ", ":  cd"])
def test_a_confidential_figure_is_missing_and_keeps_its_flag(cell):
    frame = _load(EUROSTAT.format(cell=cell))
    fr = frame[frame["entity"] == "FR"]
    assert _rows(fr, ["period", "value", "flag"])[2] == ["2022", None, cell.replace(":", "").strip()]
    out = yoy(frame)
    fr = out[out["entity"] == "FR"]
    flag = cell.replace(":", "").strip()
    assert _rows(fr, ["period", "value", "yoy_pct", "flag", "prior_flag"])[2:] == [
        ["2022", None, None, flag, ""],
        ["2023", 2640.0, None, "e", flag],
    ]


def test_growth_runs_to_the_last_figure_not_to_a_confidential_one():
    frame = _load(EUROSTAT.replace("2640.0 e", ": c").format(cell="2520.0 p"))
    out = growth(frame)
    assert _rows(out[out["entity"] == "FR"], ["to_period", "to_value", "to_flag", "pct_change"]) == [
        ["2022", 2520.0, "p", pytest.approx(9.565217391304348)]  # 2520 / 2300
    ]
    asked = growth(frame, to_period="2023")  # asked for: the confidential end, its growth unknown
    assert _rows(asked[asked["entity"] == "FR"], ["to_value", "to_flag", "pct_change"]) == [[None, "c", None]]


def test_a_series_of_confidential_figures_only_is_left_out_with_a_warning():
    frame = _load(
        EUROSTAT.replace("2300.0 \t2500.0 ", ": c\t: c").replace("2640.0 e", ": c").format(cell=": c")
    )
    with pytest.warns(IndcalcWarning, match="1 series with no figure"):
        out = growth(frame)
    assert out["entity"].tolist() == ["DE"]


def test_the_publishers_confidential_figure_reaches_the_output():
    """tests/fixtures/publishers/estat_nama_10_gdp.tsv: FR 2022 is `: c`."""
    out = yoy(load(PUBLISHERS / "estat_nama_10_gdp.tsv"))
    fr = out[(out["entity"] == "FR") & (out["unit"].astype(str).str.contains("CP_MEUR"))]
    assert _rows(fr, ["period", "value", "flag", "prior_flag"])[3:] == [
        ["2022", None, "c", ""],
        ["2023", 2640.0, "", "c"],
    ]


def test_a_frame_made_by_hand_keeps_a_flagged_missing_figure_and_carries_any_annotation():
    frame = pd.DataFrame(
        {
            "indicator": ["x"] * 3,
            "period": ["2022", "2023", "2024"],
            "value": [1.0, np.nan, 2.0],
            "flag": ["", "c", "p"],
        }
    )
    out = yoy(frame)
    assert _rows(out, ["period", "value", "flag", "prior_flag"]) == [
        ["2022", 1.0, "", None],
        ["2023", None, "c", ""],
        ["2024", 2.0, "p", "c"],
    ]
    assert annotated(["value"], frame, ("", "prior")) == ["value", *[f"{p}flag" for p in ("", "prior_")]]
    assert ANNOTATION_COLUMNS[0] == "flag"


def test_the_cli_shows_the_flags_in_every_format(write_csv):
    path = write_csv(EUROSTAT.format(cell=": c"), name="nama.tsv")
    csv = invoke("yoy", path, "-f", "csv")
    assert csv.exit_code == 0, csv.stderr
    assert csv.stdout.splitlines()[0].endswith(",yoy_pp,flag,prior_flag")
    assert "FR,B1GQ,CP_MEUR,2022,,2021,2500,,,,c,\n" in csv.stdout
    markdown = invoke("growth", path, "-f", "markdown")
    assert "| cagr_pct | to_flag |" in markdown.stdout  # from_flag empty everywhere: left out, as any text
    assert "| 4.70% | e |" in markdown.stdout


def test_summary_and_target_start_from_the_latest_figure_not_a_confidential_gap(write_csv):
    path = write_csv(EUROSTAT.replace("2640.0 e", ": c").format(cell="2600.0 "), name="nama.tsv")
    summary = invoke("summary", path, "-f", "csv")
    assert summary.exit_code == 0, summary.stderr
    assert summary.stdout.splitlines()[2].startswith("FR,B1GQ,CP_MEUR,annual,2020,2022,2600,100,4,")
    target = invoke("target", path, "-e", "FR", "--value", "2704", "--by", "2024", "-f", "csv")
    assert target.exit_code == 0, target.stderr
    assert target.stdout.splitlines()[1].startswith("FR,B1GQ,CP_MEUR,2022,2600,2024,2704,2,")  # 4% in 2 years


def test_the_table_says_why_a_flagged_figure_is_empty(write_csv):
    path = write_csv(EUROSTAT.format(cell=": c"), name="nama.tsv")
    result = invoke("yoy", path, "-e", "FR", "-f", "markdown")
    assert result.exit_code == 0, result.stderr
    assert "| FR | B1GQ | CP_MEUR | 2022 | — | 2021 | 2,500 | — | — | — | c |  |" in result.stdout
    assert (
        "— undefined: a figure the publisher does not give is empty, its flag beside it (c: confidential);"
        in (result.stdout)
    )
