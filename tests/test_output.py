"""--output and --format: the file's extension names its format (issue 13).

Each extension is written through the real CLI (a subprocess) and read back: by indcalc itself where
it reads that format, else by json, openpyxl or pyarrow.
"""

import csv
import gzip
import io
import json
import os
import pty
import subprocess
import sys
from pathlib import Path

import openpyxl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from indcalc.cli.inputs import BUNDLED_NOTE
from indcalc.formulas import Rows
from indcalc.render.binary import write_xlsx
from tests.conftest import invoke

KNOWN = ".csv .tsv .json .md .markdown .txt .html .htm .xlsx .parquet"
YTD = "indicator,period,value\nIVA,2024年1-2月,410\nIVA,2024年1-3月,650\nIVA,2024年1-4月,880\n"
PARTS = "indicator,period,value\nGDP,2023,100\nGDP,2024,110\nIndustry,2023,40\nIndustry,2024,46\n"
REPORT = "Output rose from 2 to 6, up 200%, up 300%.\n"


def run(*args: str, cwd: Path | None = None, input: bytes | None = None) -> subprocess.CompletedProcess:
    """`indcalc ARGS` in a real process, stdout a pipe; output as bytes. Without `input`, stdin is
    /dev/null, and the note that the bundled figures are used (no FILE) is taken out of stderr."""
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    done = subprocess.run(
        [sys.executable, "-m", "indcalc", *args],
        capture_output=True,
        env=env,
        cwd=cwd,
        input=input,
        stdin=subprocess.DEVNULL if input is None else None,
    )
    done.stderr = done.stderr.replace(f"{BUNDLED_NOTE}\n".encode(), b"", 1)
    return done


def stdout_of(*args: str) -> str:
    result = invoke(*args)
    assert result.exit_code in (0, 1, 2) and result.stdout, result.stderr
    return result.stdout


def xlsx_rows(data: bytes) -> list[tuple]:
    return list(openpyxl.load_workbook(io.BytesIO(data)).active.iter_rows(values_only=True))


def same_records(rows: list[tuple], records: list[dict]) -> None:
    """Workbook rows hold the JSON output's values: numbers as numbers, text as text, empty as None."""
    header, *body = rows
    assert len(body) == len(records)
    for row, record in zip(body, records, strict=True):
        assert list(header) == list(record)
        for got, (name, want) in zip(row, record.items(), strict=True):
            if isinstance(want, float | int) and not isinstance(want, bool):
                assert isinstance(got, float | int), (name, got)
                assert got == want, name  # unrounded, as in CSV
            else:
                assert got == (want or None), name  # an empty text is an empty cell


# Each extension, through the real CLI: the content is the format the extension names.
@pytest.mark.parametrize(
    ("name", "same_as"),
    [
        ("y.csv", "csv"),
        ("Y.CSV", "csv"),
        ("y.tsv", "tsv"),
        ("y.json", "json"),
        ("y.md", "markdown"),
        ("y.markdown", "markdown"),
        ("y.txt", "text"),
        ("y.csv.gz", "csv"),
        ("y.tsv.gz", "tsv"),
        ("y.json.gz", "json"),
        ("y.md.gz", "markdown"),
        ("y.txt.gz", "text"),
        ("y.Csv.GZ", "csv"),
    ],
)
def test_a_text_extension_writes_its_format(tmp_path, name, same_as):
    done = run("yoy", "-o", name, cwd=tmp_path)
    assert (done.returncode, done.stdout, done.stderr) == (0, b"", b"")
    data = (tmp_path / name).read_bytes()
    if name.casefold().endswith(".gz"):
        assert data[:2] == b"\x1f\x8b"
        data = gzip.decompress(data)
    assert data.decode("utf-8") == stdout_of("yoy", "--format", same_as)
    assert [p.name for p in tmp_path.iterdir()] == [name]  # no temporary file left


def test_tsv_has_the_cells_of_csv_with_tabs():
    comma = list(csv.reader(io.StringIO(stdout_of("yoy", "-f", "csv"))))
    tab = stdout_of("yoy", "-f", "tsv")
    assert tab.splitlines()[0] == "\t".join(comma[0])
    assert list(csv.reader(io.StringIO(tab), delimiter="\t")) == comma
    assert any("," in cell for row in comma for cell in row)  # the check covers a comma in a name


@pytest.mark.parametrize("name", ["y.xlsx", "Y.XLSX"])
def test_xlsx_is_a_workbook_with_numbers_as_numbers(tmp_path, name):
    done = run("yoy", "-o", name, cwd=tmp_path)
    assert (done.returncode, done.stdout) == (0, b"")
    rows = xlsx_rows((tmp_path / name).read_bytes())
    same_records(rows, json.loads(stdout_of("yoy", "-f", "json")))
    assert rows[0][:5] == ("entity", "indicator", "unit", "period", "value")
    first = rows[1]
    assert isinstance(first[4], int | float) and first[5:] == (None,) * 5  # no prior: empty cells
    book = openpyxl.load_workbook(tmp_path / name)
    assert book.sheetnames == ["Year on year"] and book.active["A1"].font.bold


def test_parquet_keeps_column_types(tmp_path):
    done = run("validate", "tests/fixtures/planted.csv", "-o", str(tmp_path / "v.parquet"))
    assert (done.returncode, done.stdout) == (2, b"")  # errors found: the report is still written
    table = pq.read_table(tmp_path / "v.parquet")
    assert table.schema == pa.schema(
        [
            ("file", pa.string()),
            ("line", pa.int64()),
            ("column", pa.int64()),
            ("severity", pa.string()),
            ("problem", pa.string()),
            ("text", pa.string()),
            ("expected", pa.string()),
        ]
    )
    assert table.to_pylist() == json.loads(stdout_of("validate", "tests/fixtures/planted.csv", "-f", "json"))


def test_parquet_figures_are_floats_and_undefined_is_null(tmp_path):
    assert run("growth", "-o", str(tmp_path / "g.parquet")).returncode == 0
    table = pq.read_table(tmp_path / "g.parquet")
    assert table.schema.field("indicator").type == pa.string()
    assert table.schema.field("pct_change").type == pa.float64()
    assert table.to_pylist() == json.loads(stdout_of("growth", "-f", "json"))
    assert table.column("pp_change").null_count > 0


# Every extension indcalc reads gives back the same figures.
@pytest.mark.parametrize("name", ["y.csv", "y.tsv", "y.xlsx", "y.parquet", "y.csv.gz", "y.tsv.gz", "Y.XLSX"])
def test_what_indcalc_writes_it_reads_back_with_the_same_figures(tmp_path, name):
    done = run("yoy", "-o", name, cwd=tmp_path)
    assert done.returncode == 0
    back = str(tmp_path / name)
    assert stdout_of("list", back, "-f", "csv") == stdout_of("list", "-f", "csv")
    assert stdout_of("growth", back, "-f", "csv") == stdout_of("growth", "-f", "csv")


COMMANDS = {
    "growth": ["growth"],
    "yoy": ["yoy"],
    "pop": ["pop", "--annualize"],
    "list": ["list"],
    "calc": ["calc", "5.45%", "16%", "--years", "5"],
    "validate": ["validate"],
    "check": ["check", "{report}"],
    "ytd": ["ytd", "{ytd}"],
    "share": ["share", "{parts}", "--total", "GDP"],
    "contribution": ["contribution", "{parts}", "--total", "GDP"],
    "target": ["target", "-i", "Scaled*", "--value", "1500", "--by", "2030"],
    "summary": ["summary"],
}


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_writes_csv_and_xlsx(tmp_path, write_csv, command):
    files = {
        "report": write_csv(REPORT, "report.md"),
        "ytd": write_csv(YTD, "ytd.csv"),
        "parts": write_csv(PARTS, "parts.csv"),
    }
    args = [a.format(**files) for a in COMMANDS[command]]
    for name in ("out.csv", "out.xlsx"):
        result = invoke(*args, "-o", str(tmp_path / name))
        assert result.exit_code in (0, 1) and result.stdout == "", result.stderr
    assert (tmp_path / "out.csv").read_text(encoding="utf-8") == stdout_of(*args, "-f", "csv")
    same_records(xlsx_rows((tmp_path / "out.xlsx").read_bytes()), json.loads(stdout_of(*args, "-f", "json")))


def test_summary_writes_its_report_as_markdown_and_text_and_its_table_otherwise(tmp_path):
    for name in ("s.md", "s.txt", "s.xlsx", "s.parquet", "s.tsv"):
        assert invoke("summary", "--no-timestamp", "-o", str(tmp_path / name)).exit_code == 0
    assert (tmp_path / "s.md").read_text(encoding="utf-8").startswith("# indcalc summary · bundled figures\n")
    assert (tmp_path / "s.txt").read_text(encoding="utf-8").startswith("indcalc summary · bundled figures\n")
    table = json.loads(stdout_of("summary", "-f", "json"))
    same_records(xlsx_rows((tmp_path / "s.xlsx").read_bytes()), table)
    assert pq.read_table(tmp_path / "s.parquet").to_pylist() == table
    assert (tmp_path / "s.tsv").read_text(encoding="utf-8") == stdout_of("summary", "-f", "tsv")


# --format with --output: it must agree with a known extension; it decides for any other.
@pytest.mark.parametrize(
    ("fmt", "name", "same_as", "gzipped"),
    [
        ("csv", "a.txt", "csv", False),  # .txt takes any text format
        ("markdown", "a.txt", "markdown", False),
        ("table", "a.txt", "text", False),
        ("csv", "out", "csv", False),  # no extension: --format decides
        ("json", "out.2024", "json", False),  # an extension indcalc does not know: likewise
        ("csv", "out.gz", "csv", True),
        ("tsv", "a.TSV", "tsv", False),
        ("json", "a.json.gz", "json", True),
    ],
)
def test_format_decides_where_the_extension_does_not(tmp_path, fmt, name, same_as, gzipped):
    result = invoke("growth", "-f", fmt, "-o", str(tmp_path / name))
    assert (result.exit_code, result.stdout) == (0, "")
    data = (tmp_path / name).read_bytes()
    text = (gzip.decompress(data) if gzipped else data).decode("utf-8")
    assert text == stdout_of("growth", "-f", same_as)


def test_format_xlsx_to_a_file_without_extension(tmp_path):
    assert invoke("growth", "-f", "xlsx", "-o", str(tmp_path / "out")).exit_code == 0
    same_records(xlsx_rows((tmp_path / "out").read_bytes()), json.loads(stdout_of("growth", "-f", "json")))


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["-o", "{dir}/r.xls"],
            "cannot write {dir}/r.xls: unknown extension .xls; known: " + KNOWN + ", and .gz after a text "
            "one (.csv.gz); or give --format",
        ),
        (
            ["-o", "{dir}/r.XLSM"],
            "cannot write {dir}/r.XLSM: unknown extension .XLSM; known: " + KNOWN + ", and .gz after a "
            "text one (.csv.gz); or give --format",
        ),
        (
            ["-o", "{dir}/result"],
            "cannot write {dir}/result: no extension to tell the format; name it with one of "
            + KNOWN
            + " (or .csv.gz ...), or give --format",
        ),
        (
            ["-o", "{dir}/result.gz"],
            "cannot write {dir}/result.gz: no extension before .gz to tell the format; name it with one of "
            + KNOWN
            + " (or .csv.gz ...), or give --format",
        ),
        (
            ["-o", "{dir}/r.xlsx.gz"],
            "cannot write {dir}/r.xlsx.gz: .gz compresses text formats, and xlsx is binary (compressed "
            "already); write r.xlsx",
        ),
        (
            ["-f", "parquet", "-o", "{dir}/r.gz"],
            "cannot write {dir}/r.gz: .gz compresses text formats, and parquet is binary (compressed "
            "already); write r",
        ),
        (
            ["-f", "json", "-o", "{dir}/a.csv"],
            "--format json does not match the extension of a.csv (csv); drop --format or change the extension",
        ),
        (
            ["-f", "csv", "-o", "{dir}/a.MD"],
            "--format csv does not match the extension of a.MD (markdown); drop --format or change the "
            "extension",
        ),
        (
            ["-f", "xlsx", "-o", "{dir}/a.txt"],
            "--format xlsx does not match the extension of a.txt (text); drop --format or change the "
            "extension",
        ),
        (
            ["-f", "text", "-o", "{dir}/a.csv.gz"],
            "--format text does not match the extension of a.csv.gz (csv); drop --format or change the "
            "extension",
        ),
    ],
)
def test_an_output_name_that_names_no_format_or_another_one_is_exit_2_and_writes_nothing(
    tmp_path, args, message
):
    filled = [a.format(dir=tmp_path) for a in args]
    for command in (["growth"], ["calc", "1", "2"], ["summary"]):
        result = invoke(*command, *filled)
        assert (result.exit_code, result.stdout) == (2, "")
        assert result.stderr == f"indcalc: error: {message.format(dir=tmp_path)}\n"
    assert list(tmp_path.iterdir()) == []


def test_an_unknown_extension_fails_before_the_work_in_a_real_process(tmp_path, write_csv):
    bad = write_csv("indicator,period,value\nx,2024,oops\n")  # would fail too, later
    done = run("growth", bad, "-o", str(tmp_path / "g.xls"))
    assert (done.returncode, done.stdout) == (2, b"")
    assert done.stderr.decode().startswith(
        f"indcalc: error: cannot write {tmp_path / 'g.xls'}: unknown extension .xls;"
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data.csv"]


@pytest.mark.parametrize("fmt", ["xlsx", "parquet"])
def test_binary_formats_go_to_a_pipe_but_not_to_a_terminal(fmt):
    piped = run("growth", "-f", fmt)
    assert piped.returncode == 0
    if fmt == "xlsx":
        same_records(xlsx_rows(piped.stdout), json.loads(stdout_of("growth", "-f", "json")))
    else:
        assert pq.read_table(io.BytesIO(piped.stdout)).to_pylist() == json.loads(
            stdout_of("growth", "-f", "json")
        )
    status, stdout, stderr = _in_a_terminal("growth", "-f", fmt)
    assert (status, stdout) == (2, b"")
    assert (
        stderr
        == (
            f"indcalc: error: --format {fmt} is binary and not written to a terminal: give -o FILE.{fmt} "
            "or redirect stdout\n"
        ).encode()
    )


def _in_a_terminal(*args: str) -> tuple[int, bytes, bytes]:
    """Run indcalc with stdout on a pseudo-terminal (stderr a pipe); its exit status and both outputs."""
    leader, follower = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "indcalc", *args],
        stdout=follower,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
    )
    os.close(follower)
    shown = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the terminal closed
            break
        if not chunk:
            break
        shown += chunk
    os.close(leader)
    stderr = process.stderr.read()
    return process.wait(), shown, stderr


@pytest.mark.parametrize(
    "args",
    [["growth"], ["calc", "5.45%", "16%"], ["list"], ["validate", "tests/fixtures/planted.csv"], ["summary"]],
)
def test_commands_still_draw_a_table_on_a_terminal(args):
    status, shown, stderr = _in_a_terminal(*args)
    assert status in ((0, 1, 2) if args[0] == "validate" else (0, 1)) and b"Traceback" not in stderr
    assert "━".encode() in shown  # the table's rule, not CSV


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        (
            "bell\x07",
            "column indicator holds a control character, which an .xlsx cell cannot; write .csv or .parquet instead",
        ),
        (
            "x" * 32_768,
            "column indicator holds a text longer than an .xlsx cell's 32,767 characters; write .csv or .parquet instead",
        ),
    ],
)
def test_text_an_xlsx_cell_cannot_hold_is_an_error_not_a_changed_cell(tmp_path, text, problem):
    path = tmp_path / "o.xlsx"
    with pytest.raises(Exception) as caught:
        write_xlsx(Rows(["indicator", "value"], [[text, 1.0]]), io.BytesIO())
    assert str(caught.value) == problem and type(caught.value).__name__ == "UsageError"
    assert not path.exists()


def test_text_that_looks_like_a_formula_or_an_error_or_markup_stays_as_it_is():
    texts = ["=1+1", "#N/A", "-5 pp", " <a & b> ", "line\r\nbreak", "荆门市", "tab\there", ""]
    figures = [1.0, None, -5.0, 193.57798165137615, 8.52e10, 1.5e-7, -0.0, 3.0]
    sink = io.BytesIO()
    write_xlsx(Rows(["indicator", "value"], [list(pair) for pair in zip(texts, figures, strict=True)]), sink)
    sheet = openpyxl.load_workbook(io.BytesIO(sink.getvalue())).active
    assert [(c.value, c.data_type) for c in sheet["A"]][1:] == [(t or None, "s" if t else "n") for t in texts]
    assert [(c.value, c.data_type) for c in sheet["B"]][1:] == [(f, "n") for f in figures]


def test_a_result_longer_than_a_sheet_is_an_error(monkeypatch):
    import indcalc.render.binary

    monkeypatch.setattr(indcalc.render.binary, "XLSX_MAX_ROWS", 2)
    with pytest.raises(Exception) as caught:
        write_xlsx(Rows(["value"], [[1.0], [2.0], [3.0]]), io.BytesIO())
    assert str(caught.value) == "3 rows do not fit an .xlsx sheet (at most 2); write .csv or .parquet instead"


@pytest.mark.parametrize("name", ["chart.xlsx", "chart", "chart.csv"])
def test_plot_out_names_the_users_file_when_it_is_no_chart_format(tmp_path, name):
    result = invoke("plot", "--out", str(tmp_path / name))
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == f"indcalc: error: --out {tmp_path / name}: a chart is written as .png or .svg\n"
    assert list(tmp_path.iterdir()) == []


def test_xlsx_rows_written_in_batches_keep_their_order_and_row_numbers():
    import pandas as pd

    frame = pd.DataFrame(
        {
            "entity": pd.Categorical([f"e{i % 3}" for i in range(10)]),
            "period": [str(2000 + i) for i in range(10)],
            "value": [i / 7 if i % 4 else float("nan") for i in range(10)],
            "count": list(range(10)),
        }
    )
    sink = io.BytesIO()
    write_xlsx(frame, sink, title="Batches · x", batch_rows=3)
    book = openpyxl.load_workbook(io.BytesIO(sink.getvalue()))
    assert book.sheetnames == ["Batches"]
    rows = list(book.active.iter_rows(values_only=True))
    assert rows[0] == ("entity", "period", "value", "count")
    assert rows[1:] == [(f"e{i % 3}", str(2000 + i), i / 7 if i % 4 else None, i) for i in range(10)]
    assert [c.coordinate for c in book.active["C"]] == [f"C{i}" for i in range(1, 12)]


def test_an_empty_result_keeps_its_header_and_text_columns(tmp_path):
    for name in ("c.xlsx", "c.parquet"):
        result = invoke("check", "-", "-o", str(tmp_path / name), input="No figures here.\n")
        assert (result.exit_code, result.stdout) == (0, "")
    header = ("line", "claim", "stated", "computed", "verdict", "note")
    assert xlsx_rows((tmp_path / "c.xlsx").read_bytes()) == [header]
    schema = pq.read_table(tmp_path / "c.parquet").schema
    assert schema == pa.schema([("line", pa.int64())] + [(name, pa.string()) for name in header[1:]])


def test_output_dash_is_stdout(tmp_path):
    done = run("growth", "-o", "-", cwd=tmp_path)
    assert done.returncode == 0 and done.stdout.decode() == stdout_of("growth", "-f", "csv")
    assert run("growth", "-f", "json", "-o", "-", cwd=tmp_path).stdout.decode() == stdout_of(
        "growth", "-f", "json"
    )
    assert list(tmp_path.iterdir()) == []  # no file named -
