"""Agreements for admins: the terms in force, proposals of new terms (as YAML, in the shape of
the agreement files) and the other party's answer to them."""

import yaml
from fastapi import APIRouter, Request
from fastapi.responses import Response
from pydantic import ValidationError
from sqlalchemy.orm import Session

from readmit.agreements import service as agreements
from readmit.agreements.models import Agreement
from readmit.agreements.schemas import ProposalCreate
from readmit.auth.models import User
from readmit.errors import Invalid, NotFound
from readmit.i18n import _
from readmit.web.deps import DbSession, RowId
from readmit.web.pages.admin import AdminForm, AdminLogin
from readmit.web.pages.common import Done, PostedForm, see_other, status_message
from readmit.web.templating import render

router = APIRouter(prefix="/admin/agreements")

MAX_YAML = 50_000


@router.get("")
def agreements_page(
    request: Request, db: DbSession, login: AdminLogin, done: Done = None
) -> Response:
    """The agreements this state is party to, and the proposals on them."""
    state = login.user.state_code
    rows = agreements.list_for_state(session=db, state=state)
    proposals = agreements.list_proposals(session=db, state=state)
    return render(
        request,
        "admin/agreements.html",
        {
            "agreements": [agreements.to_public(a) for a in rows],
            "proposals": [agreements.proposal_public(session=db, proposal=p) for p in proposals],
            "status_message": status_message(done),
        },
    )


def _agreement(db: Session, user: User, agreement_id: int) -> Agreement:
    agreement = db.get(Agreement, agreement_id)
    if agreement is None or user.state_code not in (
        agreement.requesting_state,
        agreement.requested_state,
    ):
        raise NotFound(_("no such agreement"))
    return agreement


def _as_yaml(agreement: Agreement) -> str:
    data = agreements.to_public(agreement).model_dump(exclude={"id", "version"})
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True)


def _edit_page(
    request: Request,
    agreement: Agreement,
    text: str,
    note: str = "",
    problems: list[str] | None = None,
    status_code: int = 200,
) -> Response:
    return render(
        request,
        "admin/agreement_edit.html",
        {
            "agreement": agreement,
            "text": text,
            "note": note,
            "problems": problems or [],
            "summary": [("terms", p) for p in problems or []],
            "errors": {"terms": problems} if problems else {},
        },
        status_code=status_code,
    )


@router.get("/{agreement_id}/edit")
def edit_agreement(
    request: Request, db: DbSession, login: AdminLogin, agreement_id: RowId
) -> Response:
    """The agreement as YAML, to propose changes to."""
    agreement = _agreement(db, login.user, agreement_id)
    return _edit_page(request, agreement, _as_yaml(agreement))


def parse_proposal(
    text: str, *, note: str, running: bool
) -> tuple[ProposalCreate | None, list[str]]:
    """The edited YAML as a validated proposal, or the problems with their field paths."""
    if len(text) > MAX_YAML:
        return None, [_("The text is longer than {limit} characters.", limit=MAX_YAML)]
    try:
        # Aliases could multiply a small text into a huge structure: refuse them outright.
        if any(isinstance(event, yaml.AliasEvent) for event in yaml.parse(text, yaml.SafeLoader)):
            return None, [_("YAML aliases (*name) are not accepted here.")]
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or exc
        if mark is None:
            return None, [_("This is not valid YAML: {problem}", problem=problem)]
        return None, [
            _(
                "This is not valid YAML at line {line}, column {column}: {problem}",
                line=mark.line + 1,
                column=mark.column + 1,
                problem=problem,
            )
        ]
    try:
        payload = {"agreement": data, "apply_to_running_cases": running, "note": note}
        return ProposalCreate.model_validate(payload), []
    except ValidationError as exc:
        top = _("(top level)")
        return None, [
            f"{'.'.join(map(str, e['loc'][1:])) or top}: {e['msg']}" for e in exc.errors()
        ]


@router.post("/{agreement_id}")
def propose_changes(
    request: Request, db: DbSession, login: AdminForm, form: PostedForm, agreement_id: RowId
) -> Response:
    """Validate the edited agreement and propose it to the other party."""
    user = login.user
    agreement = _agreement(db, user, agreement_id)
    text, note = form.get("terms"), form.get("note")
    payload, problems = parse_proposal(text, note=note, running=form.get("running") == "yes")
    if payload is not None:
        try:
            agreements.propose(session=db, user=user, payload=payload)
        except Invalid as exc:
            problems = [str(exc)]
    if payload is None or problems:
        return _edit_page(request, agreement, text, note, problems, status_code=422)
    return see_other("/admin/agreements?done=proposal_sent")


@router.post("/proposals/{proposal_id}/{answer}")
def answer_proposal(
    db: DbSession, login: AdminForm, form: PostedForm, proposal_id: RowId, answer: str
) -> Response:
    """Accept or reject the other party's proposal, or withdraw one's own."""
    user = login.user
    proposal = agreements.get_proposal(session=db, user=user, proposal_id=proposal_id)
    if answer == "accept":
        agreements.accept(session=db, user=user, proposal=proposal)
    elif answer == "reject":
        agreements.reject(session=db, user=user, proposal=proposal, reason=form.get("reason"))
    elif answer == "withdraw":
        agreements.withdraw(session=db, user=user, proposal=proposal)
    else:
        raise NotFound(_("There is no such answer."))
    return see_other(f"/admin/agreements?done=proposal_{answer}")
