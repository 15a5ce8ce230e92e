"""`indcalc calc`: arithmetic on figures read in a report, no file needed."""

import math
from difflib import get_close_matches
from typing import TYPE_CHECKING, Annotated, Optional

import typer
from typer.core import TyperCommand

from indcalc.cli.options import Output, bundled
from indcalc.cli.program import app, run
from indcalc.errors import UsageError

if TYPE_CHECKING:
    from indcalc.formulas import Rows


class _FiguresCommand(TyperCommand):
    """A command whose arguments may be negative figures (``calc -5 10``, ``calc -2.5% 3%``): an
    argument that starts with ``-`` is a figure when the number grammar reads it, and otherwise must be
    one of the command's options, so a typo (``--year``) gets the usual "No such option" instead of
    being taken for a figure or an extra argument."""

    def parse_args(self, ctx: typer.Context, args: list[str]) -> list[str]:
        from indcalc.quantities import parse_number

        options = [o for p in self.get_params(ctx) for o in (*p.opts, *p.secondary_opts) if o[:1] == "-"]
        for arg in args:
            if arg == "--":
                break
            name = arg.split("=", 1)[0]
            known = name in options or (name[:2] in options and not name.startswith("--"))  # -y5
            if len(arg) > 1 and arg[0] == "-" and not known and parse_number(arg) is None:
                longs = [o for o in options if o.startswith("--")]
                near = [o for o in longs if o.startswith(name)] or get_close_matches(name, longs)
                # ctx.fail, not Click's NoSuchOption: Typer has vendored Click since 0.2x, and the
                # wording of its suggestions differs between Click releases.
                hint = f" (Possible options: {', '.join(near)})" if near else ""
                ctx.fail(f"No such option: {name}{hint}")
        return super().parse_args(ctx, args)


def _rate(text: str, points: bool = False) -> float:
    """A rate given to --growth or --share (28.6, 28.6%), or with `points` to --pp (3.7, 3.7pp, 3.7个百分点),
    read by `indcalc.quantities.parse_rate`; not one is a bad parameter."""
    from indcalc.quantities import POINTS_MARKS, parse_rate

    try:  # inf and nan are refused with the other options' (calc's job)
        return parse_rate(text, POINTS_MARKS) if points else parse_rate(text)
    except ValueError as error:
        raise typer.BadParameter(str(error)) from None


def _points(text: str) -> float:
    """A --pp figure (`_rate` with points)."""
    return _rate(text, points=True)


@app.command(cls=_FiguresCommand, context_settings={"ignore_unknown_options": True})
@bundled(without=("raw",))
def calc(
    *,
    from_figure: Annotated[
        str,
        typer.Argument(
            metavar="FROM",
            help="The earlier figure (or the only one), as files write them: 5.45%, 1,100, 27.4亿.",
        ),
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
            parser=_rate,
            help="FROM grew by PCT%: show the base it grew from. Example: `calc 85.2 --growth 28.6%`",
        ),
    ] = None,
    pp: Annotated[
        Optional[float],  # noqa: UP045
        typer.Option(
            "--pp",
            metavar="PP",
            show_default=False,
            parser=_points,
            help="FROM (a percent) is PP points above another: show it. Example: `calc 6.35% --pp 3.7`",
        ),
    ] = None,
    share: Annotated[
        Optional[float],  # noqa: UP045
        typer.Option(
            "--share",
            metavar="PCT",
            show_default=False,
            parser=_rate,
            help="FROM is PCT% of a total: show the total. Example: `calc 2.74 --share 6.35%`",
        ),
    ] = None,
    out: Output,
) -> None:
    """Quick arithmetic on figures read in a report, no file needed.

    `calc FROM TO`: change, pct_change, pp_change (a % on either figure marks percents), multiple, and
    with --years the CAGR; the same columns as growth. `calc VALUE --growth PCT`: the base a figure
    grew from, VALUE / (1 + PCT/100) (85.2 billion yuan, +28.6% YoY: 66.25 the year before).
    `calc VALUE --pp PP`: VALUE - PP (6.35% of GDP, 3.7 pp above the national average: 2.65%).
    `calc VALUE --share PCT`: the total, VALUE / (PCT/100), in columns value, share_pct, total
    (2.74 billion yuan is 6.35% of GDP: 43.15 billion). Negative figures work too: `indcalc calc -5 10`.

    Figures are read as files' value cells are: 1,100, 5.45% or ５.４５％, 27.4亿, 3000万, 2.74 billion, 3.2k.
    Figures with a scale are put on one scale as a file's series are (the one most of them use; ties:
    the larger), shown in the unit column: `calc 27.4亿 3000万` is 27.4 to 0.3, unit 亿; with --share,
    value and total are in FROM's scale. Differences keep the figures' decimals (8.2 → 5.6: -2.6).

    Example: `indcalc calc 5.45% 16% --years 5`
    """

    def job() -> "Rows":
        from indcalc import formulas as compute  # plain Python: calc never imports pandas
        from indcalc.quantities import join_unit, on_one_scale, read_figure

        options = (("--growth", growth_pct), ("--pp", pp), ("--share", share))
        for name, value in (("--years", years), *options):
            if value is not None and not math.isfinite(value):  # inf, nan: refused as a file's are
                raise UsageError(f"{name} {value}: not a finite number")
        given = [name for name, v in options if v is not None]
        if to_figure is not None and given:
            raise UsageError(f"{given[0]} cannot be used with TO")
        if len(given) > 1:
            raise UsageError(f"{given[1]} cannot be used with {given[0]}")
        if years is not None and given:
            raise UsageError(f"--years cannot be used with {given[0]}")
        if to_figure is None and not given:
            raise UsageError("give TO, or one of --growth, --pp and --share")
        texts = [from_figure] if to_figure is None else [from_figure, to_figure]
        figures = [read_figure(text) for text in texts]
        percent = any(f.percent for f in figures)
        if percent and any(f.scale for f in figures):
            shown = " and ".join(repr(t) for t in texts)
            raise UsageError(f"{shown}: a percent has no scale (亿, million, ...); write one or the other")
        if len({bool(f.scale) for f in figures}) > 1:  # 27.4亿 and 30: 30 what?
            scaled, bare = sorted(texts, key=lambda t: not read_figure(t).scale)
            raise UsageError(f"{scaled!r} has a scale and {bare!r} has none; write both with one, or neither")
        values, word = on_one_scale(figures)
        unit = join_unit(word, "%" if percent else "")
        if to_figure is not None:
            return compute.calc(values[0], values[1], years=years, percent=percent, unit=unit)
        if share is not None:
            return compute.implied_total(values[0], share)
        return compute.implied_base(values[0], growth_pct=growth_pct, pp=pp, unit=unit)

    if share is not None:
        title = f"{from_figure} is {share:g}% of a total"
    elif growth_pct is not None or pp is not None:
        title = (
            f"{from_figure}, up {growth_pct:g}%" if growth_pct is not None else f"{from_figure}, up {pp:g} pp"
        )
    else:
        title = f"{from_figure} → {to_figure}" + (f" over {years:g} years" if years is not None else "")
    run(job, title=title, out=out)
