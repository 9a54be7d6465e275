"""Latin-side parsing: folding, application keys, syllable segmentation, similarity."""

from __future__ import annotations

import pytest

from readmit.identity.latin import (
    fold,
    given_similarity,
    latin_name_keys,
    pinyin_split,
    wade_giles_split,
)

FOLD_CASES = [
    ("accents", "José Pérez", "jose perez"),
    ("umlaut", "Lü", "lu"),
    ("CEDICT u:", "lu:", "lu"),
    ("Wade-Giles apostrophe", "Ch'ien", "chien"),
    ("curly apostrophe", "Ch\u2019en", "chen"),
    ("hyphen becomes a space", "Hsiao-hung", "hsiao hung"),
    ("comma and spaces", "  ZHANG ,  Wei ", "zhang wei"),
    ("sharp s", "Strauß", "strauss"),
    ("dots", "Ma. de los Ángeles", "ma de los angeles"),
    ("non-Latin letters dropped", "Zhang 张", "zhang"),
]


@pytest.mark.parametrize(
    ("text", "folded"), [c[1:] for c in FOLD_CASES], ids=[c[0] for c in FOLD_CASES]
)
def test_fold(text: str, folded: str) -> None:
    assert fold(text) == folded


KEY_CASES = [
    ("as written, given joined", "ZENG", "XIAO HONG", ("zeng", "xiaohong")),
    ("hyphenated given", "Tseng", "Hsiao-hung", ("tseng", "hsiaohung")),
    ("swapped order", "WEI", "ZHANG", ("zhang", "wei")),
    ("whole name in family field", "ZHANG WEI", "", ("zhang", "wei")),
    ("whole name, western order", "WEI ZHANG", "", ("zhang", "wei")),
    ("whole name in given field", "", "ZHANG WEI", ("zhang", "wei")),
    ("comma-separated whole name", "Zhang, Wei", "", ("zhang", "wei")),
    ("surname repeated in given", "ZHANG", "ZHANG WEI", ("zhang", "wei")),
    ("compound surname spaced", "OU YANG", "NA NA", ("ouyang", "nana")),
    ("compound surname in one field", "OU YANG NA NA", "", ("ouyang", "nana")),
    ("compound over both fields", "OU", "YANG NANA", ("ouyang", "nana")),
    ("compound surname last", "NA NA OU YANG", "", ("ouyang", "nana")),
    ("Cantonese compound", "AU YEUNG", "NA NA", ("auyeung", "nana")),
    ("German-style ue", "LUE", "WEI", ("lu", "wei")),
]


@pytest.mark.parametrize(
    ("family", "given", "key"), [c[1:] for c in KEY_CASES], ids=[c[0] for c in KEY_CASES]
)
def test_latin_name_keys(family: str, given: str, key: tuple[str, str]) -> None:
    assert key in latin_name_keys(family, given)


def test_latin_name_keys_as_written_first_and_deduplicated() -> None:
    keys = latin_name_keys("Zeng", "Xiao Hong")
    assert keys[0] == ("zeng", "xiaohong")
    assert ("xiaohong", "zeng") in keys
    assert len(set(keys)) == len(keys)
    assert latin_name_keys("", "") == ()


SPLIT_CASES = [
    ("two syllables", "xiaohong", ("xiao", "hong")),
    ("longest first with backtracking", "zhangan", ("zhang", "an")),
    ("one syllable", "wei", ("wei",)),
    ("passport ü", "lyuyang", ("lyu", "yang")),
    ("v for ü", "lvyang", ("lv", "yang")),
    ("three syllables", "zhuangjianguo", ("zhuang", "jian", "guo")),
    ("Wade-Giles is not pinyin", "hsiaohung", None),
    ("English name", "michael", None),
    ("Cantonese", "siuhung", None),
    ("empty", "", None),
]


@pytest.mark.parametrize(
    ("token", "syllables"), [c[1:] for c in SPLIT_CASES], ids=[c[0] for c in SPLIT_CASES]
)
def test_pinyin_split(token: str, syllables: tuple[str, ...] | None) -> None:
    assert pinyin_split(token) == syllables


WG_SPLIT_CASES = [
    ("hsiao-hung", "hsiaohung", ("hsiao", "hung")),
    ("chien-kuo", "chienkuo", ("chien", "kuo")),
    ("tzu-chiang", "tzuchiang", ("tzu", "chiang")),
    ("szu (ssu variant)", "szuma", ("szu", "ma")),
    ("pinyin x is not Wade-Giles", "xiaohong", None),
]


@pytest.mark.parametrize(
    ("token", "syllables"), [c[1:] for c in WG_SPLIT_CASES], ids=[c[0] for c in WG_SPLIT_CASES]
)
def test_wade_giles_split(token: str, syllables: tuple[str, ...] | None) -> None:
    assert wade_giles_split(token) == syllables


SIMILARITY_CASES = [
    # (case, a, b, low, high)
    ("identical", "wei", "wei", 1.0, 1.0),
    ("spacing and case only", "Xiao Hong", "xiaohong", 1.0, 1.0),
    ("Wade-Giles vs pinyin", "hsiaohung", "xiaohong", 0.9, 0.95),
    ("Wade-Giles chien-kuo vs jianguo", "chienkuo", "jianguo", 0.9, 0.95),
    ("ü spellings", "lyuyang", "lvyang", 0.9, 0.95),
    ("-n / -ng", "xiaoming", "xiaomin", 0.8, 0.9),
    ("z / zh", "zhiqiang", "ziqiang", 0.8, 0.9),
    ("one syllable missing", "xiaohong", "hong", 0.45, 0.55),
    ("one of two syllables different", "jianguo", "jianhua", 0.5, 0.7),
    ("different single syllable", "wei", "wen", 0.0, 0.45),
    ("unrelated", "xiaoming", "jianguo", 0.0, 0.3),
    ("Cantonese vs pinyin (letters only)", "siuhung", "xiaohong", 0.0, 0.5),
    ("empty", "", "wei", 0.0, 0.0),
]


@pytest.mark.parametrize(
    ("a", "b", "low", "high"),
    [c[1:] for c in SIMILARITY_CASES],
    ids=[c[0] for c in SIMILARITY_CASES],
)
def test_given_similarity_range(a: str, b: str, low: float, high: float) -> None:
    score = given_similarity(a, b)
    assert low <= score <= high
    assert given_similarity(b, a) == score


ORDERINGS = [
    # each tuple: (reference, closer, further)
    ("xiaohong", "hsiaohung", "xiaohun"),
    ("xiaoming", "xiaomin", "jianguo"),
    ("xiaoming", "xiaomin", "xiaohong"),
    ("wei", "wei", "wen"),
    ("jianguo", "chienkuo", "jianhua"),
    ("zhiqiang", "chihchiang", "zhiyong"),
]


@pytest.mark.parametrize(
    ("ref", "closer", "further"), ORDERINGS, ids=[f"{o[0]}:{o[1]}>{o[2]}" for o in ORDERINGS]
)
def test_given_similarity_ordering(ref: str, closer: str, further: str) -> None:
    assert given_similarity(ref, closer) > given_similarity(ref, further)
