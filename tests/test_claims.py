"""`indcalc check` against a corpus of sentences with known verdicts; precision must be 100%."""

from pathlib import Path

import pytest

from indcalc.claims import check_text
from tests.conftest import invoke

CORPUS = Path(__file__).parent / "fixtures" / "claims_corpus.tsv"
SEED = Path(__file__).resolve().parents[2] / "shared" / "seeds" / "000_b6d7bebb99922718.txt"


def corpus() -> list[tuple[str, list[str]]]:
    rows = []
    for line in CORPUS.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            sentence, expected = line.split("\t")
            rows.append((sentence, [] if expected == "none" else expected.split(",")))
    return rows


def test_corpus_is_big_enough():
    rows = corpus()
    assert len(rows) >= 60 and sum(not expected for _, expected in rows) >= 15


def test_precision_is_100_percent_and_recall_is_reported(capsys):
    reported = right = expected_total = 0
    wrong = []
    for sentence, expected in corpus():
        found = [c.verdict for c in check_text(sentence)]
        reported += len(found)
        expected_total += len(expected)
        matched = sum(a == b for a, b in zip(found, expected, strict=False))
        right += matched
        if found != expected:
            wrong.append((sentence, expected, found))
    precision = right / reported if reported else 1.0
    recall = right / expected_total
    with capsys.disabled():
        print(f"\nclaims corpus: precision {precision:.1%}, recall {recall:.1%} ({right}/{expected_total})")
    assert not [
        w for w in wrong if len(w[2]) > len(w[1]) or any(a != b for a, b in zip(w[2], w[1], strict=False))
    ], wrong
    assert precision == 1.0


@pytest.mark.parametrize(
    ("sentence", "stated", "note"),
    [
        ("It rose from 30% to 36%, an increase of 6%.", "up 6%", "probably meant 6 percentage points"),
        ("It doubled from 2 to 6.", "doubled", "the figures give ×3.00, not ×2"),
    ],
)
def test_notes_say_what_the_figures_give(sentence, stated, note):
    (claim,) = check_text(sentence)
    assert claim.stated == stated and note in claim.note


@pytest.mark.skipif(not SEED.exists(), reason="the seed documents are beside the repository")
def test_acceptance_on_the_jingmen_seed():
    result = invoke("check", str(SEED), "-f", "csv")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    inconsistent = [line for line in lines if ",inconsistent," in line]
    assert len(inconsistent) == 2 and all("from 2 to 6" in line for line in inconsistent)
    assert any("from 5.45% to 16%" in line and ",info," in line for line in lines)


def test_check_exit_codes(write_csv):
    clean = invoke("check", write_csv("Sales rose from 200 to 250 units, up 25%.\n", "ok.txt"), "-f", "csv")
    assert clean.exit_code == 0 and clean.stdout.splitlines()[1].endswith(",consistent,")
    html = write_csv("<p>Output <b>doubled</b> from 2 to 6.</p>", "page.html")
    assert invoke("check", html, "-f", "csv").exit_code == 1
    missing = invoke("check", "no-such-report.txt")
    assert (missing.exit_code, missing.stdout) == (2, "")
    binary = invoke("check", write_csv(b"\x00\x01", "x.bin"))
    assert binary.exit_code == 2 and "binary data" in binary.stderr
