"""`indcalc summary` as a digest people read in mail: it fits --width, HTML mail that is
self-contained and escaped, the one-line --subject, and --since/--only-new (`indcalc.news`)."""

import json
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from rich.cells import cell_len

from indcalc.news import news, read_previous
from tests.conftest import invoke
from tests.terminal import run_in_pty

GOLDEN = Path(__file__).parent / "golden"
MONTHLY = str(GOLDEN / "monthly.csv")
PREVIOUS = str(GOLDEN / "monthly-previous.csv")
HOSTILE = "<script>alert('x')</script>"
ANSI = re.compile(r"\x1b\[[0-9;]*m")
LONG_NAME = "Emerging industries share of output value above designated size, by the city's statistics bureau"


def widest(text: str) -> int:
    return max(cell_len(line) for line in text.splitlines())


# --- a digest that fits ------------------------------------------------------------------------------


@pytest.mark.parametrize("width", [None, "100", "80", "64"])
def test_the_text_digest_fits_its_width_and_wraps_long_names_without_cutting_them(width):
    args = ["--width", width] if width else []
    result = invoke("summary", MONTHLY, "--format", "text", "--no-timestamp", *args)
    assert result.exit_code == 0, result.stderr
    assert widest(result.stdout) <= int(width or 100)
    latest = result.stdout[result.stdout.index("Latest figures (6 series)") :]
    assert " ".join(latest.split()).count(" ".join(LONG_NAME.split())) == 0  # wrapped, ...
    words = re.findall(r"\S+", latest)
    for word in LONG_NAME.split():  # ... not cut: every word is there
        assert word in words


def test_the_digest_leads_with_alerts_then_movers_then_the_latest_figures():
    text = invoke("summary", MONTHLY, "-f", "text", "--no-timestamp", "--alert", "yoy_pct < -10").stdout
    order = [text.index(t) for t in ("Alerts (1)", "Biggest rises", "Biggest falls", "Latest figures")]
    assert order == sorted(order)
    alert = text[text.index("Alerts (1)") : text.index("Biggest rises")]
    assert re.search(r"Output\s+yoy_pct < -10\s+-14\.05%", alert)
    assert re.search(r"Output\s+2024-06\s+104 billion yuan\s+-14\.05% yoy\s+█▇▁", text)
    assert re.search(r"高新技术制造业增加值占规上工业比\s*\n?.*2024-07\s+17%\s+\+0\.50 pp pop", text, re.S)
    assert "cagr_pct" not in text  # the whole table only with --full


def test_full_adds_the_whole_per_series_table():
    full = invoke("summary", MONTHLY, "-f", "text", "--no-timestamp", "--full").stdout
    assert "Latest figures" not in full and "Series" in full
    assert re.search(r"cagr_pct", full) and re.search(r"first_period", full)
    markdown = invoke("summary", MONTHLY, "-f", "markdown", "--no-timestamp", "--full").stdout
    assert "### Series" in markdown and "| entity | indicator | unit |" in markdown


@pytest.mark.parametrize(
    "args", [[], ["--no-timestamp"], ["--since", PREVIOUS], ["--since", PREVIOUS, "--no-timestamp"]]
)
def test_the_markdown_heading_lines_break_between_them_and_not_after_the_last(args):
    from markdown_it import MarkdownIt

    result = invoke("summary", MONTHLY, "-f", "markdown", *args)
    assert (result.exit_code, result.stderr) == (0, "")
    tokens = MarkdownIt("commonmark").enable("table").parse(result.stdout)
    assert [t.type for t in tokens[:6]] == [
        "heading_open", "inline", "heading_close", "paragraph_open", "inline", "paragraph_close"
    ]  # fmt: skip
    start, end = tokens[3].map
    lines = result.stdout.splitlines()[start:end]
    expected = 1 + len(args) // 2 + ("--no-timestamp" not in args)  # Data, Since, Generated
    assert len(lines) == expected and lines[0].startswith("Data: "), lines
    breaks = [child.type for child in tokens[4].children if child.type.endswith("break")]
    assert breaks == ["hardbreak"] * (len(lines) - 1)  # each line on its own
    assert not lines[-1].endswith(("  ", "\\")), lines  # and no hard break closing the paragraph


def test_at_80_columns_in_a_terminal_the_digest_fits_and_keeps_its_colours():
    ran = run_in_pty("summary", MONTHLY, "--no-timestamp", "--alert", "yoy_pct < -10", columns=80)
    assert ran.status == 1
    assert "\x1b[" in ran.output  # green and red on a terminal
    plain = ANSI.sub("", ran.output)
    assert widest(plain) <= 80
    assert "indcalc: alert: Output: yoy_pct < -10 (-14.0496)" in plain
    assert plain.index("Alerts (1)") < plain.index("Latest figures (6 series)")
    assert re.search(r"Output\s+2024-06\s+104 billion yuan\s+-14\.05% yoy\s+█▇▁", plain)


def test_text_on_a_terminal_fits_the_terminal_and_stays_plain():
    ran = run_in_pty("summary", MONTHLY, "--format", "text", "--no-timestamp", columns=80, stderr=False)
    assert ran.status == 0, ran.output
    assert "\x1b[" not in ran.output and "Latest figures (6 series)" in ran.output
    assert widest(ran.output) <= 80


def test_a_sparkline_is_never_cut_and_goes_under_the_name_in_a_narrow_digest(write_csv):
    rows = "".join(f"x,{2022 + m // 12}-{m % 12 + 1:02d},{100 + m}\n" for m in range(30))
    path = write_csv("indicator,period,value\n" + rows)
    whole = "▁▁▂▂▂▃▃▃▃▄▄▄▅▅▅▆▆▆▆▇▇▇██"  # the last 24 figures
    wide = invoke("summary", path, "-f", "text", "--no-timestamp").stdout
    assert re.search(rf" x\s+2024-06\s+129\s+\+10\.26% yoy\s+{whole}\n", wide)
    narrow = invoke("summary", path, "-f", "text", "--no-timestamp", "--width", "60").stdout
    assert re.search(
        rf" series / trend\s+latest\s+value\s+change\n.*\n x\s+2024-06\s+129\s+\+10\.26% yoy\n {whole}\n",
        narrow,
    )
    assert widest(narrow) <= 60


def test_at_width_40_a_sparkline_keeps_its_latest_figures(write_csv):
    rows = "".join(f"x,{2022 + m // 12}-{m % 12 + 1:02d},{100 + m}\n" for m in range(30))
    path = write_csv("indicator,period,value\n" + rows)
    narrow = invoke("summary", path, "-f", "text", "--no-timestamp", "--width", "40").stdout
    assert widest(narrow) <= 40
    assert re.search(r"\n x\s+2024-06\s+129\s+\+10\.26%\n ▆▆▆▇▇▇██\s+yoy\n", narrow)  # the last 8 of 24


@pytest.mark.parametrize("width", [40, 60])
def test_the_note_wraps_to_the_width_even_under_a_table_left_wider(width):
    text = invoke("summary", MONTHLY, "-f", "text", "--no-timestamp", "--width", str(width)).stdout
    note = text[text.index("change: on a year earlier") :]
    assert widest(note) <= width and "— where there is no" in " ".join(note.split())


@pytest.mark.parametrize("width", ["39", "0", "x"])
def test_a_width_below_40_is_a_usage_error(width):
    result = invoke("summary", MONTHLY, "--width", width)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.startswith("indcalc: error: ") and "--width" in result.stderr


# --- HTML mail -----------------------------------------------------------------------------------------


class Page(HTMLParser):
    """The tags, attributes and texts of a page, and the text of each table cell."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.cells: list[tuple[str, str]] = []  # (style, text)
        self.cell: list[str] | None = None
        self.feed(text)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag == "td":
            self.cell, self.style = [], dict(attrs).get("style", "")
        elif tag == "br" and self.cell is not None:
            self.cell.append("\n")

    def handle_endtag(self, tag):
        if tag == "td" and self.cell is not None:
            self.cells.append((self.style, "".join(self.cell)))
            self.cell = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)


@pytest.fixture(scope="module")
def mail():
    result = invoke("summary", MONTHLY, "--since", PREVIOUS, "-f", "html", "--alert", "yoy_pct < -10")
    assert result.exit_code == 1, result.stderr
    return result.stdout


def test_the_html_report_is_self_contained_with_no_script_and_no_external_resource(mail):
    page = Page(mail)
    names = [tag for tag, _ in page.tags]
    assert mail.startswith("<!DOCTYPE html>") and ("meta", {"charset": "utf-8"}) in page.tags
    assert not {"script", "link", "img", "iframe", "object", "embed", "style", "svg"} & set(names)
    for _, attrs in page.tags:
        assert not {"src", "href", "srcset", "background"} & set(attrs)
        assert not any(name.startswith("on") for name in attrs)  # no event handler
        assert "url(" not in (attrs.get("style") or "") and "@import" not in (attrs.get("style") or "")
    assert "<script" not in mail.lower() and "javascript:" not in mail.lower()


def test_every_text_of_the_html_report_is_escaped(mail):
    cells = [text for _, text in Page(mail).cells]
    series = f'{HOSTILE} / Retail "sales" & <b>more</b>'
    assert series in [cell.split("\n")[0] for cell in cells]  # read back as its text
    assert (
        "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; / Retail &quot;sales&quot; &amp; &lt;b&gt;" in mail
    )
    assert any(cell.startswith("荆门 / 高新技术制造业增加值占规上工业比重\n") for cell in cells)  # CJK as is


def test_the_html_report_colours_changes_and_aligns_figures_right(mail):
    cells = Page(mail).cells
    value = [(style, text) for style, text in cells if text.startswith("104 billion yuan")][-1]
    assert "text-align:right" in value[0] and value[1].endswith("-14.05% yoy")
    assert 'color:#cf222e;"><span style="white-space:nowrap;">-14.05% yoy' in mail  # a fall, red
    assert 'color:#1a7f37;"><span style="white-space:nowrap;">+15.00% yoy' in mail  # a rise, green
    texts = [text for _, text in cells]
    assert "Output\nrevised · 2024-06" in texts and "Zhongxiang / Loans\nnew · 2024-06" in texts
    assert "█▇▁" in texts


def test_any_command_writes_html_and_html_is_chosen_by_the_extension(tmp_path):
    target = tmp_path / "growth.html"
    result = invoke("growth", MONTHLY, "-o", str(target))
    assert (result.exit_code, result.stdout) == (0, "")
    page = Page(target.read_text(encoding="utf-8"))
    assert any(text == f"{HOSTILE}" for _, text in page.cells)
    assert not {"script"} & {tag for tag, _ in page.tags}


CHROMIUM = shutil.which("chromium-headless-shell") or shutil.which("chromium")


@pytest.mark.skipif(CHROMIUM is None, reason="no headless Chromium (apt-get install chromium-headless-shell)")
@pytest.mark.parametrize("width", [375, 800])
def test_a_headless_browser_renders_the_html_report_without_running_a_script(tmp_path, mail, width):
    """Rendered as a phone (375 px) and a desktop (800 px) show it: the DOM Chromium builds has the
    hostile name as text, no element a script made; and a screenshot of it is drawn."""
    page = tmp_path / "mail.html"
    page.write_text(mail, encoding="utf-8")
    common = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", f"--window-size={width},1200"]
    dom = subprocess.run(
        [*common, "--dump-dom", page.as_uri()],
        capture_output=True,
        text=True,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )
    assert dom.returncode == 0 and "<script" not in dom.stdout.lower()
    assert "&lt;script&gt;alert('x')&lt;/script&gt;" in dom.stdout
    shot = tmp_path / "mail.png"
    done = subprocess.run(
        [*common, f"--screenshot={shot}", page.as_uri()],
        capture_output=True,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )
    assert done.returncode == 0 and shot.stat().st_size > 10_000


@pytest.mark.skipif(CHROMIUM is None, reason="no headless Chromium (apt-get install chromium-headless-shell)")
def test_the_html_report_with_24_point_sparklines_fits_a_phone(tmp_path, write_csv):
    """At 375 px the tables end inside the screen: a long sparkline wraps in its cell (measured by a
    script this test adds to its copy of the page; the report itself has none)."""
    rows = "".join(f"x,{2022 + m // 12}-{m % 12 + 1:02d},{100 + m}\n" for m in range(30))
    mail = invoke("summary", write_csv("indicator,period,value\n" + rows), "-f", "html").stdout
    assert 'style="white-space:nowrap;">▁' not in mail
    measure = (
        '<script>document.body.setAttribute("data-right", String(Math.max(...[...document'
        '.querySelectorAll("table")].map(t => Math.ceil(t.getBoundingClientRect().right)))));</script>'
    )
    page = tmp_path / "measured.html"
    page.write_text(mail.replace("</body>", measure + "</body>"), encoding="utf-8")
    dom = subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--window-size=375,1200",
            "--dump-dom",
            page.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )
    right = re.search(r'data-right="(\d+)"', dom.stdout)
    assert right and int(right.group(1)) <= 375


# --- the subject line ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "line", "status"),
    [
        ([MONTHLY], "indcalc: 6 series, latest 2024-07 · monthly.csv", 0),  # others end at 2024-06, Q2
        (
            [MONTHLY, "--alert", "yoy_pct < -10"],
            "indcalc: 1 alert · 6 series, latest 2024-07 · monthly.csv",
            1,
        ),
        (
            [MONTHLY, "--since", PREVIOUS],
            "indcalc: 1 series updated to 2024-07 · 1 new · 1 revised · monthly.csv",
            0,
        ),
        ([], "indcalc: 34 series, latest 2030 · bundled figures", 0),
    ],
)
def test_subject_prints_one_headline_and_keeps_the_exit_status(args, line, status):
    result = invoke("summary", *args, "--subject")
    assert (result.exit_code, result.stdout) == (status, line + "\n")
    assert "indcalc: alert" not in result.stderr  # the headline counts them


@pytest.mark.parametrize(
    ("last_periods", "said"),
    [(("2024-09", "2024-06"), "2 series, latest 2024-09"), (("2024-12", "2024Q4"), "2 series to 2024-12")],
)
def test_subject_says_to_a_period_only_when_every_series_reaches_it(write_csv, last_periods, said):
    rows = "".join(f"s{i},{period},1\n" for i, period in enumerate(last_periods))
    result = invoke("summary", write_csv("indicator,period,value\n" + rows), "--subject")
    assert result.exit_code == 0 and f"indcalc: {said} · " in result.stdout


@pytest.mark.parametrize("fmt", ["csv", "html", "parquet"])
def test_subject_with_another_format_is_a_usage_error(fmt):
    result = invoke("summary", MONTHLY, "--subject", "--format", fmt)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == f"indcalc: error: --subject prints one line of text, not {fmt}: drop --format\n"


# --- only what is new ----------------------------------------------------------------------------------


def test_since_marks_new_updated_and_revised_series_in_every_format():
    rows = json.loads(invoke("summary", MONTHLY, "--since", PREVIOUS, "-f", "json").stdout)
    marks = {row["indicator"]: row["news"] for row in rows}
    assert marks == {
        "Output": "revised",  # 105 -> 104 for the same 2024-06
        LONG_NAME: "",
        "高新技术制造业增加值占规上工业比重": "updated",  # 2024-06 -> 2024-07
        'Retail "sales" & <b>more</b>': "",
        "Loans": "new",
        "Deposits": "",
    }
    text = invoke("summary", MONTHLY, "--since", PREVIOUS, "-f", "text", "--no-timestamp").stdout
    assert "Since monthly-previous.csv: 1 new, 1 updated, 1 revised; 3 unchanged\n" in text


def test_only_new_keeps_the_changed_series_and_their_alerts_only():
    args = ["summary", MONTHLY, "--since", PREVIOUS, "--only-new", "--no-timestamp"]
    result = invoke(*args, "-f", "csv", "--alert", "yoy_pp > 3", "--alert", "yoy_pct < -10")
    assert result.exit_code == 1  # Output is revised and trips yoy_pct < -10
    assert [line.split(",")[1] for line in result.stdout.splitlines()[1:]] == [
        "Output",
        "高新技术制造业增加值占规上工业比重",
        "Loans",
    ]
    assert result.stderr == "indcalc: alert: Output: yoy_pct < -10 (-14.0496)\n"  # not Jingmen's (unchanged)
    calm = invoke(*args, "-f", "text", "--alert", "yoy_pp > 3")  # only the unchanged series trips it
    assert calm.exit_code == 0 and calm.stderr == ""
    assert "3 unchanged (not shown)" in calm.stdout and "Alerts" not in calm.stdout


def test_a_second_run_with_nothing_new_says_so_in_one_line(tmp_path):
    state = tmp_path / "state.json"
    assert invoke("summary", MONTHLY, "-f", "json", "-o", str(state)).exit_code == 0
    for fmt in ("text", "markdown"):
        again = invoke(
            "summary", MONTHLY, "--since", str(state), "--only-new", "-f", fmt, "--alert", "yoy_pct < -10"
        )
        assert (again.exit_code, again.stderr) == (0, "")
        assert (
            again.stdout
            == "indcalc summary · monthly.csv: nothing new since state.json (6 series unchanged).\n"
        )
    page = invoke("summary", MONTHLY, "--since", str(state), "--only-new", "-f", "html").stdout
    assert "nothing new since state.json (6 series unchanged)." in page and "<table" not in page
    subject = invoke("summary", MONTHLY, "--since", str(state), "--only-new", "--subject").stdout
    assert subject == "indcalc: nothing new since state.json · monthly.csv\n"


def test_a_revised_figure_is_reported_as_revised(tmp_path, write_csv):
    first = write_csv("indicator,period,value\nx,2024-05,10\nx,2024-06,11\n")
    state = tmp_path / "state.csv"
    assert invoke("summary", first, "-f", "csv", "-o", str(state)).exit_code == 0
    revised = write_csv("indicator,period,value\nx,2024-05,10\nx,2024-06,11.5\n")
    result = invoke("summary", revised, "--since", str(state), "--only-new", "--subject")
    assert result.stdout.startswith("indcalc: 1 revised · ")
    text = invoke("summary", revised, "--since", str(state), "--only-new", "-f", "text").stdout
    assert re.search(r"\n x\s+revised\s+2024-06\s+11\.5\s+\+15\.00% pop", text)


@pytest.mark.parametrize(
    ("before", "now", "said"),
    [
        # a publisher's new scale, or a run with --scale-to: the same figures
        (("万元", "15000"), ("亿元", "1.5"), "nothing new since state.{fmt} · data.csv"),
        (("亿元", "1.5"), ("万元", "15000"), "nothing new since state.{fmt} · data.csv"),
        (("亿元", "2300.5"), ("billion yuan", "230.05"), "nothing new since state.{fmt} · data.csv"),
        (("万美元", "125000"), ("亿美元", "12.5"), "nothing new since state.{fmt} · data.csv"),
        (("million US dollars", "1250"), ("亿美元", "12.5"), "nothing new since state.{fmt} · data.csv"),
        (("%", "5.5"), ("％", "5.5"), "nothing new since state.{fmt} · data.csv"),
        # another quantity: revised
        (("万元", "15000"), ("亿元", "1.6"), "1 revised · data.csv"),
        (("万元", "15000"), ("万元", "15001"), "1 revised · data.csv"),
        (("万吨", "300"), ("万元", "300"), "1 revised · data.csv"),  # another unit, the same number
        (("万港元", "125000"), ("亿美元", "12.5"), "1 revised · data.csv"),
    ],
)
@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_since_compares_figures_on_one_scale(tmp_path, before, now, said, fmt):
    """15000 万元 then 1.5 亿元 is no revision: figures are compared as quantities."""
    data, state = tmp_path / "data.csv", tmp_path / f"state.{fmt}"

    def write(unit: str, value: str) -> None:
        data.write_text(
            f"地区,指标,单位,时间,数值\n荆门市,地区生产总值,{unit},2024年,{value}\n", encoding="utf-8"
        )

    write(*before)
    assert invoke("summary", str(data), "-f", fmt, "-o", str(state)).exit_code == 0
    write(*now)
    result = invoke("summary", str(data), "--since", str(state), "--only-new", "--subject")
    assert (result.exit_code, result.stdout, result.stderr) == (0, f"indcalc: {said.format(fmt=fmt)}\n", "")


def test_only_new_needs_since():
    result = invoke("summary", MONTHLY, "--only-new")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == "indcalc: error: --only-new needs --since PREVIOUS, the summary to compare with\n"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("missing.json", None, "{path}: no such file"),
        ("empty.json", b"", "{path}: empty, not a summary written by"),
        ("bad.json", b'[{"indicator": "x",\n "latest_period": }]', "{path}:2:19: not JSON: Expecting value"),
        ("object.json", b'{"indicator": "x"}', "{path}:1: not a list of series"),
        (
            "columns.json",
            b'[{"indicator": "x"}]',
            "{path}: no column latest_period, latest_value: not a summary",
        ),
        ("columns.csv", b"a,b\n1,2\n", "{path}:1: no column indicator, latest_period, latest_value"),
        (
            "r.html",  # not a summary: a page, read as CSV, whose fifth line has a comma
            b"<html>\n<body>\n<p>\nhi\n<p>a, b</p>\n</body>\n",
            "{path}:5:2: this row has 2 fields, the header has 1",
        ),
        (
            "period.csv",
            b'indicator,latest_period,latest_value\n"a\nb",2024-06,1\nc,June,2\n',
            "{path}:4:2: latest_period 'June' is not a period",
        ),
        (
            "value.csv",
            b"indicator,latest_period,latest_value\na,2024-06,x\n",
            "{path}:2:3: latest_value 'x' is not",
        ),
        (
            "value.json",
            b'[{"indicator": "a", "latest_period": "2024", "latest_value": "x"}]',
            "{path}: latest_value 'x' (series 1) is not a number",
        ),
        ("latin1.csv", b"indicator,latest_period,latest_value\n\xe9,2024,1\n", "{path}:2: not UTF-8 text"),
        ("dir", "dir", "{path}: is a directory, not a summary"),
    ],
)
def test_a_bad_previous_summary_is_a_located_error_with_nothing_written(tmp_path, name, content, message):
    path = tmp_path / name
    if content == "dir":
        path.mkdir()
    elif content is not None:
        path.write_bytes(content)
    result = invoke("summary", MONTHLY, "--since", str(path), "-f", "text")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.startswith("indcalc: error: " + message.format(path=path)), result.stderr
    assert result.stderr.count("\n") == 1


def test_read_previous_reads_back_what_summary_wrote_in_csv_and_json(tmp_path):
    data = GOLDEN / "monthly.csv"
    for fmt in ("csv", "json"):
        state = tmp_path / f"state.{fmt}"
        assert invoke("summary", str(data), "-f", fmt, "-o", str(state)).exit_code == 0
        previous = read_previous(str(state))
        assert previous["indicator"].tolist()[3] == 'Retail "sales" & <b>more</b>'
        assert previous["entity"].tolist()[:2] == ["", "Jingmen"]
        assert previous["latest_period"].tolist()[-1] == "2024Q2"
    guarded = tmp_path / "guarded.csv"
    guarded.write_text("entity,indicator,latest_period,latest_value\n'=e,'-x,2024-6,1\n", encoding="utf-8")
    assert read_previous(str(guarded)).values.tolist() == [["=e", "-x", "2024-06", 1.0]]


@pytest.mark.parametrize(
    ("before", "now", "mark"),
    [
        (("2024-06", 1.0), ("2024-06", 1.0), ""),
        (("2024-06", 1.0), ("2024-06", 1.0 + 1e-15), ""),  # the last bit of a kernel is no revision
        (("2024-06", 1.0), ("2024-06", 1.001), "revised"),
        (("2024-05", 1.0), ("2024-06", 1.0), "updated"),
        (("2024-07", 1.0), ("2024-06", 1.0), "updated"),  # a latest period withdrawn
        (None, ("2024-06", 1.0), "new"),
        (("2024-06", float("nan")), ("2024-06", float("nan")), ""),
    ],
)
def test_news_compares_the_latest_period_then_the_value(before, now, mark):
    import pandas as pd

    table = pd.DataFrame(
        {"entity": [""], "indicator": ["x"], "latest_period": [now[0]], "latest_value": [now[1]]}
    )
    rows = (
        []
        if before is None
        else [{"entity": "", "indicator": "x", "latest_period": before[0], "latest_value": before[1]}]
    )
    previous = pd.DataFrame(rows, columns=["entity", "indicator", "latest_period", "latest_value"])
    assert news(table, previous).tolist() == [mark]


def test_help_lists_the_new_options():
    out = subprocess.run(
        [sys.executable, "-m", "indcalc", "summary", "--help"],
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        env={"COLUMNS": "200", "PATH": "/usr/bin:/bin", "NO_COLOR": "1"},
    ).stdout
    for option in ("--since", "--only-new", "--subject", "--full", "--width"):
        assert option in out
