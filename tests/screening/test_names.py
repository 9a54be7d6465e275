"""Normalisation and search keys of names: each variant must meet its designated name on a
shared key (the register keeps one order, the query tries both), and look-alikes must not."""

from __future__ import annotations

import pytest

from readmit.screening.engine import query_keys
from readmit.screening.matching import prepare
from readmit.screening.names import company_name, entity_keys
from readmit.screening.schemas import ScreeningQuery

WANG = {"name": ["王小明"]}
ZHANG = {"firstName": ["伟"], "lastName": ["张"]}
GARCIA = {"firstName": ["José Luis"], "lastName": ["García López"]}
MARIA = {"name": ["María de los Ángeles Pérez de Gómez"]}
HUAYUAN = {"name": ["北京华远航空有限公司"]}
JINPENG = {"name": ["深圳市金鹏航空服务有限公司"]}
ISTMO = {"name": ["Transportes Aéreos del Istmo, S.A. de C.V."]}

MEETS, MISSES = True, False
PERSON_CASES = [
    # (case id, designated properties, query name, whole (order unknown) or (family, given))
    ("pinyin, family first", WANG, "Wang Xiaoming", MEETS),
    ("pinyin, given first", WANG, "Xiaoming Wang", MEETS),
    ("pinyin written in capitals with a hyphen", WANG, "WANG Xiao-Ming", MEETS),
    ("Wade-Giles", WANG, "Wang Hsiao-ming", MEETS),
    ("Cantonese", WANG, "Wong Siu Ming", MEETS),
    ("traditional characters", WANG, "王小明", MEETS),
    ("one letter wrong (slip key)", WANG, "Wang Xiaomign", MEETS),
    ("initials", WANG, "X. M. Wang", MEETS),
    ("one initial of a one-character given name", ZHANG, "W. Zhang", MEETS),
    ("an initial that is also a particle (Y.)", {"name": ["贺悦庆"]}, "Y. Q. He", MEETS),
    ("a three-letter given name one slip off", {"name": ["ZHU Zeze"]}, "Zhu Zze", MEETS),
    ("another given name", WANG, "Wang Jianguo", MISSES),
    ("another family name", WANG, "Li Xiaoming", MISSES),
    ("structured Han name, pinyin", ZHANG, "Zhang Wei", MEETS),
    ("structured Han name, Wade-Giles", ZHANG, "Chang Wei", MEETS),
    ("Spanish, surnames first", GARCIA, "García López, José Luis", MEETS),
    ("Spanish, no accents, capitals", GARCIA, "JOSE LUIS GARCIA LOPEZ", MEETS),
    ("Spanish, paternal surname only", GARCIA, "José García", MEETS),
    ("Spanish, initials", GARCIA, "J. L. García López", MEETS),
    ("Spanish, maternal surname misspelt", GARCIA, "Jose Luis Garcia Lopes", MEETS),
    ("Spanish, another person", GARCIA, "Juan Carlos Hernández Pérez", MISSES),
    ("married name, maiden surname", MARIA, "María Pérez", MEETS),
    ("married name, husband's surname", MARIA, "Maria Gomez", MEETS),
    ("Cyrillic transliterated", {"name": ["Иван Петров"]}, "Ivan Petrov", MEETS),
]


def _meets(schema: str, props: dict[str, list[str]], query: ScreeningQuery) -> bool:
    return bool(set(query_keys(prepare(query))) & entity_keys(schema, props))


@pytest.mark.parametrize(
    ("props", "name", "expected"), [c[1:] for c in PERSON_CASES], ids=[c[0] for c in PERSON_CASES]
)
def test_person_keys(props: dict[str, list[str]], name: str, expected: bool) -> None:
    query = ScreeningQuery(kind="person", name=name)
    assert _meets("Person", props, query) is expected


def test_structured_query_meets_whole_register_name() -> None:
    query = ScreeningQuery(kind="person", family_name="WANG", given_name="XIAOMING")
    assert _meets("Person", WANG, query)


COMPANY_CASES = [
    ("Han against its pinyin", HUAYUAN, "Beijing Huayuan Hangkong Co., Ltd.", MEETS),
    ("words reordered", HUAYUAN, "Huayuan Beijing Hangkong", MEETS),
    ("legal form dropped", ISTMO, "Transportes Aereos del Istmo", MEETS),
    ("legal form spelt out", ISTMO, "Transportes Aéreos del Istmo Sociedad Anónima", MEETS),
    ("one letter wrong", ISTMO, "Transportes Aereos del Itsmo SA de CV", MEETS),
    ("an extra word", ISTMO, "Transportes Aereos del Istmo Internacional", MEETS),
    ("another company", ISTMO, "Aerovías del Norte", MISSES),
    # Two words of three in common make a candidate: the score tells them apart.
    ("two words of three in common", ISTMO, "Transportes Aereos del Norte", MEETS),
    ("Cyrillic", {"name": ["ООО Авиа Плюс"]}, "Avia Plyus LLC", MEETS),
    # A city's 市 is not written in Latin; the legal form may be written in pinyin.
    (
        "city with 市, form in pinyin",
        JINPENG,
        "Shenzhen Jinpeng Hangkong Fuwu Youxian Gongsi",
        MEETS,
    ),
    ("city dropped", JINPENG, "金鹏航空服务有限公司", MEETS),
    ("trade name translated, city in brackets", JINPENG, "Golden Roc Aviation (Shenzhen)", MISSES),
]


@pytest.mark.parametrize(
    ("props", "name", "expected"),
    [c[1:] for c in COMPANY_CASES],
    ids=[c[0] for c in COMPANY_CASES],
)
def test_company_keys(props: dict[str, list[str]], name: str, expected: bool) -> None:
    query = ScreeningQuery(kind="company", name=name)
    assert _meets("Company", props, query) is expected


LEGAL_FORMS = [
    # (name, words kept, kind of legal form)
    ("Transportes Aéreos del Sur, S.A. de C.V.", ("transportes", "aereos", "sur"), "stock"),
    ("Servicios Turísticos S. de R.L.", ("servicios", "turisticos"), "limited liability"),
    ("Servicios Turísticos S. de R.L. de C.V.", ("servicios", "turisticos"), "limited liability"),
    ("Blue Sky Travel Co., Ltd.", ("blue", "sky", "travel"), "limited"),
    ("Acme Aviation LLC", ("acme", "aviation"), "limited liability"),
    ("Flug & Reisen GmbH", ("flug", "reisen"), "limited liability"),
    ("北京华远航空有限公司", ("beijing", "huayuan", "hangkong"), "limited"),
    ("上海东方旅游股份有限公司", ("shanghai", "dongfang", "luyou"), "stock"),
    ("深圳飞鸟有限责任公司", ("shenzhen", "feiniao"), "limited liability"),
    ("ООО Авиа Плюс", ("avia", "plyus"), "limited liability"),
    ("Holding AG", ("holding",), "stock"),
    ("Acme Air", ("acme", "air"), ""),
    ("Kana Tours Corp.", ("kana", "tours"), "corporation"),
    ("成都娜涵航空服务有限责任公司", ("chengdu", "nahan", "hangkong", "fuwu"), "limited liability"),
    ("深圳市金鹏航空服务有限公司", ("shenzhen", "jinpeng", "hangkong", "fuwu"), "limited"),
    ("华远市场营销有限公司", ("huayuan", "shichang", "yingxiao"), "limited"),
    ("Jinpeng Hangkong Youxian Gongsi", ("jinpeng", "hangkong"), "limited"),
    ("Qingdao Shi Xinshiji Keyun Gufen Youxian Gongsi", ("qingdao", "xinshiji", "keyun"), "stock"),
    ("Dongfang Luyou Gufen Youxian Gongsi", ("dongfang", "luyou"), "stock"),
]


@pytest.mark.parametrize(("name", "words", "form"), LEGAL_FORMS)
def test_company_name(name: str, words: tuple[str, ...], form: str) -> None:
    normalised = company_name(name)
    assert (normalised.words, normalised.legal_form) == (words, form)


IDENTIFIERS = [
    ("Person", {"passportNumber": ["E1234S678"]}, "pp:E12345678"),
    ("Company", {"registrationNumber": ["91-1100/00X"]}, "rn:91110000X"),
    ("Company", {"idNumber": ["ab"]}, "iata:AB"),
    ("Company", {"idNumber": ["BHY"]}, "icao:BHY"),
]


@pytest.mark.parametrize(("schema", "props", "key"), IDENTIFIERS)
def test_identifier_keys(schema: str, props: dict[str, list[str]], key: str) -> None:
    assert key in entity_keys(schema, props)


def test_links_have_no_keys() -> None:
    assert entity_keys("Directorship", {"role": ["director"]}) == set()
