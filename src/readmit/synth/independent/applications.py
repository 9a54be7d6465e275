"""Applications about register persons (and about people absent from it), with their truth.

Every application is labelled with one difficulty class naming its main difficulty. Classes
get equal shares of the present applications (the remainder going to the first classes), so
each can be measured; the absent share (default one third) is split 50/30/20 between
``absent``, ``absent_namesake`` and ``absent_sibling``. Whom an application is about is drawn
by emigration weight (see the country modules: Fujian, western Guatemala; ages 16–70, 20–45 or
18–40 doubled), times the class's own fit (below); nobody is the subject of two applications.

Ambient fields (every class unless it says otherwise):
  sex present 95%; birthplace text 65% (levels and spellings: chn_places, gtm.place_text);
  parents 25% when the register has them (both 55%, mother only 25%, father only 20%; each
  name in the applicant's scheme, 10% with a slip); national ID 10% (CHN) / 20% (GTM), CUI
  spaced 40%; a passport 30% (CHN) / 25% (GTM) when the person holds one (an older one, typed
  ``expired_passport``, 20% of those times); names upper case 85%, else title case; name source
  "document" when a passport is given and the name is clean, else "declared" (alias: western
  names). Dates are exact (YYYY-MM-DD) unless the class changes them.

Present classes (name kind / date kind / documents):
  clean               pinyin (CHN) or both surnames + all given names (GTM) / exact / ambient
  wade_giles          CHN: Wade-Giles, given hyphenated 60% spaced 25% joined 15%, apostrophes
                      kept 30%, compound surnames hyphenated 50%
  cantonese           CHN: HK spellings (surname table 80% first form), given per character
                      (Guangdong/Guangxi/Hainan people 20× as likely to be chosen)
  dialect_surname     CHN: Hokkien/Teochew/Fuzhou surname (the birthplace's dialect first,
                      70% its first spelling), pinyin given name (Fujian/Chaoshan people 20×)
  one_surname         GTM: paternal surname only 80%, maternal only 20%
  surnames_swapped    GTM: maternal first 50%; US misparse 50% (paternal moved into given)
  married_name        GTM, women ≥ 20: "P de H" 40%, "P H" 30%, "H" 15%, "P M de H" 15%
  name_order_swapped  given name in the family field and surname in the given field
  name_in_one_field   whole name in one field (family 50% / given 50%), other empty; CHN
                      surname first 60%, GTM given names first 80%
  name_typo           one edit (letter wrong 35%, dropped 25%, doubled 20%, transposed 20%;
                      GTM half the time a Spanish sound-alike b/v s/z c/s y/i j/g ll/l); CHN
                      surname 40% / given 60%, GTM surnames 50% / given 50%
  partial_name        CHN: given initials 30%, first given syllable 20%, given only 10%,
                      surname only 10%, western alias (KEVIN ZHANG) 30%; GTM: first given name
                      35%, initials 20%, given names only 15%, first given + paternal 30%
  year_off_by_one     year ± 1, same month and day
  date_days_off       1–7 days off 55%, day and month swapped 30% (when both ≤ 12 and they
                      differ), one digit of the day wrong 15%
  partial_date        year-month 45%, year 35%, placeholder 1 January 20% (never the truth)
  no_date             no birth date
  id_typo             national ID with one keying slip (digit wrong 60%, two swapped 25%,
                      dropped 10%, doubled 5%); no passport
  passport_ocr        the current passport misread: 1–2 OCR confusions (0/O/D, 1/I/L, 5/S,
                      8/B, 2/Z, 6/G) 70%, else one character off (wrong, swapped, dropped,
                      doubled); no national ID
  namesake_sibling    the person has a same-year namesake or a sibling in the register; clean
                      name; exact date 60%, year-month 25%, year 15%; no documents; parents 50%,
                      birthplace 85%
  compound            one of the country's name kinds + one of year ± 1, days off, partial,
                      no date; no documents; birthplace 60%

Absent classes (person_id null):
  absent              a new person drawn like the register's (no register person with the
                      same romanised name and birth date), written with a random kind (clean
                      40%) and a random date kind (exact 60%); fresh ID 10%, passport 15%
  absent_namesake     a register person's exact name, sex and birth year, another date (> 10
                      days away), another birthplace (often the same province) and other
                      parents; clean name 85%; exact date 70%, year-month 20%, year 10%;
                      parents 30%; in 10% fresh documents as for absent
  absent_sibling      a brother or sister who is not in the register: same family name, both
                      parents (always given), birthplace; another given name (CHN: half the
                      time sharing the generation character), born 1–8 years apart; clean name
                      85%; exact date 70%, else year-month or year
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Callable
from random import Random
from typing import Any

from readmit.synth.independent.base import Numbers, Profile
from readmit.synth.independent.common import (
    Person,
    Sampler,
    digit_typo,
    ocr_slip,
    pick,
    random_date,
    same_day_other_year,
)
from readmit.synth.independent.register import profile_for

_HAN = re.compile(r"^[\u4e00-\u9fff]+$")
DATE_CLASSES = ("year_off_by_one", "date_days_off", "partial_date", "no_date")
DOC_CLASSES = ("id_typo", "passport_ocr")
ABSENT_CLASSES = (("absent", 0.5), ("absent_namesake", 0.3), ("absent_sibling", 0.2))
_DATE_KIND = {"year_off_by_one": "year_off", "date_days_off": "days_off",
              "partial_date": "partial", "no_date": "none"}  # fmt: skip


def present_classes(country: str) -> tuple[str, ...]:
    """The present difficulty classes of a country, in a fixed order."""
    profile = profile_for(country)
    return ("clean", *profile.name_classes, *DATE_CLASSES, *DOC_CLASSES,
            "namesake_sibling", "compound")  # fmt: skip


def all_classes(country: str) -> tuple[str, ...]:
    """Every difficulty class of a country."""
    return (*present_classes(country), *(c for c, _ in ABSENT_CLASSES))


def _allocate(total: int, classes: list[tuple[str, float]]) -> list[str]:
    """Split ``total`` by shares, largest remainders first (ties: table order)."""
    raw = [(c, total * w / sum(s for _, s in classes)) for c, w in classes]
    counts = {c: int(x) for c, x in raw}
    order = sorted(raw, key=lambda cx: -(cx[1] - int(cx[1])))
    for c, _ in order[: total - sum(counts.values())]:
        counts[c] += 1
    return [c for c, _ in classes for _ in range(counts[c])]


class _Register:
    """The register as the application side sees it: persons, keys, namesakes, families."""

    def __init__(self, profile: Profile, rows: list[dict[str, str]]) -> None:
        """Parse rows and index name keys by birth year and families by parents."""
        if not rows:
            raise ValueError("the register is empty")
        self.people: list[Person] = []
        for n, row in enumerate(rows, start=1):
            try:
                self.people.append(Person.from_row(row))
            except (KeyError, ValueError) as exc:
                raise ValueError(f"register row {n} ({row.get('person_id')!r}): {exc}") from None
        han = sum(bool(_HAN.match(p.family)) for p in self.people[:200])
        if (profile.country == "CHN") != (han > len(self.people[:200]) / 2):
            raise ValueError(f"this does not look like a {profile.country} register")
        self.keys = [profile.name_key(p) for p in self.people]
        self.weights = [profile.emigration_weight(p) for p in self.people]
        self.by_key_year: dict[tuple[str, int], list[int]] = defaultdict(list)
        self.by_key_date: set[tuple[str, dt.date]] = set()
        self.families: dict[tuple[str, str, str], list[int]] = defaultdict(list)
        self.numbers = Numbers()
        for i, (p, k) in enumerate(zip(self.people, self.keys, strict=True)):
            self.by_key_year[(k, p.birth.year)].append(i)
            self.by_key_date.add((k, p.birth))
            if p.father and p.mother:
                self.families[(p.family, p.father, p.mother)].append(i)
            self.numbers.national_ids.add(p.national_id)
            self.numbers.passports.update(p.passports)
        candidates = [i for i, w in enumerate(self.weights) if w > 0]
        if not candidates:
            raise ValueError(
                "the register has nobody of an age to be the subject of an application"
            )
        self.sampler = Sampler(candidates, [self.weights[i] for i in candidates])

    def has_namesake_or_sibling(self, i: int) -> bool:
        """Another register person with the same name and birth year, or the same parents."""
        p = self.people[i]
        if len(self.by_key_year[(self.keys[i], p.birth.year)]) > 1:
            return True
        return bool(
            p.father and p.mother and len(self.families[(p.family, p.father, p.mother)]) > 1
        )


class _Generator:
    """State of one ``make_applications`` call."""

    def __init__(self, profile: Profile, register: _Register, rng: Random) -> None:
        """Keep the profile, the indexed register and the random stream."""
        self.profile, self.reg, self.rng = profile, register, rng
        self.used: set[int] = set()

    # --- choosing whom an application is about -----------------------------------------

    def choose(self, fit: Callable[[int], float]) -> int:
        """A register person by emigration weight, accepted with probability fit(i) ≤ 1."""
        for _ in range(20000):
            i = self.reg.sampler.draw(self.rng)
            if i not in self.used and self.rng.random() < fit(i):
                self.used.add(i)
                return i
        for i in self.reg.sampler.items:  # tiny registers: anyone suitable, then anyone
            if i not in self.used and fit(i) > 0:
                self.used.add(i)
                return i
        raise ValueError("the register has too few suitable persons for this many applications")

    def name_fit(self, kind: str) -> Callable[[int], float]:
        """Selection fit for a name kind: the profile's weight over its largest value (20)."""
        top = 20.0 if kind in ("cantonese", "dialect_surname") else 1.0
        return lambda i: self.profile.suits(kind, self.reg.people[i]) / top

    def target(self, cls: str, name_kind: str) -> int:
        """The register person a present application of class ``cls`` is about."""
        name_fit = self.name_fit(name_kind)
        if cls == "passport_ocr":
            return self.choose(lambda i: 1.0 if self.reg.people[i].passports else 0.0)
        if cls == "namesake_sibling":
            return self.choose(lambda i: 1.0 if self.reg.has_namesake_or_sibling(i) else 0.0)
        return self.choose(name_fit)

    # --- writing an application ----------------------------------------------------------

    def date(self, birth: dt.date, kind: str) -> str | None:
        """The birth date as the foreign record has it (None: not given)."""
        rng = self.rng
        if kind == "exact":
            return birth.isoformat()
        if kind == "none":
            return None
        if kind == "year_off":
            return same_day_other_year(birth, birth.year + rng.choice((-1, 1))).isoformat()
        if kind == "year_month":
            return f"{birth:%Y-%m}"
        if kind == "year":
            return f"{birth:%Y}"
        if kind == "partial":
            sub = pick(rng, [("year_month", 45), ("year", 35), ("placeholder", 20)])
            if sub == "placeholder" and (birth.month, birth.day) != (1, 1):
                return f"{birth.year}-01-01"
            return f"{birth:%Y-%m}" if sub == "year_month" else f"{birth:%Y}"
        # days_off
        sub = pick(rng, [("shift", 55), ("swap", 30), ("digit", 15)])
        if sub == "swap" and birth.day <= 12 and birth.day != birth.month:
            return dt.date(birth.year, birth.day, birth.month).isoformat()
        if sub == "digit":
            options = []
            for pos in (0, 1):
                for d in "0123456789":
                    text = f"{birth.day:02d}"
                    text = text[:pos] + d + text[pos + 1 :]
                    try:
                        other = birth.replace(day=int(text))
                    except ValueError:
                        continue
                    if other != birth:
                        options.append(other)
            if options:
                return rng.choice(options).isoformat()
        shift = rng.randint(1, 7) * rng.choice((-1, 1))
        return (birth + dt.timedelta(days=shift)).isoformat()

    def documents(self, person: Person, kind: str, fresh: bool = False) -> list[dict[str, str]]:
        """Documents: ambient, a slipped ID, a misread passport, none, or (absent people)
        fresh numbers that are nobody's in the register."""
        rng, country = self.rng, self.profile.country
        docs: list[dict[str, str]] = []
        if kind == "none":
            return docs
        if fresh:
            if rng.random() < 0.10:
                number = self.profile.national_id(rng, person, self.reg.numbers)
                docs.append({"type": "national_id", "number": number, "issuing_state": country})
            if rng.random() < 0.15:
                number = self.profile.passport(rng, rng.randint(2016, 2025), self.reg.numbers)
                docs.append({"type": "passport", "number": number, "issuing_state": country})
            return docs
        id_share = 0.10 if country == "CHN" else 0.20
        if kind == "id_typo" or (kind == "ambient" and rng.random() < id_share):
            number = person.national_id
            if kind == "id_typo":
                number = digit_typo(rng, number)
            if country == "GTM" and len(number) == 13 and rng.random() < 0.4:
                number = f"{number[:4]} {number[4:9]} {number[9:]}"
            docs.append({"type": "national_id", "number": number, "issuing_state": country})
        passport_share = 0.30 if country == "CHN" else 0.25
        if person.passports and (
            kind == "passport_ocr" or (kind == "ambient" and rng.random() < passport_share)
        ):
            number, doc_type = person.passports[-1], "passport"
            if kind == "ambient" and len(person.passports) > 1 and rng.random() < 0.2:
                number, doc_type = person.passports[0], "expired_passport"
            if kind == "passport_ocr":
                slipped = ocr_slip(rng, number)
                while slipped == number or slipped in self.reg.numbers.passports:
                    slipped = ocr_slip(rng, number)
                number = slipped
            docs.append({"type": doc_type, "number": number, "issuing_state": country})
        return docs

    def parents(self, person: Person, name_kind: str, share: float) -> dict[str, str] | None:
        """Parents' names as declared, when the register has them and the record does
        (share 1: always, and both)."""
        if not (person.mother or person.father) or self.rng.random() >= share:
            return None
        which = (
            "both" if share >= 1 else pick(self.rng, [("both", 55), ("mother", 25), ("father", 20)])
        )
        out: dict[str, str] = {}
        if person.mother and which in ("both", "mother"):
            out["mother"] = self.profile.render_parent(self.rng, person.mother, name_kind)
        if person.father and which in ("both", "father"):
            out["father"] = self.profile.render_parent(self.rng, person.father, name_kind)
        return out or None

    def person_json(
        self,
        person: Person,
        *,
        name_kind: str,
        date_kind: str,
        doc_kind: str,
        parents_share: float = 0.25,
        place_share: float = 0.65,
        fresh_documents: bool = False,
    ) -> dict[str, Any]:
        """The ``person`` object of an application."""
        rng = self.rng
        names = self.profile.render_name(rng, person, name_kind)
        out: dict[str, Any] = {"names": names}
        if rng.random() < 0.95:
            out["sex"] = person.sex
        birth_date = self.date(person.birth, date_kind)
        if birth_date is not None:
            out["birth_date"] = birth_date
        if rng.random() < place_share:
            out["birth_place"] = self.profile.place_text(rng, person.place)
        docs = self.documents(person, doc_kind, fresh_documents)
        if docs:
            out["documents"] = docs
            if name_kind == "clean" and any(d["type"] == "passport" for d in docs):
                names[0]["source"] = "document"
        parents = self.parents(person, name_kind, parents_share)
        if parents:
            out["parents"] = parents
        return out

    def present(self, cls: str) -> tuple[int, dict[str, Any]]:
        """A present application of class ``cls``: (register index, person object)."""
        rng, kinds = self.rng, self.profile.name_classes
        if cls == "compound":
            name_kind = rng.choice(kinds)
            i = self.target(cls, name_kind)
            date_kind = rng.choice(("year_off", "days_off", "partial", "none"))
            return i, self.person_json(
                self.reg.people[i], name_kind=name_kind, date_kind=date_kind, doc_kind="none",
                place_share=0.6,
            )  # fmt: skip
        name_kind = cls if cls in kinds else "clean"
        i = self.target(cls, name_kind)
        person = self.reg.people[i]
        if cls == "namesake_sibling":
            date_kind = pick(rng, [("exact", 60), ("year_month", 25), ("year", 15)])
            return i, self.person_json(
                person, name_kind="clean", date_kind=date_kind, doc_kind="none",
                parents_share=0.5, place_share=0.85,
            )  # fmt: skip
        date_kind = _DATE_KIND.get(cls, "exact")
        doc_kind = cls if cls in DOC_CLASSES else "ambient"
        return i, self.person_json(
            person, name_kind=name_kind, date_kind=date_kind, doc_kind=doc_kind
        )

    # --- people absent from the register -------------------------------------------------

    def _unregistered(self, person: Person) -> bool:
        """No register person has this romanised name and birth date."""
        return (self.profile.name_key(person), person.birth) not in self.reg.by_key_date

    def absent(self, cls: str) -> dict[str, Any]:
        """An application about someone who is not in the register."""
        rng, profile = self.rng, self.profile
        clean_name = "clean" if rng.random() < 0.85 else rng.choice(profile.name_classes)
        for _ in range(1000):
            if cls == "absent":
                person = profile.random_person(rng, self.reg.numbers)
                if not self._unregistered(person):
                    continue
                name_kind = "clean" if rng.random() < 0.4 else rng.choice(profile.name_classes)
                date_kind = pick(rng, [("exact", 60), ("year_off", 10), ("days_off", 10),
                                       ("partial", 12), ("none", 8)])  # fmt: skip
                return self.person_json(
                    person, name_kind=name_kind, date_kind=date_kind, doc_kind="ambient",
                    fresh_documents=True,
                )  # fmt: skip
            if cls == "absent_namesake":
                base = self.reg.people[self.reg.sampler.draw(rng)]
                birth = random_date(rng, base.birth.year)
                if abs((birth - base.birth).days) <= 10:
                    continue
                person = Person(base.family, base.given, base.sex, birth,
                                profile.other_place(rng, base.place, birth.year))  # fmt: skip
                person.mother, person.father = profile.new_parent_names(rng, person)
                if not self._unregistered(person):
                    continue
                person.national_id = profile.national_id(rng, person, self.reg.numbers)
                date_kind = pick(rng, [("exact", 70), ("year_month", 20), ("year", 10)])
                doc_kind = "ambient" if rng.random() < 0.1 else "none"
                return self.person_json(
                    person, name_kind=clean_name, date_kind=date_kind, doc_kind=doc_kind,
                    parents_share=0.3, place_share=0.7, fresh_documents=True,
                )  # fmt: skip
            # absent_sibling
            i = self.reg.sampler.draw(rng)
            base = self.reg.people[i]
            if not (base.father and base.mother):
                continue
            year = base.birth.year + rng.randint(1, 8) * rng.choice((-1, 1))
            if not 1930 <= year <= 2008:
                continue
            sex = "M" if rng.random() < 0.5 else "F"
            siblings = self.reg.families[(base.family, base.father, base.mother)]
            taken = {self.reg.people[j].given for j in siblings}
            given = profile.sibling_given(rng, base, sex, year)
            if given in taken:
                continue
            birth = random_date(rng, year)
            place = profile.place_in_year(rng, base.place, year)
            person = Person(base.family, given, sex, birth, place,
                            mother=base.mother, father=base.father)  # fmt: skip
            if not self._unregistered(person):
                continue
            person.national_id = profile.national_id(rng, person, self.reg.numbers)
            date_kind = pick(rng, [("exact", 70), ("year_month", 20), ("year", 10)])
            return self.person_json(
                person, name_kind=clean_name, date_kind=date_kind, doc_kind="none",
                parents_share=1.0, place_share=0.8,
            )  # fmt: skip
        raise ValueError(f"could not make an application of class {cls} from this register")


def make_applications(
    *,
    country: str,
    register: list[dict[str, str]],
    count: int,
    seed: int,
    absent_share: float = 1 / 3,
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Applications (README JSON-lines objects) and their truth rows, deterministic for a
    seed: {"application_id", "person_id" (None when absent), "difficulty"}."""
    if count < 0:
        raise ValueError("count must not be negative")
    if not 0.0 <= absent_share <= 1.0:
        raise ValueError("absent_share must lie between 0 and 1")
    profile = profile_for(country)
    rng = Random(f"independent-applications:{profile.country}:{seed}")
    generator = _Generator(profile, _Register(profile, register), rng)
    n_absent = round(count * absent_share)
    present = present_classes(profile.country)
    plan = _allocate(count - n_absent, [(c, 1.0) for c in present])
    plan += _allocate(n_absent, list(ABSENT_CLASSES))
    rng.shuffle(plan)
    applications: list[dict[str, Any]] = []
    truth: list[dict[str, Any]] = []
    for n, cls in enumerate(plan, start=1):
        application_id = f"A-{n:05d}"
        person_id: str | None = None
        if cls.startswith("absent"):
            person = generator.absent(cls)
        else:
            i, person = generator.present(cls)
            person_id = generator.reg.people[i].person_id
        applications.append(
            {
                "application_id": application_id,
                "requesting_state": "USA",
                "requested_state": profile.country,
                "person": person,
            }
        )
        truth.append({"application_id": application_id, "person_id": person_id, "difficulty": cls})
    return applications, truth
