"""Units: each position's unit split into scale and base (``亿元``: 亿 of 元), a scale or ``%`` written
in the value cell merged in, and every series put on one scale (see `indcalc.building`).

Every step is done once per distinct combination of unit, scale and percent, then spread to the
positions by their codes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from indcalc import quantities, unit_names
from indcalc.arithmetic import decimals
from indcalc.building.categories import coded_categorical, dense_keys, factorize_small, mixed_keys
from indcalc.building.findings import Found, found_at
from indcalc.errors import UsageError
from indcalc.quantities import is_percent_unit
from indcalc.schema import first_listed

if TYPE_CHECKING:
    from indcalc.building.reshape import Long


#: Abbreviated scale words, written out in a unit label (``bn yuan`` would not read back as a scale).
_SPELLED_OUT = {"k": "thousand", "m": "million", "mn": "million", "bn": "billion", "tn": "trillion"}


def scale_target(scale_to: str | None) -> tuple[str, float] | None:
    """The scale word and factor every money series is put on (`Options.scale_to`); None: none.

    Example:
        >>> scale_target(" Billion "), scale_target("bn")
        (('billion', 1000000000.0), ('billion', 1000000000.0))
    """
    if scale_to is None:
        return None
    factor = quantities.scale_factor(scale_to)
    if factor is None:
        known = ", ".join(quantities.VALUE_SCALES)
        raise UsageError(f"--scale-to {scale_to!r} is not a scale; expected one of {known}")
    word = scale_to.strip().casefold()
    return _SPELLED_OUT.get(word, word), factor


@dataclass(frozen=True)
class Units:
    """The distinct (unit, value scale, percent) combinations and which one each position has."""

    at: np.ndarray  # per position: its combination
    base: np.ndarray  # per combination: the base unit, a code into base_names
    base_names: np.ndarray
    same: np.ndarray  # per combination: a code shared by the spellings of one unit (%, ％, percent)
    word: np.ndarray  # per combination: the scale word
    factor: np.ndarray  # per combination: the scale factor
    own: np.ndarray  # per combination: its label on its own scale (`_own_label`)
    found: list[Found]


def split_units(long: Long, parsed: quantities.Numbers) -> Units:
    """Split units into scale and base, merging in a scale or % written in the value cell.

    Done once per distinct (unit, value scale, percent) combination, then spread to the positions.
    """
    unit = long.text["unit"]
    if not (parsed.scale != "").any():  # no scale written in any value cell (the fast path's case)
        scale_codes, scale_words = 0, np.array([""])
    else:
        scale_codes, scale_words = pd.factorize(parsed.scale)
        scale_words = np.asarray(scale_words, dtype=str)
    if len(scale_words) == 1 and not parsed.percent.any():  # a combination per unit: no per-row work
        at, combos = np.asarray(unit.codes), np.arange(len(unit.categories), dtype="int64") * 2
    else:
        combo = (np.asarray(unit.codes, dtype="int64") * len(scale_words) + scale_codes) * 2 + parsed.percent
        at, combos = factorize_small(combo)
    bases, words, factors, conflicts, owns = [], [], [], [], []
    for c in combos:
        unit_text = str(unit.categories[c // 2 // len(scale_words)]) if len(unit.categories) else ""
        value_word = str(scale_words[c // 2 % len(scale_words)])
        factor, word, base = unit_names.split_unit(unit_text)
        conflict = ""
        if c % 2 and not unit_text:
            base = "%"
        elif c % 2 and not is_percent_unit(base):
            conflict = f"is a percent but the unit is {unit_text!r}"
        if value_word and word:
            conflict = f"has a scale ({value_word}) and so has the unit ({unit_text}): write one"
        elif value_word:
            word, factor = value_word, quantities.VALUE_SCALES[value_word]
        bases.append(base)
        owns.append(_own_label(unit_text if not value_word else "", word, base))
        words.append(word)
        factors.append(factor)
        conflicts.append(conflict)
    base_names, base_codes = np.unique(np.array(bases, dtype=str), return_inverse=True)
    # A series may write its percent as %, ％ or percent from row to row, its currency as 元 or yuan
    # (亿元 then billion yuan): one unit, not a change of it.
    folded = [unit_names.base_key(b) for b in bases]
    same = np.unique(np.array(folded, dtype=str), return_inverse=True)[1]
    wrong = np.flatnonzero((np.array(conflicts, dtype=object) != "")[at]) if len(combos) else np.zeros(0, int)
    found = found_at(
        wrong,
        lambda p, t, _l: f"{t!r} {conflicts[at[p]]}",
        long.value_field_of,
        expected="a unit and a value that agree",
    )
    words_of, factors_of = np.array(words, dtype=str), np.array(factors, dtype="float64")
    return Units(at, base_codes, base_names, same, words_of, factors_of, np.array(owns, dtype=object), found)


def _own_label(unit: str, word: str, base: str) -> str:
    """A unit's label on its own scale: `unit_names.unit_on_scale` (``Million tons`` is ``million
    tons``), but a publisher's spelling of money (``USD mn``, ``£m``, ``Mrd. EUR``) as written, as
    it is not moved: only --scale-to relabels it. `unit`: empty when the scale is in the value cell."""
    label = unit_names.unit_on_scale(word, base)
    written = " ".join(unit.split())
    return written if word and written and label.casefold() != written.casefold() else label


def scaled_values(
    value: np.ndarray, series: np.ndarray, units: Units, usable: np.ndarray, target: tuple[str, float] | None
) -> tuple[np.ndarray, pd.Categorical]:
    """Each position's value on its series' scale (`_series_scale`; `usable`: the positions with a
    figure), and its unit label (``0.008 billion yuan``'s ``billion yuan``), one per series."""
    scaled = _series_scale(series, units, usable, target)
    if scaled is None:  # every position on its series' scale already: values as they are, a label per unit
        label = coded_categorical(units.at, [str(o) for o in units.own])
    else:
        chosen, factors, words = scaled
        written, factor = units.factor[units.at], factors[chosen]
        moved = np.flatnonzero(written != factor)  # only these change: the rest keep the floats read
        if len(moved):
            value = value.copy()
            value[moved] = rescaled(value[moved], written[moved], factor[moved])
        label = _unit_labels(chosen, factors, words, units, len(factors) - 1 if target else -1)
    if len(np.unique(units.same)) < len(units.base_names):  # a unit spelt two ways (% and percent)
        label = _one_label(series, label)
    return value, label


def _one_label(series: np.ndarray, label: pd.Categorical) -> pd.Categorical:
    """`label` with each series' positions labelled as its last one: a series whose unit is spelt two
    ways (``%`` then ``percent``, ``万美元`` then ``million USD``) is given one. Only for a file that
    spells a unit two ways, and only the rows of the series that do are looked at again: a file with
    亿元 in some series and billion yuan in others (the benchmark's units panel, 2.28M rows) took
    0.53 s when every series was sorted, 0.02 s so."""
    codes = np.asarray(label.codes)
    keys = dense_keys(series)
    mixed = mixed_keys(keys, codes)
    if not mixed.any():
        return label
    rows = np.flatnonzero(mixed[keys])  # the positions of the series spelt two ways: a few
    ends, last = np.unique(keys[rows][::-1], return_index=True)
    codes = codes.copy()
    codes[rows] = codes[rows[len(rows) - 1 - last]][np.searchsorted(ends, keys[rows])]
    return pd.Categorical.from_codes(codes, dtype=label.dtype).remove_unused_categories()


def _series_scale(
    series: np.ndarray, units: Units, usable: np.ndarray, target: tuple[str, float] | None
) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
    """Per position, the scale its series is reported in, as a code into the scales' factors and
    words (also returned); None when every position is on its series' scale already.

    The scale most rows of the series use (ties: the larger); with a target, money series use it.
    Rows are counted once per (series, scale) and the scale chosen once per series: the
    per-row work is a count or two and a few gathers of small integers, whatever the units, and none
    of the gathers when no row moves (the usual case). Without a target, a file whose every series
    keeps to one unit (as written) is on its series' scales as it is, and is found so first: on the
    benchmark's wide table (2.4M positions, four scales) 43 -> 9 ms.
    """
    keys = list(zip(units.factor.tolist(), units.word.tolist(), strict=True))  # per combination
    scales = sorted(set(keys), key=lambda k: -k[0])  # the larger first: argmax breaks ties by it
    if len(scales) <= 1 and target is None:
        return None
    codes = dense_keys(series)
    if target is None and not mixed_keys(codes, units.at).any():
        return None
    factors = np.array([f for f, _ in scales] + [target[1] if target else 1.0], dtype="float64")
    words = np.array([w for _, w in scales] + [target[0] if target else ""], dtype=object)
    own = np.array([scales.index(k) for k in keys], dtype="int64")[units.at]  # per position
    width = len(scales)
    pairs = codes * width
    pairs += own  # per position: its (series, scale), in place
    size = (int(codes.max(initial=-1)) + 1) * width
    present = np.bincount(pairs, minlength=size).reshape(-1, width)  # rows per (series, scale)
    counts = present if usable.all() else np.bincount(pairs[usable], minlength=size).reshape(-1, width)
    most = np.where(counts.max(axis=1) > 0, counts.argmax(axis=1), -1)[:, None]  # per series
    chosen = np.where(most < 0, np.arange(width), most)  # per (series, scale); no figure: the row's own
    if target is None and ((chosen == np.arange(width)) | (present == 0)).all():
        return None
    chosen = chosen.ravel()[pairs]  # per position
    if target is not None:
        money = _money(units)
        if len(money):
            chosen = np.where(money[units.base[units.at]], width, chosen)  # the target's code
    return chosen, factors, words


def _money(units: Units) -> np.ndarray:
    """Per base unit: whether it is money (`unit_names.is_currency`), which --scale-to rescales."""
    return np.array([unit_names.is_currency(str(b)) for b in units.base_names], dtype=bool)


def left_unscaled(
    series: np.ndarray,
    units: Units,
    usable: np.ndarray,
    target: tuple[str, float] | None,
    label: pd.Categorical,
) -> str | None:
    """What --scale-to left on its own scale, for a warning: the units with a scale word not read as
    money (``万吨``, ``million tons``, a bare ``亿`` from ``27.4亿``, ``Millions of persons``: a scale
    word read as one or not, `unit_codes.names_a_scale`), and, said apart, money in a national
    currency the unit does not name (Eurostat's ``MIO_NAC``: `unit_codes.in_unnamed_currency`); each
    with its number of series (of the positions `usable`), in the order they first appear; None when
    there are none (or no target). So every unit with a scale word is either rescaled or named. A
    unit with no scale word (``%``, ``persons``) was never on a scale to move from. Each series is
    named once, by its `label` (`scaled_values`: one per series): one whose rows mix ``千人`` and
    ``万人`` is shown in ``万人``, and counted there alone.

    Example (the text of the warning):
        ``--scale-to 亿 rescales money only: series in units not read as money left as they are: 万吨
        (1 series); series in a national currency the unit does not name (Eurostat's NAC) left as
        they are: MIO_NAC (2 series)``
    """
    if target is None or not len(units.word):
        return None
    from indcalc import unit_codes  # only with --scale-to

    named = np.array([unit_codes.names_a_scale(str(b)) for b in units.base_names], dtype=bool)
    combos = ((units.word != "") | named[units.base]) & ~_money(units)[units.base]  # per combination
    left = np.flatnonzero(usable & combos[units.at])
    if not len(left):
        return None
    names = [str(c) for c in label.categories]
    shown = np.asarray(label.codes)[left].astype("int64")
    pairs = np.unique(series[left].astype("int64") * len(names) + shown)  # each series once: one label
    counts = np.bincount(pairs % len(names), minlength=len(names))
    present, first = np.unique(shown, return_index=True)
    in_order = present[np.argsort(first)]
    national = [unit_codes.in_unnamed_currency(str(n)) for n in names]
    groups = [
        ("units not read as money", [c for c in in_order if not national[c]]),
        ("a national currency the unit does not name (Eurostat's NAC)", [c for c in in_order if national[c]]),
    ]
    said = [
        f"series in {what} left as they are: "
        + first_listed([f"{names[c]} ({counts[c]:,} series)" for c in codes], noun=" units")
        for what, codes in groups
        if codes
    ]
    return f"--scale-to {target[0]} rescales money only: {'; '.join(said)}"


def _unit_labels(
    chosen: np.ndarray, factors: np.ndarray, words: np.ndarray, units: Units, target: int
) -> pd.Categorical:
    """Per position, the label of its base on scale `chosen`, computed once per distinct pair: a
    unit's own label (`Units.own`) on its own scale, else ``unit_on_scale(words[chosen], base)``, as on
    --scale-to's (`target`: its code, or -1)."""
    own: dict[tuple[float, str, int], str] = {}
    for k in zip(units.factor.tolist(), units.word.tolist(), units.base.tolist(), units.own, strict=True):
        own.setdefault(k[:3], str(k[3]))
    width = max(len(units.base_names), 1)
    at, pairs = factorize_small(chosen.astype("int64") * width + units.base[units.at])
    labels = [
        own.get((float(factors[c]), str(words[c]), b)) if c != target else None
        for c, b in ((p // width, p % width) for p in pairs)
    ]
    return coded_categorical(
        at,
        [
            label or unit_names.unit_on_scale(str(words[p // width]), str(units.base_names[p % width]))
            for label, p in zip(labels, pairs, strict=True)
        ],
    )


def rescaled(value: np.ndarray, written: np.ndarray, factor: np.ndarray) -> np.ndarray:
    """Values written on scale `written` put on scale `factor` (both powers of ten), as decimals: the
    figure's decimal point moves, so 2.3 million is 230 万 and 8 million 0.008 billion, the floats that
    reading "230" and "0.008" give (a float product alone can give 229.99999999999997). So a
    difference of such figures keeps their decimals (`indcalc.arithmetic.difference`)."""
    up = written >= factor
    ratio = np.where(up, written / factor, factor / written)  # a whole power of ten
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        out = np.where(up, value * ratio, value / ratio)
        places = decimals(value).astype("int64")
        shift = np.rint(np.log10(ratio)).astype("int64")
        moved = np.where(up, places - shift, places + shift).clip(0)
        known = (places >= 0) & (moved <= 15)
        scale = 10.0 ** np.where(known, moved, 0)
        snapped = np.rint(out * scale)
        snapped /= scale
    return np.where(known & np.isfinite(snapped), snapped, out)
