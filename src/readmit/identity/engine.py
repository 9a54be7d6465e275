"""Verify applications against a country's register: retrieve candidates from the
persistent index, score them field by field, calibrate, and recommend."""

import json
from dataclasses import dataclass, replace
from pathlib import Path

from readmit.biometrics import fusion
from readmit.biometrics.fusion import FaceGallery, decode_template
from readmit.biometrics.store import MODALITIES, gallery_path
from readmit.countries import country as profile_of
from readmit.identity import explanations as words
from readmit.identity import features as f
from readmit.identity.candidates import Speller, block_keys
from readmit.identity.comparisons import PART_SHARE
from readmit.identity.estimate import with_register_u
from readmit.identity.model import Model, Parameters
from readmit.identity.places import gazetteer
from readmit.identity.schemas import Candidate, VerifyRequest, VerifyResult
from readmit.identity.store import (
    Register,
    RegisterRow,
    StoreRegister,
    connect,
    store_path,
)

NAME_BLOCK_CAP = 400
# With a birth year to block on, a name alone that more than this many persons share adds
# only namesakes the date keys (name+year, family+date, given+date, date+place) would miss
# because the date is wrong too: such a candidate could not be confirmed anyway.
DATED_NAME_BLOCK_CAP = 25
# A given name and a year (or a surname, a year and an area) shared by more persons than this
# say nothing once the other part of the name is lost: such keys are for rare names (and
# every other key still applies).
PARTIAL_CAP = 12
TOP = 10
# Candidates kept from examining to deciding: room for another model to reorder the top.
KEPT = 25
# Persons scored per application at most: keeps the slowest applications (common names in a
# huge register) fast; the true person is found under several keys or a selective one.
CANDIDATE_BUDGET = 500
CONFIRMABLE_NAMES = frozenset({"exact", "family_exact_given_similar", "family_similar_given_exact"})
# Date levels that say the years differ: a brother or sister born a year or more apart.
DATES_APART = frozenset({"different", "year_apart"})


@dataclass(frozen=True)
class Scored:
    """A candidate with its comparisons and their weights, by field."""

    row: RegisterRow
    bits: float
    comparisons: dict[str, f.Comparison]
    weights: dict[str, float]
    name_count: int
    id_agrees: bool

    def level(self, field: str) -> str:
        """The level a field reached ("null" when it was not compared)."""
        found = self.comparisons.get(field)
        return found.level if found else "null"


@dataclass(frozen=True)
class Examined:
    """An application's candidates, compared field by field: what a model weighs. A batch
    examines every application first, estimates the model from them, then decides."""

    application_id: str
    candidates: list[Scored]
    register_size: int


def stored_model(meta: dict[str, str]) -> Model:
    """The register's model: the priors, u from the register's own distributions (written by
    its load), and m as the last estimation over applications left it."""
    parameters = Parameters.priors()
    if "model" in meta:
        parameters = Parameters.from_json(meta["model"])
    if "register_u" in meta:
        parameters = with_register_u(parameters, json.loads(meta["register_u"]))
    return Model(parameters)


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
        store: Path | None = None,
        register: Register | None = None,
        model: Model | None = None,
        faces: FaceGallery | None = None,
    ) -> None:
        """Over the register store at `store`, or over another `register` (a Spark batch's)."""
        self.country = country
        self.profile = profile_of(country)
        self.rules = self.profile.names
        self.faces = faces
        self.gallery_size = faces.size if faces else 1
        if register is None:
            if store is None:
                raise ValueError("an engine needs a store or a register")
            register = StoreRegister(connect(store))
        self.register = register
        self.speller = Speller(register)
        self.size = int(register.meta.get("size", "0"))
        self.model = model or stored_model(register.meta)
        self._counts: dict[str, int] = {}

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
        if isinstance(self.register, StoreRegister):
            self.register.connection.close()

    def _found(self, app: f.PreparedApplication) -> dict[str, list[int]]:
        """Persons under each of the application's keys (see `candidates`)."""
        places = (
            gazetteer(self.country).resolve(app.person.birth_place)
            if app.person.birth_place and self.profile.gazetteer is not None
            else []
        )
        area = self.profile.area
        areas = [a for code in places if area and (a := area(code))]
        keys = block_keys(
            app, country=self.country, speller=self.speller, places=places, areas=areas
        )
        cap = DATED_NAME_BLOCK_CAP if keys.dated else NAME_BLOCK_CAP
        found = self.register.lookup(keys.broad, cap=cap)
        found.update(self.register.lookup(keys.narrow, cap=NAME_BLOCK_CAP))
        found.update(self.register.lookup(keys.partial, cap=PARTIAL_CAP))
        return found

    def candidate_ids(self, request: VerifyRequest) -> list[str]:
        """The register persons candidate generation finds for an application, before any
        scoring (for measuring its recall apart from the ranking)."""
        app = f.prepare(request.person, self.rules)
        return [row.person_id for row in self.register.fetch(shortlist(self._found(app)))]

    def _count(self, term: str) -> int:
        if term not in self._counts:
            self._counts[term] = self.register.frequencies([term])[0]
        return self._counts[term]

    def _name_count(self, key: str) -> int:
        return self._count(f"n:{key}")

    def _bearers(self, name: f.Comparison) -> int:
        """Register persons who share the matched name, or the part of it the level rests on."""
        if not name.variant:
            return 0
        if name.level == "exact":
            return self._name_count(name.variant)
        if name.level in PART_SHARE:
            family, _, given = name.variant.split("~")[-1].partition("|")
            part = PART_SHARE[name.level][0]
            return self._count(f"f:{family}" if part == "family" else f"g:{given}")
        return 0

    def _face_scores(self, request: VerifyRequest, rows: list[RegisterRow]) -> dict[str, float]:
        probes = [b for b in request.person.biometrics if b.modality == "face"]
        if not probes or self.faces is None:
            return {}
        probe = decode_template(probes[0].template, MODALITIES["face"])
        return self.faces.scores(probe, [r.person_id for r in rows])

    def _compare(
        self, app: f.PreparedApplication, row: RegisterRow, faces: dict[str, float]
    ) -> Scored:
        compared = [
            f.compare_names(app, row, self.rules, frequency=self._name_count),
            f.compare_dob(app, row),
            f.compare_sex(app, row),
            f.compare_birthplace(app, row, self.country),
            f.compare_ids(app, row, self.country),
            f.compare_passports(app, row),
            f.compare_parents(app, row),
        ]
        comparisons = {c.field: c for c in compared}
        if faces:
            score = faces.get(row.person_id)
            shown = None if score is None else f"cosine {score:.3f}"
            level = fusion.level(score, self.gallery_size)
            comparisons["face"] = f.Comparison("face", level, "probe template", shown)
        scored = Scored(
            row,
            0.0,
            comparisons,
            {},
            self._bearers(comparisons["name"]),
            comparisons["national_id"].level == "exact",
        )
        return self.weigh(scored, self.model)

    def weigh(self, scored: Scored, model: Model) -> Scored:
        """The candidate's comparisons weighed by a model."""
        weights = {
            field: (
                fusion.weight(c.level, self.gallery_size)
                if field == "face"
                else model.weigh(
                    c,
                    name_count=scored.name_count,
                    register_size=self.size,
                    id_agrees=scored.id_agrees,
                )
            )
            for field, c in scored.comparisons.items()
        }
        return replace(scored, bits=sum(weights.values()), weights=weights)

    def _ledger(self, scored: Scored, model: Model) -> dict[str, dict[str, object]]:
        """Per field: what was compared, which variant matched, its weight and why."""
        ledger: dict[str, dict[str, object]] = {}
        for field, c in scored.comparisons.items():
            weight = scored.weights[field]
            register = c.register
            if c.field == "birth_place" and register and self.profile.gazetteer is not None:
                register = gazetteer(self.country).describe(register)
            why = (
                fusion.explain(c.level, self.gallery_size)
                if c.field == "face"
                else model.explain(
                    c,
                    name_count=scored.name_count,
                    id_agrees=scored.id_agrees,
                )
            )
            ledger[field] = {
                "level": c.level,
                "weight": round(weight, 2),
                "application": c.application,
                "register": register,
                "variant": c.variant,
                "why": why,
            }
        return ledger

    def examine(self, request: VerifyRequest) -> Examined:
        """Find the application's candidates and compare them, field by field."""
        app = f.prepare(request.person, self.rules)
        rows = self.register.fetch(shortlist(self._found(app)))
        faces = self._face_scores(request, rows)
        compared = sorted(
            (self._compare(app, row, faces) for row in rows), key=lambda s: s.bits, reverse=True
        )
        return Examined(request.application_id, compared[:KEPT], self.size)

    def decide(self, examined: Examined, model: Model | None = None) -> VerifyResult:
        """Weigh the examined candidates by a model (the engine's own by default), calibrate,
        and recommend."""
        model = model or self.model
        scored = sorted(
            (self.weigh(s, model) for s in examined.candidates),
            key=lambda s: s.bits,
            reverse=True,
        )[:TOP]
        prior = model.prior_bits(self.size)
        odds = [2 ** min(prior + s.bits, 1000.0) for s in scored]
        total = 1.0 + sum(odds)
        candidates = [
            Candidate(
                person_id=s.row.person_id,
                score=round(o / total, 6),
                log_odds=round(prior + s.bits, 2),
                evidence=self._ledger(s, model),
            )
            for s, o in zip(scored, odds, strict=True)
        ]
        recommendation, reason = self._recommend(scored, candidates, model)
        return VerifyResult(
            application_id=examined.application_id,
            recommendation=recommendation,
            reason=reason,
            model_version=model.version,
            candidates=candidates,
        )

    def verify(self, request: VerifyRequest) -> VerifyResult:
        """Rank register persons for one application and recommend."""
        return self.decide(self.examine(request))

    def _recommend(
        self, scored: list[Scored], candidates: list[Candidate], model: Model
    ) -> tuple[str, str]:
        if not candidates or candidates[0].score < 0.01:
            return "no_match", words.NO_PLAUSIBLE_MATCH
        top = scored[0]
        p_wrong = 1.0 - candidates[0].score
        if p_wrong >= model.max_wrong:
            return "review", words.WRONG_MATCH.format(p=f"{p_wrong:.2g}")
        if len(scored) > 1 and top.bits - scored[1].bits < model.min_gap_bits:
            return "review", words.RUNNER_UP
        face = top.level("face")
        if face == "nonmatch":
            return "review", words.FACE_DISAGREES
        document = "exact" in (top.level("national_id"), top.level("passport"))
        if top.level("name") not in CONFIRMABLE_NAMES and not document and face != "strong":
            # A sibling or twin shares surname, parents, birthplace and maybe the date.
            return "review", words.NAMES_APART
        if top.level("birth_date") in DATES_APART and not document and face != "strong":
            # Names, parents and birthplace are a sibling's too; the date is the person's.
            return "review", words.DATES_APART
        if p_wrong < 1e-12:
            return "confirm", words.WRONG_MATCH_TINY
        return "confirm", words.WRONG_MATCH.format(p=f"{p_wrong:.1g}")
