"""Real-shaped files: wide yearbook tables, GBK, BOM, semicolons, TSV, xlsx, Parquet, numbers as printed."""

import csv
import gzip
import io
import math
import warnings
from pathlib import Path

import pytest

from indcalc import InputError, UsageError, load
from indcalc.errors import IndcalcWarning
from indcalc.reading import Options, inspect
from tests.conftest import as_expected_figures, invoke

FIXTURES = Path(__file__).parent / "fixtures"


def fixture(name: str) -> str:
    return str(FIXTURES / name)


def values(frame, indicator: str) -> dict[str, float]:
    rows = frame[frame["indicator"] == indicator]
    return dict(zip(rows["period"], rows["value"], strict=True))


def test_gbk_wide_csv_and_xlsx_give_identical_growth():
    outputs = [
        invoke("growth", fixture(name), "-f", "csv").stdout
        for name in ("yearbook_wide_gbk.csv", "yearbook_wide.xlsx", "yearbook_wide_utf8.csv")
    ]
    assert outputs[0] == outputs[1] == outputs[2]
    assert ",高新技术制造业占比,%,2020,2024,5.45,16,10.55,193.57798165137615,10.55," in outputs[0]


def test_wide_yearbook_table_is_melted_with_numbers_as_printed():
    frame = load(fixture("yearbook_wide_gbk.csv"))
    assert values(frame, "规模以上工业企业数") == {
        "2020": 890,
        "2021": 935,
        "2022": 1002,
        "2023": 1060,
        "2024": 1100,
    }
    assert values(frame, "研发经费支出") == {
        "2020": 11.2,
        "2021": 14.9,
        "2022": 19.8,
        "2024": 27.4,
    }  # "—" is missing
    firms = frame[frame["indicator"] == "规模以上工业企业数"].set_index("period")
    assert firms.loc["2024", "qualifier"] == "+" and firms.loc["2023", "qualifier"] == ""
    assert set(frame["unit"]) == {"%", "家", "亿元"} and set(frame["frequency"]) == {"annual"}


def test_excel_csv_with_bom_and_crlf():
    frame = load(fixture("excel_bom.csv"))
    assert frame["entity"].tolist() == ["荆门市", "荆门市"] and frame["value"].tolist() == [5.45, 16.0]


def test_semicolons_are_sniffed_and_space_thousands_read():
    frame = load(fixture("semicolon.csv"))
    assert frame["entity"].tolist() == ["Jingmen, Hubei"] * 2 and frame["value"].tolist() == [890.0, 1100.0]


def test_tsv_with_chinese_quarters():
    frame = load(fixture("quarterly.tsv"))
    assert frame["period"].tolist() == ["2023Q1", "2023Q2", "2024Q1", "2024Q2"]


def test_parquet():
    frame = load(fixture("panel.parquet"))
    assert values(frame, "R&D spending") == {"2023": 1.98, "2024": 2.74}
    assert set(frame["unit"]) == {"billion yuan", "projects"}


def test_parquet_missing_entity_number_is_an_empty_entity(tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    path = tmp_path / "codes.parquet"
    entity = pa.array([420800, 420800, None, None], pa.int64())  # region codes, one missing
    periods, figures = ["2023", "2024"] * 2, [1.0, 2.0, 10.0, 30.0]
    pq.write_table(
        pa.table({"entity": entity, "indicator": ["x"] * 4, "period": periods, "value": figures}), path
    )
    frame = load(str(path))
    assert frame["entity"].tolist() == ["420800", "420800", "", ""]  # not a second "420800" series


@pytest.mark.parametrize("command", ["yoy", "pop", "growth", "list"])
def test_parquet_text_columns_with_nulls_read_as_the_same_csv(tmp_path, command):
    """Text columns are read dictionary-encoded (over several row groups, each with its own
    dictionary); a null is an empty cell, as in the CSV of the same table."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    rows = {
        "entity": ["荆门市", None, "荆门市", None, "", "Jining"],
        "indicator": ["GDP", "GDP", "GDP", "GDP", "Output", "Output"],
        "unit": ["亿元", "亿元", "亿元", "亿元", None, "%"],
        "period": ["2023", "2023", "2024", "2024", "2024", "2024"],
        "value": [2000.5, 10.0, 2150.25, 12.5, 16.0, 5.45],
    }
    pq.write_table(pa.table(rows), tmp_path / "t.parquet", row_group_size=2)
    lines = ["entity,indicator,unit,period,value"]
    lines += [",".join("" if c is None else str(c) for c in row) for row in zip(*rows.values(), strict=True)]
    (tmp_path / "t.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    from_parquet, from_csv = (
        invoke(command, str(tmp_path / f"t.{ext}"), "-f", "csv") for ext in ("parquet", "csv")
    )
    assert from_parquet.exit_code == from_csv.exit_code == 0, from_parquet.stderr
    assert from_parquet.stdout == from_csv.stdout and "荆门市" in from_csv.stdout


def test_wide_parquet_with_a_missing_whole_number_reads_it_as_missing(tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    path = tmp_path / "yearbook.parquet"
    years = {"2023": pa.array([890, None], pa.int64()), "2024": pa.array([1100, 7], pa.int64())}
    pq.write_table(pa.table({"indicator": ["Scaled enterprises", "Parks"], **years}), path)
    frame = load(str(path))
    assert values(frame, "Scaled enterprises") == {"2023": 890.0, "2024": 1100.0}
    assert values(frame, "Parks") == {"2024": 7.0}


def test_parquet_text_that_is_not_utf8_is_a_located_error(tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    path = tmp_path / "bad.parquet"
    indicator = pa.array([b"\x80rojects", b"x"], pa.binary()).view(pa.string())  # no UTF-8 check
    pq.write_table(pa.table({"indicator": indicator, "period": ["2023", "2024"], "value": [1.0, 2.0]}), path)
    result = invoke("growth", str(path), "-f", "csv")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.startswith(f"indcalc: error: {path}: not a readable Parquet file (ArrowInvalid: ")


def test_gzip_and_formats_sniffed_on_stdin(tmp_path):
    packed = tmp_path / "semicolon.csv.gz"
    packed.write_bytes(gzip.compress((FIXTURES / "semicolon.csv").read_bytes()))
    expected = invoke("growth", fixture("semicolon.csv"), "-f", "csv").stdout
    row = (
        '"Jingmen, Hubei",Scaled enterprises,enterprises,2020,2025,890,1100,210,23.59550561797753,,'
        "1.2359550561797752,5,4.327916834503265"
    )  # 890 -> 1 100; cagr_pct from numpy's pow
    assert as_expected_figures(expected.splitlines()[1], row) == row
    assert invoke("growth", str(packed), "-f", "csv").stdout == expected
    for name, row in (
        ("yearbook_wide.xlsx", ",研发经费支出,亿元,2020,2024,11.2,27.4,16.2,"),
        ("panel.parquet", "Jingmen,R&D spending,billion yuan,2023,2024,1.98,2.74,"),
    ):
        piped = invoke("growth", "-", "-f", "csv", input=(FIXTURES / name).read_bytes())
        assert piped.exit_code == 0 and piped.stdout == invoke("growth", fixture(name), "-f", "csv").stdout
        assert row in piped.stdout


NUMBERS = [
    ("thousands", "2020", 1100.0, "", ""),
    ("thousands", "2021", 1250.0, "", ""),
    ("percent", "2020", 5.45, "%", ""),
    ("percent", "2021", 16.0, "%", ""),
    ("fullwidth", "2020", 123.5, "", ""),
    ("fullwidth percent", "2020", 78.0, "%", ""),
    ("yi", "2020", 27.4, "亿", ""),
    ("billion", "2020", 2.74, "billion yuan", ""),
    ("billion", "2021", 2.9, "billion yuan", ""),  # 2,900 million yuan, put on the series' scale
    ("qualified", "2020", 1100.0, "", "+"),
    ("qualified", "2021", 5.0, "", ">"),
    ("footnote", "2020", 12.5, "", ""),
    ("footnote", "2021", 13.0, "", ""),
    ("k", "2020", 3.5, "k", ""),
]


@pytest.mark.parametrize(("indicator", "period", "value", "unit", "qualifier"), NUMBERS)
def test_numbers_in_every_printed_form(indicator, period, value, unit, qualifier):
    frame = load(fixture("numbers.csv"))
    row = frame[(frame["indicator"] == indicator) & (frame["period"] == period)].iloc[0]
    assert (row["value"], row["unit"], row["qualifier"]) == (pytest.approx(value), unit, qualifier)


def test_missing_value_marks_are_missing_and_reported_by_validate():
    frame = load(fixture("numbers.csv"))
    assert values(frame, "missing") == {"2020": 1.0, "2024": 2.0}
    lines = (FIXTURES / "numbers.csv").read_text(encoding="utf-8").splitlines()
    marks = [p for p in inspect(fixture("numbers.csv")).problems if "marks a missing figure" in p.message]
    assert [(p.severity, p.text) for p in marks] == [("warning", "—"), ("warning", ".."), ("warning", "n/a")]
    assert all(f'"{p.text}"' in lines[p.line - 1] and p.column == 3 for p in marks)


@pytest.mark.parametrize(
    ("rows", "unit", "values"),
    [
        ("亿元,2023,2300.5\nx,billion yuan,2024,245.03\nx,亿元,2025,2600", "亿元", [2300.5, 2450.3, 2600.0]),
        ("万美元,2023,15230\nx,million USD,2024,180.11", "million USD", [152.3, 180.11]),
        ("%,2023,40.1\nx,percent,2024,41.2", "percent", [40.1, 41.2]),
    ],
    ids=["亿元 and billion yuan", "万美元 and million USD", "% and percent"],
)
def test_a_currency_named_two_ways_in_one_series_is_one_unit_on_one_scale(rows, unit, values):
    """NBS's Chinese and English exports joined write a series' unit 亿元 in one row and billion yuan
    in the next: one unit on two scales (it was an error, "changes unit"); the values on the scale
    most rows use (ties: the larger), exactly as decimals; one label, the last row's spelling (% and
    percent were two labels in one series)."""
    frame = load(io.BytesIO(f"indicator,unit,period,value\nx,{rows}\n".encode()))
    assert set(frame["unit"]) == {unit} and frame["value"].tolist() == values


def test_one_unit_spelt_two_ways_in_two_series_keeps_each_series_its_own_label():
    """亿元 in one series and billion yuan in another is not one series spelling its unit two ways:
    each keeps its own; a series that does spell it two ways, its rows among the others', takes its
    last row's spelling."""
    rows = (
        "a,亿元,2023,1\nb,billion yuan,2023,2\nc,%,2023,3\nb,billion yuan,2024,4\na,亿元,2024,5\n"
        "c,percent,2024,6\nd,percent,2023,7\nc,%,2025,8\nd,percent,2024,9\n"
    )
    frame = load(io.BytesIO(f"indicator,unit,period,value\n{rows}".encode()))
    labels = dict(zip(frame["indicator"], frame["unit"], strict=False))
    assert labels == {"a": "亿元", "b": "billion yuan", "c": "%", "d": "percent"}
    assert frame.groupby("indicator", observed=True)["unit"].nunique().eq(1).all()


@pytest.mark.parametrize("other", ["亿美元", "million USD", "万吨"])
def test_another_currency_or_unit_in_one_series_is_still_a_change_of_unit(other):
    with pytest.raises(InputError, match=f"series 'x' changes unit: '{other}' here, '亿元' on line 2"):
        load(io.BytesIO(f"indicator,unit,period,value\nx,亿元,2023,1\nx,{other},2024,2\n".encode()))


def test_scales_of_one_unit_are_normalised_and_scale_to_applies_to_money():
    data = b"entity,indicator,period,value,unit\nGEM,Scale,2003,8,million yuan\nGEM,Scale,2024,20,billion yuan\nGEM,Scale,2025,30,billion yuan\n"
    frame = load(io.BytesIO(data))
    assert frame["unit"].tolist() == ["billion yuan"] * 3 and frame["value"].tolist() == [0.008, 20.0, 30.0]
    scaled = load(io.BytesIO(data), Options(scale_to="亿"))
    assert scaled["unit"].tolist() == ["亿元"] * 3 and scaled["value"].tolist() == pytest.approx(
        [0.08, 200.0, 300.0]
    )
    with pytest.warns(IndcalcWarning, match=r"rescales money only: .* left as they are: 万吨 \(1 series\)"):
        tons = load(
            io.BytesIO("indicator,period,value,unit\nx,2024,5,万吨\n".encode()), Options(scale_to="亿")
        )
    assert tons["unit"].tolist() == ["万吨"]  # not money: untouched, and said
    with pytest.raises(UsageError, match="--scale-to 'dozen' is not a scale"):
        load(io.BytesIO(data), Options(scale_to="dozen"))


@pytest.mark.parametrize(
    ("unit", "cells", "scale_to", "label", "scaled"),
    [
        # a city yearbook's foreign trade and investment (地区,指标,单位,时间,数值)
        ("万美元", ["15230", "18460"], "亿", "亿美元", [1.523, 1.846]),
        ("亿美元", ["12.5", "14.2"], "billion", "billion US dollars", [1.25, 1.42]),
        ("美元", ["120000000", "150000000"], "亿", "亿美元", [1.2, 1.5]),
        ("万港元", ["3200", "4100"], "亿", "亿港元", [0.32, 0.41]),
        ("千元", ["42000", "44000"], "万", "万元", [4200.0, 4400.0]),
        # English units as publishers write them (the World Bank's "current US$")
        ("US dollars", ["120000000", "150000000"], "billion", "billion US dollars", [0.12, 0.15]),
        ("million US dollars", ["3593601", "3380024"], "billion", "billion US dollars", [3593.601, 3380.024]),
        (
            "current US$",
            ["17881782683707.3", "17794782039552"],
            "billion",
            "billion current US$",
            [17881.7826837073, 17794.782039552],
        ),
        (
            "current US$",
            ["17881782683707.3", "17794782039552"],
            "亿",
            "亿 current US$",
            [178817.826837073, 177947.82039552],
        ),
        ("constant 2015 US$", ["1500000", "1600000"], "million", "million constant 2015 US$", [1.5, 1.6]),
        # the currency named in the scale word's language
        ("亿元", ["2300.5", "2450.3"], "billion", "billion yuan", [230.05, 245.03]),
        ("billion yuan", ["230.05", "245.03"], "亿", "亿元", [2300.5, 2450.3]),
        ("million USD", ["1500", "1600"], "亿", "亿美元", [15.0, 16.0]),
        ("亿元", ["2300.5", "2450.3"], "bn", "billion yuan", [230.05, 245.03]),
        ("元", ["2.74 billion", "3 billion"], None, "billion yuan", [2.74, 3.0]),
    ],
)
def test_scale_to_puts_every_currency_on_its_scale_with_a_label_that_reads_back(
    unit, cells, scale_to, label, scaled
):
    from indcalc.quantities import scale_factor
    from indcalc.unit_names import is_currency, split_unit

    text = "地区,指标,单位,时间,数值\n" + "".join(
        f"荆门市,x,{unit},{2023 + i}年,{c}\n" for i, c in enumerate(cells)
    )
    frame = load(io.BytesIO(text.encode()), Options(scale_to=scale_to))
    assert frame["unit"].astype(str).tolist() == [label] * len(cells)
    assert frame["value"].tolist() == scaled  # exactly: the decimal point moves
    factor, _, base = split_unit(label)  # indcalc reads its own output back: the same unit on that scale
    assert (factor, is_currency(base)) == (scale_factor(scale_to or "billion"), True)


@pytest.mark.parametrize(
    ("unit", "cells", "scale_to", "label", "scaled"),
    [
        # money units as publishers write them in English: NBS, World Bank, IMF, Eurostat, ONS, OECD, FRED
        ("100 million yuan", ["2300.5", "2450.3"], "billion", "billion yuan", [230.05, 245.03]),
        ("100 million yuan", ["2300.5", "2450.3"], "亿", "亿元", [2300.5, 2450.3]),
        ("10,000 yuan", ["15230", "18460"], "亿", "亿元", [1.523, 1.846]),
        ("CNY 100 million", ["2300.5", "2450.3"], "billion", "billion CNY", [230.05, 245.03]),
        ("USD mn", ["100", "110"], "billion", "billion USD", [0.1, 0.11]),
        ("USD, millions", ["1500", "1600"], "亿", "亿美元", [15.0, 16.0]),
        ("$ million", ["2.3", "2.6"], "billion", "$ billion", [0.0023, 0.0026]),
        ("EUR m", ["640", "672"], "billion", "billion EUR", [0.64, 0.672]),
        ("US$m", ["640", "672"], "亿", "亿美元", [6.4, 6.72]),
        ("bn USD", ["1.25", "1.42"], "亿", "亿美元", [12.5, 14.2]),
        ("US$ bn", ["1.25", "1.42"], "million", "US$ million", [1250.0, 1420.0]),
        ("£m", ["1", "2"], "billion", "£ billion", [0.001, 0.002]),
        ("£000s", ["1500", "2400"], "million", "£ million", [1.5, 2.4]),  # ONS, HMRC (was left unsaid)
        ("£'000", ["1500", "2400"], "million", "£ million", [1.5, 2.4]),
        ("EUR 000", ["1500", "2400"], "million", "million EUR", [1.5, 2.4]),
        ("millions of dollars", ["3593.601", "3380.024"], "billion", "billion dollars", [3.593601, 3.380024]),
        ("thousands of dollars", ["42000", "44000"], "million", "million dollars", [42.0, 44.0]),
        ("Billions of U.S. dollars", ["27.36", "28.78"], "万", "万美元", [2736000.0, 2878000.0]),
        (
            "Billions of Dollars",
            ["27360.935", "28781.7"],
            "trillion",
            "trillion Dollars",
            [27.360935, 28.7817],
        ),
        ("Million euro", ["1234.5", "1358.1"], "billion", "billion euro", [1.2345, 1.3581]),
        ("Mio. EUR", ["1234.5", "1358.1"], "亿", "亿欧元", [12.345, 13.581]),
        ("1000 EUR", ["110", "121"], "亿", "亿欧元", [0.0011, 0.00121]),  # Destatis (was 0.0000011)
        ("1 000 000 EUR", ["1.5", "2"], "billion", "billion EUR", [0.0015, 0.002]),
        ("millions d'euros", ["1234.5", "1358.1"], "billion", "billion euros", [1.2345, 1.3581]),
        # Chinese: a price basis in brackets, and 美金
        ("亿元（现价）", ["2300.5", "2450.3"], "billion", "billion yuan (current prices)", [230.05, 245.03]),
        ("万美金", ["15230", "18460"], "billion", "billion US dollars", [0.1523, 0.1846]),
        ("万美金", ["15230", "18460"], "亿", "亿美金", [1.523, 1.846]),
    ],
)
def test_scale_to_reads_money_units_as_publishers_write_them(unit, cells, scale_to, label, scaled):
    text = "entity,indicator,unit,period,value\n" + "".join(
        f'A,x,"{unit}",{2023 + i},{c}\n' for i, c in enumerate(cells)
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # money: rescaled, nothing to warn of
        frame = load(io.BytesIO(text.encode()), Options(scale_to=scale_to))
    assert frame["unit"].astype(str).tolist() == [label] * len(cells)
    assert frame["value"].tolist() == scaled  # exactly: the decimal point moves
    unscaled = load(
        io.BytesIO(text.encode())
    )  # without --scale-to: as written (a scale word first: lower-case)
    own = "million euro" if unit == "Million euro" else unit
    assert unscaled["unit"].astype(str).tolist() == [own] * len(cells)
    assert unscaled["value"].tolist() == [float(c) for c in cells]


SCALED_PANEL = (
    "地区,指标,单位,时间,数值\n"
    "荆门市,地区生产总值,万元,2023年,23005000\n荆门市,地区生产总值,万元,2024年,24503000\n"
    "荆门市,{indicator},{unit},2023年,{first}\n荆门市,{indicator},{unit},2024年,{last}\n"
)


@pytest.mark.parametrize(
    ("indicator", "unit", "first", "last", "warning"),
    [
        ("粮食产量", "万吨", "290", "300", "万吨 (1 series)"),
        ("Crude steel", "million tons", "1.2", "1.3", "million tons (1 series)"),
        ("研发经费", "", "27.4亿", "30亿", "亿 (1 series)"),  # a scale in the value cells names no currency
        ("人均可支配收入", "元/人", "42000", "44000", None),  # a price or ratio on no scale: nothing to say
        ("城镇化率", "%", "63.1", "64.2", None),
        ("出口总额", "亿美元", "12.5", "14.2", None),  # money: scaled
        # a scale word not read as one: named, not skipped
        ("Population", "Millions of persons", "1.41", "1.40", "Millions of persons (1 series)"),
        ("Population", "1000 persons", "1410", "1400", "1000 persons (1 series)"),
        ("Grain output", '"10,000 tons"', "290.1", "295.3", "10,000 tons (1 series)"),  # NBS English
        ("Coal", "tonnes (millions)", "4.5", "4.7", "tonnes (millions) (1 series)"),
        ("GDP", "PC_EU28_MEUR_CP", "21.5", "21.7", None),  # Eurostat: a percent of the EU28's million euro
        ("Employment", "THS_PER", "41.2", "41.5", "THS_PER (1 series)"),  # Eurostat: thousand persons
        ("Steel", "Mio. t", "40.1", "35.4", "Mio. t (1 series)"),
        ("人口", "人口（万人）", "290", "300", "人口（万人） (1 series)"),
        # 千 is a thousand before a unit it does not make kilo- (千克 is a kilogram)
        ("人口", "千人", "1410", "1400", "千人 (1 series)"),
        ("粮食产量", "千吨", "2901", "2953", "千吨 (1 series)"),
        ("人口", "人口（千人）", "1410", "1400", "人口（千人） (1 series)"),
        ("Output", "千克", "12", "13", None),
        ("Power", "千瓦时", "12", "13", None),
        ("Workers", "persons", "1200", "1250", None),  # no scale word: nothing to say
        ("Length", "m", "12", "13", None),  # metres, not millions
        ("Price", "US$ per capita", "12", "13", None),
    ],
)
def test_scale_to_says_which_series_with_a_scale_it_leaves_alone(
    write_csv, indicator, unit, first, last, warning
):
    path = write_csv(SCALED_PANEL.format(indicator=indicator, unit=unit, first=first, last=last))
    result = invoke("growth", path, "--scale-to", "亿", "-f", "csv")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[1].startswith("荆门市,地区生产总值,亿元,2023,2024,2300.5,2450.3,149.8,")
    money = unit == "亿美元"
    assert lines[2].startswith(f"荆门市,{indicator},{'亿美元' if money else unit or '亿'},2023,2024,")
    assert result.stderr == (
        ""
        if warning is None
        else "indcalc: warning: --scale-to 亿 rescales money only: series in units not read as money "
        f"left as they are: {warning}\n"
    )
    assert invoke("growth", path, "-f", "csv").stderr == ""  # without --scale-to: nothing to say


@pytest.mark.parametrize(
    ("unit", "cells", "scale_to", "label", "scaled"),
    [
        ("千元", ["42000", "44000"], "亿", "亿元", "0.42,0.44"),
        ("千元", ["42000", "44000"], "billion", "billion yuan", "0.042,0.044"),
        ("10000元", ["15230", "18460"], "亿", "亿元", "1.523,1.846"),  # NBS: 万元 in digits
        ("10,000元", ["15230", "18460"], "亿", "亿元", "1.523,1.846"),
        ("¥100 million", ["2300.5", "2450.3"], "亿", "亿元", "2300.5,2450.3"),  # ¥ is the yuan
        ("￥100 million", ["2300.5", "2450.3"], "万", "万元", "23005000,24503000"),
        ("¥m", ["640", "672"], "亿", "亿元", "6.4,6.72"),
        ("JP¥ bn", ["1.25", "1.42"], "亿", "亿日元", "12.5,14.2"),
    ],
)
def test_scale_to_reads_chinese_money_units_in_digits_and_with_the_yuan_sign(
    write_csv, unit, cells, scale_to, label, scaled
):
    path = write_csv(
        "地区,指标,单位,时间,数值\n"
        + "".join(f'荆门市,x,"{unit}",{2023 + i}年,{c}\n' for i, c in enumerate(cells))
    )
    result = invoke("growth", path, "--scale-to", scale_to, "-f", "csv")
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout.splitlines()[1].startswith(f"荆门市,x,{label},2023,2024,{scaled},")
    plain = invoke("growth", path, "-f", "csv")  # as written without --scale-to
    assert next(csv.reader(plain.stdout.splitlines()[1:]))[2:7] == [unit, "2023", "2024", *cells]


@pytest.mark.parametrize(
    ("unit", "scale_to", "label"),
    [
        # a price basis in brackets: kept, in the language of the currency's name beside it
        ("亿元（现价）", "billion", "billion yuan (current prices)"),  # was billion yuan（现价）
        ("亿元（不变价）", "billion", "billion yuan (constant prices)"),
        ("亿元(可比价)", "million", "million yuan (comparable prices)"),
        ("billion yuan (current prices)", "亿", "亿元（现价）"),
        ("万元（当年价）", "亿", "亿元（当年价）"),  # one language already: as written
        ("CP_MEUR", "亿", "亿欧元（现价）"),
        ("CLV10_MEUR", "亿", "亿欧元 (2010 chain linked volumes)"),  # no Chinese for it: kept
        ("million dollars (nominal)", "billion", "billion dollars (nominal)"),
        # a currency's sign before an English scale word, as reports write it
        ("£m", "billion", "£ billion"),  # was billion £
        ("€bn", "million", "€ million"),
        ("US$ bn", "million", "US$ million"),
        ("$ million", "billion", "$ billion"),
        ("HK$m", "billion", "HK$ billion"),
        ("¥100 million", "billion", "¥ billion"),
        ("£m", "亿", "亿英镑"),  # before a Chinese one, the currency's Chinese name
    ],
)
def test_scale_to_labels_read_as_a_report_writes_them(write_csv, unit, scale_to, label):
    from indcalc.quantities import scale_factor
    from indcalc.unit_names import is_currency, split_unit

    path = write_csv(f'indicator,unit,period,value\nx,"{unit}",2023,1200\nx,"{unit}",2024,1300\n')
    result = invoke("growth", path, "--scale-to", scale_to, "-f", "csv")
    assert (result.exit_code, result.stderr) == (0, "")
    assert next(csv.reader(result.stdout.splitlines()[1:]))[2] == label
    factor, _, base = split_unit(label)  # the label reads back as money on that scale
    assert (factor, is_currency(base)) == (scale_factor(scale_to), True)


def test_thousands_and_ten_thousands_of_one_unit_in_a_series_are_one_unit():
    """千吨 in one row and 万吨 in the next: one unit on two scales (was 'changes unit'), put on the
    scale most rows use, ties the larger."""
    frame = load(io.BytesIO("indicator,unit,period,value\nx,千吨,2023,1500\nx,万吨,2024,160\n".encode()))
    assert set(frame["unit"]) == {"万吨"} and frame["value"].tolist() == [150.0, 160.0]


EUROSTAT_PANEL = "geo,na_item,unit,TIME_PERIOD,OBS_VALUE\n" + "".join(
    f"DE,B1GQ,{{unit}},{year},{{{cell}}}\n" for year, cell in ((2023, "first"), (2024, "last"))
)


@pytest.mark.parametrize(
    ("unit", "first", "last", "scale_to", "label", "scaled"),
    [
        # Eurostat's unit codes for money (nama_10_gdp, nasa_10_nf_tr, gov_10a_main, ext_tec09)
        (
            "CP_MEUR",
            "4185550.5",
            "4305260.1",
            "billion",
            "billion euro (current prices)",
            "4185.5505,4305.2601",
        ),
        ("CP_MEUR", "4185550.5", "4305260.1", "亿", "亿欧元（现价）", "41855.505,43052.601"),
        ("MIO_EUR", "1234.5", "1358.1", "billion", "billion euro", "1.2345,1.3581"),
        (
            "CLV10_MEUR",
            "2968.7",
            "2977.9",
            "billion",
            "billion euro (2010 chain linked volumes)",
            "2.9687,2.9779",
        ),
        (
            "CLV20_MEUR",
            "2968.7",
            "2977.9",
            "million",
            "million euro (2020 chain linked volumes)",
            "2968.7,2977.9",
        ),
        ("PYP_MEUR", "3951.2", "4012.5", "billion", "billion euro (previous year prices)", "3.9512,4.0125"),
        ("THS_EUR", "52340", "55120", "million", "million euro", "52.34,55.12"),
        (
            "MIO_PPS_EU27_2020",
            "3187.25",
            "3301.5",
            "billion",
            "billion PPS (EU27 from 2020)",
            "3.18725,3.3015",
        ),
        (
            "CP_MPPS_EU27_2020",
            "3187.25",
            "3301.5",
            "billion",
            "billion PPS (EU27 from 2020; current prices)",
            "3.18725,3.3015",
        ),
    ],
)
def test_scale_to_rescales_eurostat_money_codes(write_csv, unit, first, last, scale_to, label, scaled):
    """CP_MEUR, CLV10_MEUR, MIO_EUR, THS_EUR...: a sum of euro (or PPS) on a scale, rescaled with a
    label that says what the code says (they were named in the warning, as units naming no currency)."""
    path = write_csv(EUROSTAT_PANEL.format(unit=unit, first=first, last=last))
    result = invoke("growth", path, "--scale-to", scale_to, "-f", "csv")
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout.splitlines()[1].startswith(f"DE,B1GQ,{label},2023,2024,{scaled},")
    plain = invoke("growth", path, "-f", "csv")  # without --scale-to: the code, as written
    assert plain.stdout.splitlines()[1].startswith(f"DE,B1GQ,{unit},2023,2024,{first},{last},")
    pct = plain.stdout.splitlines()[1].split(",")[8]
    assert result.stdout.splitlines()[1].split(",")[8] == pct  # the same percent on any scale


@pytest.mark.parametrize(
    ("rows", "said"),
    [
        # 就业人数 mixes 千人 and 万人: shown in 万人, one series there (it was counted under both)
        ("就业人数,2021,5000,千人\n就业人数,2022,520,万人\n就业人数,2023,530,万人\n", "万人 (2 series)"),
        (
            "就业人数,2021,5000,千人\n就业人数,2022,5200,千人\n就业人数,2023,530,万人\n",
            "千人 (1 series), 万人 (1 series)",
        ),
    ],
)
def test_scale_to_counts_a_series_on_two_scales_once(write_csv, rows, said):
    path = write_csv("indicator,period,value,unit\n" + rows + "人口,2021,100,万人\n人口,2022,110,万人\n")
    result = invoke("growth", path, "--scale-to", "万", "-f", "csv")
    assert result.exit_code == 0
    assert result.stderr == (
        f"indcalc: warning: --scale-to 万 rescales money only: series in units not read as money left as "
        f"they are: {said}\n"
    )


@pytest.mark.parametrize("unit", ["MIO_NAC", "CP_MNAC", "CLV10_MNAC", "THS_NAC"])
def test_scale_to_names_eurostat_national_currency_apart(write_csv, unit):
    """A Eurostat NAC code is money, but in each country's own currency, which the code does not
    name: left as it is, and said so (it was 'units that name no currency')."""
    path = write_csv(
        EUROSTAT_PANEL.format(unit=unit, first="100", last="110")
        + "DE,EMP,万人,2023,4120\nDE,EMP,万人,2024,4150\n"
        + "PL,B1GQ,CP_MEUR,2023,750000\nPL,B1GQ,CP_MEUR,2024,820000\n"
    )
    result = invoke("growth", path, "--scale-to", "billion", "-f", "csv")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[1:] == [
        f"DE,B1GQ,{unit},2023,2024,100,110,10,10,,1.1,1,10",
        "DE,EMP,万人,2023,2024,4120,4150,30,0.7281553398058253,,1.0072815533980584,1,0.7281553398058253",
        "PL,B1GQ,billion euro (current prices),2023,2024,750,820,70,9.333333333333334,,1.0933333333333333,1,9.333333333333334",
    ]
    assert result.stderr == (
        "indcalc: warning: --scale-to billion rescales money only: series in units not read as money left as "
        "they are: 万人 (1 series); series in a national currency the unit does not name (Eurostat's NAC) "
        f"left as they are: {unit} (1 series)\n"
    )


@pytest.mark.parametrize(
    ("period", "label", "basis"),
    [
        ("2024年", "2024", "period"),
        ("2024年4月", "2024-04", "period"),
        ("2024年1-4月", "2024-04", "ytd"),
        ("2024年一季度", "2024Q1", "period"),
        ("2024年Q3", "2024Q3", "period"),
        ("２０２４年１２月", "2024-12", "period"),
    ],
)
def test_chinese_periods(period, label, basis):
    frame = load(io.BytesIO(f"indicator,period,value\nx,{period},1\n".encode()))
    assert (frame["period"][0], frame["basis"][0]) == (label, basis)


def test_a_basis_column_and_mixing_bases_in_a_series():
    frame = load(io.BytesIO("indicator,period,value,basis\nx,2024-04,10,累计\ny,2024-04,3,\n".encode()))
    assert frame.set_index("indicator")["basis"].to_dict() == {"x": "ytd", "y": "period"}
    with pytest.raises(InputError, match="mixes year-to-date and single-period figures"):
        load(io.BytesIO("indicator,period,value\nx,2024年1-4月,10\nx,2024年5月,3\n".encode()))


def test_wide_and_long_can_be_forced():
    wide = b"indicator,2023,2024\nx,1,2\n"
    assert load(io.BytesIO(wide))["value"].tolist() == [1.0, 2.0]
    with pytest.raises(InputError, match="missing required columns 'period', 'value'"):
        load(io.BytesIO(wide), Options(wide=False))
    with pytest.raises(InputError, match="no column name is a period"):
        load(io.BytesIO(b"indicator,period,value\nx,2024,1\n"), Options(wide=True))


def test_a_wide_table_without_a_header_over_its_names_column():
    frame = load(io.BytesIO(",单位,2023,2024\n工业增加值,亿元,10,11\n".encode()))
    assert frame["indicator"].tolist() == ["工业增加值"] * 2 and frame["unit"].tolist() == ["亿元"] * 2


def test_encoding_can_be_forced_and_sheets_chosen():
    forced = invoke("growth", fixture("yearbook_wide_gbk.csv"), "--encoding", "gbk", "-f", "csv")
    assert forced.exit_code == 0 and ",研发经费支出,亿元,2020,2024,11.2,27.4,16.2," in forced.stdout
    assert forced.stdout == invoke("growth", fixture("yearbook_wide_utf8.csv"), "-f", "csv").stdout
    wrong = invoke("growth", fixture("yearbook_wide_gbk.csv"), "--encoding", "utf-8")
    assert wrong.exit_code == 2 and wrong.stdout == "" and "not utf-8 text (byte 0xB1)" in wrong.stderr
    missing = invoke("growth", fixture("yearbook_wide.xlsx"), "--sheet", "nope")
    assert missing.exit_code == 2 and "no sheet 'nope'; the workbook has '年鉴', '说明'" in missing.stderr


@pytest.mark.parametrize(
    ("cover", "message"),
    [
        (
            ["Jingmen Statistical Bulletin 2024", None, "Prepared by the bureau"],
            ":1: missing required columns",
        ),
        ([], ": empty sheet: expected a header and data rows"),
    ],
)
def test_a_workbook_whose_first_sheet_is_a_cover_says_which_sheets_it_has(tmp_path, cover, message):
    """The first sheet is read when --sheet names none: a cover page there says the others exist."""
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "Cover"
    for cell in cover:
        book.active.append([cell])
    book.create_sheet("Data").append(["indicator", "period", "value"])
    book["Data"].append(["GDP", "2024", 110])
    path = tmp_path / "bulletin.xlsx"
    book.save(path)
    result = invoke("growth", str(path))
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.startswith(f"indcalc: error: {path}{message}")
    assert result.stderr.endswith(
        "; this is the workbook's first sheet, 'Cover', of 'Cover', 'Data': name one with --sheet\n"
    )
    one = invoke("growth", str(path), "--sheet", "Cover")  # named: no hint
    assert one.exit_code == 2 and "--sheet" not in one.stderr


def test_validate_lists_the_five_planted_problems_with_their_lines():
    result = invoke("validate", fixture("planted.csv"), "-f", "csv")
    assert result.exit_code == 2
    rows = [line.split(",")[1:4] for line in result.stdout.splitlines()[1:]]
    assert rows == [
        ["3", "4", "error"],
        ["5", "3", "warning"],
        ["6", "4", "warning"],
        ["8", "3", "error"],
        ["9", "3", "error"],
    ]
    assert result.stderr == "indcalc: 3 errors, 2 warnings\n"


def test_validate_exit_status_clean_and_warnings_only(write_csv):
    clean = invoke("validate", write_csv("indicator,period,value\nx,2023,1\nx,2024,2\n"), "-f", "csv")
    assert (clean.exit_code, clean.stdout) == (0, "file,line,column,severity,problem,text,expected\n")
    jumpy = invoke("validate", write_csv("indicator,period,value\nx,2023,1\nx,2024,2000\n"), "-f", "json")
    assert jumpy.exit_code == 1 and "a unit slip?" in jumpy.stdout


@pytest.mark.parametrize(
    ("later", "size"),
    [
        ("12900.5", "more than 100 times"),
        ("13000", "101 times"),
        ("1.289", "less than 1/100 of"),
        ("0.5", "1/258 of"),
    ],
)
def test_a_unit_slip_is_never_said_to_be_the_limit_itself(write_csv, later, size):
    # 12900.5 over 129 is 100.004 times: it was "100 times", beside "within 100 times its neighbour"
    result = invoke(
        "validate", write_csv(f"indicator,period,value\nx,2023,129\nx,2024,{later}\n"), "-f", "csv"
    )
    assert result.exit_code == 1
    assert f"'{later}' is {size} the value on line 2: a unit slip?" in result.stdout


def test_loaded_values_are_finite_floats():
    for name in ("yearbook_wide_gbk.csv", "numbers.csv", "panel.parquet", "quarterly.tsv"):
        assert all(math.isfinite(v) for v in load(fixture(name))["value"])


@pytest.mark.parametrize(
    ("cells", "scale_to", "values", "changes"),
    [
        # the decimal point moves: 2.3 million is 230 万, not 229.99999999999997
        (["2.3 million", "2.6 billion"], "万", [230.0, 260000.0], [259770.0]),
        (["27.4亿", "3100万", "3000万"], "亿", [27.4, 0.31, 0.3], [-27.09, -0.01]),
        (["8 million", "30 billion", "31.7 billion"], None, [0.008, 30.0, 31.7], [29.992, 1.7]),
        (["0.3 million", "0.7 million"], "thousand", [300.0, 700.0], [400.0]),
    ],
)
def test_figures_put_on_one_scale_keep_their_decimals(cells, scale_to, values, changes):
    import io

    from indcalc import yoy
    from indcalc.reading import Options, load

    text = "indicator,period,value,unit\n" + "".join(f"x,{2020 + i},{c},yuan\n" for i, c in enumerate(cells))
    frame = load(io.BytesIO(text.encode()), Options(scale_to=scale_to))
    assert frame["value"].tolist() == values
    assert yoy(frame)["yoy_change"].dropna().tolist() == changes


@pytest.mark.parametrize(
    ("scale_to", "unit", "start", "end", "change"),
    [
        (None, "million EUR", "0.11", "0.121", "0.011"),
        ("亿", "亿欧元", "0.0011", "0.00121", "0.00011"),
        ("billion", "billion EUR", "0.00011", "0.000121", "0.000011"),
        ("thousand", "thousand EUR", "110", "121", "11"),
    ],
)
def test_growth_and_yoy_percent_do_not_depend_on_scale_to(write_csv, scale_to, unit, start, end, change):
    """0.11 -> 0.121 million EUR is 10% and x1.1 on every scale: the ratios are worked out on the
    figures' decimals (were 9.999999999999998 and 1.0999999999999999 unscaled, 10 on 亿)."""
    path = write_csv(
        "entity,indicator,unit,period,value\nA,x,million EUR,2023,0.11\nA,x,million EUR,2024,0.121\n"
    )
    option = ["--scale-to", scale_to] if scale_to else []
    grown = invoke("growth", path, *option, "-f", "csv")
    assert (grown.exit_code, grown.stderr) == (0, "")
    assert grown.stdout.splitlines()[1] == f"A,x,{unit},2023,2024,{start},{end},{change},10,,1.1,1,10"
    on_year = invoke("yoy", path, *option, "-f", "csv")
    assert (on_year.exit_code, on_year.stderr) == (0, "")
    assert on_year.stdout.splitlines()[2] == f"A,x,{unit},2024,{end},2023,{start},{change},10,"
