"""`indcalc calc`: arithmetic on figures read in a report, no file needed."""

from typing import TYPE_CHECKING, Annotated, Optional

import typer

from indcalc.cli.shared import (
    DebugOpt,
    DigitsOpt,
    Format,
    FormatOpt,
    OutputOpt,
    _Out,
    _run,
    app,
)
from indcalc.errors import UsageError

if TYPE_CHECKING:
    from indcalc.formulas import Rows


@app.command(context_settings={"ignore_unknown_options": True})
def calc(
    from_figure: Annotated[
        str, typer.Argument(metavar="FROM", help="The earlier figure (or the only one): 5.45%, 890, 1,100.")
    ],
    to_figure: Annotated[
        Optional[str],  # noqa: UP045
        typer.Argument(metavar="TO", show_default=False, help="The later figure."),
    ] = None,
    years: Annotated[
        Optional[float],  # noqa: UP045
        typer.Option(
            "--years", "-y", min=0, show_default=False, help="Span in years, for CAGR. Example: `--years 5`"
        ),
    ] = None,
    growth_pct: Annotated[
        Optional[float],  # noqa: UP045
        typer.Option(
            "--growth",
            metavar="PCT",
            show_default=False,
            help="FROM grew by PCT%: show the base it grew from. Example: `calc 85.2 --growth 28.6`",
        ),
    ] = None,
    pp: Annotated[
        Optional[float],  # noqa: UP045
        typer.Option(
            "--pp",
            metavar="PP",
            show_default=False,
            help="FROM (a percent) is PP points above another: show it. Example: `calc 6.35% --pp 3.7`",
        ),
    ] = None,
    share: Annotated[
        Optional[float],  # noqa: UP045
        typer.Option(
            "--share",
            metavar="PCT",
            show_default=False,
            help="FROM is PCT% of a total: show the total. Example: `calc 2.74 --share 6.35`",
        ),
    ] = None,
    fmt: FormatOpt = Format.auto,
    output: OutputOpt = None,
    digits: DigitsOpt = 2,
    debug: DebugOpt = False,
) -> None:
    """Quick arithmetic on figures read in a report, no file needed.

    `calc FROM TO`: change, pct_change, pp_change (a % on either figure marks percents), multiple, and
    with --years the CAGR; the same columns as growth. `calc VALUE --growth PCT`: the base a figure
    grew from, VALUE / (1 + PCT/100) (85.2 billion yuan, +28.6% YoY: 66.25 the year before).
    `calc VALUE --pp PP`: VALUE - PP (6.35% of GDP, 3.7 pp above the national average: 2.65%).
    `calc VALUE --share PCT`: the total, VALUE / (PCT/100), in columns value, share_pct, total
    (2.74 billion yuan is 6.35% of GDP: 43.15 billion). Negative figures work too: `indcalc calc -5 10`.

    Example: `indcalc calc 5.45% 16% --years 5`
    """

    def job() -> "Rows":
        from indcalc import formulas as compute  # plain Python: calc never imports pandas

        if sum(v is not None for v in (to_figure, growth_pct, pp, share)) != 1:
            raise UsageError("give TO, or one of --growth, --pp and --share")
        value, percent = _figure(from_figure)
        if to_figure is not None:
            end, end_percent = _figure(to_figure)
            return compute.calc(value, end, years=years, percent=percent or end_percent)
        if share is not None:
            return compute.implied_total(value, share)
        return compute.implied_base(value, growth_pct=growth_pct, pp=pp)

    if share is not None:
        title = f"{from_figure} is {share:g}% of a total"
    elif growth_pct is not None or pp is not None:
        title = (
            f"{from_figure}, up {growth_pct:g}%" if growth_pct is not None else f"{from_figure}, up {pp:g} pp"
        )
    else:
        title = f"{from_figure} → {to_figure}" + (f" over {years:g} years" if years is not None else "")
    _run(job, title=title, out=_Out(fmt, output, digits, debug=debug))


def _figure(text: str) -> tuple[float, bool]:
    """A number as written in a report: optional thousands commas and a trailing % (or ％)."""
    import re

    cleaned = text.strip()
    percent = cleaned.endswith(("%", "％"))
    cleaned = cleaned.rstrip("%％").strip()
    if not re.fullmatch(r"[+-]?(\d{1,3}(,\d{3})+|\d+)?(\.\d+)?([eE][+-]?\d+)?", cleaned) or not any(
        c.isdigit() for c in cleaned
    ):
        raise UsageError(f"{text!r} is not a number; expected a figure like 890, 1,100 or 5.45%")
    return float(cleaned.replace(",", "")), percent
