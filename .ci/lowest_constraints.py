"""Print pip constraints pinning every dependency pyproject.toml declares (the default install and the
`test` extra) to its declared lower bound, so CI can check that the lower bounds are honest.

    python .ci/lowest_constraints.py > lowest.txt && pip install -c lowest.txt '.[test]'

A dependency declared without a `>=` bound is an error: every one must say the oldest release it needs.
"""

import re
import sys
import tomllib
from pathlib import Path

PYPROJECT = Path(__file__).resolve().parents[1] / "pyproject.toml"


def lowest_pins(project: dict) -> list[str]:
    declared = [*project["dependencies"], *project["optional-dependencies"]["test"]]
    pins = []
    for requirement in declared:
        found = re.match(r"\s*([A-Za-z0-9_.\-]+)(\[[^\]]*\])?\s*[^;]*?>=\s*([^,;\s]+)", requirement)
        if found is None:
            sys.exit(f"{PYPROJECT.name}: {requirement!r} declares no lower bound (>=)")
        pins.append(f"{found.group(1)}=={found.group(3)}")
    return pins


if __name__ == "__main__":
    print("\n".join(lowest_pins(tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["project"])))
