"""Categoricals built from pyarrow text columns and integer codes, with sorted categories, as the
loaded frame's text columns are; and factorizing small non-negative integers by a lookup table.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc


def text_categorical(column: pa.ChunkedArray) -> pd.Categorical:
    """A text column as a categorical with stripped, merged and sorted categories.

    Example:
        >>> list(text_categorical(pa.chunked_array([["b ", "a", " b"]])))
        ['b', 'a', 'b']
    """
    if not pa.types.is_dictionary(column.type):
        column = pc.dictionary_encode(column)
    chunks = column.unify_dictionaries().chunks  # one dictionary; each chunk's own codes into it
    dictionary = chunks[0].dictionary if chunks else pa.array([], pa.string())
    return coded_categorical(
        [chunk.indices.to_numpy() for chunk in chunks], pc.utf8_trim_whitespace(dictionary)
    )


def coded_categorical(
    codes: np.ndarray | list[np.ndarray], labels: pa.Array | Sequence[str]
) -> pd.Categorical:
    """A categorical whose code c (all in range; a list: pieces to concatenate) means ``labels[c]``,
    equal labels merged and categories sorted (by code point).

    The labels are sorted once by pyarrow, with no Python string per label (a free-text column has
    as many as rows), and the new codes written once, in the smallest integer type pandas would use.

    Example:
        >>> values = coded_categorical(np.array([0, 1, 2]), ["b", "a", "b"])
        >>> list(values), list(values.categories)
        (['b', 'a', 'b'], ['a', 'b'])
    """
    if not isinstance(labels, pa.Array):
        labels = pa.array(list(labels) or [""], pa.string())
    order = pc.array_sort_indices(labels)
    ordered = labels.take(order)
    first = np.ones(len(labels), dtype=bool)  # where a new label starts in sorted order
    if len(labels) > 1:
        first[1:] = pc.not_equal(ordered[1:], ordered[:-1]).to_numpy(zero_copy_only=False)
    size = int(first.sum())
    small = next(t for t in ("int8", "int16", "int32", "int64") if size < np.iinfo(t).max)
    remap = np.empty(len(labels), dtype=small)
    remap[order.to_numpy()] = np.cumsum(first) - 1
    pieces = codes if isinstance(codes, list) else [codes]
    new = np.empty(sum(len(c) for c in pieces), dtype=small)
    start = 0
    for piece in pieces:  # a few pieces (CSV blocks), not rows
        np.take(remap, piece, out=new[start : start + len(piece)], mode="clip")  # unbuffered: in range
        start += len(piece)
    # to_pandas, not pd.array(dtype="str"): pandas 2 makes that a numpy str array, which drops a final NUL
    categories = pd.Index(ordered.filter(pa.array(first)).to_pandas())
    return pd.Categorical.from_codes(new, dtype=pd.CategoricalDtype(categories), validate=False)


def blank_categorical(length: int) -> pd.Categorical:
    """A text column that is empty on every row."""
    return pd.Categorical.from_codes(np.zeros(length, dtype="int8"), categories=pd.Index([""], dtype="str"))


def category_code(values: pd.Categorical, label: str) -> int:
    """The code of a category, or -2 (no row has it) when it is not one."""
    categories = values.categories
    return int(categories.get_loc(label)) if label in categories else -2


def dense_keys(keys: np.ndarray) -> np.ndarray:
    """Series keys as they are when small enough to index a table of marks or counts by (below
    2**22), else numbered 0, 1, ... (`factorize_small`).

    Example:
        >>> dense_keys(np.array([5, 3, 5])).tolist(), dense_keys(np.array([1 << 40, 7])).tolist()
        ([5, 3, 5], [0, 1])
    """
    return keys if keys.max(initial=0) < 1 << 22 else factorize_small(keys)[0]


def mixed_keys(keys: np.ndarray, codes: np.ndarray) -> np.ndarray:
    """Per dense key (`dense_keys`), whether its positions hold more than one of `codes`: one value
    of each key scattered, then every position compared with it.

    Example:
        >>> mixed_keys(np.array([0, 2, 0, 2]), np.array([7, 1, 7, 3])).tolist()
        [False, False, True]
    """
    some = np.zeros(int(keys.max(initial=-1)) + 1, dtype=codes.dtype)
    some[keys] = codes  # one of each key's codes, whichever position's
    mixed = np.zeros(len(some), dtype=bool)
    mixed[keys[some[keys] != codes]] = True
    return mixed


def factorize_small(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Codes and sorted uniques of non-negative integers from a small range, by a lookup table."""
    if len(values) == 0 or values.max() > 1 << 24:
        codes, uniques = pd.factorize(values)
        return codes, np.asarray(uniques)
    seen = np.zeros(int(values.max()) + 1, dtype=bool)
    seen[values] = True
    uniques = np.flatnonzero(seen)
    index = np.zeros(len(seen), dtype="int64")
    index[uniques] = np.arange(len(uniques))
    return index[values], uniques
