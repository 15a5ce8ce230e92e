"""Publishers' files whose series are described in rows above their figures, with no header row
(`indcalc.reading.keyed`): the ONS time-series CSV and the INSEE BDM series CSV, read with no option.
`indcalc list` names each series (indicator from ``Title``/``Libellé``, unit from ``PreUnit``/``Unit``),
`indcalc growth` and `indcalc yoy` give the figures worked by hand (Python decimal), by period.

The fixtures (tests/fixtures/publishers/README.md, section 12) copy the layout of real downloads byte
for byte (keys, quoting, line ends, period forms, order, status codes); their figures are invented:

- ``ons_timeseries_lf62.csv``: the ONS download of series LF62 (generator CSV, dataset LMS, released
  17-02-2026) committed in DanielleNeill/datasci-coursework,
  ``project/data/raw/economic_inactivity/1_Labour_Force_Survey_lf62.csv``: UTF-8, LF, no BOM, every
  cell quoted, the eight key rows (``"Important notes",`` with no second cell quoted), then the years,
  the quarters (``1992 Q2``) and the months (``2025 NOV``) of the series, each block ascending.
- ``insee_bdm_monthly.csv``: INSEE's series 001763852 (CPI) as downloaded in December 2025, committed in
  MathisMallet/Model_elec_car_Fr, ``valeurs_mensuelles.csv``: ``;``, UTF-8, LF, quoted; ``Libellé``,
  ``idBank``, ``Dernière mise à jour``, ``Période`` rows over the series, its ``Codes`` column and a
  ``Date de parution au JO`` column named on the ``Période`` row; months descending. The status code
  ``P`` on the latest month as in TristanBeuzelin/Projet-info-BNP,
  ``programms/simulations/valeurs_mensuelles.csv`` (001759964, May 2021).
- ``insee_bdm_quarterly.csv``: series 001739987 as committed in smdlabtech/Business-Failures,
  ``valeurs_trimestrielles.csv``: the older layout with no ``Dernière mise à jour`` row, quarters
  ``1990-T1`` ascending.
- ``insee_bdm_annual.csv``: series 010596080 as a downloaded file is quoted in public web code
  (``"2024";"";"O"``: the year not yet published, code O, missing value), years descending. The codes'
  meanings are those of the ``caractéristiques.csv`` INSEE ships beside the values (A normal, P
  provisional, SD semi-final, O missing value, ...), as in alexyreynaud1-collab/linear_time_serie.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from indcalc import load
from tests.conftest import as_expected_figures, invoke

HERE = Path(__file__).parent / "fixtures" / "publishers"
LF62 = "LFS: Employment rate: Northern Ireland: Aged 16-64: Female: %: SA"
CPI = "Indice des prix à la consommation - Base 2015 - Ensemble des ménages - France - Ensemble hors tabac"
FAILURES = (
    "Nombre de défaillances d'entreprises par date de jugement - Données brutes - Normandie - "
    "Hébergement et restauration"
)
GDP = "Taux de croissance annuelle du PIB réel par habitant"
FRANCE = "Taux de chômage localisé par région - France métropolitaine"
CORSE = "Taux de chômage localisé par région - Corse"
GROWTH_FIELDS = (
    "indicator",
    "unit",
    "from_period",
    "to_period",
    "from_value",
    "to_value",
    "pct_change",
    "pp_change",
)
YOY_FIELDS = ("indicator", "period", "value", "prior_period", "prior_value", "yoy_pct", "yoy_pp")

#: file -> (layout note, [(indicator, unit, frequency)] as `list` gives them, growth rows (GROWTH_FIELDS),
#: some yoy rows (YOY_FIELDS), the series' code as kept in the loaded frame).
CASES = {
    # The years, quarters and months of one ONS series are three series, one frequency each.
    "ons_timeseries_lf62.csv": (
        "ONS time series",
        [
            (f"{LF62} [annual]", "%", "annual"),
            (f"{LF62} [quarterly]", "%", "quarterly"),
            (f"{LF62} [monthly]", "%", "monthly"),
        ],
        [
            f"{LF62} [annual],%,2022,2024,70.0,71.4,2.0,1.4",  # 1.4 / 70
            f"{LF62} [quarterly],%,2023Q1,2024Q4,70.0,71.6,2.2857142857142857,1.6",  # 1.6 / 70
            f"{LF62} [monthly],%,2023-01,2024-03,70.0,71.4,2.0,1.4",
        ],
        [
            f"{LF62} [annual],2024,71.4,2023,70.7,0.9900990099009901,0.7",  # 0.7 / 70.7
            f"{LF62} [quarterly],2024Q4,71.6,2023Q4,70.6,1.4164305949008499,1.0",  # 1 / 70.6
            f"{LF62} [monthly],2024-03,71.4,2023-03,70.2,1.7094017094017094,1.2",  # 1.2 / 70.2
        ],
        ("CDID", "LF62"),
    ),
    "insee_bdm_monthly.csv": (
        "INSEE BDM series",
        [(CPI, "", "monthly")],
        [f"{CPI},,2023-01,2024-03,116.0,118.8,2.413793103448276,"],  # 2.8 / 116
        [f"{CPI},2024-03,118.8,2023-03,116.4,2.0618556701030928,"],  # 2.4 / 116.4
        ("idBank", "001763852"),
    ),
    "insee_bdm_quarterly.csv": (
        "INSEE BDM series",
        [(FAILURES, "", "quarterly")],
        [f"{FAILURES},,2022Q1,2023Q4,50,60,20.0,"],
        [f"{FAILURES},2023Q1,55,2022Q1,50,10.0,", f"{FAILURES},2023Q4,60,2022Q4,50,20.0,"],
        ("idBank", "001739987"),
    ),
    # 2024 is not published yet (code O): growth runs to 2023, the last year with a figure.
    "insee_bdm_annual.csv": (
        "INSEE BDM series",
        [(GDP, "", "annual")],
        [f"{GDP},,2019,2023,2.0,0.6,-70.0,"],  # -1.4 / 2
        [f"{GDP},2023,0.6,2022,2.4,-75.0,"],  # -1.8 / 2.4
        ("idBank", "010596080"),
    ),
    # INSEE's other layout of the same download: a row per series, its Codes row below it.
    "insee_bdm_series_rows.csv": (
        "INSEE BDM series (series as rows)",
        [(FRANCE, "", "quarterly"), (CORSE, "", "quarterly")],
        [
            f"{FRANCE},,2022Q1,2023Q4,7.0,7.5,7.142857142857143,",  # 0.5 / 7
            f"{CORSE},,2022Q1,2023Q4,6.0,6.3,5.0,",  # 0.3 / 6
        ],
        [f"{FRANCE},2023Q3,7.2,2022Q3,7.1,1.4084507042253522,", f"{CORSE},2023Q4,6.3,2022Q4,6.3,0.0,"],
        ("idBank", "001515842", "001515865"),
    ),
}


def _rows(text: str, fields: tuple[str, ...]) -> list[str]:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    for row in csv.DictReader(io.StringIO(text)):
        writer.writerow([row[f] for f in fields])
    return out.getvalue().splitlines()


@pytest.mark.parametrize("name", CASES)
def test_list_names_each_series_from_its_key_rows(name):
    layout, series, *_ = CASES[name]
    result = invoke("list", str(HERE / name), "-f", "csv")
    assert result.exit_code == 0, result.stderr
    assert f"indcalc: note: read as {layout}" in result.stderr.splitlines()
    listed = csv.DictReader(io.StringIO(result.stdout))
    assert [(r["entity"], r["indicator"], r["unit"], r["frequency"]) for r in listed] == [
        ("", *s) for s in series
    ]


@pytest.mark.parametrize("name", CASES)
def test_growth_gives_the_figures_worked_by_hand(name):
    figures = CASES[name][2]
    result = invoke("growth", str(HERE / name), "-f", "csv")
    assert result.exit_code == 0, result.stderr
    want = "\n".join(_line(next(csv.reader([w]))) for w in figures)
    assert as_expected_figures("\n".join(_rows(result.stdout, GROWTH_FIELDS)), want) == want


@pytest.mark.parametrize("name", CASES)
def test_yoy_finds_the_same_period_a_year_earlier(name):
    figures = CASES[name][3]
    result = invoke("yoy", str(HERE / name), "-f", "csv")
    assert result.exit_code == 0, result.stderr
    wanted = [next(csv.reader([w])) for w in figures]
    got = {tuple(r[:2]): r for r in csv.reader(_rows(result.stdout, YOY_FIELDS))}
    picked = "\n".join(_line(got[tuple(w[:2])]) for w in wanted)
    want = "\n".join(_line(w) for w in wanted)
    assert as_expected_figures(picked, want) == want


@pytest.mark.parametrize("name", CASES)
def test_the_series_code_is_kept_as_published(name):
    column, *codes = CASES[name][4]
    frame = load(HERE / name)
    assert sorted(frame[column].astype(str).unique()) == codes  # leading zeros kept: 001763852


def test_insee_status_codes_are_the_flags_and_a_missing_year_keeps_its_code():
    # A is INSEE's "Valeur normale" (caractéristiques.csv): no flag; P provisional and O missing are.
    frame = load(HERE / "insee_bdm_annual.csv")
    flags = dict(zip(frame["period"].astype(str), frame["flag"].astype(str), strict=True))
    assert (flags["2021"], flags["2022"], flags["2023"], flags["2024"]) == ("", "P", "", "O")
    assert frame.loc[frame["period"].astype(str) == "2024", "value"].isna().all()


@pytest.mark.parametrize(
    ("name", "rows"),
    [
        (
            "insee_bdm_annual.csv",
            [
                "2021,6,2020,-8,,",  # A on both: no flag
                "2022,2.4,2021,6,P,",
                "2023,0.6,2022,2.4,,P",
                "2024,,2023,0.6,O,",
            ],
        ),
        ("insee_bdm_monthly.csv", ["2024-02,118.6,2023-02,116.2,,", "2024-03,118.8,2023-03,116.4,P,"]),
    ],
)
def test_yoy_flags_only_the_figures_insee_codes_other_than_normal(name, rows):
    result = invoke("yoy", str(HERE / name), "-f", "csv")
    assert result.exit_code == 0, result.stderr
    fields = ("period", "value", "prior_period", "prior_value", "flag", "prior_flag")
    got = _rows(result.stdout, fields)
    assert [r for r in got if r.split(",")[0] in {w.split(",")[0] for w in rows}] == rows
    assert {r.split(",")[4] for r in got} <= {"", "P", "O"}  # never A


def test_insee_series_as_rows_take_their_flags_from_the_codes_row_below():
    # yvpierre/epsi-mspr-big-data's download: "A" on every quarter but the last ("SD"); here a P too.
    result = invoke("yoy", str(HERE / "insee_bdm_series_rows.csv"), "-f", "csv")
    assert result.exit_code == 0, result.stderr
    got = _rows(result.stdout, ("indicator", "period", "flag", "prior_flag"))
    assert [r for r in got if not r.endswith(",,")] == [
        f"{FRANCE},2023Q3,P,",
        f"{FRANCE},2023Q4,SD,",
        f"{CORSE},2023Q4,SD,",
    ]
    listed = invoke("list", str(HERE / "insee_bdm_series_rows.csv"), "-f", "csv")
    assert listed.stderr.splitlines() == [
        "indcalc: note: read as INSEE BDM series (series as rows)",
        "indcalc: note: not used by the commands: 'idBank' (kept in the loaded frame); "
        "'Dernière mise à jour' (left out when read)",
    ]


@pytest.mark.parametrize(
    ("cell", "row", "column", "message"),
    [
        ("x7.1", 4, 7, "'x7.1' is not a number"),  # the second series (line 4), its third quarter (field 7)
        # a period of the header: said at its field, on the first series' line (the header is no row)
        ("7.1", 1, 7, "'2022-T9' is not a period"),
    ],
)
def test_insee_series_as_rows_problems_are_located_in_the_file(tmp_path, cell, row, column, message):
    lines = (HERE / "insee_bdm_series_rows.csv").read_text(encoding="utf-8").splitlines()
    if row == 1:
        lines[0] = lines[0].replace("2022-T3", "2022-T9")
    else:
        fields = lines[row - 1].split(";")
        fields[column - 1] = f'"{cell}"'
        lines[row - 1] = ";".join(fields)
    path = tmp_path / "valeurs_trimestrielles.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = invoke("growth", str(path), "-f", "csv")
    assert (result.exit_code, result.stdout) == (2, "")
    line = max(row, 2)
    assert result.stderr.splitlines()[0].startswith(f"indcalc: error: {path}:{line}:{column}: {message}")


def test_what_is_not_read_is_named():
    result = invoke("list", str(HERE / "insee_bdm_monthly.csv"), "-f", "csv")
    assert (
        "indcalc: note: not used by the commands: 'idBank' (kept in the loaded frame); "
        "'Date de parution au JO', 'Dernière mise à jour' (left out when read)"
    ) in result.stderr.splitlines()


@pytest.mark.parametrize(
    ("text", "series"),
    [
        # ONS: a unit written before the figure and one after it (PreUnit £, Unit m), as ONS datasets give
        # them (the test data of the `ons` package, christhoung/ons: "PreUnit","£","£" / "Unit","","m").
        (
            '"Title","GDP at market prices"\n"CDID","YBHA"\n"PreUnit","£"\n"Unit","m"\n"2022","100"\n"2023","110"\n',
            [("GDP at market prices", "£m", "2022", "2023", "10.0")],
        ),
        # ONS dataset CSV: the CDID row first, a column per series.
        (
            '"CDID","AB12","XY90"\n"Title","First variable","Variable 2"\n"PreUnit","",""\n"Unit","%",""\n'
            '"1946","1.0",""\n"1947","2.0","4.0"\n"1948","3.0","5.0"\n',
            [("First variable", "%", "1946", "1948", "200.0"), ("Variable 2", "", "1947", "1948", "25.0")],
        ),
        # INSEE, two series each with its Codes column (not confirmed in a real download: one series each).
        (
            '"Libellé";"A";"Codes";"B";"Codes"\n"idBank";"001";"";"002";""\n"Période";"";"";"";""\n'
            '"2024-T2";"12";"P";"30";"A"\n"2024-T1";"10";"A";"20";"A"\n',
            [("A", "", "2024Q1", "2024Q2", "20.0"), ("B", "", "2024Q1", "2024Q2", "50.0")],
        ),
        # INSEE in English (the site's English pages), no codes column.
        (
            '"Label";"Net monthly amount"\n"idBank";"000879878"\n"Period";""\n"2021-12";"1210.0"\n"2022-12";"1300.0"\n',
            [("Net monthly amount", "", "2021-12", "2022-12", "7.43801652892562")],
        ),
    ],
)
def test_key_rows_in_other_forms(tmp_path, text, series):
    path = tmp_path / "series.csv"
    path.write_text(text, encoding="utf-8")
    result = invoke("growth", str(path), "-f", "csv")
    assert result.exit_code == 0, result.stderr
    got = [
        tuple(r)
        for r in csv.reader(
            _rows(result.stdout, ("indicator", "unit", "from_period", "to_period", "pct_change"))
        )
    ]
    want = "\n".join(_line(list(s)) for s in series)
    assert as_expected_figures("\n".join(_line(list(g)) for g in got), want) == want


# ONS's dataset CSV (``mm23.csv``: a "Title" row, then "CDID", "PreUnit", "Unit", "Release date", "Next
# release", "Important notes", as FoodchainStats/mm23's get_mm23_metadata reads it) leaves "PreUnit" and
# "Unit" empty for some series (its vignette lists J48B so); the titles are real ONS ones (D7BT, D7G7,
# CHBJ, ABMI, IHYQ, MGSX-like LFS titles, BCJD, as quoted in public code and on the ONS series pages).
MM23_TITLES = {
    "D7BT": ("CPI INDEX 00: ALL ITEMS 2015=100", "2015=100"),
    "D7G7": ("CPI ANNUAL RATE 00: ALL ITEMS 2015=100", ""),  # a rate: 2015=100 is its index's base
    "CHBJ": ("RPI:Clothing and footwear (Jan 1987=100)", "Jan 1987=100"),
    "ABMI": ("Gross Domestic Product: chained volume measures: Seasonally adjusted £m", "£m"),
    "IHYQ": ("Gross Domestic Product: Quarter on Quarter growth: CVM SA %", "%"),
    "LF24": ("LFS: Employment rate: UK: All: Aged 16-64: %: SA", "%"),
    "MGRZ": ("LFS: In employment: UK: All: Aged 16+: 000s:SA: Annual = 4 quarter average", "000s"),
    "BCJD": ("Total Claimant count SA (UK) - thousands", "thousands"),
    "ABCD": ("Output per hour worked (SA)", ""),  # no unit in the title: none
}


def test_an_ons_series_with_no_unit_row_takes_the_unit_its_title_carries(tmp_path):
    codes = list(MM23_TITLES)
    rows = [
        ["Title", *(MM23_TITLES[c][0] for c in codes)],
        ["CDID", *codes],
        ["PreUnit", *[""] * len(codes)],
        ["Unit", *[""] * len(codes)],
        ["Release date", *["16-09-2026"] * len(codes)],
        ["Next release", *["21 October 2026"] * len(codes)],
        ["Important notes", *[""] * len(codes)],
        ["2023", *["100.0"] * len(codes)],
        ["2024", *["105.0"] * len(codes)],
    ]
    path = tmp_path / "mm23.csv"
    path.write_text("".join(_line([f"{c}" for c in r]) + "\n" for r in rows), encoding="utf-8")
    result = invoke("list", str(path), "-f", "csv")
    assert result.exit_code == 0, result.stderr
    listed = {r["indicator"]: r["unit"] for r in csv.DictReader(io.StringIO(result.stdout))}
    assert listed == dict(MM23_TITLES.values())  # the title is kept whole as the name
    growth = invoke("growth", str(path), "-f", "csv")
    points = {r["indicator"]: r["pp_change"] for r in csv.DictReader(io.StringIO(growth.stdout))}
    assert points[MM23_TITLES["LF24"][0]] == "5" and points[MM23_TITLES["ABMI"][0]] == ""  # a percent


@pytest.mark.parametrize(
    ("title", "unit"),
    [
        # the unit as a segment before the prices and the seasonal adjustment (it was read as none)
        ("Households final consumption expenditure: £ million: CP SA", "£ million"),
        ("Gross domestic product: chained volume measures: £ million: CVM NSA", "£ million"),
        # in brackets of its own, last or mid-title (read as none)
        ("Workforce jobs: UK (millions)", "millions"),
        ("Claimant count (thousands): SA", "thousands"),
        # an index's base with its month written in full (it was '1987=100')
        ("RPI: Clothing and footwear (January 1987=100)", "January 1987=100"),
        ("RPI: Clothing and footwear (Jan 1987=100)", "Jan 1987=100"),
        ("CPI Index: All Items 2015=100", "2015=100"),  # 'Items' is no month
    ],
)
def test_an_ons_title_s_unit_written_mid_title_or_in_brackets(tmp_path, title, unit):
    path = tmp_path / "series.csv"
    path.write_text(
        f'"Title","{title}"\n"CDID","ABCD"\n"PreUnit",""\n"Unit",""\n"2023","100.0"\n"2024","105.0"\n',
        encoding="utf-8",
    )
    result = invoke("list", str(path), "-f", "csv")
    assert result.exit_code == 0, result.stderr
    row = next(csv.DictReader(io.StringIO(result.stdout)))
    assert (row["indicator"], row["unit"]) == (title, unit)


def test_a_unit_row_wins_over_the_title(tmp_path):
    # the generator CSV of D7BT as SussexUCU/USS committed it (data/ons/ons_cpi_index_series.csv)
    path = tmp_path / "d7bt.csv"
    path.write_text(
        '"Title","CPI INDEX 00: ALL ITEMS 2015=100"\n"CDID","D7BT"\n"Source dataset ID","MM23"\n"PreUnit",""\n'
        '"Unit","Index, base year = 100"\n"Release date","20-07-2022"\n"Next release","17 August 2022"\n'
        '"Important notes",\n"2020","108.7"\n"2021","111.6"\n',
        encoding="utf-8",
    )
    result = invoke("list", str(path), "-f", "csv")
    row = next(csv.DictReader(io.StringIO(result.stdout)))
    assert (row["indicator"], row["unit"]) == ("CPI INDEX 00: ALL ITEMS 2015=100", "Index, base year = 100")


def test_two_series_of_one_name_are_told_apart_by_their_codes(tmp_path):
    path = tmp_path / "series.csv"
    path.write_text(
        '"CDID","AAAA","BBBB"\n"Title","Output","Output"\n"1946","1.0","2.0"\n"1947","2.0","3.0"\n',
        encoding="utf-8",
    )
    assert sorted(load(path)["indicator"].astype(str).unique()) == ["Output [AAAA]", "Output [BBBB]"]


@pytest.mark.parametrize(
    "text",
    [
        "Title,2023,2024\nGDP,1,2\n",  # a wide table whose names are headed Title
        "Label;2023;2024\nGDP;1;2\nPériode;3;6\n",  # or Label, a row named like a key below
    ],
)
def test_a_table_headed_title_or_label_is_no_keyed_file(tmp_path, text):
    path = tmp_path / "table.csv"
    path.write_text(text, encoding="utf-8")
    result = invoke("growth", str(path), "-f", "csv")
    assert result.exit_code == 0, result.stderr
    assert _rows(result.stdout, ("from_period", "to_period", "pct_change"))[0] == "2023,2024,100"


def _line(cells: list[str]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="").writerow(cells)
    return out.getvalue()
