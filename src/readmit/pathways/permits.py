"""Regularisation's temporary permits: a supervisor issues one to an enrolled, screened case,
valid for the programme file's `permit.validity_days` and never past its `valid_until` (nor
the programme's own end); a renewal is a new permit that starts the day after the one it
renews ends (or today, once that has lapsed) and runs `renewal_days` (else
`validity_days`) under the same cap. Numbers are the case's reference and a sequence."""

from datetime import date, timedelta

from sqlalchemy import exists, func, select
from sqlalchemy.orm import Session, aliased

from readmit.auth.models import User
from readmit.database.core import utcnow
from readmit.errors import Conflict, Forbidden
from readmit.i18n import _
from readmit.pathways import lifecycle
from readmit.pathways import service as cases
from readmit.pathways.definitions import PermitTerms, ProgrammeFile
from readmit.pathways.lifecycle import Step
from readmit.pathways.models import PathwayCase, Permit
from readmit.tenancy.service import held_by

MAX_DAYS_AHEAD = 366  # how far ahead the expiring list looks at most


def _terms(file: ProgrammeFile) -> PermitTerms:
    if file.permit is None:  # the lifecycle already refuses other kinds; a file without terms
        raise Conflict(_("The programme issues no permit."))
    return file.permit


def _cap(file: ProgrammeFile, terms: PermitTerms) -> date | None:
    ends = [d for d in (terms.valid_until, file.valid_until) if d is not None]
    return min(ends) if ends else None


def _new_permit(
    session: Session, user: User, case: PathwayCase, start: date, end: date, renews: Permit | None
) -> Permit:
    count = session.scalar(select(func.count()).where(Permit.case_id == case.id)) or 0
    permit = Permit(
        case_id=case.id,
        number=f"{case.reference}-P{count + 1}",
        valid_from=start,
        valid_until=end,
        renews_id=renews.id if renews else None,
        issued_by_id=user.id,
    )
    session.add(permit)
    session.flush()
    return permit


def _until(start: date, days: int, cap: date | None) -> date:
    end = start + timedelta(days=days - 1)
    return min(end, cap) if cap is not None else end


def issue(*, session: Session, user: User, case: PathwayCase, today: date | None = None) -> Permit:
    """Issue the case's temporary permit (supervisors; an enrolled, screened case)."""
    case = cases.lock(session, case)
    file = cases.file_of(session, case)
    from_status = case.status
    lifecycle.check(case=case, kind=file.kind, step=Step.issue_permit, user=user)
    terms = _terms(file)
    if case.enrolled_at is None:
        raise Conflict(_("Enrol the person's biometrics before issuing the permit."))
    start = today or utcnow().date()
    cap = _cap(file, terms)
    if cap is not None and cap < start:
        raise Conflict(_("The programme's permits ended on {day}.", day=cap.isoformat()))
    lifecycle.move(case=case, kind=file.kind, step=Step.issue_permit, user=user)
    permit = _new_permit(session, user, case, start, _until(start, terms.validity_days, cap), None)
    cases.record_event(
        session=session,
        user=user,
        case=case,
        step=Step.issue_permit,
        from_status=from_status,
        note=_(
            "{name} {number}, valid until {day}",
            name=terms.name,
            number=permit.number,
            day=permit.valid_until.isoformat(),
        ),
    )
    return permit


def current_permit(*, session: Session, case: PathwayCase) -> Permit | None:
    """The case's latest permit in force or last to have been, if any (not revoked)."""
    return session.scalar(
        select(Permit)
        .where(Permit.case_id == case.id, Permit.revoked_at.is_(None))
        .order_by(Permit.valid_until.desc(), Permit.id.desc())
        .limit(1)
    )


def renew(*, session: Session, user: User, case: PathwayCase, today: date | None = None) -> Permit:
    """Renew the case's current permit with a new one (supervisors)."""
    case = cases.lock(session, case)
    file = cases.file_of(session, case)
    lifecycle.check(case=case, kind=file.kind, step=Step.renew_permit, user=user)
    terms = _terms(file)
    previous = current_permit(session=session, case=case)
    if previous is None:
        raise Conflict(_("The case has no permit to renew."))
    start = max(previous.valid_until + timedelta(days=1), today or utcnow().date())
    cap = _cap(file, terms)
    if cap is not None and cap < start:
        raise Conflict(
            _(
                "The permit cannot be renewed past {day}, when the programme's permits end.",
                day=cap.isoformat(),
            )
        )
    days = terms.renewal_days or terms.validity_days
    permit = _new_permit(session, user, case, start, _until(start, days, cap), previous)
    cases.record_event(
        session=session,
        user=user,
        case=case,
        step=Step.renew_permit,
        from_status=case.status,
        note=_(
            "{number} renews {previous}, valid until {day}",
            number=permit.number,
            previous=previous.number,
            day=permit.valid_until.isoformat(),
        ),
    )
    return permit


def permits_of(*, session: Session, case: PathwayCase) -> list[Permit]:
    """Every permit of a case, oldest first."""
    return list(
        session.scalars(select(Permit).where(Permit.case_id == case.id).order_by(Permit.id))
    )


def expiring(
    *, session: Session, user: User, days: int, today: date | None = None
) -> list[tuple[Permit, PathwayCase]]:
    """Permits of the user's state's cases that end within `days` and have not been renewed,
    soonest first (intake officers and supervisors)."""
    if not user.has_role(*lifecycle.INTAKE):
        raise Forbidden(_(lifecycle.ROLE_REFUSALS[lifecycle.INTAKE]))
    start = today or utcnow().date()
    later = aliased(Permit)
    renewed = exists().where(later.renews_id == Permit.id, later.revoked_at.is_(None))
    rows = session.execute(
        select(Permit, PathwayCase)
        .join(PathwayCase, PathwayCase.id == Permit.case_id)
        .where(
            held_by(user, PathwayCase.state_code),
            Permit.revoked_at.is_(None),
            Permit.valid_until >= start,
            Permit.valid_until <= start + timedelta(days=min(days, MAX_DAYS_AHEAD)),
            ~renewed,
        )
        .order_by(Permit.valid_until, Permit.id)
    ).all()
    return [(permit, case) for permit, case in rows]
