"""`indcalc check` against the bilingual corpus (issue 17): precision 100%, recall >= 95% per language.

Each row of tests/fixtures/claims_corpus_bilingual.tsv gives a sentence's language, the sentence and the
verdicts of its claims in order, worked by hand in claims_corpus_bilingual.md. A claim found counts as
right when its verdict is the one expected at its place; precision is right / found, recall right /
expected, both per language.
"""

from collections.abc import Callable
from pathlib import Path

import pytest

from indcalc.claims import Claim, check_text

CORPUS = Path(__file__).parent / "fixtures" / "claims_corpus_bilingual.tsv"
LANGUAGES = ("zh", "en")


def corpus() -> list[tuple[str, str, list[str]]]:
    rows = []
    for line in CORPUS.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            lang, sentence, expected = line.split("\t")
            rows.append((lang, sentence, [] if expected == "none" else expected.split(",")))
    return rows


def scores(check: Callable[[str], list[Claim]], lang: str) -> tuple[int, int, int, list]:
    """(claims found, found with the expected verdict, claims expected, sentences not as expected)."""
    found_total = right = expected_total = 0
    wrong = []
    for row_lang, sentence, expected in corpus():
        if row_lang != lang:
            continue
        found = [c.verdict for c in check(sentence)]
        found_total += len(found)
        expected_total += len(expected)
        right += sum(a == b for a, b in zip(found, expected, strict=False))
        if found != expected:
            wrong.append((sentence, expected, found))
    return found_total, right, expected_total, wrong


def test_corpus_is_big_enough():
    rows = corpus()
    assert len(rows) >= 200 and sum(lang == "zh" for lang, _, _ in rows) >= 100
    assert sum(not expected for _, _, expected in rows) >= 40
    for lang in LANGUAGES:  # recall is computed over many claims in each language
        assert sum(len(expected) for row_lang, _, expected in rows if row_lang == lang) >= 100


RECALL = {"zh": 0.95, "en": 0.95}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_precision_is_100_percent_and_recall_at_least_95_percent(lang, capsys):
    found, right, expected, wrong = scores(check_text, lang)
    with capsys.disabled():
        print(f"\nbilingual corpus [{lang}]: {right}/{found} found right, {right}/{expected} expected found")
    # precision: every claim found has the expected verdict (none where none may be found)
    assert found > 0 and right == found, [w for w in wrong if len(w[2]) >= len(w[1])]
    assert right / expected >= RECALL[lang], wrong


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_checker_that_finds_nothing_fails_on_recall(lang):
    found, right, expected, _ = scores(lambda s: [], lang)
    assert found == right == 0 and expected >= 100 and right / expected < RECALL[lang]
