"""The audit trail for auditors: their own authority's events as sentences, filtered by case,
actor, kind and dates, a page at a time; a CSV export and a chain check."""

import json
from dataclasses import replace
from datetime import date
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from readmit.audit import service as audit
from readmit.audit.events import AUDIT_EVENTS, event_words
from readmit.auth import service as auth
from readmit.auth.models import LoginSession, Role
from readmit.errors import Forbidden
from readmit.i18n import N_, _
from readmit.web.deps import DbSession
from readmit.web.pages.common import CurrentLogin, FormErrors
from readmit.web.templating import SECURITY_HEADERS, render

router = APIRouter(prefix="/audit")

PAGE_SIZE = 50
EXPORT_LIMIT = 10**6
SYSTEM = "system"  # the actor filter's value for events no user took
FIELD_LABELS = {
    "actor": N_("Who"),
    "kind": N_("Kind of event"),
    "since": N_("From"),
    "until": N_("To"),
}


def _label(field: str) -> str:
    """A filter field's name in the reader's language."""
    return _(FIELD_LABELS[field])


def auditor_login(login: CurrentLogin) -> LoginSession:
    """Only auditors read the audit trail."""
    if not login.user.has_role(Role.auditor):
        raise Forbidden(_("Only auditors may read the audit trail."))
    return login


AuditorLogin = Annotated[LoginSession, Depends(auditor_login)]
Text = Annotated[str, Query(max_length=60)]


def _kinds(filed: set[str]) -> list[tuple[str, list[tuple[str, str]]]]:
    """The kinds of event by group, for the filter's choices: only kinds filed with the
    auditor's authority, so that no state is shown the names of another side's events."""
    groups: dict[str, list[tuple[str, str]]] = {}
    for code in AUDIT_EVENTS:
        if code in filed:
            words = event_words(code)
            groups.setdefault(words.group, []).append((code, words.kind))
    return [(group, sorted(kinds, key=lambda k: k[1])) for group, kinds in groups.items()]


def _day(value: str, field: str, errors: FormErrors) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        errors.add(field, _("Enter a date as YYYY-MM-DD, such as 2026-03-31"), _label(field))
        return None


def _filter(
    values: dict[str, str], actors: dict[str, str], errors: FormErrors
) -> audit.EventFilter:
    """The filter the form asks for; a value that cannot be used is reported on its field."""
    actor = values["actor"]
    if actor and actor not in actors:
        errors.add("actor", _("Choose one of the people listed"), _label("actor"))
    kind = values["kind"]
    if kind and kind not in AUDIT_EVENTS:
        errors.add("kind", _("Choose one of the kinds listed"), _label("kind"))
    since = _day(values["since"], "since", errors)
    until = _day(values["until"], "until", errors)
    if since and until and until < since:
        errors.add("until", _("The end date must not be before the start date"), _label("until"))
    return audit.EventFilter(
        actor_id=int(actor) if actor.isdigit() else None,
        system_only=actor == SYSTEM,
        action=kind or None,
        since=since,
        until=until,
    )


@router.get("")
def audit_page(
    request: Request,
    db: DbSession,
    login: AuditorLogin,
    page: Annotated[int, Query(ge=1, le=10**6)] = 1,
    check: Annotated[bool, Query()] = False,
    reference: Text = "",
    actor: Text = "",
    kind: Text = "",
    since: Text = "",
    until: Text = "",
) -> Response:
    """Events written by the auditor's authority, newest first, as sentences; optionally the
    chain check."""
    user = login.user
    values = {
        "reference": reference.strip().upper(),
        "actor": actor.strip(),
        "kind": kind.strip(),
        "since": since.strip(),
        "until": until.strip(),
    }
    actors = {
        str(u.id): f"{u.full_name} ({u.email})"
        for u in auth.list_users(session=db, authority_id=user.authority_id)
    } | {SYSTEM: _("The system or the operator (no user)")}
    errors = FormErrors()
    where = _filter(values, actors, errors)
    events: list[Any] = []
    more = False
    case_id = (
        audit.case_id(session=db, reference=values["reference"]) if values["reference"] else None
    )
    # An unknown reference matches nothing, without saying whether another state has it.
    if not errors and (not values["reference"] or case_id is not None):
        rows = audit.list_events(
            session=db,
            authority_id=user.authority_id,
            where=replace(where, application_id=case_id),
            limit=PAGE_SIZE + 1,
            offset=(page - 1) * PAGE_SIZE,
        )
        events, more = rows[:PAGE_SIZE], len(rows) > PAGE_SIZE
    report = audit.verify_chain(session=db) if check else None
    filters = {key: value for key, value in values.items() if value}
    audit.record(
        session=db,
        actor=user,
        action="audit.read",
        entity="audit",
        detail={"page": page, "count": len(events), "chain_checked": check, "filters": filters},
    )
    return render(
        request,
        "audit/events.html",
        {
            "sentences": [
                (s, json.dumps(s.detail, ensure_ascii=False, sort_keys=True, indent=1))
                for s in audit.describe(session=db, events=events)
            ],
            "values": values,
            "actors": sorted(actors.items(), key=lambda a: (a[0] == SYSTEM, a[1].lower())),
            "kinds": _kinds(audit.actions_filed(session=db, authority_id=user.authority_id)),
            "filtered": bool(filters),
            "errors": errors.fields,
            "summary": errors.summary,
            "page": page,
            "more": more,
            "newer": "/audit?" + urlencode(filters | {"page": page - 1}),
            "older": "/audit?" + urlencode(filters | {"page": page + 1}),
            "report": report,
        },
        status_code=422 if errors else 200,
    )


@router.get("/export.csv")
def export_csv(db: DbSession, login: AuditorLogin) -> Response:
    """The authority's whole trail as CSV."""
    body = audit.export_csv(session=db, user=login.user, limit=EXPORT_LIMIT)
    headers = SECURITY_HEADERS | {"Content-Disposition": 'attachment; filename="audit.csv"'}
    return Response(body, media_type="text/csv", headers=headers)
