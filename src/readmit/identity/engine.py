"""Verify applications against a country's register: retrieve candidates from the
persistent index, score them field by field, calibrate, and recommend."""

from dataclasses import dataclass
from pathlib import Path

from readmit.biometrics import fusion
from readmit.biometrics.fusion import FaceGallery, decode_template
from readmit.biometrics.store import MODALITIES, gallery_path
from readmit.identity import features as f
from readmit.identity.docnums import confusion_key
from readmit.identity.model import GIVEN_SHARE, HARD_EVIDENCE, Model
from readmit.identity.places import gazetteer
from readmit.identity.profiles import profile
from readmit.identity.schemas import Candidate, VerifyRequest, VerifyResult
from readmit.identity.store import (
    RegisterRow,
    connect,
    fetch,
    frequency,
    get_meta,
    lookup,
    store_path,
)

NAME_BLOCK_CAP = 400
# With a birth year to block on, a name alone that more than this many persons share adds
# only namesakes the date keys (name+year, family+date, given+date, date+place) would miss
# because the date is wrong too: such a candidate could not be confirmed anyway.
DATED_NAME_BLOCK_CAP = 60
TOP = 10
# Persons scored per application at most: keeps the slowest applications (common names in a
# huge register) fast; the true person is found under several keys or a selective one.
CANDIDATE_BUDGET = 500
GAZETTEER_COUNTRIES = frozenset({"CHN", "GTM"})
CONFIRMABLE_NAMES = frozenset({"exact", "family_exact_given_similar", "family_similar_given_exact"})


@dataclass(frozen=True)
class Scored:
    """A candidate with its comparisons and their weights."""

    row: RegisterRow
    bits: float
    comparisons: list[f.Comparison]
    weights: list[float]
    hard: bool
    name_count: int
    family_count: int
    id_agrees: bool


def shortlist(found: dict[str, list[int]]) -> list[int]:
    """The persons to score: all when few, else those best supported, each key a person is
    found under counting the more the fewer persons share it."""
    support: dict[int, float] = {}
    for persons in found.values():
        for rowid in persons:
            support[rowid] = support.get(rowid, 0.0) + 1.0 / len(persons)
    if len(support) <= CANDIDATE_BUDGET:
        return list(support)
    return sorted(support, key=support.__getitem__, reverse=True)[:CANDIDATE_BUDGET]


class Engine:
    """One country's engine over its store; safe to reuse for many applications."""

    def __init__(
        self,
        *,
        country: str,
        store: Path,
        model: Model | None = None,
        faces: FaceGallery | None = None,
    ) -> None:
        self.country = country
        self.rules = profile(country)
        self.model = model or Model()
        self.faces = faces
        self.gallery_size = faces.size if faces else 1
        self.connection = connect(store)
        self.size = int(get_meta(self.connection).get("size", "0"))
        self._name_counts: dict[str, int] = {}
        self._family_counts: dict[str, int] = {}

    @classmethod
    def for_home(cls, *, home: Path, country: str) -> "Engine":
        """The engine over READMIT_HOME's register store and, if enrolled, its face gallery."""
        gallery = store_path(home, country)
        faces = (
            FaceGallery(home=home, country=country)
            if gallery_path(home, country, "face").exists()
            else None
        )
        return cls(country=country, store=gallery, faces=faces)

    def close(self) -> None:
        """Release the store."""
        self.connection.close()

    def _block_keys(self, app: f.PreparedApplication) -> list[str]:
        person = app.person
        dates = []
        if person.birth_date and len(person.birth_date) == 10:
            y, m, d = person.birth_date.split("-")
            dates.append(person.birth_date)
            if int(d) <= 12 and d != m:
                dates.append(f"{y}-{d}-{m}")
        years = {person.birth_date[:4]} if person.birth_date else set()
        keys = [f"n:{k}" for k in app.name_keys]
        keys += [f"ny:{k}|{y}" for k in app.name_keys for y in years]
        for d in dates:
            for k in app.name_keys:
                family, given = k.split("|", 1)
                keys += [f"fd:{family}|{d}", f"gd:{given}|{d}"]
                keys += [f"dl:{d}|f{family[:1]}", f"dl:{d}|g{given[:1]}"]
            if person.birth_place:
                keys += [
                    f"dp:{d}|{code}" for code in gazetteer(self.country).resolve(person.birth_place)
                ]
        if not years:
            # Without a birth date, parents' names are the next most selective key.
            keys += [f"pa:{k}" for k in (*app.mother_keys, *app.father_keys)]
        keys += [f"id:{n}" for n in app.national_ids]
        keys += [f"pp:{confusion_key(n)}" for n in app.passports]
        return keys

    def _name_count(self, key: str) -> int:
        if key not in self._name_counts:
            self._name_counts[key] = frequency(self.connection, f"n:{key}")
        return self._name_counts[key]

    def _face_scores(self, request: VerifyRequest, rows: list[RegisterRow]) -> dict[str, float]:
        probes = [b for b in request.person.biometrics if b.modality == "face"]
        if not probes or self.faces is None:
            return {}
        probe = decode_template(probes[0].template, MODALITIES["face"])
        return self.faces.scores(probe, [r.person_id for r in rows])

    def _score(
        self, app: f.PreparedApplication, row: RegisterRow, faces: dict[str, float]
    ) -> Scored:
        comparisons = [
            f.compare_names(app, row, self.rules, frequency=self._name_count),
            f.compare_dob(app, row),
            f.compare_sex(app, row),
            f.compare_birthplace(app, row, self.country),
            f.compare_ids(app, row, self.country),
            f.compare_passports(app, row),
            f.compare_parents(app, row),
        ]
        id_agrees = comparisons[4].level == "exact"
        name = comparisons[0]
        name_count = self._name_count(name.variant) if name.level == "exact" and name.variant else 0
        families = 0
        if name.level in GIVEN_SHARE and name.variant:
            families = self._family_count(name.variant.split("~")[-1].partition("|")[0])
        weights = [
            self.model.weigh(
                c,
                name_count=name_count,
                register_size=self.size,
                id_agrees=id_agrees,
                family_count=families,
            )
            for c in comparisons
        ]
        if faces:
            score = faces.get(row.person_id)
            face = fusion.level(score, self.gallery_size)
            shown = None if score is None else f"cosine {score:.3f}"
            comparisons.append(f.Comparison("face", face, "probe template", shown))
            weights.append(fusion.weight(face, self.gallery_size))
        hard = any(c.level in HARD_EVIDENCE.get(c.field, ()) for c in comparisons)
        return Scored(
            row, sum(weights), comparisons, weights, hard, name_count, families, id_agrees
        )

    def _family_count(self, family: str) -> int:
        if family not in self._family_counts:
            self._family_counts[family] = frequency(self.connection, f"f:{family}")
        return self._family_counts[family]

    def _ledger(self, scored: Scored) -> dict[str, dict[str, object]]:
        """Per field: what was compared, which variant matched, its weight and why."""
        ledger: dict[str, dict[str, object]] = {}
        for c, weight in zip(scored.comparisons, scored.weights, strict=True):
            register = c.register
            if c.field == "birth_place" and register and self.country in GAZETTEER_COUNTRIES:
                register = gazetteer(self.country).describe(register)
            why = (
                fusion.explain(c.level, self.gallery_size)
                if c.field == "face"
                else self.model.explain(
                    c,
                    name_count=scored.name_count,
                    id_agrees=scored.id_agrees,
                    family_count=scored.family_count,
                )
            )
            ledger[c.field] = {
                "level": c.level,
                "weight": round(weight, 2),
                "application": c.application,
                "register": register,
                "variant": c.variant,
                "why": why,
            }
        return ledger

    def verify(self, request: VerifyRequest) -> VerifyResult:
        """Rank register persons for one application and recommend."""
        app = f.prepare(request.person, self.rules)
        keys = self._block_keys(app)
        dated = any(k.startswith("ny:") for k in keys)
        broad = [k for k in keys if k.startswith(("n:", "pa:"))]
        found = lookup(
            self.connection, broad, cap=DATED_NAME_BLOCK_CAP if dated else NAME_BLOCK_CAP
        )
        narrow = [k for k in keys if not k.startswith(("n:", "pa:"))]
        found.update(lookup(self.connection, narrow, cap=NAME_BLOCK_CAP))
        rows = fetch(self.connection, shortlist(found))
        faces = self._face_scores(request, rows)
        scored = sorted(
            (self._score(app, row, faces) for row in rows),
            key=lambda s: s.bits,
            reverse=True,
        )[:TOP]
        prior = self.model.prior_bits(self.size)
        odds = [2 ** min(prior + s.bits, 1000.0) for s in scored]
        total = 1.0 + sum(odds)
        candidates = [
            Candidate(
                person_id=s.row.person_id,
                score=round(o / total, 6),
                log_odds=round(prior + s.bits, 2),
                evidence=self._ledger(s),
            )
            for s, o in zip(scored, odds, strict=True)
        ]
        recommendation, reason = self._recommend(scored, candidates, prior)
        return VerifyResult(
            application_id=request.application_id,
            recommendation=recommendation,
            reason=reason,
            model_version=self.model.version,
            candidates=candidates,
        )

    def _recommend(
        self, scored: list[Scored], candidates: list[Candidate], prior: float
    ) -> tuple[str, str]:
        if not candidates or candidates[0].score < 0.01:
            return "no_match", "no register person is a plausible match"
        top = scored[0]
        p_wrong = 1.0 - candidates[0].score
        if p_wrong >= self.model.max_wrong:
            return "review", f"estimated probability of a wrong match {p_wrong:.2g}"
        if len(scored) > 1 and top.bits - scored[1].bits < self.model.min_gap_bits:
            return "review", "a runner-up is too close"
        name, national_id, passport = top.comparisons[0], top.comparisons[4], top.comparisons[5]
        face = top.comparisons[7].level if len(top.comparisons) > 7 else "null"
        if face == "nonmatch":
            return "review", "the face does not match this register person"
        if (
            name.level not in CONFIRMABLE_NAMES
            and "exact" not in (national_id.level, passport.level)
            and face != "strong"
        ):
            # A sibling or twin shares surname, parents, birthplace and maybe the date.
            return "review", "the names do not agree closely and no document number agrees"
        if top.name_count >= self.model.common_name_count and not top.hard:
            return "review", (
                f"common name ({top.name_count} in the register) without a "
                "document, ID, parent or birthplace agreeing"
            )
        shown = f"{p_wrong:.1g}" if p_wrong >= 1e-12 else "below 1e-12"
        return "confirm", f"estimated probability of a wrong match {shown}"
