"""From a grid of cells to the *loaded frame*: columns, wide or long, numbers, units, periods, checks.

The data's way: `reshape` puts the grid (`indcalc.reading.grid`) in long form, one position per figure
cell; `build` parses the numbers, periods and bases, `units` reconciles units and scales, `checks`
finds what is wrong or suspicious in each series (`findings` locates it in the file), and `build`
makes the frame, its text columns categoricals (`categories`).

The result is the *loaded frame* whose columns and dtypes `indcalc.schema` defines; besides them, any
other columns of the file (at most `reshape.MAX_EXTRA_COLUMNS`, 1,000; more is an error) are kept as
stripped categoricals, ignored by the computations.

Header names match case-insensitively, and Chinese names work too (指标, 地区, 单位, 时间, 数值).
A table with no period and value columns whose other column names are periods is *wide* (a yearbook
table): each period column is melted into rows (in the loaded frame, row after row of the file, each
row's periods in column order); the identifier columns are the others, the first of them being the
indicator when none is named so.

Within a series (entity, indicator) periods must be unique and of one frequency and one basis, and
the unit of one base; scales of that base are put on one scale, the one most of its rows use (ties:
the larger), so ``8 million yuan`` beside ``30 billion yuan`` becomes ``0.008 billion yuan``.
"""
