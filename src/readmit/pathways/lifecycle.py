"""The one table of a pathway case's steps; an unlisted step raises.

Intake officers (Safe Mobility Office, integration centre) take a person in, screen, refer,
record the interview, book travel and record arrival; a supervisor approves or refuses.
Approval takes a place under the programme's ceilings or, if none is left, puts the case on
the waitlist, from which the allocation (`allocate`, by the system or a supervisor) approves
it in priority then date order. A regularisation programme has no travel: its cases are
enrolled (biometrics) and screened, then a supervisor issues the temporary permit."""

from dataclasses import dataclass
from enum import StrEnum

from readmit.auth.models import Role, User
from readmit.errors import Conflict, Forbidden
from readmit.i18n import N_, _
from readmit.pathways.models import CaseStatus, PathwayCase, PathwayKind


class Step(StrEnum):
    """What may be done to a pathway case."""

    edit = "edit"
    screen = "screen"
    refer = "refer"
    interview = "interview"
    approve = "approve"
    allocate = "allocate"
    book_travel = "book_travel"
    arrive = "arrive"
    enrol = "enrol"
    issue_permit = "issue_permit"
    renew_permit = "renew_permit"
    refuse = "refuse"
    withdraw = "withdraw"
    message = "message"
    add_document = "add_document"


@dataclass(frozen=True)
class Transition:
    """One permitted step: from which statuses, to which (None: the status stays, or, for
    `approve`, the allocation decides between approved and waitlisted), by which roles, for
    which kinds of programme."""

    step: Step
    sources: frozenset[CaseStatus]
    target: CaseStatus | None
    roles: frozenset[Role]
    kinds: frozenset[PathwayKind]


S = CaseStatus
K = PathwayKind
INTAKE = frozenset({Role.safe_mobility_officer, Role.supervisor})
SUPERVISORS = frozenset({Role.supervisor})
TRAVEL = frozenset({K.resettlement, K.family_reunification_parole, K.temporary_work})
REGULARISATION = frozenset({K.regularisation})
ALL_KINDS = frozenset(K)
OPEN = frozenset({S.registered, S.screened, S.referred, S.interviewed, S.waitlisted})
TERMINAL = frozenset({S.arrived, S.refused, S.withdrawn})
# Statuses that count as "pending" for statistics and for the readmission cross-check.
PENDING = OPEN | {S.approved, S.travel_booked}

TRANSITIONS: tuple[Transition, ...] = (
    Transition(Step.edit, frozenset({S.registered, S.screened}), None, INTAKE, ALL_KINDS),
    Transition(Step.screen, frozenset({S.registered}), S.screened, INTAKE, ALL_KINDS),
    Transition(Step.refer, frozenset({S.screened}), S.referred, INTAKE, TRAVEL),
    Transition(Step.interview, frozenset({S.referred}), S.interviewed, INTAKE, TRAVEL),
    Transition(Step.approve, frozenset({S.interviewed}), None, SUPERVISORS, TRAVEL),
    Transition(Step.allocate, frozenset({S.waitlisted}), S.approved, SUPERVISORS, TRAVEL),
    Transition(Step.book_travel, frozenset({S.approved}), S.travel_booked, INTAKE, TRAVEL),
    Transition(Step.arrive, frozenset({S.travel_booked}), S.arrived, INTAKE, TRAVEL),
    # Biometrics into the host state's gallery (again, to replace a poor capture).
    Transition(Step.enrol, frozenset({S.registered, S.screened}), None, INTAKE, REGULARISATION),
    Transition(
        Step.issue_permit, frozenset({S.screened}), S.permit_issued, SUPERVISORS, REGULARISATION
    ),
    Transition(Step.renew_permit, frozenset({S.permit_issued}), None, SUPERVISORS, REGULARISATION),
    Transition(Step.refuse, OPEN, S.refused, SUPERVISORS, ALL_KINDS),
    Transition(Step.withdraw, OPEN | {S.approved, S.travel_booked}, S.withdrawn, INTAKE, ALL_KINDS),
    Transition(Step.message, PENDING | {S.permit_issued}, None, INTAKE, ALL_KINDS),
    Transition(Step.add_document, OPEN, None, INTAKE, ALL_KINDS),
)
BY_STEP = {transition.step: transition for transition in TRANSITIONS}

STATUS_LABELS = {
    S.registered: N_("Registered"),
    S.screened: N_("Screened"),
    S.referred: N_("Referred"),
    S.interviewed: N_("Interviewed"),
    S.waitlisted: N_("Waitlisted"),
    S.approved: N_("Approved"),
    S.travel_booked: N_("Travel booked"),
    S.arrived: N_("Arrived"),
    S.permit_issued: N_("Permit issued"),
    S.refused: N_("Refused"),
    S.withdrawn: N_("Withdrawn"),
}
STEP_LABELS = {
    Step.edit: N_("Edit the intake"),
    Step.screen: N_("Record the screening"),
    Step.refer: N_("Refer to the pathway"),
    Step.interview: N_("Record the interview"),
    Step.approve: N_("Approve"),
    Step.allocate: N_("Allocate a place"),
    Step.book_travel: N_("Book travel"),
    Step.arrive: N_("Record arrival"),
    Step.enrol: N_("Enrol the biometrics"),
    Step.issue_permit: N_("Issue the permit"),
    Step.renew_permit: N_("Renew the permit"),
    Step.refuse: N_("Refuse"),
    Step.withdraw: N_("Withdraw"),
    Step.message: N_("Send a message"),
    Step.add_document: N_("Add a document"),
}
ROLE_REFUSALS = {
    frozenset(INTAKE): N_("Only safe mobility officers and supervisors take this step."),
    frozenset(SUPERVISORS): N_("Only a supervisor takes this step."),
}


def allowed(case: PathwayCase, kind: PathwayKind) -> list[str]:
    """The steps the table lists for this case's status and programme kind."""
    status = CaseStatus(case.status)
    return [t.step.value for t in TRANSITIONS if status in t.sources and kind in t.kinds]


def open_to(case: PathwayCase, kind: PathwayKind, user: User) -> list[Step]:
    """The steps this user may take on this case now (the page's buttons)."""
    status = CaseStatus(case.status)
    return [
        t.step
        for t in TRANSITIONS
        if status in t.sources and kind in t.kinds and user.has_role(*t.roles)
    ]


def check(*, case: PathwayCase, kind: PathwayKind, step: Step, user: User) -> Transition:
    """The table's row for this step: Forbidden for a role that may not take it, Conflict
    when the programme's kind or the case's status does not allow it."""
    transition = BY_STEP[step]
    if not user.has_role(*transition.roles):
        raise Forbidden(_(ROLE_REFUSALS[transition.roles]))
    status = CaseStatus(case.status)
    if kind not in transition.kinds or status not in transition.sources:
        raise Conflict(
            _(
                "{step}: not possible while the case's status is “{status}”.",
                status=_(STATUS_LABELS[status]),
                step=_(STEP_LABELS[step]),
            ),
            allowed=allowed(case, kind),
        )
    return transition


def move(*, case: PathwayCase, kind: PathwayKind, step: Step, user: User) -> Transition:
    """Take the step as the table allows (a target of None leaves the status to the caller:
    approval's allocation); Conflict or Forbidden otherwise."""
    transition = check(case=case, kind=kind, step=step, user=user)
    if transition.target is not None:
        case.status = transition.target.value
    return transition
