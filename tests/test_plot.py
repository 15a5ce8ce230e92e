"""Charts: PNG and SVG files a person can read, and a terminal chart at a fixed width."""

import struct

import pytest

from tests.conftest import invoke

pytest.importorskip("matplotlib")
pytest.importorskip("plotext")


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


@pytest.fixture
def saved(monkeypatch):
    """The matplotlib figures the command saves, to look at what they draw."""
    from matplotlib.figure import Figure

    figures = []
    original = Figure.savefig

    def savefig(self, *args, **kwargs):
        figures.append(self)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Figure, "savefig", savefig)
    return figures


def test_png_line_chart_of_the_bundled_shares(tmp_path, saved):
    out = tmp_path / "shares.png"
    result = invoke("plot", "-i", "*share*", "--out", str(out))
    assert result.exit_code == 0 and result.stdout == ""
    width, height = png_size(out.read_bytes())
    assert out.stat().st_size > 10_000 and width >= 800 and height >= 400
    (figure,) = saved
    (axis,) = figure.axes  # every share is a %: one panel
    assert axis.get_ylabel() == "%" and len(axis.lines) == 4  # the four share series
    assert "Jingmen / High-tech manufacturing share of industrial output" in [
        t.get_text() for t in axis.get_legend().get_texts()
    ]


def test_svg_names_the_series_and_small_multiples_for_units(tmp_path):
    out = tmp_path / "chart.svg"
    result = invoke("plot", "-e", "Jingmen", "-i", "*share*", "-i", "Scaled*", "--out", str(out))
    assert result.exit_code == 0
    svg = out.read_text(encoding="utf-8")
    assert svg.lstrip().startswith("<?xml") and "<svg" in svg
    assert "Scaled enterprises" in svg and "High-tech manufacturing share of industrial output" in svg
    assert svg.count('id="axes_') == 2  # % and enterprises: one panel each


def test_bar_chart_and_bad_outputs(tmp_path, saved):
    assert (
        invoke("plot", "--kind", "bar", "-i", "*share*", "--out", str(tmp_path / "bars.png")).exit_code == 0
    )
    (axis,) = saved[0].axes
    assert axis.get_xlabel() == "percentage points" and not axis.lines  # bars, not lines
    labels = [label.get_text() for label in axis.get_yticklabels()]
    bars = {label: patch.get_width() for label, patch in zip(labels, axis.patches, strict=True)}
    assert bars["Jingmen / High-tech manufacturing share of industrial output"] == pytest.approx(10.55)
    wrong = invoke("plot", "--out", str(tmp_path / "chart.gif"))
    assert (wrong.exit_code, wrong.stdout) == (2, "")
    assert "a chart is written as .png or .svg" in wrong.stderr
    assert list(tmp_path.iterdir()) == [tmp_path / "bars.png"]


def test_chinese_names_warn_when_no_cjk_font_is_installed(tmp_path, write_csv):
    from matplotlib import font_manager

    from indcalc.plot import CJK_FONTS

    has_cjk = any(f.name.startswith(CJK_FONTS) for f in font_manager.fontManager.ttflist)
    path = write_csv("indicator,period,value\n高新技术制造业占比,2020,5.45\n高新技术制造业占比,2025,16\n")
    result = invoke("plot", path, "--out", str(tmp_path / "cjk.png"))
    assert result.exit_code == 0
    assert ("no CJK-capable font is installed" in result.stderr) is not has_cjk


def test_terminal_chart_at_a_fixed_width():
    from indcalc import load, select
    from indcalc.plot import terminal_chart

    drawing = terminal_chart(select(load(), ["*share*"], ["Jingmen"]), width=80, title="shares")
    lines = drawing.splitlines()
    assert "\x1b[" not in drawing
    assert max(len(line.rstrip()) for line in lines) <= 80  # the legend too: a long name folds
    assert lines[0] == "shares" and "2016" in drawing and "2025" in drawing
    assert drawing.count("┌") == 1  # one unit, one panel
    assert lines[-4:] == [  # the series in the file's order
        "  • Jingmen / High-tech manufacturing share of industrial output: 16 %",
        "  + Jingmen / Emerging industries share of output value: 43.9 %",
        "  x Jingmen / Agricultural products processing cluster share of industrial",
        "    output: 40 %",
    ]


def test_terminal_line_chart_gives_each_unit_its_own_panel():
    from indcalc import load, select
    from indcalc.plot import terminal_chart

    frame = select(load(), ["*share*", "Scaled*", "New energy*"], ["Jingmen"])  # %, enterprises, 亿元
    drawing = terminal_chart(frame, width=80)
    panels = drawing.split("┌")[1:]
    assert len(panels) == 3
    lines = drawing.splitlines()
    titles = [lines[i - 1].strip() for i, line in enumerate(lines) if "┌" in line]  # above each frame
    assert titles == ["%", "billion yuan", "enterprises"]
    assert "Scaled enterprises: 1,100 enterprises" in panels[2] and "Scaled" not in panels[0]
    assert "New energy materials output: 85.2 billion yuan" in panels[1]


def test_terminal_bar_chart_draws_growth_as_bars_like_the_png(tmp_path):
    from indcalc import load, select
    from indcalc.plot import terminal_chart

    frame = select(load(), ["*share*"], ["Jingmen"])
    drawing = terminal_chart(frame, width=80, kind="bar")
    assert drawing.count("┌") == 1 and "█" in drawing and "percentage points" in drawing  # every unit %
    assert drawing.splitlines()[-2:] == [
        "  1 Jingmen / Emerging industries share of output value: 18 pp",
        "  2 Jingmen / High-tech manufacturing share of industrial output: 10.55 pp",
    ]
    bar_rows = [line for line in drawing.splitlines() if "█" in line]
    longest = max(bar_rows, key=lambda line: line.count("█"))
    assert longest.lstrip().startswith("1┤") or "1┤" in bar_rows[bar_rows.index(longest) - 1]
