"""Places under a programme's ceilings: approving one case, allocating the waitlist in
priority, date and id order, giving places back, and what is left.

A case takes one place in every bucket that applies to it (`pathways.ceilings`): the fiscal
year's `total`; its region's `region:<id>` when the region has a sub-ceiling; and, when the
year is split into sub-periods, the `period:<id>` of the day it is approved (with
`carry_over`, a period that is full may use places left in the year's earlier periods).
Ceiling rows are locked in bucket order before any is counted, so concurrent approvals and
allocation runs queue on them and a ceiling is never exceeded."""

from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, insert, literal, select, tuple_, update
from sqlalchemy.orm import Session

from readmit.audit import service as audit
from readmit.auth.models import User
from readmit.database.core import utcnow
from readmit.database.dialect import lock_for_update
from readmit.errors import Conflict, Forbidden, NotFound
from readmit.i18n import _
from readmit.pathways import fiscal, lifecycle, programmes, service
from readmit.pathways.allocation_schemas import AllocationRun, CeilingLeft, CeilingsPublic
from readmit.pathways.ceilings import Counter, capacities, lock_ceilings, region_of
from readmit.pathways.definitions import ProgrammeFile
from readmit.pathways.lifecycle import Step
from readmit.pathways.models import (
    CaseEvent,
    CaseStatus,
    Ceiling,
    PathwayCase,
    PathwayKind,
    Programme,
)
from readmit.tenancy import service as tenancy

ENTITY = "pathway_case"
PAGE = 5_000
Progress = Callable[[int], None]


def _due(file: ProgrammeFile, status: CaseStatus, now: datetime) -> datetime | None:
    deadline = file.deadlines.get(status.value)
    return now + timedelta(days=deadline.days) if deadline else None


# --- approving one case --------------------------------------------------------------------


def approve(
    *,
    session: Session,
    user: User,
    case: PathwayCase,
    note: str = "",
    now: datetime | None = None,
) -> PathwayCase:
    """Approve an interviewed case (supervisors): a place under every ceiling that applies
    in the fiscal year of `now`, or the waitlist when one is full or the year has no
    ceiling; recorded as a case event and audited."""
    now = now or utcnow()
    case = service.lock(session, case)
    programme = programmes.current(session=session, user=user, code=case.programme_code)
    lifecycle.check(case=case, kind=PathwayKind(programme.kind), step=Step.approve, user=user)
    file = programmes.definition(programme)
    day = now.date()
    year = fiscal.fiscal_year_of(day, file.fiscal_year_start_month)
    if not file.uncapped and file.ceiling(year) is not None and _waiting_ahead(session, case):
        # A place freed since the last allocation goes to the waitlist in order, not to
        # whoever is approved first: the case joins the waitlist and the year is allocated.
        from_status, case.status = case.status, CaseStatus.waitlisted.value
        service.record_event(
            session=session,
            user=user,
            case=case,
            step=Step.approve,
            from_status=from_status,
            note=note,
            now=now,
        )
        run(session=session, user=user, programme_code=programme.code, fiscal_year=year, now=now)
        session.refresh(case)
        return case
    buckets: list[str] | None = []
    if not file.uncapped:
        ceiling = file.ceiling(year)
        buckets = None
        if ceiling is not None:
            counter = Counter(file, ceiling, lock_ceilings(session, programme, ceiling))
            buckets = counter.claim(region_of(file, case), day)
    from_status = case.status
    if buckets is None:
        case.status = CaseStatus.waitlisted.value
    else:
        case.status = CaseStatus.approved.value
        case.fiscal_year, case.buckets, case.allocated_at = year, buckets, now
    service.record_event(
        session=session,
        user=user,
        case=case,
        step=Step.approve,
        from_status=from_status,
        note=note,
        now=now,
    )
    return case


def _waiting_ahead(session: Session, case: PathwayCase) -> bool:
    """Whether a waitlisted case of the programme comes before this one in allocation order."""
    position = (case.priority_rank, case.applied_at, case.id)
    found = session.scalar(
        select(PathwayCase.id)
        .where(
            PathwayCase.state_code == case.state_code,
            PathwayCase.programme_code == case.programme_code,
            PathwayCase.status == CaseStatus.waitlisted.value,
            tuple_(*_order()) < _key(position),
        )
        .limit(1)
    )
    return found is not None


def release(*, session: Session, case: PathwayCase) -> None:
    """Give back the places an approved or travel-booked case holds (it is withdrawn or
    refused); a case holding none is left alone."""
    if case.fiscal_year is None or not case.buckets:
        return
    statement = (
        select(Ceiling)
        .where(
            Ceiling.state_code == case.state_code,
            Ceiling.programme_code == case.programme_code,
            Ceiling.fiscal_year == case.fiscal_year,
        )
        .order_by(Ceiling.bucket)
    )
    locked = lock_for_update(statement, session).execution_options(populate_existing=True)
    rows = {row.bucket: row for row in session.scalars(locked)}
    for bucket in case.buckets:
        if bucket in rows:
            rows[bucket].allocated = max(rows[bucket].allocated - 1, 0)
    case.buckets = []
    session.flush()


# --- allocating the waitlist ---------------------------------------------------------------


def _programme_for(session: Session, user: User | None, code: str) -> Programme:
    """The programme, for a supervisor of the state that holds it or for the system."""
    if user is not None:
        return programmes.current(session=session, user=user, code=code)
    found = session.scalar(
        select(Programme).where(Programme.code == code).order_by(Programme.version.desc()).limit(1)
    )
    if found is None:
        raise NotFound(_("No programme {code}.", code=code))
    return found


def _require_supervisor(user: User | None) -> None:
    roles = lifecycle.BY_STEP[Step.allocate].roles
    if user is not None and not user.has_role(*roles):
        raise Forbidden(_(lifecycle.ROLE_REFUSALS[roles]))


def _order() -> tuple[Any, ...]:
    return (PathwayCase.priority_rank, PathwayCase.applied_at, PathwayCase.id)


def _key(values: tuple[Any, ...]) -> Any:
    """A position in allocation order, bound with the columns' own types (UTC datetimes)."""
    return tuple_(*(literal(v, column.type) for v, column in zip(values, _order(), strict=True)))


def _waitlisted(programme: Programme) -> Any:
    return (
        PathwayCase.state_code == programme.state_code,
        PathwayCase.programme_code == programme.code,
        PathwayCase.status == CaseStatus.waitlisted.value,
    )


def _page(session: Session, programme: Programme, after: tuple[Any, ...] | None) -> list[Any]:
    """The next waitlisted cases in allocation order, locked."""
    statement = select(
        PathwayCase.id,
        PathwayCase.reference,
        PathwayCase.region,
        PathwayCase.nationality,
        *_order()[:2],
    ).where(*_waitlisted(programme))
    if after is not None:
        statement = statement.where(tuple_(*_order()) > _key(after))
    statement = statement.order_by(*_order()).limit(PAGE)
    return list(session.execute(lock_for_update(statement, session)).all())


def _allocate(
    session: Session,
    *,
    user: User | None,
    programme: Programme,
    file: ProgrammeFile,
    chosen: Sequence[tuple[int, str, list[str]]],
    fiscal_year: int,
    now: datetime,
) -> None:
    """Move the chosen waitlisted cases to approved with their buckets, in bulk; a case
    event and an audit record each."""
    by_buckets: dict[tuple[str, ...], list[int]] = {}
    for case_id, _reference, buckets in chosen:
        by_buckets.setdefault(tuple(buckets), []).append(case_id)
    values = {
        "status": CaseStatus.approved.value,
        "fiscal_year": fiscal_year,
        "allocated_at": now,
        "updated_at": now,
        "due_at": _due(file, CaseStatus.approved, now),
    }
    for key, ids in by_buckets.items():
        session.execute(
            update(PathwayCase)
            .where(PathwayCase.id.in_(ids))
            .values(**values, buckets=list(key))
            .execution_options(synchronize_session=False)
        )
    events = [
        {
            "case_id": case_id,
            "step": Step.allocate.value,
            "from_status": CaseStatus.waitlisted.value,
            "to_status": CaseStatus.approved.value,
            "note": "",
            "actor_id": user.id if user else None,
            "at": now,
        }
        for case_id, _reference, _buckets in chosen
    ]
    if events:
        session.execute(insert(CaseEvent), events)
    # The same record as `service.record_event`, written in bulk; the system's runs are
    # filed with the programme's state's authorities so its auditors see them.
    authorities = (
        [] if user else tenancy.authority_ids(session=session, states=[programme.state_code])
    )
    for _case_id, reference, buckets in chosen:
        record: dict[str, Any] = {
            "action": f"pathway.{Step.allocate.value}",
            "entity": ENTITY,
            "entity_id": reference,
            "detail": {
                "case": reference,
                "reference": reference,
                "programme": programme.code,
                "from_status": CaseStatus.waitlisted.value,
                "to_status": CaseStatus.approved.value,
                "fiscal_year": fiscal_year,
                "buckets": buckets,
            },
        }
        if user is None:
            audit.record_for(session=session, authority_ids=authorities, **record)
        else:
            audit.record(session=session, actor=user, **record)


def count_waitlisted(*, session: Session, user: User | None, programme_code: str) -> int:
    """How many of the programme's cases wait for a place (the command line's progress)."""
    programme = _programme_for(session, user, programme_code)
    found = session.scalar(
        select(func.count()).select_from(PathwayCase).where(*_waitlisted(programme))
    )
    return int(found or 0)


def run(
    *,
    session: Session,
    user: User | None,
    programme_code: str,
    fiscal_year: int,
    now: datetime | None = None,
    progress: Progress | None = None,
) -> AllocationRun:
    """Allocate a fiscal year's places to the programme's waitlist in priority, date and id
    order until the ceiling is full; a case whose region is full is passed over for later
    cases of other regions. `user` None: the system (the command line)."""
    now = now or utcnow()
    _require_supervisor(user)
    programme = _programme_for(session, user, programme_code)
    if PathwayKind(programme.kind) not in lifecycle.BY_STEP[Step.allocate].kinds:
        raise Conflict(_("This programme allocates no places."))
    file = programmes.definition(programme)
    start = file.fiscal_year_start_month
    if fiscal_year < fiscal.fiscal_year_of(now.date(), start):
        raise Conflict(_("Fiscal year {year} has ended.", year=fiscal_year))
    day = max(now.date(), fiscal.first_day(fiscal_year, start))
    counter = None
    if not file.uncapped:
        ceiling = file.ceiling(fiscal_year)
        if ceiling is None:
            raise Conflict(
                _("The programme sets no ceiling for fiscal year {year}.", year=fiscal_year)
            )
        counter = Counter(file, ceiling, lock_ceilings(session, programme, ceiling))
    allocated, after = 0, None
    while counter is None or not counter.full(day):
        page = _page(session, programme, after)
        if not page:
            break
        chosen: list[tuple[int, str, list[str]]] = []
        for row in page:
            region = row.region or file.region_of(row.nationality)
            buckets = [] if counter is None else counter.claim(region, day)
            if buckets is not None:
                chosen.append((row.id, row.reference, buckets))
            if counter is not None and counter.full(day):
                break
        _allocate(
            session,
            user=user,
            programme=programme,
            file=file,
            chosen=chosen,
            fiscal_year=fiscal_year,
            now=now,
        )
        allocated += len(chosen)
        if progress is not None:
            progress(len(page))
        last = page[-1]
        after = (last.priority_rank, last.applied_at, last.id)
    session.flush()
    session.expire_all()
    return AllocationRun(
        programme=programme.code,
        fiscal_year=fiscal_year,
        allocated=allocated,
        waitlisted=count_waitlisted(session=session, user=user, programme_code=programme.code),
        ceilings=remaining_of(session, programme, file, fiscal_year),
    )


# --- what is left, and where a case stands -------------------------------------------------


def remaining_of(
    session: Session, programme: Programme, file: ProgrammeFile, fiscal_year: int
) -> list[CeilingLeft]:
    """Every bucket of the fiscal year's ceiling with its places taken and left (none for an
    uncapped programme or a year without a ceiling)."""
    ceiling = file.ceiling(fiscal_year)
    if ceiling is None:
        return []
    rows = session.execute(
        select(Ceiling.bucket, Ceiling.allocated).where(
            Ceiling.state_code == programme.state_code,
            Ceiling.programme_code == programme.code,
            Ceiling.fiscal_year == fiscal_year,
        )
    )
    taken = {bucket: allocated for bucket, allocated in rows}
    return [
        CeilingLeft(
            bucket=bucket,
            capacity=places,
            allocated=taken.get(bucket, 0),
            left=max(places - taken.get(bucket, 0), 0),
        )
        for bucket, places in capacities(ceiling).items()
    ]


def remaining(
    *, session: Session, user: User, programme_code: str, fiscal_year: int
) -> list[CeilingLeft]:
    """What is left of a programme's ceilings in a fiscal year, live."""
    service.require_reader(user)
    programme = programmes.current(session=session, user=user, code=programme_code)
    return remaining_of(session, programme, programmes.definition(programme), fiscal_year)


def ceilings(
    *,
    session: Session,
    user: User,
    programme_code: str,
    fiscal_year: int | None = None,
    now: datetime | None = None,
) -> CeilingsPublic:
    """A programme's places in a fiscal year (by default the current one), live."""
    service.require_reader(user)
    programme = programmes.current(session=session, user=user, code=programme_code)
    file = programmes.definition(programme)
    day = (now or utcnow()).date()
    year = fiscal_year or fiscal.fiscal_year_of(day, file.fiscal_year_start_month)
    return CeilingsPublic(
        programme=programme.code,
        fiscal_year=year,
        uncapped=file.uncapped,
        ceilings=remaining_of(session, programme, file, year),
    )


def waitlist_position(*, session: Session, case: PathwayCase) -> int | None:
    """The case's place on its programme's waitlist (1 is next), or None when not waitlisted."""
    if case.status != CaseStatus.waitlisted.value:
        return None
    key = (case.priority_rank, case.applied_at, case.id)
    ahead = session.scalar(
        select(func.count())
        .select_from(PathwayCase)
        .where(
            PathwayCase.state_code == case.state_code,
            PathwayCase.programme_code == case.programme_code,
            PathwayCase.status == CaseStatus.waitlisted.value,
            tuple_(*_order()) < _key(key),
        )
    )
    return int(ahead or 0) + 1
