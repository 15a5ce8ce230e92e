"""Text from a file is shown to people, never obeyed: terminal escapes, Markdown markup, and streamed
JSON and Markdown (issue 14). Every reproduction of the issue is a test here."""

import io
import json

import pandas as pd
import pytest
from markdown_it import MarkdownIt

from indcalc.render.footnotes import rows_footnote, table_footnote
from indcalc.render.machine import records, write_json
from indcalc.render.markdown import markdown_text, write_markdown
from indcalc.visible import visible
from tests.conftest import invoke
from tests.terminal import run_in_pty, run_piped

TITLE_OSC = "\x1b]0;owned\x07"
PARSER = MarkdownIt("commonmark").enable(["table", "strikethrough"])


def markdown_rows(text: str) -> list[list[str]]:
    """The table rows (header first) of Markdown as a GFM parser reads them: each cell's text."""
    rows: list[list[str]] = []
    for token in PARSER.parse(text):
        if token.type == "tr_open":
            rows.append([])
        elif token.type == "inline" and rows and token.level >= 3:
            kinds = {child.type for child in token.children}
            assert kinds <= {"text"}, (kinds, text)  # no markup: no emphasis, link, code or HTML
            rows[-1].append("".join(child.content for child in token.children))
    return rows


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("GDP\x1b]0;owned\x07", "GDP␛]0;owned␇"),
        ("a\rb\nc\td", "a␍b␊c␉d"),
        ("\x00\x7f", "␀␡"),
        ("x\x9b2J", "x<U+009B>2J"),
        ("\u202eevil", "<U+202E>evil"),
        ("line\u2028sep", "line<U+2028>sep"),
        ("北京 (bn ¥) — ok", "北京 (bn ¥) — ok"),
    ],
)
def test_visible(text, shown):
    assert visible(text) == shown


def test_terminal_table_does_not_obey_an_escape_in_a_name(write_csv):
    row = f'X{TITLE_OSC},"G\rDP"'
    path = write_csv(f"entity,indicator,period,value\n{row},2020,1\n{row},2021,2\n")
    ran = run_in_pty("growth", path, columns=200)
    assert ran.status == 0, ran.output
    assert "\x1b]" not in ran.output and "\x07" not in ran.output
    assert "X␛]0;owned␇" in ran.output and "G␍DP" in ran.output


def test_error_naming_the_entities_shows_their_escapes(write_csv):
    path = write_csv(f"entity,indicator,period,value\nX{TITLE_OSC},GDP,2020,1\nX{TITLE_OSC},GDP,2021,2\n")
    ran = run_piped("growth", path, "-e", "nomatch")
    assert ran.status == 2
    assert ran.output == ""
    assert ran.stderr == "indcalc: error: no series match -e 'nomatch': the entities are X␛]0;owned␇\n"


def test_error_quoting_a_cell_escapes_it(write_csv):
    path = write_csv(f"entity,indicator,period,value\nx,GDP,2020,1{TITLE_OSC}\n")
    ran = run_piped("growth", path)
    assert (ran.status, ran.output) == (2, "")
    assert ran.stderr.startswith("indcalc: error: ") and "'1\\x1b]0;owned\\x07' is not a number" in ran.stderr
    assert "\x1b" not in ran.stderr and "\x07" not in ran.stderr


def test_plot_legend_shows_an_escape(write_csv):
    path = write_csv(f"entity,indicator,period,value\nX{TITLE_OSC},GDP,2020,1\nX{TITLE_OSC},GDP,2021,2\n")
    ran = run_in_pty("plot", path)
    assert ran.status == 0, ran.output
    assert "\x1b]0;" not in ran.output and "\x07" not in ran.output
    assert "X␛]0;owned␇ / GDP" in ran.output


@pytest.mark.parametrize(
    "name",
    [
        "back\\|slash",
        "a|b",
        "<script>alert(1)</script>",
        "cr\rin name",
        "lf\nin name",
        "*em* _u_ `c` [l](x)",
        "R&D &amp; &#65;",
        "~~struck~~",
        "trailing\\",
        "pct_change",
    ],
)
def test_markdown_cell_reads_as_its_text(write_csv, name):
    csv_name = '"' + name.replace('"', '""') + '"'
    path = write_csv(f"entity,indicator,period,value\n{csv_name},GDP,2020,1\n{csv_name},GDP,2021,2\n")
    result = invoke("growth", path, "-f", "markdown")
    assert result.exit_code == 0, result.stderr
    rows = markdown_rows(result.stdout)
    assert len(rows) == 2  # the header and one row: a CR or LF in a name does not split it
    assert len(rows[1]) == len(rows[0])
    assert rows[1][0] == visible(name)


def test_markdown_heading_and_summary_name(tmp_path):
    path = tmp_path / "a_#b*.csv"
    path.write_text("indicator,period,value\nx,2020,1\nx,2021,2\n")
    result = invoke("summary", str(path), "-f", "markdown", "--no-timestamp")
    assert result.exit_code == 0, result.stderr
    heading = next(t for t in PARSER.parse(result.stdout) if t.type == "inline")
    assert heading.content.endswith("a\\_\\#b\\*.csv")
    assert "".join(c.content for c in heading.children).endswith("a_#b*.csv")


def test_json_keeps_text_exact(write_csv):
    name = f'X{TITLE_OSC}\u202e\x85 \\ "'
    csv_name = '"' + name.replace('"', '""') + '"'
    result = invoke(
        "growth",
        write_csv(f"entity,indicator,period,value\n{csv_name},GDP,2020,1\n{csv_name},GDP,2021,2\n"),
        "-f",
        "json",
    )
    assert json.loads(result.stdout)[0]["entity"] == name


def reference_json(frame: pd.DataFrame) -> str:
    """JSON as indcalc wrote it before it streamed: `json.dumps` of each record."""
    rows = records(frame)
    body = ",\n".join(json.dumps(r, ensure_ascii=False, allow_nan=False) for r in rows)
    return f"[\n{body}\n]\n" if rows else "[]\n"


FIGURES = [
    16.0,
    -0.0,
    0.0,
    1e-05,
    1.5e-07,
    0.0001,
    0.00012,
    193.57798165137615,
    8.52e10,
    9999999999.5,
    1e16,
    1.2345678901234568e17,
    -3.5e12,
    float("nan"),
    2.5e-300,
    1.7976931348623157e308,
]


@pytest.mark.parametrize("batch_rows", [1, 3, 1 << 16])
def test_json_streams_as_json_dumps_wrote(batch_rows):
    frame = pd.DataFrame(
        {
            "entity": pd.Categorical(["a", None, 'q"\\\x01', "a"] * 4),
            "indicator": ["x", "y\tz", None, "é"] * 4,
            "value": FIGURES,
            "count": list(range(16)),
        }
    )
    out, batches = io.StringIO(), []
    write_json(frame, out, batch_rows, advance=batches.append)
    assert out.getvalue() == reference_json(frame)
    assert sum(batches) == 16 and len(batches) == -(-16 // batch_rows)


def test_json_of_no_rows_and_infinity():
    out = io.StringIO()
    write_json(pd.DataFrame({"value": pd.Series([], dtype=float)}), out)
    assert out.getvalue() == "[]\n"
    out = io.StringIO()
    write_json(pd.DataFrame({"value": [float("inf"), 1.0]}), out)
    assert json.loads(out.getvalue()) == [{"value": None}, {"value": 1.0}]


NAN = float("nan")
YOY = pd.DataFrame(
    {
        "entity": pd.Categorical(["a", "a", "a", "b", "b", "b"]),
        "indicator": ["x|y", "x|y", "x|y", "<z>", "<z>", "<z>"],
        "unit": ["%", "%", "%", "", "", ""],
        "period": ["2020", "2021", "2022", "2020", "2021", "2022"],
        "value": [5.0, 6.0, 7.5, 0.0, 2.0, 3.0],
        "prior_period": [None, "2020", "2021", None, "2020", "2021"],
        "prior_value": [NAN, 5.0, 6.0, NAN, 0.0, 2.0],
        "yoy_change": [NAN, 1.0, 1.5, NAN, 2.0, 1.0],
        "yoy_pct": [NAN, 20.0, 25.0, NAN, NAN, 50.0],
        "yoy_pp": [NAN, 1.0, 1.5, NAN, NAN, NAN],
    }
)


@pytest.mark.parametrize("batch_rows", [1, 4, 1 << 15])
def test_markdown_streams_in_batches_with_its_footnote(batch_rows):
    import pyarrow as pa

    out, batches = io.StringIO(), []
    write_markdown(YOY, out, batch_rows=batch_rows, advance=batches.append)
    text = out.getvalue()
    rows = markdown_rows(text)
    assert rows[0] == list(YOY.columns)
    assert [r[:2] for r in rows[1:]] == [["a", "x|y"]] * 3 + [["b", "<z>"]] * 3
    assert rows[2][8] == "20.00%" and rows[5][8] == "—"
    # the footnote, by kernels over the whole table, is the one worked out row by row
    note = rows_footnote(records(YOY), list(YOY.columns), {})
    assert note == table_footnote(pa.Table.from_pandas(YOY), list(YOY.columns), {})
    assert note == (
        "— undefined: yoy figures need the same period a year before; yoy_pct is undefined "
        "from a zero or negative prior value; yoy_pp is given only for percent units."
    )
    assert text.endswith(f"\n{note}\n")
    assert sum(batches) == 6


def test_markdown_keeps_spaces_at_the_ends_of_a_name():
    out = io.StringIO()
    write_markdown(pd.DataFrame({"entity": [" padded ", "\u3000x"], "value": [1.0, 2.0]}), out)
    assert markdown_rows(out.getvalue())[1:] == [[" padded ", "1"], ["\u3000x", "2"]]


def test_markdown_text_escapes_only_markup():
    assert (
        markdown_text("GDP (current US$), 2020-Q1 R&D pct_change")
        == "GDP (current US$), 2020-Q1 R&D pct_change"
    )
