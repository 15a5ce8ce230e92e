"""Which of numpy's AVX-512 code paths this CPU would take, for NPY_DISABLE_CPU_FEATURES.

    python .ci/avx512_off.py          prints the names to disable (empty when the CPU has no AVX-512)
    python .ci/avx512_off.py --check  exits 1 if any AVX-512 path is still enabled in this process

numpy names them by release (1.26: AVX512F, AVX512_SKX, ...; 2.x: X86_V4, AVX512_ICL, ...), so the
names are read from the installed numpy rather than written here.
"""

import sys

try:
    from numpy._core._multiarray_umath import __cpu_dispatch__, __cpu_features__
except ImportError:  # numpy 1.x
    from numpy.core._multiarray_umath import __cpu_dispatch__, __cpu_features__


def avx512(name: str) -> bool:
    return "AVX512" in name or name == "X86_V4"


enabled = [name for name in __cpu_dispatch__ if avx512(name) and __cpu_features__.get(name)]
if sys.argv[1:] == ["--check"]:
    print(f"numpy's AVX-512 paths enabled: {' '.join(enabled) or 'none'}", file=sys.stderr)
    sys.exit(1 if enabled else 0)
print(" ".join(enabled))
