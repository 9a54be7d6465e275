"""Register-side romanisation lattice against Latin names as foreign records write them.

Each case: a register name in Han characters, an application name as a foreign officer
wrote it, and whether the application's keys intersect the register's lattice.
"""

from __future__ import annotations

import pytest

from readmit.identity.latin import latin_name_keys
from readmit.identity.romanise import SCHEMES, NameKey, han_name_keys, pinyin_syllables
from readmit.identity.romanise_tables import (
    COMPOUND_SURNAMES,
    PINYIN_SYLLABLES,
    WADE_GILES,
    wade_giles,
)

MATCH, NO_MATCH = True, False

CASES = [
    # (case id, register family, register given, application family, application given, match)
    ("zhang wei: passport pinyin", "张", "伟", "ZHANG", "WEI", MATCH),
    ("zhang wei: Wade-Giles", "张", "伟", "Chang", "Wei", MATCH),
    ("zhang wei: Hong Kong Cantonese", "张", "伟", "CHEUNG", "WAI", MATCH),
    ("zhang wei: Teochew surname, pinyin given", "张", "伟", "Teo", "Wei", MATCH),
    ("zhang wei: Hakka surname, pinyin given", "张", "伟", "CHONG", "WEI", MATCH),
    ("zhang wei: order swapped", "张", "伟", "WEI", "ZHANG", MATCH),
    ("zhang wei: 'Zhang, Wei' in one field", "张", "伟", "Zhang, Wei", "", MATCH),
    ("zhang wei: whole name in the given field", "张", "伟", "", "ZHANG WEI", MATCH),
    ("zhang wei: surname repeated in given", "张", "伟", "ZHANG", "ZHANG WEI", MATCH),
    ("zhang wei: register full name in one field", "张伟", "", "ZHANG", "WEI", MATCH),
    ("zhang wei: traditional characters", "張", "偉", "CHEUNG", "WAI", MATCH),
    ("zhang wei vs zhang wen", "张", "伟", "ZHANG", "WEN", NO_MATCH),
    ("zhang wei vs li wei", "张", "伟", "LI", "WEI", NO_MATCH),
    ("zeng xiaohong: pinyin", "曾", "小红", "ZENG", "XIAOHONG", MATCH),
    ("zeng xiaohong: spaced given", "曾", "小红", "Zeng", "Xiao Hong", MATCH),
    ("zeng xiaohong: hyphenated given", "曾", "小红", "ZENG", "XIAO-HONG", MATCH),
    ("zeng xiaohong: Cantonese", "曾", "小红", "Tsang", "Siu Hung", MATCH),
    ("zeng xiaohong: Wade-Giles", "曾", "小红", "Tseng", "Hsiao-hung", MATCH),
    ("zeng is never ceng", "曾", "小红", "CENG", "XIAOHONG", NO_MATCH),
    ("lü: passport LYU", "吕", "伟", "LYU", "WEI", MATCH),
    ("lü: plain LU", "吕", "伟", "LU", "WEI", MATCH),
    ("lü: LV", "吕", "伟", "LV", "WEI", MATCH),
    ("lü: umlaut kept", "吕", "伟", "Lü", "Wei", MATCH),
    ("lü: German-style LUE", "吕", "伟", "LUE", "WEI", MATCH),
    ("lü: Cantonese", "吕", "伟", "LUI", "WAI", MATCH),
    ("lü with ü in the given name", "吕", "女", "LYU", "NYU", MATCH),
    ("ouyang nana: joined", "欧阳", "娜娜", "OUYANG", "NANA", MATCH),
    ("ouyang nana: spaced", "欧阳", "娜娜", "OU YANG", "NA NA", MATCH),
    ("ouyang nana: all in family field", "欧阳", "娜娜", "OU YANG NA NA", "", MATCH),
    ("ouyang nana: compound split over fields", "欧阳", "娜娜", "OU", "YANG NANA", MATCH),
    ("ouyang nana: Cantonese Au Yeung", "欧阳", "娜娜", "AU YEUNG", "NA NA", MATCH),
    ("ouyang nana: register full name", "欧阳娜娜", "", "OUYANG", "NANA", MATCH),
    ("chen: Hokkien Tan", "陈", "明", "TAN", "MING", MATCH),
    ("chen: Cantonese Chan", "陈", "明", "CHAN", "MING", MATCH),
    ("chen: pinyin", "陈", "明", "CHEN", "MING", MATCH),
    ("chen: Wade-Giles with apostrophe", "陈", "明", "CH'EN", "MING", MATCH),
    ("chen: Fuzhou Ding", "陈", "明", "DING", "MING", MATCH),
    ("chan tai man (HK)", "陳", "大文", "CHAN", "TAI MAN", MATCH),
    ("lin: Hokkien Lim", "林", "明", "LIM", "MING", MATCH),
    ("lin: Cantonese Lam", "林", "明", "LAM", "MING", MATCH),
    ("lin: pinyin", "林", "明", "LIN", "MING", MATCH),
    ("wang: Hokkien Ong", "王", "明", "ONG", "MING", MATCH),
    ("wang: Cantonese Wong", "王", "明", "WONG", "MING", MATCH),
    ("wang: pinyin", "王", "明", "WANG", "MING", MATCH),
    ("huang: Hokkien Ng", "黄", "明", "NG", "MING", MATCH),
    ("zheng: Singapore Tay", "郑", "明", "TAY", "MING", MATCH),
    ("xu 许: Hokkien Khoo is 邱, not 许", "许", "明", "KHOO", "MING", NO_MATCH),
    ("qiu 邱: Hokkien Khoo", "邱", "明", "KHOO", "MING", MATCH),
    ("xu 许: Wade-Giles Hsu", "许", "明", "HSU", "MING", MATCH),
    ("cai: Chua", "蔡", "明", "CHUA", "MING", MATCH),
    ("shan, not dan", "单", "明", "SHAN", "MING", MATCH),
    ("single surname read dan", "单", "明", "DAN", "MING", NO_MATCH),
    ("xie surname", "解", "明", "XIE", "MING", MATCH),
    ("jie is not the surname", "解", "明", "JIE", "MING", NO_MATCH),
    ("ou surname 区", "区", "明", "OU", "MING", MATCH),
    ("qiu surname 仇", "仇", "明", "QIU", "MING", MATCH),
    ("zha surname 查", "查", "明", "ZHA", "MING", MATCH),
    ("piao surname 朴", "朴", "明", "PIAO", "MING", MATCH),
    ("yue surname 乐", "乐", "明", "YUE", "MING", MATCH),
    ("le: the other surname 乐", "乐", "明", "LE", "MING", MATCH),
    ("given-name reading chang of 长", "李", "长江", "LI", "CHANGJIANG", MATCH),
    ("li vs lin", "李", "明", "LIN", "MING", NO_MATCH),
    ("szeto (HK compound)", "司徒", "明", "SZETO", "MING", MATCH),
    ("zhuge: Wade-Giles", "诸葛", "亮", "CHUKO", "LIANG", MATCH),
]


def _match(rf: str, rg: str, af: str, ag: str) -> bool:
    register = {(k.family, k.given) for k in han_name_keys(rf, rg)}
    return bool(register & set(latin_name_keys(af, ag)))


@pytest.mark.parametrize(
    ("rf", "rg", "af", "ag", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_register_lattice_against_application(
    rf: str, rg: str, af: str, ag: str, expected: bool
) -> None:
    assert _match(rf, rg, af, ag) is expected


def test_keys_are_lower_ascii_without_separators_and_pinyin_first() -> None:
    keys = han_name_keys("曾", "小红")
    assert keys[0] == NameKey("zeng", "xiaohong", "pinyin")
    assert NameKey("tseng", "hsiaohung", "wade_giles") in keys
    assert NameKey("tsang", "siuhung", "cantonese") in keys
    for name in ("曾小红", "欧阳娜娜", "吕女", "陳大文", "张伟"):
        for key in han_name_keys(name, ""):
            assert key.scheme in SCHEMES
            for part in (key.family, key.given):
                assert part == part.lower() and part.isascii()
                assert not any(c in part for c in " -'")
    keys = han_name_keys("张", "伟")
    assert len({(k.family, k.given) for k in keys}) == len(keys)


def test_provenance_of_dialect_surnames() -> None:
    schemes = {(k.family, k.scheme) for k in han_name_keys("张", "伟")}
    assert ("teo", "hokkien") in schemes
    assert ("chong", "hakka") in schemes
    assert ("heng", "teochew") in {(k.family, k.scheme) for k in han_name_keys("王", "明")}


def test_u_spellings_passport_first() -> None:
    keys = [(k.family, k.scheme) for k in han_name_keys("吕", "伟")]
    assert keys[:3] == [("lyu", "pinyin"), ("lu", "pinyin"), ("lv", "pinyin")]


def test_limit_cuts_the_tail() -> None:
    assert len(han_name_keys("张", "国华", limit=3)) == 3
    assert han_name_keys("张", "国华", limit=3) == han_name_keys("张", "国华")[:3]


def test_non_han_register_name_is_folded() -> None:
    assert han_name_keys("Müller", "Anna-Lena") == (NameKey("muller", "annalena", "latin"),)
    assert han_name_keys("", "") == ()


def test_pinyin_syllables_default_readings() -> None:
    assert pinyin_syllables("曾小红") == ("ceng", "xiao", "hong")  # per character, no table
    assert pinyin_syllables("吕·A") == ("lv",)


@pytest.mark.parametrize(
    ("pinyin", "wade_giles_form"),
    [("zhang", "chang"), ("zhou", "chou"), ("xu", "hsu"), ("xiao", "hsiao"),
     ("qian", "chien"), ("zeng", "tseng"), ("hong", "hung"), ("si", "ssu"), ("zi", "tzu"),
     ("zhi", "chih"), ("ri", "jih"), ("rong", "jung"), ("guo", "kuo"), ("gui", "kuei"),
     ("duo", "to"), ("shuo", "shuo"), ("xue", "hsueh"), ("jiong", "chiung"), ("ye", "yeh"),
     ("yan", "yen"), ("he", "ho"), ("lv", "lu"), ("er", "erh"), ("cai", "tsai")],
)  # fmt: skip
def test_wade_giles_syllables(pinyin: str, wade_giles_form: str) -> None:
    assert pinyin in PINYIN_SYLLABLES
    assert wade_giles(pinyin) == WADE_GILES[pinyin] == wade_giles_form


def test_compound_surname_table_has_both_scripts() -> None:
    assert COMPOUND_SURNAMES["欧阳"] == COMPOUND_SURNAMES["歐陽"] == ("ou", "yang")
    assert COMPOUND_SURNAMES["尉迟"] == ("yu", "chi")
    assert len(PINYIN_SYLLABLES) > 400
