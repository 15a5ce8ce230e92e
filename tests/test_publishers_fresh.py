"""Publishers' files as a new user wrote them from the publishers' documentation (issue 16, fresh-eyes
findings 1, 2, 5, 9 and 17), read with no option through the CLI: `indcalc list` names each series'
entity, indicator and unit, and `indcalc growth` gives the figures worked by hand (Python decimal)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from tests.conftest import as_expected_figures, invoke

HERE = Path(__file__).parent / "fixtures" / "publishers"
GROWTH_FIELDS = ("entity", "indicator", "unit", "from_period", "to_period", "from_value", "to_value")

#: file -> (layout note, [(entity, indicator, unit)] as `list` gives them, [growth rows: entity,
#: indicator, unit, from_period, to_period, from_value, to_value, pct_change, pp_change]).
CASES = {
    # 1: SDMX-CSV 2.0 labels=both as the spec writes it: `REF_AREA: Reference area`, cells `FRA: France`.
    "sdmx_csv2_oecd_labels_both.csv": (
        "SDMX-CSV (code: label cells)",
        [("FRA", "B1GQ", "million XDC"), ("DEU", "B1GQ", "million XDC")],
        [
            "FRA,B1GQ,million XDC,2021,2023,2500.1,2803,12.115515379384824,",
            "DEU,B1GQ,million XDC,2021,2023,3617.5,4121.2,13.923980649619903,",
        ],
    ),
    # 1: the same without the space after the colon.
    "sdmx_csv2_oecd_labels_both_nospace.csv": (
        "SDMX-CSV (code: label cells)",
        [("FRA", "B1GQ", "million XDC"), ("DEU", "B1GQ", "million XDC")],
        [
            "FRA,B1GQ,million XDC,2021,2023,2500.1,2803,12.115515379384824,",
            "DEU,B1GQ,million XDC,2021,2023,3617.5,4121.2,13.923980649619903,",
        ],
    ),
    # 2: Eurostat TSV without na_item: entity geo, indicator the other dimensions but freq (and unit).
    "estat_une_rt_m.tsv": (
        "Eurostat TSV",
        [("DE", "SA.TOTAL.T", "PC_ACT"), ("FR", "SA.TOTAL.T", "PC_ACT")],
        [
            "DE,SA.TOTAL.T,PC_ACT,2023-01,2024-02,3.0,3.3,10.0,0.3",
            "FR,SA.TOTAL.T,PC_ACT,2023-01,2024-02,7.1,7.4,4.225352112676056,0.3",
        ],
    ),
    "estat_tps00001.tsv": (
        "Eurostat TSV",
        [("DE", "JAN", ""), ("FR", "JAN", "")],
        [
            "DE,JAN,,2022,2023,83237124,84358845,1.3476210446675212,",
            "FR,JAN,,2022,2023,67842582,68172977,0.4870023962236579,",
        ],
    ),
    "estat_nrg_pc_halfyear.tsv": (
        "Eurostat TSV",
        [("DE", "6000.KWH_LT1000", "KWH"), ("FR", "6000.KWH_LT1000", "KWH")],
        [
            "DE,6000.KWH_LT1000,KWH,2023S1,2024S1,0.4175,0.395,-5.389221556886228,",
            "FR,6000.KWH_LT1000,KWH,2023S1,2024S2,0.2276,0.29,27.41652021089631,",
        ],
    ),
    # 5: ECB SDMX-CSV with no measure column: the dimensions but FREQ and REF_AREA are the series key.
    "sdmx_csv2_ecb_exr.csv": (
        "SDMX-CSV",
        [("U2", "USD.EUR.SP00.A", "")],
        ["U2,USD.EUR.SP00.A,,2023-01,2024-03,1.0769,1.0872,0.9564490667657164,"],
    ),
    # 5: the ECB's own csvdata (a KEY column, attributes after the value): the KEY is the indicator.
    "ecb_exr_csvdata.csv": (
        "SDMX-CSV",
        [("", "EXR.M.USD.EUR.SP00.A", "USD"), ("", "EXR.M.GBP.EUR.SP00.A", "GBP")],
        [
            ",EXR.M.USD.EUR.SP00.A,USD,2023-01,2024-01,1.0769,1.0905,1.2628842046615285,",
            ",EXR.M.GBP.EUR.SP00.A,GBP,2023-01,2024-01,0.88,0.86,-2.272727272727273,",
        ],
    ),
    # 9: World Bank percent units: `annual %`, `% of total labor force` before a note in parentheses.
    "API_CHN_DS2_en_csv_v2.csv": (
        "World Bank WDI",
        [
            ("China", "GDP growth", "annual %"),
            ("China", "Inflation, consumer prices", "annual %"),
            ("China", "Population, total", ""),
            ("China", "GDP per capita, PPP", "constant 2021 international $"),
            ("China", "Agriculture, forestry, and fishing, value added", "% of GDP"),
            (
                "China",
                "Labor force participation rate, total (modeled ILO estimate)",
                "% of total population ages 15+",
            ),
            ("China", "CO2 emissions", "kt"),
        ],
        [
            "China,GDP growth,annual %,2021,2023,10,12,20.0,2.0",
            'China,"Inflation, consumer prices",annual %,2021,2023,11,13,18.181818181818183,2.0',
            'China,"Population, total",,2021,2023,12,14,16.666666666666668,',
            'China,"GDP per capita, PPP",constant 2021 international $,2021,2023,13,15,15.384615384615385,',
            'China,"Agriculture, forestry, and fishing, value added",% of GDP,2021,2023,14,16,14.285714285714286,2.0',
            'China,"Labor force participation rate, total (modeled ILO estimate)",% of total population ages 15+,'
            "2021,2023,15,17,13.333333333333334,2.0",
            "China,CO2 emissions,kt,2021,2023,16,18,12.5,",
        ],
    ),
    "API_SL.UEM.TOTL.ZS_DS2_en_csv_v2.csv": (
        "World Bank WDI",
        [
            ("China", "Unemployment, total (modeled ILO estimate)", "% of total labor force"),
            ("Germany", "Unemployment, total (modeled ILO estimate)", "% of total labor force"),
        ],
        [
            'China,"Unemployment, total (modeled ILO estimate)",% of total labor force,2019,2022,4.56,4.98,'
            "9.210526315789474,0.42",
            'Germany,"Unemployment, total (modeled ILO estimate)",% of total labor force,2019,2022,3.04,3.14,'
            "3.289473684210526,0.1",
        ],
    ),
    # 17: Statistics Canada full-table CSV: REF_DATE, GEO, the dimension columns, UOM, SCALAR_FACTOR, STATUS.
    "statcan_14100287.csv": (
        "Statistics Canada",
        [
            (
                "Canada",
                "Unemployment rate, Both sexes, 15 years and over, Estimate, Seasonally adjusted",
                "Percentage",
            ),
            (
                "Canada",
                "Employment, Both sexes, 15 years and over, Estimate, Seasonally adjusted",
                "thousand Persons",
            ),
            (
                "Ontario",
                "Unemployment rate, Both sexes, 15 years and over, Estimate, Seasonally adjusted",
                "Percentage",
            ),
            (
                "Ontario",
                "Employment, Both sexes, 15 years and over, Estimate, Seasonally adjusted",
                "thousand Persons",
            ),
        ],
        [
            'Canada,"Unemployment rate, Both sexes, 15 years and over, Estimate, Seasonally adjusted",Percentage,'
            "2023-01,2024-02,5.0,5.8,16.0,0.8",
        ],
    ),
}


def _rows(text: str, fields: tuple[str, ...]) -> list[list[str]]:
    return [[row[f] for f in fields] for row in csv.DictReader(io.StringIO(text))]


@pytest.mark.parametrize("name", CASES)
def test_list_names_each_series_entity_indicator_and_unit(name):
    layout, series, _ = CASES[name]
    result = invoke("list", str(HERE / name), "-f", "csv")
    assert result.exit_code == 0, result.stderr
    assert f"indcalc: note: read as {layout}" in result.stderr.splitlines()
    assert [tuple(r) for r in _rows(result.stdout, ("entity", "indicator", "unit"))] == series


@pytest.mark.parametrize("name", CASES)
def test_growth_gives_the_figures_worked_by_hand(name):
    _, _, figures = CASES[name]
    result = invoke("growth", str(HERE / name), "-f", "csv")
    assert result.exit_code == 0, result.stderr
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    for row in _rows(result.stdout, (*GROWTH_FIELDS, "pct_change", "pp_change")):
        writer.writerow(row)
    got = out.getvalue().splitlines()
    if name == "statcan_14100287.csv":  # one figure checked: the first series
        got = got[:1]
    want = [next(csv.reader([w])) for w in figures]
    want_text = "\n".join(_as_line(w) for w in want)
    assert as_expected_figures("\n".join(got), want_text) == want_text


def _as_line(cells: list[str]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="").writerow(cells)
    return out.getvalue()


def test_a_eurostat_key_of_frequency_unit_and_geo_keeps_geo_as_the_entity(tmp_path):
    """Finding 2: entity = geo for every Eurostat TSV; with no other dimension the frequency names it."""
    path = tmp_path / "estat_tps00001_nr.tsv"
    path.write_text(
        "freq,unit,geo\\TIME_PERIOD\t2022 \t2023 \nA,NR,DE\t83237124 \t84358845 \nA,NR,FR\t67842582 \t68172977 p\n"
    )
    result = invoke("list", str(path), "-f", "csv")
    assert result.exit_code == 0, result.stderr
    assert _rows(result.stdout, ("entity", "indicator", "unit")) == [["DE", "A", "NR"], ["FR", "A", "NR"]]


#: A Statistics Canada quarterly table (36-10-0104-01's columns): REF_DATE dates a quarter by its first
#: month. Figures made up; Yukon's 2023Q3 to 2024Q1 and Nunavut's earlier quarters are not there.
STATCAN_QUARTERLY = (
    '\ufeff"REF_DATE","GEO","DGUID","Prices","Seasonal adjustment","Estimates","UOM","UOM_ID",'
    '"SCALAR_FACTOR","SCALAR_ID","VECTOR","COORDINATE","VALUE","STATUS","SYMBOL","TERMINATED","DECIMALS"\n'
    + "".join(
        f'"{when}","{geo}","2016A000011124","Chained (2017) dollars","Seasonally adjusted at annual rates",'
        f'"Gross domestic product at market prices","Dollars","81","millions","6","v62305752","1.2.7.58",'
        f'"{value}","","","","0"\n'
        for geo, when, value in [
            ("Canada", "2023-04", 2200000),
            ("Canada", "2023-07", 2211000),
            ("Canada", "2023-10", 2222055),
            ("Canada", "2024-01", 2244275.55),
            ("Yukon", "2023-04", 3000),
            ("Yukon", "2024-04", 3300),
            ("Nunavut", "2024-01", 4000),
        ]
    )
)


@pytest.mark.parametrize("name", ["table.csv", "plain.csv"])
def test_statistics_canada_quarters_are_dated_by_their_first_month(tmp_path, name):
    """Found on a fresh look (a user's quarterly StatCan table): REF_DATE 2023-04 is 2023Q2, so pop
    compares a quarter with the one before (it compared each with a month that is not there: every
    figure empty, with no word). The table has one frequency: a series with quarters missing (Yukon's
    2023-04 and 2024-04, a year apart) or of one quarter is quarterly too, not annual or monthly (the
    second fresh look). The same months in a file that is not Statistics Canada's stay months."""
    path = tmp_path / name
    if name == "table.csv":
        path.write_text(STATCAN_QUARTERLY, encoding="utf-8")
    else:
        path.write_text(
            "indicator,period,value\nGDP,2023-04,2200000\nGDP,2023-07,2211000\n", encoding="utf-8"
        )
    result = invoke("pop", str(path), "-f", "csv")
    assert result.exit_code == 0, result.stderr
    rows = _rows(result.stdout, ("entity", "period", "prior_period", "pop_pct"))
    if name == "plain.csv":
        assert rows == [["", "2023-04", "", ""], ["", "2023-07", "", ""]]
        return
    assert [r[:3] for r in rows] == [
        ["Canada", "2023Q2", ""],
        ["Canada", "2023Q3", "2023Q2"],
        ["Canada", "2023Q4", "2023Q3"],
        ["Canada", "2024Q1", "2023Q4"],
        ["Yukon", "2023Q2", ""],
        ["Yukon", "2024Q2", ""],
        ["Nunavut", "2024Q1", ""],
    ]
    figures = ",".join(r[3] for r in rows)
    assert as_expected_figures(figures, ",0.5,0.5,1,,,") == ",0.5,0.5,1,,,"


@pytest.mark.parametrize("when", ["2022/2023", "2022-23"])
def test_a_fiscal_year_is_an_error_that_says_so(tmp_path, when):
    """Statistics Canada's fiscal years (REF_DATE 2022/2023) and the UK's (2022-23) are not read: exit
    2, nothing on stdout, and the error says it is a fiscal year and how to name it (the fresh-eyes
    pass: it said only "is not a period")."""
    path = tmp_path / "fiscal.csv"
    path.write_text(f"indicator,period,value\nRevenue,{when},110\n", encoding="utf-8")
    result = invoke("growth", str(path), "-f", "csv")
    assert (result.exit_code, result.stdout) == (2, "")
    assert (
        f"fiscal.csv:2:2: {when!r} is not a period: a fiscal year, not read; name each by one year "
        "(2023 for the one ending in 2023)"
    ) in result.stderr
