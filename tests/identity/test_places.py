"""Free-text birthplaces against GB/T 2260 (China) and INE (Guatemala) division codes."""

from __future__ import annotations

import time

import pytest

from readmit.identity.gazetteer import gazetteer
from readmit.identity.places import PLACE_LEVELS, compare_place
from readmit.synth.project.tables import CHN_PLACES, GTM_PLACES, ChnPlace, GtmPlace

# (birthplace as written, code that must come first, codes that must also be there)
CHN_RESOLVE = [
    ("officer's city, province", "Fuqing, Fujian", "350181", ()),
    ("upper case prefecture, two Fuzhous", "FUZHOU", "350100", ("361000",)),
    ("Changle City: pre-2017 code first", "Changle City", "350182", ("350112",)),
    ("Changle District: current code first", "Changle District", "350112", ("350182",)),
    ("hanzi with suffix", "福清市", "350181", ()),
    ("hanzi without suffix", "福清", "350181", ()),
    ("hanzi province and city run together", "福建省福清市", "350181", ()),
    ("joined suffix", "Fuqingshi", "350181", ()),
    ("spaced suffix", "fuqing shi", "350181", ()),
    ("county-level city written out", "Fuqing County-level City", "350181", ()),
    ("full address with country", "FUQING CITY, FUZHOU, FUJIAN PROVINCE, CHINA", "350181", ()),
    ("no comma", "Fuqing Fujian", "350181", ()),
    ("Wade-Giles", "Fu-ch'ing", "350181", ()),
    ("Fuzhou-dialect name of Fuqing", "Hokchia", "350181", ()),
    ("postal name", "Foochow", "350100", ()),
    ("postal name of Xiamen", "Amoy", "350200", ()),
    ("typo", "Fuqnig", "350181", ()),
    ("old county code of Fuqing kept", "Fuqing", "350181", ("350127",)),
    ("province disambiguates a common district name", "Gulou, Fuzhou", "350102", ()),
    ("place reading pypinyin gets wrong", "Chaoyang, Beijing", "110105", ()),
    ("apostrophe syllable boundary", "Jin'an District, Fuzhou", "350111", ()),
    ("same, apostrophe dropped", "Jinan, Fuzhou", "350111", ()),
    ("autonomous region", "Guangxi Zhuang Autonomous Region", "450000", ()),
    ("Xinjiang region before Xinjiang county", "Xinjiang Uyghur Autonomous Region", "650000", ()),
    ("u-umlaut written yu", "Lyuliang", "141100", ()),
    ("single-character name keeps its suffix", "Sha Xian", "350405", ("350427",)),
    ("special administrative region", "Hong Kong", "810000", ()),
    ("town before county", "Gaoshan Town, Fuqing", "350181", ()),
    ("province picks the other Fuzhou", "Fuzhou, Jiangxi", "361000", ()),
    ("province picks Jinan over Jin'an", "Jinan, Shandong", "370100", ()),
    ("place reading of 尾 (pypinyin: Mayi)", "Mawei District", "350105", ()),
    ("place reading of 长 (pypinyin: Zhangzhi)", "Changzhi", "140400", ()),
    ("street address in English",
     "Room 501, No. 12 Gulou Road, Gulou District, Fuzhou City, Fujian Province, China",
     "350102", ()),
    ("street address in Chinese", "福建省福州市鼓楼区五四路123号", "350102", ()),
    ("village address in Chinese", "福建省福清市高山镇东门村", "350181", ()),
]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "first", "also"), [c[1:] for c in CHN_RESOLVE], ids=[c[0] for c in CHN_RESOLVE]
)
def test_resolve_china(text: str, first: str, also: tuple[str, ...]) -> None:
    codes = gazetteer("CHN").resolve(text)
    assert codes[:1] == (first,), codes
    assert set(also) <= set(codes), codes


GTM_RESOLVE = [
    ("capital in English", "Guatemala City", ("0101",)),
    ("capital in Spanish", "Ciudad de Guatemala", ("0101",)),
    ("capital with zone", "Zona 18, Ciudad de Guatemala", ("0101",)),
    ("street named after another place", "Calle San José, Zona 1, Mixco", ("0108",)),
    ("village, municipality, department",
     "Aldea El Rancho, San Agustín Acasaguastlán, El Progreso", ("0203",)),
    ("suburb", "Mixco", ("0108",)),
    ("suburb with department", "Mixco, Guatemala", ("0108",)),
    ("upper case no accent", "VILLA NUEVA", ("0115",)),
    ("municipality and department share a name", "Quetzaltenango", ("0901", "09")),
    ("municipality, department", "Quetzaltenango, Quetzaltenango", ("0901",)),
    ("older spelling", "Quezaltenango", ("0901", "09")),
    ("K'iche' name", "Xela", ("0901",)),
    ("department named", "Departamento de Quetzaltenango", ("09", "0901")),
    ("trailing country dropped", "Huehuetenango, Guatemala", ("1301", "13")),
    ("ambiguous municipality", "San José", ("0509", "1702")),
    ("department disambiguates", "Santa Bárbara, Huehuetenango", ("1310",)),
    ("two San Pedro Sacatepéquez", "San Pedro Sacatepequez, San Marcos", ("1202",)),
    ("municipality created 2015", "Petatán", ("1333",)),
    ("customary name of Ayutla", "Tecún Umán", ("1217",)),
    ("nothing known", "Atlantis", ()),
]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "codes"), [c[1:] for c in GTM_RESOLVE], ids=[c[0] for c in GTM_RESOLVE]
)
def test_resolve_guatemala(text: str, codes: tuple[str, ...]) -> None:
    assert gazetteer("GTM").resolve(text) == codes


COMPARE = [
    # China: county 350181 福清市 < prefecture 350100 福州市 < province 350000 福建省
    ("same county", "Fuqing, Fujian", "350181", "CHN", "exact"),
    ("hanzi", "福清市", "350181", "CHN", "exact"),
    ("prefecture against its county", "FUZHOU", "350181", "CHN", "same_level2"),
    ("county against its prefecture's code", "Fuqing", "350100", "CHN", "same_level2"),
    ("prefecture", "Fuzhou", "350100", "CHN", "exact"),
    ("Changle City against the new district code", "Changle City", "350112", "CHN", "exact"),
    ("Changle City against the old code", "Changle City", "350182", "CHN", "exact"),
    ("neighbouring counties of Fuzhou", "Fuqing", "350182", "CHN", "same_level2"),
    ("another prefecture of Fujian", "Xiamen", "350181", "CHN", "same_level1"),
    ("province only", "Fujian", "350181", "CHN", "same_level1"),
    ("province against municipality district", "Beijing", "110105", "CHN", "same_level1"),
    ("Zhejiang against Fujian", "Wenzhou", "350181", "CHN", "different"),
    ("Yueqing against Fuqing", "Yueqing", "350181", "CHN", "different"),
    ("Hokchia", "Hokchia", "350181", "CHN", "exact"),
    ("Wade-Giles", "Fu-ch'ing", "350181", "CHN", "exact"),
    ("unresolvable text", "Atlantis", "350181", "CHN", "null"),
    ("no text", None, "350181", "CHN", "null"),
    ("blank text", "  ", "350181", "CHN", "null"),
    ("no code", "Fuqing", None, "CHN", "null"),
    ("code unknown to the gazetteer", "Fuqing", "990101", "CHN", "null"),
    ("unlisted county code inside Fuzhou", "Fuqing", "350199", "CHN", "same_level2"),
    # Guatemala: municipality 0108 Mixco < department 01 Guatemala
    ("Guatemala City", "Guatemala City", "0101", "GTM", "exact"),
    ("Mixco", "Mixco", "0108", "GTM", "exact"),
    ("Mixco against the capital", "Mixco", "0101", "GTM", "same_level1"),
    ("Xela", "Xela", "0901", "GTM", "exact"),
    ("department name against a municipality in it", "Quetzaltenango", "0915", "GTM",
     "same_level1"),
    ("other department", "Huehuetenango", "0901", "GTM", "different"),
    ("lower-case country code", "Mixco", "0108", "gtm", "exact"),
    ("country without gazetteer", "Mixco", "0108", "USA", "null"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "code", "country", "level"), [c[1:] for c in COMPARE], ids=[c[0] for c in COMPARE]
)
def test_compare_place(text: str | None, code: str | None, country: str, level: str) -> None:
    assert level in PLACE_LEVELS
    assert compare_place(text, code, country=country) == level


def test_chinese_hierarchy() -> None:
    chn = gazetteer("CHN")
    fuqing = chn.get("350181")
    assert fuqing is not None
    assert (fuqing.name_native, fuqing.level, fuqing.parent) == ("福清市", "county", "350100")
    assert fuqing.names_latin[0] == "Fuqing"
    assert chn.ancestors("350181") == ("350000", "350100")
    assert chn.ancestors("350000") == ()
    assert chn.get("350000").level == "province"  # type: ignore[union-attr]
    assert chn.get("350100").level == "prefecture"  # type: ignore[union-attr]
    # Municipality districts hang directly under the province-level city.
    assert chn.ancestors("110105") == ("110000",)
    assert chn.get("350112").names_latin[0] == "Changle"  # type: ignore[union-attr]
    assert not chn.is_current("350182") and chn.is_current("350112")
    counties = sum(d.level == "county" and chn.is_current(d.code) for d in chn)
    assert counties > 2800  # loc.dat has county level


def test_guatemala_divisions() -> None:
    gtm = gazetteer("GTM")
    departments = [d for d in gtm if d.level == "department"]
    municipalities = [d for d in gtm if d.level == "municipality"]
    assert len(departments) == 22 and len(municipalities) == 340
    assert gtm.get("0108").name_native == "Mixco"  # type: ignore[union-attr]
    assert gtm.get("13").name_native == "Huehuetenango"  # type: ignore[union-attr]
    assert sum(d.parent == "13" for d in municipalities) == 33  # with Petatán (2015)
    assert gtm.ancestors("0108") == ("01",)


@pytest.mark.parametrize("place", CHN_PLACES, ids=[p.code for p in CHN_PLACES])
def test_generator_places_china(place: ChnPlace) -> None:
    """Every birthplace the synthetic generator writes resolves to its own code."""
    written = f"{place.latin}, {place.province}"
    assert compare_place(written, place.code, country="CHN") == "exact"
    assert compare_place(place.hanzi, place.code, country="CHN") == "exact"


@pytest.mark.parametrize("place", GTM_PLACES, ids=[p.code for p in GTM_PLACES])
def test_generator_places_guatemala(place: GtmPlace) -> None:
    written = f"{place.municipality}, {place.department}"
    assert compare_place(written, place.code, country="GTM") == "exact"


def test_resolution_is_fast() -> None:
    chn = gazetteer("CHN")
    texts = [f"{d.names_latin[0]}, Fujian" for d in chn if d.names_latin][:2000]
    start = time.perf_counter()
    for text in texts:
        chn.resolve(text)
    assert time.perf_counter() - start < 2.0


@pytest.mark.parametrize(
    ("country", "code", "shown"),
    [
        ("CHN", "350181", "350181 福清市 Fuqing (福州市 Fuzhou, 福建省 Fujian)"),
        ("CHN", "350199", "350199 unknown division in 福州市 Fuzhou (福建省 Fujian)"),
        ("CHN", "990000", "990000"),
        ("GTM", "1301", "1301 Huehuetenango (Huehuetenango)"),
    ],
)
def test_register_codes_are_shown_with_their_names_and_parents(
    country: str, code: str, shown: str
) -> None:
    assert gazetteer(country).describe(code) == shown
