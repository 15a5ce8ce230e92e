"""Charts of series: PNG or SVG with matplotlib, or drawn in the terminal with plotext (5.x).

Both are in indcalc's optional extra ``plot``; without it, plotting is a clear error naming the
extra. A line chart puts series of one unit on a shared axis and gives each unit its own panel (small
multiples) when they differ; the latest value of each line is labelled. A bar chart compares growth
from first to last period across series (pct_change, or pp_change when every series is a percent).
CJK names need a CJK-capable font: one is picked when installed, and a warning says when none is.
"""

from __future__ import annotations

import re
import warnings
from pathlib import Path
from typing import IO, TYPE_CHECKING

from indcalc import periods
from indcalc.errors import IndcalcWarning, UsageError
from indcalc.visible import visible

if TYPE_CHECKING:
    import pandas as pd

EXTRA = "install indcalc's plot extra (pip install '.[plot]' in its source directory)"
MARKERS = ("•", "+", "x", "o", "*", "#", "@", "%")
CJK = re.compile(r"[\u3000-\u9fff\uff00-\uffef]")
CJK_FONTS = (
    "Noto Sans CJK",
    "Noto Serif CJK",
    "Source Han",
    "WenQuanYi",
    "SimHei",
    "Microsoft YaHei",
    "PingFang",
    "Heiti",
)


def _series(frame: pd.DataFrame) -> list[tuple[str, str, list[float], list[float]]]:
    """(name, unit, years as fractions, values) of each series, in period order; the series in the
    order they first appear in the frame (`indcalc.series_index.series_order`)."""
    import numpy as np

    from indcalc.series_index import series_order

    frame = frame.take(np.lexsort((frame["ordinal"].to_numpy(), series_order(frame))))
    per_year = periods.periods_per_year(np.asarray(frame["frequency"].cat.codes))
    x = (frame["ordinal"].to_numpy() / per_year).tolist()
    out = []
    names = [f"{e} / {i}" if e else str(i) for e, i in zip(frame["entity"], frame["indicator"], strict=True)]
    start = 0
    for end in range(1, len(frame) + 1):
        if end == len(frame) or names[end] != names[start]:
            out.append(
                (
                    names[start],
                    str(frame["unit"].iloc[start]),
                    x[start:end],
                    frame["value"].iloc[start:end].tolist(),
                )
            )
            start = end
    return out


def _label(value: float) -> str:
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def _pyplot():
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        raise UsageError(f"writing a chart needs matplotlib: {EXTRA}") from None
    return plt


def _fonts(names: list[str]) -> None:
    """Use a CJK-capable font when the names need one; warn when none is installed."""
    if not any(CJK.search(n) for n in names):
        return
    from matplotlib import font_manager, rcParams

    found = [f.name for f in font_manager.fontManager.ttflist if f.name.startswith(CJK_FONTS)]
    if found:
        rcParams["font.sans-serif"] = [found[0], *rcParams["font.sans-serif"]]
    else:
        warnings.warn(
            "no CJK-capable font is installed, so Chinese names may show as boxes "
            "(install one, e.g. Debian's fonts-noto-cjk)",
            IndcalcWarning,
            stacklevel=3,
        )


def write_chart(
    frame: pd.DataFrame, out: Path, *, kind: str = "line", title: str = "", file: IO[bytes] | None = None
) -> None:
    """Write a PNG or SVG chart of the series in `frame` (by `out`'s extension) to `out`, or to `file`
    when given (an open binary file: the CLI writes through a temporary one, `cli.output.replacing`)."""
    suffix = out.suffix.casefold()
    if suffix not in (".png", ".svg"):
        raise UsageError(f"--out {out}: a chart is written as .png or .svg")
    plt = _pyplot()
    from matplotlib.ticker import MaxNLocator

    series = _series(frame)
    _fonts([name for name, *_ in series])
    if kind == "bar":
        figure = _bars(plt, frame, title)
    else:
        units = sorted({unit for _, unit, _, _ in series})
        figure, axes = plt.subplots(len(units), 1, figsize=(9, 3.6 * len(units) + 0.8), squeeze=False)
        for axis, unit in zip(axes[:, 0], units, strict=True):
            for name, series_unit, x, y in series:
                if series_unit != unit:
                    continue
                (line,) = axis.plot(x, y, marker="o", label=name)
                axis.annotate(
                    _label(y[-1]),
                    (x[-1], y[-1]),
                    textcoords="offset points",
                    xytext=(6, 4),
                    color=line.get_color(),
                )
            axis.set_ylabel(unit or "value")
            axis.set_xlabel("year")
            axis.xaxis.set_major_locator(MaxNLocator(integer=True))
            axis.grid(True, alpha=0.3)
            axis.legend(fontsize="small", loc="best")
        figure.suptitle(title)
    figure.tight_layout()
    figure.savefig(out if file is None else file, format=suffix[1:], dpi=120)
    plt.close(figure)


def _bar_figures(frame: pd.DataFrame) -> tuple[list[str], list[float], str]:
    """Names and growth of the series with two periods or more, smallest first, and its column:
    pct_change first to last period, or pp_change when every series is a percent."""
    from indcalc.changes import growth
    from indcalc.quantities import is_percent_unit

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", IndcalcWarning)
        table = growth(frame)
    if table.empty:
        raise UsageError("a bar chart compares growth, and no series has two periods")
    percent = all(is_percent_unit(str(u)) for u in table["unit"])
    column = "pp_change" if percent else "pct_change"
    table = table.dropna(subset=[column]).sort_values(column)
    names = [f"{e} / {i}" if e else str(i) for e, i in zip(table["entity"], table["indicator"], strict=True)]
    return names, table[column].tolist(), column


def _bar_axis(column: str) -> str:
    return "percentage points" if column == "pp_change" else "growth, % (first to last period)"


def _bars(plt, frame: pd.DataFrame, title: str):
    names, values, column = _bar_figures(frame)
    figure, axis = plt.subplots(figsize=(9, 0.5 * len(names) + 1.5))
    axis.barh(names, values, color=["#2a9d8f" if v >= 0 else "#e76f51" for v in values])
    for y, v in enumerate(values):
        axis.annotate(_label(v), (v, y), textcoords="offset points", xytext=(4, -3))
    axis.margins(x=0.12)
    axis.set_xlabel(_bar_axis(column))
    axis.set_title(title)
    return figure


def terminal_chart(
    frame: pd.DataFrame,
    *,
    width: int,
    height: int = 20,
    title: str = "",
    color: bool = False,
    kind: str = "line",
) -> str:
    """The chart drawn with characters, for a terminal (plotext 5); plain text unless `color`.

    The rules of `write_chart`: a line chart gives each unit its own panel (`height` lines for one
    unit, 12 each for more), with a legend of the latest values under each; a bar chart (`kind`
    ``"bar"``) compares growth from first to last period, its bars numbered and named in a legend.
    """
    try:
        import plotext as plt
    except ImportError:
        raise UsageError(f"drawing a chart in the terminal needs plotext: {EXTRA}") from None
    from indcalc.render.fit import folded

    if kind == "bar":
        return _terminal_bars(plt, frame, width=width, title=title, color=color)
    series = _series(frame)
    units = sorted({unit for _, unit, _, _ in series})
    panels = [visible(title)] if title else []
    for unit in units:
        plt.clear_figure()
        plt.plotsize(width, height if len(units) == 1 else min(height, 12))
        years: set[int] = set()
        legend = []
        for index, (name, _, x, y) in enumerate(s for s in series if s[1] == unit):
            marker = MARKERS[index % len(MARKERS)]
            plt.plot(x, y, marker=marker)
            shown = visible(f"{name}: {_label(y[-1])}{' ' + unit if unit else ''}")  # names from the file
            legend.append(f"  {marker} {shown}")
            years.update(int(v) for v in x)
        ticks = sorted(years)
        step = max(1, len(ticks) // 8)
        plt.xticks(ticks[::step], [str(t) for t in ticks[::step]])
        plt.title(visible(unit) or "value")
        drawing = plt.build()
        panels.append((drawing if color else plt.uncolorize(drawing)) + "\n" + folded(legend, width))
    return "\n\n".join(panels)


def _terminal_bars(plt, frame: pd.DataFrame, *, width: int, title: str, color: bool) -> str:
    from indcalc.render.fit import folded

    names, values, column = _bar_figures(frame)
    numbers = [str(len(names) - i) for i in range(len(names))]  # 1 is the largest, at the top
    plt.clear_figure()
    plt.plotsize(width, 2 * len(names) + 4)
    plt.bar(numbers, values, orientation="horizontal", marker="█", width=0.4)
    plt.title(_bar_axis(column))
    drawing = plt.build()
    suffix = " pp" if column == "pp_change" else "%"
    pairs = zip(numbers, names, values, strict=True)
    legend = [f"  {n} {visible(name)}: {_label(v)}{suffix}" for n, name, v in pairs]
    head = [visible(title), ""] if title else []
    drawing = (drawing if color else plt.uncolorize(drawing)).rstrip("\n")
    return "\n".join([*head, drawing, "", folded(legend[::-1], width)])
