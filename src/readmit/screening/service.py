"""Screening of a person or company against the state's designations, and the review of its
hits. A reviewer's "same" / "not the same" on a pair (screened subject, matched entity) is
remembered, as nomenklatura's resolver keeps its judgements: a later screening of the same
subject is settled by it, so a false positive never comes back to the queue. A revision
retires the judgement (kept, with who retired it) and adds the new one."""

from dataclasses import asdict
from datetime import datetime

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from readmit.audit import service as audit
from readmit.auth.models import Role, User
from readmit.config import get_settings
from readmit.database.core import utcnow
from readmit.database.dialect import lock_for_update
from readmit.designations.models import Entity
from readmit.errors import Conflict, FieldProblem, Forbidden, Invalid, NotFound
from readmit.i18n import _
from readmit.screening import engine
from readmit.screening.models import HitStatus, Judgement, Screening, ScreeningHit, Verdict
from readmit.screening.presenting import detail, items, public, summary
from readmit.screening.schemas import (
    MAX_NOTE,
    HitDetail,
    ReviewItem,
    ReviewQueue,
    ScreeningPublic,
    ScreeningQuery,
    ScreeningSummary,
)
from readmit.screening.subjects import checked, subject_key
from readmit.tenancy.service import held_by

SCREENERS = (Role.case_officer, Role.analyst, Role.supervisor)
REVIEWERS = (Role.analyst, Role.supervisor)
READERS = (*SCREENERS, Role.auditor)
SOURCES = ("api", "cli", "page", "charter")
MAX_HITS = 10
JUDGED = {Verdict.same: HitStatus.same, Verdict.not_same: HitStatus.not_same}
REMEMBERED = {
    Verdict.same: HitStatus.remembered_same,
    Verdict.not_same: HitStatus.remembered_not_same,
}
# Hits a judgement has settled: a revision moves each to the new verdict, of the same kind.
SETTLED = {
    **{s.value: JUDGED for s in JUDGED.values()},
    **{s.value: REMEMBERED for s in REMEMBERED.values()},
}


def threshold() -> float:
    """The score from which a hit goes to the review queue (READMIT_SCREENING_THRESHOLD)."""
    return get_settings().screening_threshold


# --- screening ---------------------------------------------------------------------------


def _status(score: float, remembered: str | None) -> HitStatus:
    if remembered is not None:
        return REMEMBERED[Verdict(remembered)]
    return HitStatus.open if score >= threshold() else HitStatus.below_threshold


def screen(
    *,
    session: Session,
    user: User,
    query: ScreeningQuery,
    source: str,
    reference: str | None = None,
) -> ScreeningPublic:
    """Screen a person or company against the user's state's designations and store the
    screening with its hits: each settled by a remembered judgement on its pair, else open
    for review from the threshold up, else below it; audited."""
    if not user.has_role(*SCREENERS):
        raise Forbidden(_("Only case officers, analysts and supervisors may screen."))
    if source not in SOURCES:
        raise ValueError(f"unknown screening source {source!r}")
    query = checked(query)
    state = user.state_code
    found = engine.find(session=session, state_code=state, query=query, limit=MAX_HITS)
    key = subject_key(query)
    remembered = dict(
        session.execute(
            select(Judgement.entity_id, Judgement.verdict).where(
                Judgement.state_code == state,
                Judgement.subject_key == key,
                Judgement.entity_id.in_([hit.entity_id for hit in found]),
                Judgement.retired_at.is_(None),
            )
        ).all()
    )
    screening = Screening(
        state_code=state,
        kind=query.kind,
        subject_key=key,
        query=query.model_dump(mode="json", exclude_defaults=True),
        reference=reference or query.reference,
        source=source,
        hit_count=len(found),
        screened_by_id=user.id,
        screened_at=utcnow(),
    )
    session.add(screening)
    session.flush()
    hits = [
        ScreeningHit(
            screening_id=screening.id,
            entity_id=hit.entity_id,
            designated_entity_id=hit.designated_entity_id,
            score=round(hit.score, 4),
            features=[asdict(feature) for feature in hit.features],
            path=[asdict(step) for step in hit.path],
            status=_status(hit.score, remembered.get(hit.entity_id)).value,
        )
        for hit in found
    ]
    session.add_all(hits)
    session.flush()
    audit.record(
        session=session,
        actor=user,
        action="screening.run",
        entity="screening",
        entity_id=screening.id,
        detail={
            "kind": query.kind,
            "source": source,
            "hits": len(hits),
            "open": sum(h.status == HitStatus.open.value for h in hits),
        },
    )
    return public(session=session, screening=screening, hits=hits)


def _reader(user: User) -> None:
    if not user.has_role(*READERS):
        raise Forbidden(
            _("Only case officers, analysts, supervisors and auditors may read screenings.")
        )


def _reviewer(user: User) -> None:
    if not user.has_role(*REVIEWERS):
        raise Forbidden(_("Only analysts and supervisors may review screening hits."))


def get(*, session: Session, user: User, screening_id: int) -> Screening:
    """One of the user's state's screenings; NotFound for another state's or none."""
    _reader(user)
    screening = session.scalars(
        select(Screening).where(Screening.id == screening_id, held_by(user, Screening.state_code))
    ).first()
    if screening is None:
        raise NotFound(_("No screening {id}.", id=screening_id))
    return screening


def read(*, session: Session, user: User, screening_id: int) -> ScreeningPublic:
    """A screening with its hits, as they stand now; audited."""
    screening = get(session=session, user=user, screening_id=screening_id)
    hits = list(
        session.scalars(
            select(ScreeningHit)
            .where(ScreeningHit.screening_id == screening.id)
            .order_by(ScreeningHit.score.desc(), ScreeningHit.id)
        )
    )
    audit.record(
        session=session,
        actor=user,
        action="screening.read",
        entity="screening",
        entity_id=screening.id,
    )
    return public(session=session, screening=screening, hits=hits)


def list_screenings(
    *, session: Session, user: User, limit: int = 50, offset: int = 0
) -> list[ScreeningSummary]:
    """The state's screenings, newest first; audited."""
    _reader(user)
    rows = session.scalars(
        select(Screening)
        .where(held_by(user, Screening.state_code))
        .order_by(Screening.screened_at.desc(), Screening.id.desc())
        .limit(limit)
        .offset(offset)
    )
    audit.record(session=session, actor=user, action="screening.list", entity="screening")
    return [summary(screening) for screening in rows]


# --- review ------------------------------------------------------------------------------


def get_hit(*, session: Session, user: User, hit_id: int) -> tuple[ScreeningHit, Screening]:
    """A hit of one of the user's state's screenings, and its screening; NotFound otherwise."""
    _reader(user)
    found = session.execute(
        select(ScreeningHit, Screening)
        .join(Screening, Screening.id == ScreeningHit.screening_id)
        .where(ScreeningHit.id == hit_id, held_by(user, Screening.state_code))
    ).first()
    if found is None:
        raise NotFound(_("No screening hit {id}.", id=hit_id))
    hit, screening = found
    return hit, screening


def _open(user: User) -> list[ColumnElement[bool]]:
    return [held_by(user, Screening.state_code), ScreeningHit.status == HitStatus.open.value]


def queue(*, session: Session, user: User, limit: int = 50, offset: int = 0) -> ReviewQueue:
    """The state's open hits, oldest screening first, with their queries; audited."""
    _reviewer(user)
    total = session.scalar(
        select(func.count())
        .select_from(ScreeningHit)
        .join(Screening, Screening.id == ScreeningHit.screening_id)
        .where(*_open(user))
    )
    pairs = list(
        session.execute(
            select(ScreeningHit, Screening)
            .join(Screening, Screening.id == ScreeningHit.screening_id)
            .where(*_open(user))
            .order_by(Screening.screened_at, ScreeningHit.id)
            .limit(limit)
            .offset(offset)
        ).all()
    )
    audit.record(session=session, actor=user, action="screening.queue", entity="screening_hit")
    return ReviewQueue(total=total or 0, items=items(session, pairs))


def recently_judged(*, session: Session, user: User, limit: int = 20) -> list[ReviewItem]:
    """The state's hits a reviewer judged or revised, the latest first (to find one to
    revise)."""
    _reviewer(user)
    judged = [HitStatus.same.value, HitStatus.not_same.value]
    pairs = list(
        session.execute(
            select(ScreeningHit, Screening)
            .join(Screening, Screening.id == ScreeningHit.screening_id)
            .where(held_by(user, Screening.state_code), ScreeningHit.status.in_(judged))
            .order_by(ScreeningHit.reviewed_at.desc(), ScreeningHit.id.desc())
            .limit(limit)
        ).all()
    )
    return items(session, pairs)


def _pair(key: str, entity_id: int, state: str) -> list[ColumnElement[bool]]:
    return [
        Judgement.state_code == state,
        Judgement.subject_key == key,
        Judgement.entity_id == entity_id,
    ]


def _current(session: Session, state: str, key: str, entity_id: int) -> Judgement | None:
    """The pair's un-retired judgement, if any."""
    return session.scalars(
        select(Judgement).where(*_pair(key, entity_id, state), Judgement.retired_at.is_(None))
    ).first()


def _lock_pair(session: Session, entity_id: int) -> None:
    """Serialise the reviewers of a pair: the matched entity's row is locked (on PostgreSQL;
    SQLite holds the write lock already), so of two judging at once the second waits, then
    finds the pair judged. Screenings only reference the row and are not held up."""
    session.scalars(lock_for_update(select(Entity.id).where(Entity.id == entity_id), session)).one()


def _fresh(session: Session, hit_id: int) -> ScreeningHit:
    """The hit as committed now, after the pair's lock was taken."""
    return session.scalars(
        select(ScreeningHit)
        .where(ScreeningHit.id == hit_id)
        .execution_options(populate_existing=True)
    ).one()


def _pair_hits(
    session: Session, screening: Screening, entity_id: int, statuses: list[str]
) -> list[ScreeningHit]:
    """The hits of the same pair (in every screening of the subject) with these statuses."""
    return list(
        session.scalars(
            select(ScreeningHit)
            .join(Screening, Screening.id == ScreeningHit.screening_id)
            .where(
                Screening.state_code == screening.state_code,
                Screening.subject_key == screening.subject_key,
                ScreeningHit.entity_id == entity_id,
                ScreeningHit.status.in_(statuses),
            )
            .execution_options(populate_existing=True)
        )
    )


def _note(note: str) -> str:
    note = note.strip()
    if len(note) > MAX_NOTE:
        raise Invalid([FieldProblem(("note",), _("Write at most {n} characters", n=MAX_NOTE))])
    return note


def judge(
    *, session: Session, user: User, hit_id: int, verdict: Verdict, note: str = ""
) -> HitDetail:
    """Judge an open hit's pair "same" or "not the same": the judgement is stored and settles
    every other open hit of the pair; Conflict once the hit is settled (revise instead);
    audited."""
    _reviewer(user)
    note = _note(note)
    hit, screening = get_hit(session=session, user=user, hit_id=hit_id)
    _lock_pair(session, hit.entity_id)
    hit = _fresh(session, hit.id)
    if hit.status != HitStatus.open.value:
        raise Conflict(
            _("This hit is settled already: revise the judgement on it instead."),
            allowed=["revise"],
        )
    now = utcnow()
    current = _current(session, screening.state_code, screening.subject_key, hit.entity_id)
    if current is not None and current.verdict != verdict.value:
        # A screening that ran while the pair was being judged: never drop this verdict
        # silently; the reviewer revises if they disagree.
        raise Conflict(
            _("This pair was judged otherwise meanwhile: revise the judgement to change it."),
            allowed=["revise"],
        )
    if current is not None:
        # The same verdict as the pair's current judgement: it settles this hit too.
        hit.status = REMEMBERED[Verdict(current.verdict)].value
        hit.reviewed_by_id, hit.reviewed_at = current.judged_by_id, current.judged_at
        session.flush()
        return detail(session=session, hit=hit, screening=screening)
    session.add(_judgement(screening, hit, verdict, note, user, now))
    pair = _pair_hits(session, screening, hit.entity_id, [HitStatus.open.value])
    others = [other for other in pair if other.id != hit.id]
    for other in others:
        other.status = REMEMBERED[verdict].value
        other.reviewed_by_id, other.reviewed_at = user.id, now
    hit.status = JUDGED[verdict].value
    hit.reviewed_by_id, hit.reviewed_at = user.id, now
    session.flush()
    audit.record(
        session=session,
        actor=user,
        action="screening.judge",
        entity="screening_hit",
        entity_id=hit.id,
        detail={"verdict": verdict.value, "settled": len(others)},
    )
    return detail(session=session, hit=hit, screening=screening)


def _judgement(
    screening: Screening, hit: ScreeningHit, verdict: Verdict, note: str, user: User, now: datetime
) -> Judgement:
    """A new current judgement on the hit's pair."""
    return Judgement(
        state_code=screening.state_code,
        subject_key=screening.subject_key,
        entity_id=hit.entity_id,
        verdict=verdict.value,
        note=note,
        judged_by_id=user.id,
        judged_at=now,
    )


def revise(
    *, session: Session, user: User, hit_id: int, verdict: Verdict, note: str = ""
) -> HitDetail:
    """Revise the judgement on a hit's pair: the current one is retired (kept, with who
    retired it), the new one added, and the pair's settled hits follow it; Conflict when the
    pair was never judged or already has this verdict; audited."""
    _reviewer(user)
    note = _note(note)
    hit, screening = get_hit(session=session, user=user, hit_id=hit_id)
    _lock_pair(session, hit.entity_id)
    current = _current(session, screening.state_code, screening.subject_key, hit.entity_id)
    if current is None:
        raise Conflict(
            _("This pair has not been judged yet: judge it first."), allowed=["judgement"]
        )
    if current.verdict == verdict.value:
        raise Conflict(_("The current judgement already says this."), allowed=["revise"])
    now = utcnow()
    current.retired_by_id, current.retired_at = user.id, now
    session.add(_judgement(screening, hit, verdict, note, user, now))
    statuses = [*SETTLED, HitStatus.open.value]
    for settled in _pair_hits(session, screening, hit.entity_id, statuses):
        settled.status = SETTLED.get(settled.status, REMEMBERED)[verdict].value
    hit.reviewed_by_id, hit.reviewed_at = user.id, now
    session.flush()
    audit.record(
        session=session,
        actor=user,
        action="screening.revise",
        entity="screening_hit",
        entity_id=hit.id,
        detail={"verdict": verdict.value, "was": current.verdict},
    )
    return detail(session=session, hit=hit, screening=screening)


def read_hit(*, session: Session, user: User, hit_id: int) -> HitDetail:
    """A hit with its query and the history of its pair; audited."""
    hit, screening = get_hit(session=session, user=user, hit_id=hit_id)
    audit.record(
        session=session, actor=user, action="screening.hit_read", entity="screening_hit",
        entity_id=hit.id,
    )  # fmt: skip
    return detail(session=session, hit=hit, screening=screening)


# --- as the API gives them ---------------------------------------------------------------
