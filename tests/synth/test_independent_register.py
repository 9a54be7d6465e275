"""The independent generator's registers: README format, valid IDs, realistic name statistics."""

import datetime as dt
import re
from collections import Counter, defaultdict

from stdnum.cn import ric

from readmit.documents.national_ids import validate_gtm
from readmit.synth.independent import generate_register
from readmit.synth.independent.common import REGISTER_COLUMNS
from readmit.synth.independent.gtm_data import MUNICIPALITIES
from tests.synth.independent_data import register

HAN = re.compile(r"^[\u4e00-\u9fff]+$")
LATIN_NAME = re.compile(r"^[A-Za-zÀ-ÿ]+(?: [A-Za-zÀ-ÿ]+)*$")


def test_deterministic_and_seed_dependent() -> None:
    """The same seed gives the same rows; another seed other rows."""
    a = generate_register(country="CHN", size=300, seed=7)
    assert a == generate_register(country="CHN", size=300, seed=7)
    assert a != generate_register(country="CHN", size=300, seed=8)
    assert len(generate_register(country="GTM", size=0, seed=1)) == 0


def test_chn_ids_unique_and_consistent_at_200k() -> None:
    """At 200k: unique ids; every resident ID's check character, date and sex digit agree
    (the full stdnum validation of every row is the next test, on a smaller register)."""
    chn_register = register("CHN")
    assert len(chn_register) == 200_000
    assert len({r["person_id"] for r in chn_register}) == len(chn_register)
    assert len({r["national_id"] for r in chn_register}) == len(chn_register)
    for r in chn_register:
        number = r["national_id"]
        assert number[-1] == ric.calc_check_digit(number), r
        assert number[6:14] == r["birth_date"].replace("-", "")
        assert int(number[16]) % 2 == (1 if r["sex"] == "M" else 0)


def test_chn_rows_are_valid() -> None:
    """Every row of a 30k register: columns, Han names, division codes that existed in the
    birth year, dates, and resident IDs valid for stdnum.cn.ric that agree with them."""
    chn_register = generate_register(country="CHN", size=30_000, seed=3)
    same_code = 0
    for r in chn_register:
        assert tuple(r) == REGISTER_COLUMNS
        assert HAN.match(r["family_name"]) and HAN.match(r["given_names"]), r
        assert 1 <= len(r["given_names"]) <= 2, r
        for parent in (r["mother_name"], r["father_name"]):
            assert parent == "" or HAN.match(parent), r
        assert re.fullmatch(r"[A-Z]*", r["family_name_latin"] + r["given_names_latin"]), r
        assert r["sex"] in ("M", "F")
        birth = dt.date.fromisoformat(r["birth_date"])
        assert re.fullmatch(r"\d{6}", r["birth_place"])
        number = r["national_id"]
        assert ric.is_valid(number), r
        assert ric.get_birth_date(number) == birth
        assert int(number[16]) % 2 == (1 if r["sex"] == "M" else 0)
        same_code += number[:6] == r["birth_place"]
        # The birthplace itself is a code that existed in the birth year.
        body = r["birth_place"] + number[6:17]
        assert ric.is_valid(body + ric.calc_check_digit(body + "?")), r
        for passport in filter(None, r["passport_numbers"].split(";")):
            assert re.fullmatch(r"[GE]\d{8}|E[A-N]\d{7}", passport), r
    assert 0.9 < same_code / len(chn_register) < 0.99  # some households registered elsewhere


def test_gtm_rows_are_valid() -> None:
    """Two surnames, 4-digit municipality codes, CUIs valid for the project's own validator."""
    gtm_register = register("GTM")
    for r in gtm_register:
        assert tuple(r) == REGISTER_COLUMNS
        assert LATIN_NAME.match(r["family_name"]) and LATIN_NAME.match(r["given_names"]), r
        assert r["family_name_latin"] == r["given_names_latin"] == ""
        dt.date.fromisoformat(r["birth_date"])
        assert r["birth_place"] in MUNICIPALITIES
        cui = r["national_id"]
        assert re.fullmatch(r"\d{13}", cui)
        check = sum(int(d) * (i + 2) for i, d in enumerate(cui[:8])) % 11
        assert check < 10 and int(cui[8]) == check
        assert cui[9:] == r["birth_place"]
        validate_gtm(cui)  # a second, independent implementation of the same rule
        for passport in filter(None, r["passport_numbers"].split(";")):
            assert re.fullmatch(r"\d{9}", passport)


def test_chn_surnames_heavy_tailed() -> None:
    """王李张刘陈 cover ~31% (2020 report); the top 100 ~86%; a long tail exists."""
    chn_register = register("CHN")
    counts = Counter(r["family_name"] for r in chn_register)
    n = len(chn_register)
    top5 = {s for s, _ in counts.most_common(5)}
    assert top5 == set("王李张刘陈")
    assert 0.25 <= sum(counts[s] for s in top5) / n <= 0.35
    assert 0.80 <= sum(c for _, c in counts.most_common(100)) / n <= 0.92
    assert len(counts) >= 200
    assert counts["欧阳"] > 0  # compound surnames occur
    assert sum(1 for c in counts.values() if c / n < 0.0005) >= 50


def test_chn_namesakes_same_year_at_200k() -> None:
    """Common names repeat, also within a birth year: the adversarial case for matching."""
    chn_register = register("CHN")
    by_name = Counter(r["family_name"] + r["given_names"] for r in chn_register)
    assert 30 <= by_name["张伟"] <= 150  # ~300,000 of 1.4 billion would be ~43
    same_year = Counter(
        (r["family_name"], r["given_names"], r["birth_date"][:4]) for r in chn_register
    )
    groups = [k for k, v in same_year.items() if v > 1]
    assert len(groups) >= 500
    assert sum(same_year[k] for k in groups) / len(chn_register) < 0.15
    # Given names have one or two characters, two-character ones in the majority.
    lengths = Counter(len(r["given_names"]) for r in chn_register)
    assert 0.1 < lengths[1] / len(chn_register) < 0.4


def test_families_share_parents_surname_and_place() -> None:
    """Siblings (same parents) exist, share the surname, and mostly the birthplace."""
    for rows in (register("CHN"), register("GTM")):
        families: dict[tuple[str, str], list[dict[str, str]]] = defaultdict(list)
        for r in rows:
            if r["father_name"] and r["mother_name"]:
                families[(r["father_name"], r["mother_name"])].append(r)
        multi = [f for f in families.values() if len(f) > 1]
        assert len(multi) > len(rows) / 20
        same_surname = sum(len({r["family_name"] for r in f}) == 1 for f in multi)
        same_prefecture = sum(len({r["birth_place"][:4] for r in f}) == 1 for f in multi)
        assert same_surname / len(multi) > 0.95
        assert same_prefecture / len(multi) > 0.6


def test_gtm_names() -> None:
    """Spanish surnames dominate (López first), Mayan ones occur; namesakes exist."""
    gtm_register = register("GTM")
    paternal = Counter(r["family_name"].split()[0] for r in gtm_register)
    assert paternal.most_common(1)[0][0] == "López"
    assert 0.10 <= sum(c for _, c in paternal.most_common(5)) / len(gtm_register) <= 0.22
    assert {"Caal", "Tzoc", "Pascual"} <= set(paternal)
    assert sum(1 for r in gtm_register if r["family_name"].startswith("De ")) > 50
    same_year = Counter(
        (r["family_name"], r["given_names"], r["birth_date"][:4]) for r in gtm_register
    )
    assert sum(1 for v in same_year.values() if v > 1) >= 5
    women = [r for r in gtm_register if r["sex"] == "F"]
    assert 0.1 < sum(r["given_names"].startswith("María") for r in women) / len(women) < 0.3
