"""China's division codes (GB/T 2260, as shipped in python-stdnum's cn/loc.dat) and birthplaces.

A code is only used for a person born in a year when the code existed that year, because a
resident ID embeds it and ``stdnum.cn.ric`` checks it against the birth year. Birthplace text
is what a foreign officer writes: county, prefecture or province, in pinyin (with or without
Shi/County/City/Province), sometimes an older postal spelling or the Han characters copied from
a document, occasionally misspelt.
"""

from __future__ import annotations

import functools
import re
from importlib import resources
from random import Random

from pypinyin import Style, lazy_pinyin

from readmit.synth.independent.chn_data import POSTAL_CITIES, PROVINCES
from readmit.synth.independent.common import Sampler, letter_typo, pick

# Entries that are administrative placeholders, not places anyone is born in.
_PLACEHOLDERS = {
    "市辖区", "市区", "郊区", "县", "矿区", "省直辖县级行政区划", "自治区直辖县级行政区划",
}  # fmt: skip
_SEGMENT = re.compile(r"^\[(\d*)-(\d*)\](.*)$")
# Ethnic names in autonomous-county names (长阳土家族自治县 → 长阳): stripped from text.
_ETHNIC = [
    "各", "蒙古", "回", "藏", "维吾尔", "苗", "彝", "壮", "布依", "朝鲜", "满", "侗",
    "瑶", "白", "土家", "哈尼", "哈萨克", "傣", "黎", "傈僳", "佤", "畲", "拉祜", "水",
    "东乡", "纳西", "景颇", "柯尔克孜", "土", "达斡尔", "仫佬", "羌", "布朗", "撒拉",
    "毛南", "仡佬", "锡伯", "阿昌", "普米", "塔吉克", "怒", "鄂温克", "德昂", "保安",
    "裕固", "京", "独龙", "鄂伦春", "赫哲",
]  # fmt: skip
_SUFFIXES = (
    "自治县", "自治州", "自治旗", "地区", "林区", "特区", "新区",
    "市", "县", "区", "旗", "盟", "州",
)  # fmt: skip


Segment = tuple[int, int, str]


@functools.cache
def divisions() -> dict[str, list[Segment]]:
    """Every 6-digit code with its (first year, last year, name) segments."""
    text = (resources.files("stdnum") / "cn" / "loc.dat").read_text(encoding="utf-8")
    codes: dict[str, list[Segment]] = {}
    province = ""
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        if not line.startswith(" "):
            province = line[:2]
            continue
        code4, _, rest = line.strip().partition(" ")
        value = rest.split("=", 1)[1].strip().strip('"')
        segments: list[Segment] = []
        for part in value.split(","):
            m = _SEGMENT.match(part)
            if m:
                start = int(m.group(1)) if m.group(1) else 0
                end = int(m.group(2)) if m.group(2) else 9999
                segments.append((start, end, m.group(3)))
            else:
                segments.append((0, 9999, part))
        codes[province + code4] = segments
    return codes


def name_in(code: str, year: int) -> str | None:
    """The code's name in ``year`` (None when the code did not exist then)."""
    for start, end, name in divisions().get(code, []):
        if start <= year <= end:
            return name
    return None


def latest_name(code: str) -> str:
    """The code's most recent name (what people say today)."""
    segments = divisions().get(code, [])
    return max(segments)[2] if segments else ""


@functools.cache
def _birth_codes(province: str) -> list[tuple[str, int, int]]:
    """County-level codes of a province usable as birthplaces, with their validity span."""
    out = []
    for code, segments in divisions().items():
        if code[:2] != province or code.endswith("00"):
            continue
        for start, end, name in segments:
            if name not in _PLACEHOLDERS:
                out.append((code, start, end))
    return out


@functools.cache
def codes_in(province: str, year: int) -> tuple[str, ...]:
    """Birthplace codes of a province that existed in ``year``."""
    return tuple(sorted({c for c, s, e in _birth_codes(province) if s <= year <= e}))


_PROVINCE_SAMPLER = Sampler(list(PROVINCES), [p[2] for p in PROVINCES.values()])


def sample_birthplace(rng: Random, year: int) -> str:
    """A county-level code: province by population, then a county that existed that year."""
    for _ in range(50):
        codes = codes_in(_PROVINCE_SAMPLER.draw(rng), year)
        if codes:
            return rng.choice(codes)
    raise ValueError(f"no division code exists for {year}")


def same_place(rng: Random, code: str, year: int) -> str:
    """The code for the same place in another year (a sibling born after a re-division)."""
    if name_in(code, year) not in (None, *_PLACEHOLDERS):
        return code
    base = base_name(latest_name(code))
    existing = codes_in(code[:2], year)
    named = [c for c in existing if base_name(latest_name(c)) == base]
    same_prefecture = [c for c in existing if c.startswith(code[:4])]
    candidates = named or same_prefecture or list(existing)
    return rng.choice(candidates) if candidates else sample_birthplace(rng, year)


def base_name(name: str) -> str:
    """福清市 → 福清, 长阳土家族自治县 → 长阳 (two characters are always kept)."""
    for suffix in _SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            name = name[: -len(suffix)]
            break
    changed = True
    while changed:
        changed = False
        for ethnic in _ETHNIC:
            tail = ethnic + "族"
            if name.endswith(tail) and len(name) - len(tail) >= 2:
                name, changed = name[: -len(tail)], True
    return name


# pypinyin's defaults that are wrong in place names (checked: 朝阳 → zhaoyang, 长治 → zhangzhi,
# 都匀 → douyun, 单县 → danxian): 长 is chang, 都 du, 朝 chao in place names, and a few whole
# names have their own reading.
_PLACE_CHARS = {"长": "chang", "都": "du", "朝": "chao"}
_PLACE_NAMES = {
    "单县": ["shan", "xian"],
    "涡阳": ["guo", "yang"],
    "洪洞": ["hong", "tong"],
    "浚县": ["xun", "xian"],
    "繁峙": ["fan", "shi"],
    "六安": ["lu", "an"],
}


@functools.cache
def romanised(name: str) -> str:
    """Pinyin of a place name, capitalised, with an apostrophe before a, o, e (Xi'an)."""
    base = base_name(name)
    syllables = _PLACE_NAMES.get(base)
    if syllables is None:
        syllables = lazy_pinyin(base, style=Style.NORMAL)
        if len(syllables) == len(base):  # one syllable per character: apply the char fixes
            syllables = [_PLACE_CHARS.get(ch, syl) for ch, syl in zip(base, syllables, strict=True)]
    text = syllables[0] if syllables else ""
    for s in syllables[1:]:
        text += ("'" if s[:1] in "aoe" else "") + s
    return text.replace("v", "u").capitalize()


def prefecture_of(code: str) -> str | None:
    """The prefecture's name, or None for a municipality's districts (Beijing, Shanghai…)."""
    name = latest_name(code[:4] + "00")
    return None if not name or name in _PLACEHOLDERS else name


def _kind_word(name: str) -> tuple[str, str]:
    """Pinyin suffix word and English word for a county-level name (市 → Shi/City)."""
    if name.endswith("市"):
        return "Shi", "City"
    if name.endswith("县"):
        return "Xian", "County"
    if name.endswith("区"):
        return "Qu", "District"
    return "", ""


def birthplace_text(rng: Random, code: str) -> str:
    """Free text a foreign officer writes for a birthplace, at a random level and spelling."""
    province = PROVINCES.get(code[:2])
    prov_name = province[0] if province else "China"
    if province and province[1] and rng.random() < 0.1:
        prov_name = province[1][0]  # postal spelling: Fukien, Kwangtung
    county = latest_name(code)
    prefecture = prefecture_of(code)
    if rng.random() < 0.05:  # copied in Han characters from a Chinese document
        head = latest_name(code[:2] + "0000") or ""
        return head + (prefecture or "") + county if rng.random() < 0.5 else county
    county_text = romanised(county)
    word_py, word_en = _kind_word(county)
    if word_py and rng.random() < 0.3:
        county_text += " " + (word_py if rng.random() < 0.5 else word_en)
    pref_text = ""
    if prefecture:
        base = base_name(prefecture)
        pref_text = (
            POSTAL_CITIES[base]
            if base in POSTAL_CITIES and rng.random() < 0.15
            else romanised(prefecture)
        )
        if rng.random() < 0.15:
            pref_text += " City"
    if county.endswith("区") and prefecture:
        # People born in a city district name the city: "Fuzhou", rarely "Gulou, Fuzhou".
        level = pick(rng, [("pref", 45), ("pref_prov", 35), ("county_pref", 10), ("prov", 10)])
    else:
        level = pick(
            rng,
            [("county", 20), ("county_prov", 30), ("county_pref_prov", 6), ("pref", 12),
             ("pref_prov", 14), ("prov", 18)],
        )  # fmt: skip
    if not prefecture and level.startswith("pref"):
        level = "county_prov"
    province_word = (
        " Province" if rng.random() < 0.2 and code[:2] not in ("11", "12", "31", "50") else ""
    )
    parts = {
        "county": [county_text],
        "county_prov": [county_text, prov_name + province_word],
        "county_pref_prov": [county_text, pref_text, prov_name],
        "county_pref": [county_text, pref_text],
        "pref": [pref_text],
        "pref_prov": [pref_text, prov_name + province_word],
        "prov": [prov_name + province_word],
    }[level]
    sep = ", " if rng.random() < 0.8 else " "
    text = sep.join(p for p in parts if p)
    if rng.random() < 0.1:
        text += ", China"
    if rng.random() < 0.05:
        text = letter_typo(rng, text)
    return text.upper() if rng.random() < 0.5 else text
