"""Editing the particulars: of a draft, and of the person while the requested state waits for
more information. An edit is made under the case's lock on the version the editor opened (a
case changed since is refused, never overwritten) and audited field by field, old and new."""

from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from readmit.agreements import service as agreements
from readmit.applications import lifecycle
from readmit.applications import service as applications
from readmit.applications.enums import EDITABLE, Status
from readmit.applications.models import Application, TimelineEvent
from readmit.applications.schemas import ApplicationUpdate, PersonIn
from readmit.applications.validation import check_person
from readmit.audit import service as audit
from readmit.auth.models import User
from readmit.errors import Conflict, FieldProblem, Forbidden, Invalid
from readmit.i18n import _
from readmit.labels import in_sentence, label
from readmit.search import keys as search_keys
from readmit.tenancy.service import is_requesting_side

Value = str | list[str] | None
# Words for the timeline's note ("Changed: date of birth, name 2 family name").
FIELD_WORDS = {
    "requested_state": "requested state",
    "procedure": "procedure",
    "sex": "sex",
    "birth_date": "date of birth",
    "birth_place": "place of birth",
    "nationality_claimed": "claimed nationality",
    "mother": "mother's name",
    "father": "father's name",
    "past_addresses": "past addresses",
    "family": "family name",
    "given": "given names",
    "source": "source",
    "type": "type",
    "number": "number",
    "issuing_state": "issuing state",
    "mrz": "MRZ",
}


@dataclass(frozen=True)
class Change:
    """One field of the particulars, before and after an edit (located like an API field)."""

    field: str
    old: Value
    new: Value

    def words(self) -> str:
        """The field for people: "date of birth", "document 2 number"."""
        parts = self.field.removeprefix("person.").split(".")
        if parts[0] in ("names", "documents") and len(parts) == 3:
            return f"{parts[0][:-1]} {int(parts[1]) + 1} {FIELD_WORDS[parts[2]]}"
        return FIELD_WORDS[parts[-1]]


def may_edit(user: User, application: Application) -> bool:
    """True for the requesting state's case officers and supervisors, while editable."""
    return (
        is_requesting_side(user, application)
        and user.has_role(*lifecycle.OFFICERS)
        and application.status in EDITABLE
    )


def require_editor(user: User, application: Application) -> None:
    """Refuse anyone but the requesting state's officers (403), and any status in which the
    particulars are no longer the requesting state's to change (409)."""
    if not is_requesting_side(user, application) or not user.has_role(*lifecycle.OFFICERS):
        raise Forbidden(_("only the requesting state's case officers and supervisors edit a case"))
    if application.status not in EDITABLE:
        raise Conflict(
            _(
                "the particulars can be edited only in draft or while more information is "
                "requested; the application is {status}",
                status=in_sentence(label(application.status, "status")),
            )
        )


def _flat(requested_state: str, procedure: str, person: PersonIn) -> dict[str, Value]:
    """Every field of the particulars by its path, for a field-by-field comparison."""
    fields: dict[str, Value] = {
        "requested_state": requested_state,
        "procedure": str(procedure),
        "person.sex": person.sex,
        "person.birth_date": person.birth_date,
        "person.birth_place": person.birth_place,
        "person.nationality_claimed": person.nationality_claimed,
        "person.parents.mother": person.parents.mother if person.parents else None,
        "person.parents.father": person.parents.father if person.parents else None,
        "person.past_addresses": list(person.past_addresses),
    }
    for i, name in enumerate(person.names):
        at = f"person.names.{i}"
        fields |= {f"{at}.family": name.family, f"{at}.given": name.given}
        fields[f"{at}.source"] = str(name.source)
    for i, document in enumerate(person.documents):
        at = f"person.documents.{i}"
        fields |= {f"{at}.type": document.type, f"{at}.number": document.number}
        fields[f"{at}.issuing_state"] = document.issuing_state
        fields[f"{at}.mrz"] = list(document.mrz) if document.mrz else None
    return fields


def changes_between(before: dict[str, Value], after: dict[str, Value]) -> list[Change]:
    """The fields whose value differs (a row added or removed: each of its fields)."""
    fields = dict.fromkeys([*before, *after])
    return [
        Change(field, before.get(field), after.get(field))
        for field in fields
        if before.get(field) != after.get(field)
    ]


def update(
    *, session: Session, user: User, application: Application, payload: ApplicationUpdate
) -> list[Change]:
    """Apply an edit made on `payload.version`; returns what changed (nothing: no write)."""
    require_editor(user, application)
    lifecycle.lock(session=session, application=application)
    require_editor(user, application)  # a step may have moved the case while we waited
    if payload.version != application.version:
        raise Conflict(
            _(
                "the case changed since you opened it: someone else saved an edit (you opened "
                "version {opened}, it is now version {current}); open it again to see their "
                "changes, then make yours",
                opened=payload.version,
                current=application.version,
            )
        )
    requested = payload.requested_state or application.requested_state
    procedure = payload.procedure or application.procedure
    problems: list[FieldProblem] = []
    if application.status != Status.draft:
        if requested != application.requested_state:
            problems.append(
                FieldProblem(
                    ("requested_state",),
                    _("the requested state is fixed once the application has been submitted"),
                )
            )
        if procedure != application.procedure:
            problems.append(
                FieldProblem(
                    ("procedure",),
                    _("the procedure is fixed once the application has been submitted"),
                )
            )
    agreement = agreements.find(
        session=session, requesting=application.requesting_state, requested=requested
    )
    if agreement is None:
        problems.append(
            FieldProblem(
                ("requested_state",),
                _(
                    "no readmission agreement between {requesting} and {requested}",
                    requesting=application.requesting_state,
                    requested=requested,
                ),
            )
        )
    if payload.person is not None:
        problems += check_person(payload.person)
    if problems:
        raise Invalid(problems)
    assert agreement is not None
    current = applications.person_of(application)
    person = payload.person or current
    changes = changes_between(
        _flat(application.requested_state, application.procedure, current),
        _flat(requested, procedure, person),
    )
    if not changes:
        return []
    if requested != application.requested_state:
        # Only a draft gets here: nobody outside the requesting state has seen its reference.
        application.requested_state, application.agreement_id = requested, agreement.id
        application.agreement_version = agreement.version
        year = application.created_at.year
        application.reference = (
            f"{application.requesting_state}-{requested}-{year}-{application.id:06d}"
        )
    application.procedure = procedure
    if payload.person is not None:
        applications.apply_person(application, payload.person)
    search_keys.index_application(session=session, application=application)
    terms = (
        agreement.terms
        if application.status == Status.draft
        else agreements.terms_for(session=session, application=application)
    )
    if terms is not None:
        application.evidence_tier = terms.evidence_tier(d.type for d in person.documents)
    application.version += 1
    words = list(dict.fromkeys(change.words() for change in changes))
    session.add(
        TimelineEvent(
            application_id=application.id,
            actor_id=user.id,
            action="edit_particulars",
            note="Changed: " + ", ".join(words),
        )
    )
    detail: dict[str, Any] = {
        "version": application.version,
        "changes": [{"field": c.field, "old": c.old, "new": c.new} for c in changes],
    }
    audit.record(
        session=session,
        actor=user,
        action="application.edit",
        entity="application",
        entity_id=application.id,
        application_id=application.id,
        detail=detail,
    )
    session.flush()
    return changes
