"""Guatemala (GTM): register families, CUI numbers, passports, and Spanish names as written abroad.

Register. Birth years follow a young population (surviving births per year rising from ~60k
in the 1940s to ~400k around 2010, then easing: 2018 census age table, rounded). Families:
3–8 children when the first was born before 1975, 2–6 to 1995, 1–4 later; siblings 1–4 years
apart, 1.5% twins. A child's family name is the father's paternal surname then the mother's
paternal surname ("Pérez López"); 8% of fathers are not recorded, and the child then carries
the mother's two surnames. Given names: one (25%) or two (75%); María leads a fifth of
women's double names, José and Juan many men's; traditional names dominate older and Mayan
families, English-sounding "modern" names younger ones.

CUI (on the DPI): 8-digit serial, check digit (serial digit i times i + 2, from the left, mod
11; serials whose remainder is 10 are never used since implementations disagree on it),
department and municipality of birth registration. Passports: 10% of adults (20% of holders
over 28 also have an expired one); format assumed to be 9 digits (unconfirmed, illustrative).
"""

from __future__ import annotations

from random import Random

from readmit.synth.independent.base import (
    Numbers,
    Profile,
    age,
    cohort_sampler,
    passport_issue_years,
)
from readmit.synth.independent.common import (
    Person,
    Sampler,
    case_style,
    letter_typo,
    pick,
    random_date,
    strip_accents,
    zipf,
)
from readmit.synth.independent.gtm_data import (
    DEPARTMENTS,
    EMIGRATION,
    GIVEN_NAMES,
    MAYAN_SHARE,
    MAYAN_SURNAMES,
    MUNICIPALITIES,
    SPANISH_SURNAMES,
    SPANISH_VARIANTS,
)

_BIRTH_YEARS = cohort_sampler(
    [
        (1938, 1949, 60), (1950, 1959, 100), (1960, 1969, 150), (1970, 1979, 210),
        (1980, 1989, 280), (1990, 1999, 340), (2000, 2009, 390), (2010, 2019, 400),
        (2020, 2024, 370),
    ]
)  # fmt: skip
_LAST_BIRTH_YEAR = 2024
_PARTICLES = {"de", "del", "la", "las", "los"}


def _spanish() -> Sampler[str]:
    """Spanish surnames by their estimated shares."""
    pairs = [p.strip().rsplit(" ", 1) for p in SPANISH_SURNAMES.replace("\n", " ").split(",")]
    return Sampler([name for name, _ in pairs], [float(w) for _, w in pairs])


_SPANISH = _spanish()
_MAYAN = {
    area: Sampler(text.split(", "), zipf(len(text.split(", ")), 0.6))
    for area, text in MAYAN_SURNAMES.items()
}
_GIVEN = {
    key: Sampler(text.split(", "), zipf(len(text.split(", ")), 0.9))
    for key, text in GIVEN_NAMES.items()
}
_DEPTS = Sampler(list(DEPARTMENTS), [d[1] for d in DEPARTMENTS.values()])


def draw_surname(rng: Random, dept: str) -> str:
    """A surname as common among people born in ``dept``."""
    x = rng.random()
    for area, share in MAYAN_SHARE.get(dept, {}).items():
        if x < share:
            return _MAYAN[area].draw(rng)
        x -= share
    return _SPANISH.draw(rng)


def draw_given(rng: Random, sex: str, year: int, traditional_bonus: float = 0.0) -> str:
    """One or two given names, by era."""
    traditional = 0.95 if year < 1970 else 0.75 if year < 1990 else 0.45 if year < 2005 else 0.35
    traditional = min(1.0, traditional + traditional_bonus)

    def one() -> str:
        """A single given name."""
        style = "traditional" if rng.random() < traditional else "modern"
        return _GIVEN[(sex, style)].draw(rng)

    if rng.random() < 0.25:
        return one()
    lead = {"F": [("María", 20), ("Ana", 4)], "M": [("José", 8), ("Juan", 6)]}[sex]
    first = pick(rng, [*lead, ("", 100 - sum(w for _, w in lead))]) or one()
    second = one()
    while second == first:
        second = one()
    return f"{first} {second}"


def split_surnames(family: str) -> list[str]:
    """'De León García' → ['De León', 'García'] (particles stay with their surname)."""
    out: list[str] = []
    pending: list[str] = []
    for token in family.split():
        pending.append(token)
        if token.lower() not in _PARTICLES:
            out.append(" ".join(pending))
            pending = []
    if pending:
        out.append(" ".join(pending))
    return out


def plain(text: str) -> str:
    """Lower case without accents: how names are compared and keyed."""
    return strip_accents(text).lower()


def cui_check(serial: str) -> int:
    """Sum of digit i times (i + 2), from the left, mod 11 (10 has no digit)."""
    return sum(int(d) * (i + 2) for i, d in enumerate(serial)) % 11


class Guatemala(Profile):
    """Profile for Guatemala."""

    country = "GTM"
    name_classes = (
        "one_surname",
        "surnames_swapped",
        "married_name",
        "name_order_swapped",
        "name_in_one_field",
        "name_typo",
        "partial_name",
    )

    # --- register -----------------------------------------------------------------------

    def _birthplace(self, rng: Random) -> str:
        """A department by population, its head town three times as likely as another."""
        dept = _DEPTS.draw(rng)
        count = sum(1 for c in MUNICIPALITIES if c[:2] == dept)
        muni = 1 if rng.random() < 3 / (count + 2) else rng.randint(1, count)
        return f"{dept}{muni:02d}"

    def make_family(self, rng: Random, numbers: Numbers) -> list[Person]:
        """One couple's children (those born by 2024)."""
        first = _BIRTH_YEARS.draw(rng)
        place = self._birthplace(rng)
        dept = place[:2]
        f_pat, f_mat = draw_surname(rng, dept), draw_surname(rng, dept)
        m_pat, m_mat = draw_surname(rng, dept), draw_surname(rng, dept)
        mayan = any(s not in _SPANISH.items for s in (f_pat, m_pat))
        bonus = 0.15 if mayan else 0.0
        father = f"{draw_given(rng, 'M', first - 28, bonus)} {f_pat} {f_mat}"
        mother = f"{draw_given(rng, 'F', first - 25, bonus)} {m_pat} {m_mat}"
        family = f"{f_pat} {m_pat}"
        if rng.random() < 0.08:
            father, family = "", f"{m_pat} {m_mat}"
        if first < 1960 and rng.random() < 0.2:
            father = mother = ""
        if first < 1975:
            count = pick(rng, [(3, 15), (4, 20), (5, 20), (6, 20), (7, 15), (8, 10)])
        elif first < 1995:
            count = pick(rng, [(2, 20), (3, 30), (4, 25), (5, 15), (6, 10)])
        elif first < 2010:
            count = pick(rng, [(1, 20), (2, 35), (3, 30), (4, 15)])
        else:
            count = pick(rng, [(1, 35), (2, 45), (3, 20)])
        people: list[Person] = []
        year, birth, givens = first, random_date(rng, first), set()
        for i in range(count):
            if i > 0 and rng.random() >= 0.015:  # else a twin: same date
                year += pick(rng, [(1, 20), (2, 40), (3, 25), (4, 15)])
                birth = random_date(rng, year)
            if year > _LAST_BIRTH_YEAR:
                break
            sex = "M" if rng.random() < 0.505 else "F"
            given = draw_given(rng, sex, year, bonus)
            while given in givens:
                given = draw_given(rng, sex, year, bonus)
            givens.add(given)
            here = place if rng.random() < 0.9 else self.other_place(rng, place, year)
            person = Person(family, given, sex, birth, here, mother=mother, father=father)
            person.national_id = self.national_id(rng, person, numbers)
            if age(person) >= 18 and rng.random() < 0.10:
                n = 2 if age(person) >= 28 and rng.random() < 0.2 else 1
                issued = passport_issue_years(rng, person.birth, n)
                person.passports = [self.passport(rng, y, numbers) for y in issued]
            people.append(person)
        return people

    def national_id(self, rng: Random, person: Person, numbers: Numbers) -> str:
        """13-digit CUI ending with the birthplace's department and municipality."""
        while True:
            serial = f"{rng.randrange(10**7, 4 * 10**7):08d}"
            check = cui_check(serial)
            if check == 10:
                continue
            number = f"{serial}{check}{person.place}"
            if number not in numbers.national_ids:
                numbers.national_ids.add(number)
                return number

    def passport(self, rng: Random, issued: int, numbers: Numbers) -> str:
        """Nine digits (assumed format)."""
        while True:
            number = f"{rng.randrange(10**8, 10**9)}"
            if number not in numbers.passports:
                numbers.passports.add(number)
                return number

    # --- applications -------------------------------------------------------------------

    def name_key(self, person: Person) -> str:
        """given names | surnames, lower case without accents."""
        return plain(person.given) + "|" + plain(person.family)

    def emigration_weight(self, person: Person) -> float:
        """Western highlands and the capital; working age."""
        years = age(person)
        if not 16 <= years <= 70:
            return 0.0
        return (2.0 if 18 <= years <= 40 else 1.0) * EMIGRATION.get(person.place[:2], 1.0)

    def suits(self, kind: str, person: Person) -> float:
        """Married names only for women of 20 and over; two surnames where they matter."""
        if kind == "married_name":
            return 1.0 if person.sex == "F" and age(person) >= 20 else 0.0
        if kind in ("one_surname", "surnames_swapped"):  # two different surnames to drop or swap
            return 1.0 if len(set(split_surnames(person.family))) >= 2 else 0.0
        return 1.0

    def render_name(self, rng: Random, person: Person, kind: str) -> list[dict[str, str]]:
        """Names as the foreign record has them (see the applications module's table)."""
        keep_accents = rng.random() < 0.08
        joined_particles = rng.random() < 0.15

        def text(value: str) -> str:
            """Accents dropped (usually); De León sometimes written DeLeon."""
            value = value if keep_accents else strip_accents(value)
            if joined_particles:
                for particle in ("De la ", "De ", "Del "):
                    value = value.replace(particle, particle.strip())
            return value

        surnames = [text(s) for s in split_surnames(person.family)]
        givens = text(person.given).split()
        fam, giv = " ".join(surnames), " ".join(givens)
        if kind == "one_surname":
            fam = surnames[0] if rng.random() < 0.8 else surnames[-1]
        elif kind == "surnames_swapped":
            if rng.random() < 0.5:
                fam = " ".join(reversed(surnames))
            else:  # US forms: the paternal surname taken for a middle name
                fam, giv = surnames[-1], " ".join([*givens, *surnames[:-1]])
        elif kind == "married_name":
            husband = text(draw_surname(rng, person.place[:2]))
            while husband in surnames:  # the husband's surname must show
                husband = text(draw_surname(rng, person.place[:2]))
            fam = pick(
                rng,
                [(f"{surnames[0]} de {husband}", 40), (f"{surnames[0]} {husband}", 30),
                 (husband, 15), (f"{fam} de {husband}", 15)],
            )  # fmt: skip
        elif kind == "name_order_swapped":
            fam, giv = giv, fam
        elif kind == "name_in_one_field":
            whole = f"{giv} {fam}" if rng.random() < 0.8 else f"{fam} {giv}"
            fam, giv = (whole, "") if rng.random() < 0.5 else ("", whole)
        elif kind == "name_typo":
            if rng.random() < 0.5:
                fam = spelling_slip(rng, fam)
            else:
                giv = spelling_slip(rng, giv)
        elif kind == "partial_name":
            sub = pick(rng, [("first_given", 35), ("initials", 20), ("given_only", 15),
                             ("first_and_paternal", 30)])  # fmt: skip
            if sub == "first_given" and len(givens) > 1:
                giv = givens[0]
            elif sub == "initials":
                sep = pick(rng, [(". ", 50), (" ", 30), ("", 20)])
                giv = sep.join(g[0] for g in givens) + ("." if sep == ". " else "")
            elif sub == "given_only":
                fam = ""
            else:  # first given + paternal (also when there is only one given name)
                fam, giv = surnames[0], givens[0]
        if rng.random() < 0.85:  # one style for the whole record
            fam, giv = fam.upper(), giv.upper()
        else:
            fam, giv = fam.title(), giv.title()
        return [{"family": fam, "given": giv, "source": "declared"}]

    def render_parent(self, rng: Random, full: str, kind: str) -> str:
        """'MARIA GARCIA HERNANDEZ', sometimes only the first name and surname."""
        words = strip_accents(full).split()
        if rng.random() < 0.3 and len(words) >= 3:
            gaps = [w for w in words if w.lower() not in _PARTICLES]
            words = [gaps[0], gaps[-2]] if len(gaps) >= 3 else gaps
        text = " ".join(words)
        if rng.random() < 0.1:
            text = letter_typo(rng, text)
        return case_style(rng, text)

    def place_text(self, rng: Random, code: str) -> str:
        """Municipality (official or short name), with or without department, or department."""
        dept_name = DEPARTMENTS[code[:2]][0]
        names = MUNICIPALITIES.get(code, [dept_name])
        muni = names[0] if rng.random() < 0.5 else rng.choice(names)
        level = pick(rng, [("muni", 30), ("muni_dept", 40), ("dept", 25), ("muni_dept_country", 5)])
        if muni == dept_name and level == "muni_dept":
            level = "muni"
        parts = {
            "muni": [muni],
            "muni_dept": [muni, dept_name],
            "dept": [dept_name],
            "muni_dept_country": [muni, dept_name, "Guatemala"],
        }[level]
        out = (", " if rng.random() < 0.8 else " ").join(parts)
        if rng.random() < 0.85:
            out = strip_accents(out)
        if rng.random() < 0.05:
            out = letter_typo(rng, out)
        return out.upper() if rng.random() < 0.5 else out

    def sibling_given(self, rng: Random, person: Person, sex: str, year: int) -> str:
        """Another given name of the family's style."""
        for _ in range(50):
            given = draw_given(rng, sex, year)
            if given != person.given:
                return given
        return draw_given(rng, sex, year)

    def new_parent_names(self, rng: Random, person: Person) -> tuple[str, str]:
        """Unrelated parents whose surnames still give the person's family name."""
        surnames = split_surnames(person.family)
        dept = person.place[:2]
        year = person.birth.year
        father = f"{draw_given(rng, 'M', year - 28)} {surnames[0]} {draw_surname(rng, dept)}"
        maternal = surnames[1] if len(surnames) > 1 else draw_surname(rng, dept)
        mother = f"{draw_given(rng, 'F', year - 25)} {maternal} {draw_surname(rng, dept)}"
        return mother, father

    def other_place(self, rng: Random, code: str, year: int) -> str:
        """Another municipality: half the time in the same department."""
        while True:
            if rng.random() < 0.5:
                same = [c for c in MUNICIPALITIES if c[:2] == code[:2] and c != code]
                other = rng.choice(same) if same else self._birthplace(rng)
            else:
                other = self._birthplace(rng)
            if other != code:
                return other


def spelling_slip(rng: Random, text: str) -> str:
    """A Spanish sound-alike spelling (b/v, s/z, c/s, y/i, j/g, ll/l) or a keying slip."""
    if rng.random() < 0.5:
        lower = text.lower()
        options = [(a, b) for a, b in SPANISH_VARIANTS if a in lower]
        if options:
            a, b = rng.choice(options)
            spots = [i for i in range(len(lower)) if lower.startswith(a, i)]
            i = rng.choice(spots)
            piece = text[i : i + len(a)]
            new = b.upper() if piece.isupper() else b
            return text[:i] + new + text[i + len(a) :]
    return letter_typo(rng, text)
