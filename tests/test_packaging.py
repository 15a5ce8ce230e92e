"""The wheel ships the bundled figures, so `indcalc growth` works after a plain `pip install .`."""

import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_wheel_ships_the_bundled_data_and_the_console_script(tmp_path):
    from hatchling.builders.wheel import WheelBuilder

    (wheel,) = WheelBuilder(str(ROOT)).build(directory=str(tmp_path), versions=["standard"])
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        assert archive.read("indcalc/data/indicators.csv") == (ROOT / "data" / "indicators.csv").read_bytes()
        entry_points = next(n for n in names if n.endswith("entry_points.txt"))
        assert "indcalc = indcalc.__main__:main" in archive.read(entry_points).decode()
    assert {
        "indcalc/__init__.py",
        "indcalc/__main__.py",
        "indcalc/cli/__init__.py",
        "indcalc/cli/program.py",
    } <= set(names)
    # Installed, the reading package finds the figures beside it (indcalc/data), not in a checkout.
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    code = "from indcalc.reading import bundled_data_path as path; print(path(), path().is_file())"
    done = subprocess.run(
        [sys.executable, "-c", code],
        env={"PYTHONPATH": str(site)},
        cwd=tmp_path,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
    )
    assert done.stdout == f"{site / 'indcalc' / 'data' / 'indicators.csv'} True\n", done.stderr
