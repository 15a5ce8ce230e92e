"""Charts: PNG and SVG files a person can read, and a terminal chart at a fixed width."""

import struct

import pytest

from tests.conftest import invoke

pytest.importorskip("matplotlib")
pytest.importorskip("plotext")


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def test_png_line_chart_of_the_bundled_shares(tmp_path):
    out = tmp_path / "shares.png"
    result = invoke("plot", "-i", "*share*", "--out", str(out))
    assert result.exit_code == 0 and result.stdout == ""
    width, height = png_size(out.read_bytes())
    assert out.stat().st_size > 10_000 and width >= 800 and height >= 400


def test_svg_names_the_series_and_small_multiples_for_units(tmp_path):
    out = tmp_path / "chart.svg"
    result = invoke("plot", "-e", "Jingmen", "-i", "*share*", "-i", "Scaled*", "--out", str(out))
    assert result.exit_code == 0
    svg = out.read_text(encoding="utf-8")
    assert svg.lstrip().startswith("<?xml") and "<svg" in svg
    assert "Scaled enterprises" in svg and "High-tech manufacturing share of industrial output" in svg
    assert svg.count('id="axes_') == 2  # % and enterprises: one panel each


def test_bar_chart_and_bad_outputs(tmp_path):
    assert (
        invoke("plot", "--kind", "bar", "-i", "*share*", "--out", str(tmp_path / "bars.png")).exit_code == 0
    )
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
    assert max(len(line.rstrip()) for line in lines[:-3]) <= 80
    assert "shares" in lines[0] and "2016" in drawing and "2025" in drawing
    assert lines[-3:] == [  # the series in the file's order
        "  • Jingmen / High-tech manufacturing share of industrial output: 16 %",
        "  + Jingmen / Emerging industries share of output value: 43.9 %",
        "  x Jingmen / Agricultural products processing cluster share of industrial output: 40 %",
    ]
