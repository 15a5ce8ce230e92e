"""Choosing series by name: shell globs on indicators and entities."""

from __future__ import annotations

import fnmatch
from collections.abc import Sequence

import numpy as np
import pandas as pd

from indcalc.errors import NothingMatched
from indcalc.schema import check_frame


def select(frame: pd.DataFrame, indicators: Sequence[str] = (), entities: Sequence[str] = ()) -> pd.DataFrame:
    """Keep the rows whose indicator matches any of `indicators` and entity any of `entities`.

    Patterns are shell globs (``*``, ``?``, ``[...]``) matched case-insensitively against the whole
    name; an empty list keeps everything.

    Raises:
        UsageError: nothing matches, so a typo in a cron job fails loudly.

    Example:
        >>> from indcalc import load
        >>> sorted(select(load(), ["*share*"], ["jingmen"])["indicator"].unique())[1]
        'Emerging industries share of output value'
    """
    frame = check_frame(frame)
    keep = np.ones(len(frame), dtype=bool)
    given = []
    for column, patterns, parameter in (
        ("indicator", indicators, "indicators"),
        ("entity", entities, "entities"),
    ):
        if not patterns:
            continue
        given += [f"{{={parameter}}}{p!r}" for p in patterns]
        categories = frame[column].cat.categories
        folded = [str(c).casefold() for c in categories]
        matched = np.asarray(
            [any(fnmatch.fnmatchcase(name, p.casefold()) for p in patterns) for name in folded], dtype=bool
        )
        if not matched.any() and column == "entity":  # say which there are: usually a few
            used = np.bincount(frame[column].cat.codes.to_numpy(), minlength=len(categories)) > 0
            present = [str(c) for c in categories[used]]
            names = ", ".join(present[:8]) + (", ..." if len(present) > 8 else "")
            raise NothingMatched(
                f"no series match {' '.join(given)}: the entities are {names or '(none: no entity column)'}",
                parameters=("indicators", "entities"),
            )
        keep &= matched[frame[column].cat.codes.to_numpy()]
        if not keep.any():
            raise NothingMatched(
                f"no series match {' '.join(given)} (see `indcalc list` for the names)",
                parameters=("indicators", "entities"),
            )
    return frame[keep] if not keep.all() else frame
