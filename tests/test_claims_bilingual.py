"""`indcalc check` against the bilingual corpus (issue 17): precision 100%, recall >= 95% per language.

Each row of tests/fixtures/claims_corpus_bilingual.tsv gives a sentence's language, the sentence and the
verdicts of its claims in order, worked by hand in claims_corpus_bilingual.md. A claim found counts as
right when its verdict is the one expected at its place; precision is right / found, recall right /
expected, both per language.
"""

import bisect
from collections.abc import Callable
from pathlib import Path

import pytest

from indcalc import report_text
from indcalc.claims import Claim, check_lines, check_text
from tests.conftest import invoke
from tests.test_claims import scores as claims_scores

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
    return claims_scores(
        ((sentence, expected) for row_lang, sentence, expected in corpus() if row_lang == lang), check
    )


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


# sentence -> every claim found, as (claim, stated, computed, verdict, note), worked by hand
VERDICTS = [
    # a fall stated in points keeps its sign: 62.5 - 63.4 = -0.9 pp, not -0.6 (once judged consistent)
    ("Labour force participation slipped from 63.4% to 62.5%, down 0.6 percentage points.",
     [("from 63.4% to 62.5%", "down 0.6 pp", "×0.99, -1.42%, -0.90 pp", "inconsistent",
       "the figures give -0.90 pp")]),
    # 增长2倍 is x3: 3 -> 6 is x2
    ("全市国家级高新技术企业由3家增加到6家，增长2倍。",
     [("由3家增加到6家", "×3", "×2.00, +100.00%", "inconsistent", "增长2倍 is ×3: the figures give ×2.00")]),
    ("全市营业收入超百亿元企业由2家增加到6家，增长2倍。",
     [("由2家增加到6家", "×3", "×3.00, +200.00%", "consistent", "增长2倍 is ×3")]),
    # (1236.8 / 850.6) ** (1 / 5) - 1 = 7.774%: a CAGR over 2020 to 2025, 5 years
    ("全市地区生产总值由2020年的850.6亿元增加到2025年的1236.8亿元，年均增长7.8%。",
     [("由2020年的850.6亿元增加到2025年的1236.8亿元", "7.8% a year", "×1.45, +45.40%", "consistent",
       "average annual growth over 5 years: the figures give +7.77% a year")]),
    # 95.4 / 86.2 - 1 = 10.67%: not more than 15%
    ("全市软件业务收入由86.2亿元增加到95.4亿元，增长超过15%。",
     [("由86.2亿元增加到95.4亿元", "up more than 15%", "×1.11, +10.67%", "inconsistent",
       "the figures give +10.67%, not more than 15%")]),
    # 28.5 / 9.6 = x2.97: nearly x3 (增长近2倍)
    ("全市快递业务收入由9.6亿元增加到28.5亿元，增长近2倍。",
     [("由9.6亿元增加到28.5亿元", "nearly ×3", "×2.97, +196.88%", "consistent", "增长2倍 is ×3")]),
    # 89,000 / 41,000 = x2.17: more than doubled, not nearly
    ("Hotel bookings nearly doubled, from 41,000 to 89,000.",
     [("from 41,000 to 89,000", "nearly doubled", "×2.17, +117.07%", "inconsistent",
       "the figures give ×2.17, not just under ×2")]),
    # 1.15..1.25 -> 1.45..1.55 allows +16.0% to +34.8%: 20% fits only through the rounding
    ("Sales rose from 1.2 million to 1.5 million units, up 20%.",
     [("from 1.2 million to 1.5 million units", "up 20%", "×1.25, +25.00%", "consistent",
       "1.2 million and 1.5 million units may be rounded: 16.0%-34.8% (exactly +25.00%)")]),
    # the 8.5% names its own subject: not said of the share
    ("全市规上工业增加值同比增长8.5%，高技术制造业占比由25.9%提高到43.9%。",
     [("由25.9%提高到43.9%", "", "×1.69, +69.50%, +18.00 pp", "info", "")]),
    # base = 560.2 - 61.8 = 498.4; 61.8 / 498.4 = 12.40%
    ("全年全市实现地区生产总值560.2亿元，比上年增加61.8亿元，增长12.4%。",
     [("560.2亿元，比上年增加61.8亿元，增长12.4%", "up 12.4%", "×1.12, +12.40%", "consistent", "")]),
    # (6.6 - 5.8) x 100 = 80 basis points
    ("The office vacancy rate rose from 5.8% to 6.6%, up 8 basis points.",
     [("from 5.8% to 6.6%", "up 8 bp", "×1.14, +13.79%, +0.80 pp", "inconsistent", "the figures give +80.00 bp")]),
    # 186.5 / 172.4 - 1 = 8.18%
    ("Exports were RMB186.5 billion, up 9.8% on RMB172.4 billion in 2023.",
     [("RMB186.5 billion, up 9.8% on RMB172.4 billion", "up 9.8%", "×1.08, +8.18%", "inconsistent",
       "the figures give +8.18%")]),
    # 7.6 - 6.2 = 1.4 pp, not 2.4
    ("全市规模以上工业增加值增长7.6%，增速比上年（6.2%）提高2.4个百分点。",
     [("7.6%，增速比上年（6.2%）提高2.4个百分点", "up 2.4 pp", "×1.23, +22.58%, +1.40 pp", "inconsistent",
       "the figures give +1.40 pp")]),
    # base = 512.3 - 8.6 = 503.7; 8.6 / 503.7 = 1.71% (the 8.6万吨 is the increase, never a level)
    ("全年粮食总产量512.3万吨，比上年增产8.6万吨，增长1.7%。",
     [("512.3万吨，比上年增产8.6万吨，增长1.7%", "up 1.7%", "×1.02, +1.71%", "consistent", "")]),
    # months are not figures that moved
    ("从1月到4月，销售额增长了12%。", []),
    # 516.2 / 500 = 103.24%
    ("全年完成固定资产投资516.2亿元，为年度目标500亿元的103.2%。",
     [("516.2亿元，为年度目标500亿元的103.2%", "103.2% of", "×1.03, +3.24%", "consistent", "")]),
    # the 4.1% has no level and its own subject; 54.6 - 53.3 = 1.3 pp
    ("Total output grew 4.1%, and the services share rose to 54.6% from 53.3%, up 1.3 percentage points.",
     [("to 54.6% from 53.3%", "up 1.3 pp", "×1.02, +2.44%, +1.30 pp", "consistent", "")]),
]  # fmt: skip


@pytest.mark.parametrize(("sentence", "expected"), VERDICTS)
def test_claims_are_read_and_judged_as_worked_by_hand(sentence, expected):
    assert [(c.claim, c.stated, c.computed, c.verdict, c.note) for c in check_text(sentence)] == expected


# a change against a year named (比2022年增加), and a base named with its year (比1952年的461亿元): each
# sentence -> every claim found, as (claim, stated, computed, verdict, note), worked by hand
AGAINST_A_YEAR = [
    # base = 85.2 - 12.3 = 72.9; 12.3 / 72.9 = 16.87% (比2022年 was read as no change's: nothing found)
    ("2023年产量85.2亿元，比2022年增加12.3亿元，增长16.9%。",
     [("85.2亿元，比2022年增加12.3亿元，增长16.9%", "up 16.9%", "×1.17, +16.87%", "consistent", "")]),
    ("2023年产量85.2亿元，比2022年增加12.3亿元，增长26.9%。",
     [("85.2亿元，比2022年增加12.3亿元，增长26.9%", "up 26.9%", "×1.17, +16.87%", "inconsistent",
       "the figures give +16.87%")]),
    # a decrease added back: 12.3 / 97.5 = 12.62%
    ("2023年产量85.2亿元，比2022年减少12.3亿元，下降12.6%。",
     [("85.2亿元，比2022年减少12.3亿元，下降12.6%", "down 12.6%", "×0.87, -12.62%", "consistent", "")]),
    ("2023年末存款余额85.2亿元，较2022年末增加12.3亿元，增长16.9%。",
     [("85.2亿元，较2022年末增加12.3亿元，增长16.9%", "up 16.9%", "×1.17, +16.87%", "consistent", "")]),
    # a level with its growth on a year named: 85.2 / 1.169 = 72.88
    ("2023年产量85.2亿元，比2022年增长16.9%。",
     [("85.2亿元，比2022年增长16.9%", "up 16.9%", "implied base 72.88亿元", "info", "")]),
    # the base after 的, quoted with its unit (it was 461亿): 85000 / 461 = x184.38, and 增长183倍 is x184
    ("全年国内生产总值达到8.5万亿元，比1952年的461亿元增长183倍。",
     [("8.5万亿元，比1952年的461亿元", "×184", "×184.38, +18338.18%", "consistent", "增长183倍 is ×184")]),
    ("全年国内生产总值达到2000亿元，比2012年的1500亿元增长43.3%。",  # 2000 / 1500 = +33.33%
     [("2000亿元，比2012年的1500亿元", "up 43.3%", "×1.33, +33.33%", "inconsistent", "the figures give +33.33%")]),
    # yuan and US dollars are not one figure that moved (+33.33% was judged against the 50%)
    ("全年进出口总额2000亿元，比2012年的1500亿美元增长50%。", []),
    # two bases of one level: 6.95 / 3.05 = x2.28 (增长1.28倍), 6.95 / 1.64 = x4.24 (增长3.24倍); the second
    # was judged with 1.3倍 for its level (x0.79) and the first lost its 增长1.3倍
    ("全年粮食产量6.95亿吨，比1978年的3.05亿吨增长1.3倍，比1952年的1.64亿吨增长3.2倍。",
     [("6.95亿吨，比1978年的3.05亿吨", "×2.3", "×2.28, +127.87%", "consistent", "增长1.3倍 is ×2.3"),
      ("6.95亿吨，…比1952年的1.64亿吨", "×4.2", "×4.24, +323.78%", "consistent", "增长3.2倍 is ×4.2")]),
    ("全年粮食产量6.95亿吨，比1978年的3.05亿吨增长1.3倍，比1952年的1.64亿吨增长5.2倍。",
     [("6.95亿吨，比1978年的3.05亿吨", "×2.3", "×2.28, +127.87%", "consistent", "增长1.3倍 is ×2.3"),
      ("6.95亿吨，…比1952年的1.64亿吨", "×6.2", "×4.24, +323.78%", "inconsistent",
       "增长5.2倍 is ×6.2: the figures give ×4.24")]),
    # the same in rates (the second was missed); and after a base of last year
    ("全年粮食产量6.95亿吨，比1978年的3.05亿吨增长127.9%，比1952年的1.64亿吨增长323.8%。",
     [("6.95亿吨，比1978年的3.05亿吨", "up 127.9%", "×2.28, +127.87%", "consistent", ""),
      ("6.95亿吨，…比1952年的1.64亿吨", "up 323.8%", "×4.24, +323.78%", "consistent", "")]),
    ("全年粮食产量6.95亿吨，比上年的6.87亿吨增长1.2%，比1952年的1.64亿吨增长3.2倍。",
     [("6.95亿吨，比上年的6.87亿吨", "up 1.2%", "×1.01, +1.16%", "consistent", ""),
      ("6.95亿吨，…比1952年的1.64亿吨", "×4.2", "×4.24, +323.78%", "consistent", "增长3.2倍 is ×4.2")]),
    # a share's two bases: 38.6 - 30.1 = 8.5 pp (3.4个百分点 was taken for a level: -26.70 pp)
    ("占比38.6%，比2020年的35.2%提高3.4个百分点，比2015年的30.1%提高8.5个百分点。",
     [("38.6%，比2020年的35.2%", "up 3.4 pp", "×1.10, +9.66%, +3.40 pp", "consistent", ""),
      ("38.6%，…比2015年的30.1%", "up 8.5 pp", "×1.28, +28.24%, +8.50 pp", "consistent", "")]),
    # a second base in another unit is not of the level: not judged
    ("全年粮食产量6.95亿吨，比1978年的3.05亿吨增长1.3倍，比1952年的1.64亿美元增长3.2倍。",
     [("6.95亿吨，比1978年的3.05亿吨", "×2.3", "×2.28, +127.87%", "consistent", "增长1.3倍 is ×2.3")]),
]  # fmt: skip


@pytest.mark.parametrize(("sentence", "expected"), AGAINST_A_YEAR)
def test_a_change_against_a_year_named_and_a_base_named_with_its_year_are_judged(sentence, expected):
    """ "比2022年增加12.3亿元，增长16.9%" was missed (only 比上年 was read before a change); "比1952年的461亿元"
    was quoted as 461亿, and a base in another currency was compared; a second base of one level
    (…增长1.3倍，比1952年的1.64亿吨增长3.2倍) was judged with 1.3倍 for its level."""
    assert [(c.claim, c.stated, c.computed, c.verdict, c.note) for c in check_text(sentence)] == expected


# A bulletin paragraph in the style of 统计公报, several claims to a line; one error planted: 23960 / 22180
# is +8.03%, not 9.0%. Every other claim holds: 118.2 / (2350.6 - 118.2) = 5.29%, 1142.8 / 1060.4 = +7.77%,
# 48.6 - 47.5 = 1.1 pp, 47860 / 45210 = +5.86%, 820 / 410 = x2, 2 ** (1 / 5) = +14.87% a year; the 6.2%
# has no level and 第3位 is a rank.
BULLETIN = (
    "全年全市实现地区生产总值2350.6亿元，比上年增加118.2亿元，增长5.3%；其中，第三产业增加值由1060.4亿元增加到"
    "1142.8亿元，增长7.8%，占地区生产总值比重由47.5%提高到48.6%，提高1.1个百分点。城镇居民人均可支配收入由45210元"
    "增加到47860元，增长5.9%；农村居民人均可支配收入由22180元增加到23960元，增长9.0%。全市高新技术企业由2020年的"
    "410家增加到2025年的820家，翻了一番，年均增长14.9%。全年规模以上工业增加值增长6.2%，居全省第3位。\n"
)


def test_a_bulletin_paragraph_gets_exactly_its_planted_error_flagged():
    result = invoke("check", "-", "-f", "csv", input=BULLETIN)
    rows = [line.split(",") for line in result.stdout.splitlines()[1:]]
    assert result.exit_code == 1 and len(rows) == 7
    flagged = [line for line in result.stdout.splitlines() if ",inconsistent," in line]
    assert flagged == [
        '1,由22180元增加到23960元,up 9.0%,"×1.08, +8.03%",inconsistent,the figures give +8.03%'
    ]


def _chinese(character: str) -> bool:
    return "\u4e00" <= character <= "\u9fff" or character in "，、：；（）《》“”"


def copied_out_of_a_pdf(text: str, width: int, spaced: bool) -> tuple[list[str], list[int]]:
    """`text` as its lines come out of a PDF: broken after about every `width` characters, at the first
    place after them between two Chinese characters (where a browser or a PDF viewer may break it),
    with `spaced` a space at the end of each line, the next indented with an ideographic space, and a
    space after each full-width comma; the lines, and where in `text` each but the first starts."""
    lines, starts, start = [], [], 0
    for i in range(1, len(text)):
        if i - start >= width and _chinese(text[i - 1]) and _chinese(text[i]):
            lines.append(text[start:i])
            starts.append(i)
            start = i
    lines.append(text[start:])
    if spaced:
        lines = [f"{'　' if i else ''}{line.replace('，', '， ')} " for i, line in enumerate(lines)]
    return lines, starts


def _unplaced(claim: Claim) -> tuple[str, ...]:
    return claim.claim, claim.stated, claim.computed, claim.verdict, claim.note


CHINESE = [sentence for lang, sentence, _ in corpus() if lang == "zh"] + [
    sentence for sentence, _ in VERDICTS if not sentence.isascii()
]


@pytest.mark.parametrize("spaced", [False, True], ids=["broken", "broken-and-spaced"])
@pytest.mark.parametrize("width", [4, 9])
def test_chinese_sentences_broken_over_lines_give_the_claims_they_give_whole(width, spaced):
    """Text copied out of a PDF or a web page breaks lines between two Chinese characters ("比上年" /
    "增长") and may put spaces there or after a full-width comma ("， 比上年"): each broke the patterns,
    and the claim was lost. Chinese has no spaces between words: the lines are joined and the spaces
    left out, so every sentence of the corpora gives the claims it gives whole, each on the line of the
    text where it starts."""
    broken = 0
    for sentence in CHINESE:
        lines, starts = copied_out_of_a_pdf(sentence, width, spaced)
        broken += len(lines) > 1
        whole = check_text(sentence)
        found = check_lines(lines)
        assert [_unplaced(c) for c in found] == [_unplaced(c) for c in whole], lines
        where = [sentence.find(c.claim) for c in whole]
        assert -1 not in where, [c.claim for c in whole]
        assert [c.line for c in found] == [1 + bisect.bisect_right(starts, at) for at in where], lines
    assert broken > 100  # the test breaks most sentences, many of them inside a claim


@pytest.mark.parametrize(
    ("lines", "joined"),
    [
        (["比上年", "增长10%"], [("比上年增长10%", (3,)), ("", ())]),
        (["油料产量增速，", "增产1.3%"], [("油料产量增速，增产1.3%", (7,)), ("", ())]),
        (["产量比上年 ", "　　增长10%"], [("产量比上年增长10%", (5,)), ("", ())]),  # spaces at the break
        (["由2亿元", "增加到", "4亿元"], [("由2亿元增加到", (4,)), ("", ()), ("4亿元", ())]),
        (["全年产量65.2万吨， 比上年增产1.3万吨"], [("全年产量65.2万吨，比上年增产1.3万吨", ())]),
        (["中 文 字 ， 比上年"], [("中文字，比上年", ())]),
        # kept: after the end of a sentence, beside a digit or Latin letters, English
        (["增长10%。", "全市"], [("增长10%。", ()), ("全市", ())]),
        (["比上年增长", "10%"], [("比上年增长", ()), ("10%", ())]),
        (["增长 10%", "GDP 增长"], [("增长 10%", ()), ("GDP 增长", ())]),
        (["Sales rose", "from 2 to 4"], [("Sales rose", ()), ("from 2 to 4", ())]),
        (["Sales  rose 5 %"], [("Sales  rose 5 %", ())]),
    ],
)
def test_lines_are_joined_and_spaces_left_out_between_chinese_characters_only(lines, joined):
    assert list(report_text.joined_lines(lines)) == joined


# as a bulletin's text comes out of a PDF: the lines break where the page ended, a space after a comma
COPIED = (
    "全年粮食总产量65.2万吨，比上年\n"
    "增产1.3万吨，增长2.0%。全市规模以上工业\n"
    "增加值由850.6亿元增加到1236.8亿元， 比上年增长45.4%。油料产量12.5万吨，\n"
    "增长3.3%。\n"
    "Sales rose from\n"
    "100 to 120, up 20%.\n"
)


@pytest.mark.parametrize(
    ("report", "expected"),
    [
        (
            COPIED,
            [
                '1,65.2万吨，比上年增产1.3万吨，增长2.0%,up 2.0%,"×1.02, +2.03%",consistent,',
                '3,由850.6亿元增加到1236.8亿元,up 45.4%,"×1.45, +45.40%",consistent,',
                "3,12.5万吨，增长3.3%,up 3.3%,implied base 12.1万吨,info,",
                '6,"120, up 20%",up 20%,implied base 100,info,',  # English lines are not joined
            ],
        ),
        (  # a web page's line ends are spaces, between Chinese characters left out
            "<html><body><p>" + COPIED.replace("。全市", "。</p><p>全市").replace("Sales", "</p><p>Sales"),
            [
                '1,65.2万吨，比上年增产1.3万吨，增长2.0%,up 2.0%,"×1.02, +2.03%",consistent,',
                '2,由850.6亿元增加到1236.8亿元,up 45.4%,"×1.45, +45.40%",consistent,',
                "2,12.5万吨，增长3.3%,up 3.3%,implied base 12.1万吨,info,",
                '3,from 100 to 120,up 20%,"×1.20, +20.00%",consistent,',
            ],
        ),
    ],
    ids=["text", "web-page"],
)
def test_a_report_copied_out_of_a_pdf_gives_each_claim_on_the_line_it_starts(report, expected):
    result = invoke("check", "-", "-f", "csv", input=report)
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout.splitlines() == ["line,claim,stated,computed,verdict,note", *expected]
