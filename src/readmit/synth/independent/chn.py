"""China (CHN): register families, resident IDs, passports, and names as foreign records write them.

Register. Birth years follow the 2020 census age pyramid (cohort sizes per year in millions,
rounded from the census age table: the 1962–1975 boom, the 1959–61 famine dip, the 1985–1990
echo, the post-2017 decline). Families: children per couple fall from 2–6 (first child before
1965) to 1–2 (after 1980; 2016+ the two-child policy); 1.5% of later children are twins;
siblings are 1–5 years apart. Children take the father's surname (3% the mother's) and are born
in the family's county; in 35% of multi-child families born before 1980 and 15% later, siblings
with two-character names share a generation character. Parents' names are missing for 35% of
families whose first child was born before 1960 (old household records) and 4% of later ones.

Resident ID: birthplace code (5% the code of another county in the province: the household
was registered elsewhere), birth date, a sequence odd for men and even for women, ISO 7064
MOD 11-2 check character. Passports: 4% of children, 16% of adults 16–60, 8% of older people
(×1.6 in Fujian, Zhejiang, Guangdong); a quarter of holders over 28 also have an expired one.
Formats (author's knowledge, illustrative): G + 8 digits before 2012, E + 8 digits 2012–2018,
E + letter + 7 digits from 2019. ``_latin`` columns: the passport's pinyin, for holders only.
"""

from __future__ import annotations

from random import Random

from readmit.synth.independent import chn_names as names
from readmit.synth.independent import chn_places as places
from readmit.synth.independent.base import (
    Numbers,
    Profile,
    age,
    cohort_sampler,
    passport_issue_years,
)
from readmit.synth.independent.chn_data import EMIGRATION, GENERATION_CHARS, WESTERN_NAMES
from readmit.synth.independent.common import (
    Person,
    case_style,
    letter_typo,
    pick,
    random_date,
)

_BIRTH_YEARS = cohort_sampler(
    [
        (1936, 1944, 5), (1945, 1949, 8), (1950, 1953, 12), (1954, 1958, 14), (1959, 1961, 10),
        (1962, 1966, 23), (1967, 1971, 25), (1972, 1975, 22), (1976, 1980, 17), (1981, 1984, 19),
        (1985, 1990, 22), (1991, 1996, 18), (1997, 2003, 15), (2004, 2012, 15), (2013, 2017, 16),
        (2018, 2020, 13), (2021, 2024, 9),
    ]
)  # fmt: skip
_LAST_BIRTH_YEAR = 2024

_RIC_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def ric_check(body: str) -> str:
    """ISO 7064 MOD 11-2 check character of the first 17 digits (domain brief)."""
    return "10X98765432"[sum(int(d) * w for d, w in zip(body, _RIC_WEIGHTS, strict=True)) % 11]


def _children_count(rng: Random, year: int) -> int:
    """Children per family by the first child's birth year (birth-policy eras)."""
    if year < 1965:
        return pick(rng, [(2, 15), (3, 25), (4, 25), (5, 20), (6, 15)])
    if year < 1980:
        return pick(rng, [(1, 10), (2, 35), (3, 35), (4, 20)])
    if year < 2016:
        return pick(rng, [(1, 60), (2, 32), (3, 8)])
    return pick(rng, [(1, 55), (2, 45)])


def _sex(rng: Random, year: int) -> str:
    """Sex at birth; the sex ratio rose to ~1.17 boys per girl around 1990–2010."""
    return "M" if rng.random() < (0.54 if 1990 <= year <= 2010 else 0.515) else "F"


class China(Profile):
    """Profile for China."""

    country = "CHN"
    name_classes = (
        "wade_giles",
        "cantonese",
        "dialect_surname",
        "name_order_swapped",
        "name_in_one_field",
        "name_typo",
        "partial_name",
    )

    # --- register -----------------------------------------------------------------------

    def make_family(self, rng: Random, numbers: Numbers) -> list[Person]:
        """One couple's children (those born by 2024)."""
        first = _BIRTH_YEARS.draw(rng)
        place = places.sample_birthplace(rng, first)
        province = place[:2]
        surname = names.draw_surname(rng, province).han
        mother_surname = names.draw_surname(rng, province).han
        father = surname + names.draw_given(rng, "M", first - rng.randint(24, 34))
        mother = mother_surname + names.draw_given(rng, "F", first - rng.randint(22, 30))
        if rng.random() < (0.35 if first < 1960 else 0.04):
            father = mother = ""
        child_surname = mother_surname if rng.random() < 0.03 else surname
        count = _children_count(rng, first)
        generation = ""
        if count > 1 and rng.random() < (0.35 if first < 1980 else 0.15):
            generation = rng.choice(GENERATION_CHARS.split())
        people: list[Person] = []
        year, birth, givens = first, random_date(rng, first), set()
        for i in range(count):
            twin = i > 0 and rng.random() < 0.015
            if i > 0 and not twin:
                year += pick(rng, [(1, 15), (2, 35), (3, 25), (4, 15), (5, 10)])
                birth = random_date(rng, year)
            if year > _LAST_BIRTH_YEAR:
                break
            sex = _sex(rng, year)
            gen = generation if generation and rng.random() < 0.9 else ""
            given = names.draw_given(rng, sex, year, gen)
            while given in givens:
                given = names.draw_given(rng, sex, year, gen if rng.random() < 0.5 else "")
            givens.add(given)
            person = Person(
                family=child_surname,
                given=given,
                sex=sex,
                birth=birth,
                place=places.same_place(rng, place, year),
                mother=mother,
                father=father,
            )
            person.national_id = self.national_id(rng, person, numbers)
            self._add_passports(rng, person, numbers)
            people.append(person)
        return people

    def _add_passports(self, rng: Random, person: Person, numbers: Numbers) -> None:
        """Passports for some, with the passport's pinyin in the ``_latin`` columns."""
        years = age(person)
        share = 0.04 if years < 16 else 0.16 if years <= 60 else 0.08
        if person.place[:2] in ("35", "33", "44"):
            share *= 1.6
        if years < 1 or rng.random() >= share:
            return
        count = 2 if years >= 28 and rng.random() < 0.25 else 1
        issued = passport_issue_years(rng, person.birth, count)
        person.passports = [self.passport(rng, y, numbers) for y in issued]
        form = "yu" if issued[-1] >= 2012 else "u"
        fam = "".join(names.u_variant(s, form) for s in names.surname_syllables(person.family))
        giv = "".join(names.u_variant(s, form) for s in names.given_syllables(person.given))
        person.family_latin, person.given_latin = fam.upper(), giv.upper()

    def national_id(self, rng: Random, person: Person, numbers: Numbers) -> str:
        """18-character resident ID; the division code must exist in the birth year."""
        code = person.place
        if rng.random() < 0.05:  # household registered in another county of the province
            existing = places.codes_in(person.place[:2], person.birth.year)
            code = rng.choice(existing) if existing else code
        parity = 1 if person.sex == "M" else 0
        for _ in range(1000):
            seq = rng.randrange(1, 1000)
            if seq % 2 != parity:
                seq = seq - 1 if seq > 1 else seq + 1
            body = f"{code}{person.birth:%Y%m%d}{seq:03d}"
            number = body + ric_check(body)
            if number not in numbers.national_ids:
                numbers.national_ids.add(number)
                return number
        raise RuntimeError(f"no free resident ID for {code} {person.birth}")

    def passport(self, rng: Random, issued: int, numbers: Numbers) -> str:
        """G + 8 digits (to 2011), E + 8 digits (2012–2018), E + letter + 7 digits (2019–)."""
        while True:
            if issued < 2012:
                number = f"G{rng.randrange(10**8):08d}"
            elif issued < 2019:
                number = f"E{rng.randrange(10**8):08d}"
            else:
                number = f"E{rng.choice('ABCDEFGHJKLMN')}{rng.randrange(10**7):07d}"
            if number not in numbers.passports:
                numbers.passports.add(number)
                return number

    # --- applications -------------------------------------------------------------------

    def name_key(self, person: Person) -> str:
        """pinyin surname | pinyin given."""
        return names.name_key(person.family, person.given)

    def emigration_weight(self, person: Person) -> float:
        """Fujian (Fuzhou above all), Wenzhou/Lishui, Jiangmen; working age."""
        years = age(person)
        if not 16 <= years <= 70:
            return 0.0
        weight = 2.0 if 20 <= years <= 45 else 1.0
        for key in (person.place[:2], person.place[:4]):
            weight *= EMIGRATION.get(key, 1.0)
        return weight

    def suits(self, kind: str, person: Person) -> float:
        """Cantonese mostly for people from Guangdong, Guangxi and Hainan (20×); dialect
        spellings only where the table has one, mostly for Fujian and Chaoshan people (20×)."""
        if kind == "cantonese":
            return 20.0 if person.place[:2] in ("44", "45", "46") else 1.0
        if kind == "dialect_surname":
            if not names.dialect_spellings(person.family, person.place):
                return 0.0
            return 20.0 if names.dialect_region(person.place) else 1.0
        return 1.0

    def render_name(self, rng: Random, person: Person, kind: str) -> list[dict[str, str]]:
        """Names as the foreign record has them (see the applications module's table)."""
        scheme = {
            "wade_giles": "wade_giles",
            "cantonese": "cantonese",
            "dialect_surname": "dialect",
        }
        fam, giv = names.romanise(
            rng, person.family, person.given, scheme.get(kind, "pinyin"), person.place
        )
        upper = rng.random() < 0.85
        source = "declared"
        if kind == "name_order_swapped":
            fam, giv = giv.replace("-", "").replace(" ", ""), fam
        elif kind == "name_in_one_field":
            whole = f"{fam} {giv}" if rng.random() < 0.6 else f"{giv} {fam}"
            fam, giv = (whole, "") if rng.random() < 0.5 else ("", whole)
        elif kind == "name_typo":
            if rng.random() < 0.4 or len(giv.replace(" ", "").replace("-", "")) < 2:
                fam = letter_typo(rng, fam)
            else:
                giv = letter_typo(rng, giv)
        elif kind == "partial_name":
            fam, giv, source = self._partial(rng, person, fam)
        return [{"family": _case(fam, upper), "given": _case(giv, upper), "source": source}]

    def _partial(self, rng: Random, person: Person, fam: str) -> tuple[str, str, str]:
        """Initials, a truncated given name, a mononym, the surname alone, a western alias."""
        syl = names.given_syllables(person.given)
        sub = pick(rng, [("initials", 30), ("truncated", 20), ("given_only", 10),
                         ("surname_only", 10), ("western", 30)])  # fmt: skip
        if sub == "initials" or (sub == "truncated" and len(syl) < 2):
            sep = pick(rng, [(" ", 40), (".", 30), ("", 30)])
            initials = sep.join(s[0] for s in syl) + ("." if sep == "." else "")
            return fam, initials, "declared"
        if sub == "truncated":
            return fam, syl[0], "declared"
        if sub == "given_only":
            return "", "".join(syl), "declared"
        if sub == "surname_only":
            return fam, "", "declared"
        return fam, rng.choice(WESTERN_NAMES[person.sex].split()).lower(), "alias"

    def render_parent(self, rng: Random, full: str, kind: str) -> str:
        """'LIN MEI': surname first in the applicant's scheme, sometimes a slip."""
        family, given = names.split_name(full)
        scheme = {"wade_giles": "wade_giles", "cantonese": "cantonese"}.get(kind, "pinyin")
        fam, giv = names.romanise(rng, family, given, scheme)
        text = f"{fam} {giv}" if rng.random() < 0.85 else f"{giv} {fam}"
        if rng.random() < 0.1:
            text = letter_typo(rng, text)
        return case_style(rng, text)

    def place_text(self, rng: Random, code: str) -> str:
        """County, prefecture or province in pinyin (see chn_places)."""
        return places.birthplace_text(rng, code)

    def sibling_given(self, rng: Random, person: Person, sex: str, year: int) -> str:
        """Half the time sharing the first character of a two-character name."""
        gen = person.given[0] if len(person.given) == 2 and rng.random() < 0.5 else ""
        for _ in range(50):
            given = names.draw_given(rng, sex, year, gen)
            if given != person.given:
                return given
        return names.draw_given(rng, sex, year)

    def new_parent_names(self, rng: Random, person: Person) -> tuple[str, str]:
        """Unrelated parents: the father keeps the family surname."""
        year = person.birth.year
        mother = names.draw_surname(rng, person.place[:2]).han
        mother += names.draw_given(rng, "F", year - rng.randint(22, 30))
        father = person.family + names.draw_given(rng, "M", year - rng.randint(24, 34))
        return mother, father

    def place_in_year(self, rng: Random, code: str, year: int) -> str:
        """A code that existed in ``year`` for the same county (resident IDs check it)."""
        return places.same_place(rng, code, year)

    def other_place(self, rng: Random, code: str, year: int) -> str:
        """Another county: half the time in the same province."""
        for _ in range(20):
            if rng.random() < 0.5:
                options = places.codes_in(code[:2], year)
                other = rng.choice(options) if options else code
            else:
                other = places.sample_birthplace(rng, year)
            if other[:4] != code[:4] or (other != code and rng.random() < 0.3):
                return other
        return places.sample_birthplace(rng, year)


def _case(text: str, upper: bool) -> str:
    """Capitals, or each word capitalised (Hsiao-ming keeps its lower-case second part)."""
    if upper:
        return text.upper()
    return " ".join(w[:1].upper() + w[1:] for w in text.split(" "))
