"""The confirmation step of irreversible actions (submit, confirm or reject an identity, issue
a travel document, withdraw, close, depart, report an arrival): a page saying in one sentence
what will happen, whose "Yes, …" button posts the step again with `confirmed=yes` and the CSRF
token. A step's POST without that flag shows this page instead of acting, so it works without
JavaScript, and a stray click or a form sent from elsewhere changes nothing."""

from dataclasses import dataclass, field

from fastapi import Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from readmit.agreements import service as agreements
from readmit.applications import lifecycle
from readmit.applications.models import Application
from readmit.i18n import _
from readmit.web.pages.common import FormErrors, Posted
from readmit.web.templating import choices, render

FLAG = "confirmed"


@dataclass(frozen=True)
class Confirmation:
    """What one confirmation page asks."""

    title: str  # the question, e.g. "Submit the application?"
    sentence: str  # what will happen, and what cannot be undone
    action: str  # where the yes-button posts
    button: str  # e.g. "Yes, submit"
    back: str  # where "No" leads
    hidden: dict[str, str] = field(default_factory=dict)  # carried on as they were sent
    reasons: list[tuple[str, str]] | None = None  # a reason to choose, and an optional note
    note_hint: str = ""
    when: tuple[str, str, str] | None = None  # an optional time field: id, label, hint
    danger: bool = False


def confirmed(form: Posted) -> bool:
    """Whether the step's form was sent from its confirmation page."""
    return form.get(FLAG) == "yes"


def ask(
    request: Request,
    confirmation: Confirmation,
    values: dict[str, str] | None = None,
    errors: FormErrors | None = None,
    status_code: int = 200,
) -> Response:
    """The confirmation page; after a refusal, with each problem next to its field and what
    was typed kept."""
    errors = errors or FormErrors()
    return render(
        request,
        "confirm.html",
        {
            "ask": confirmation,
            "values": values or {},
            "errors": errors.fields,
            "summary": errors.summary,
        },
        status_code=status_code,
    )


def for_decision(
    *, application: Application, decision: str, hidden: dict[str, str], reason: str
) -> Confirmation:
    """The confirmation of a verifier's confirm or reject decision (request_info can be
    answered, so it acts at once)."""
    name, reference = application.display_name, application.reference
    requesting = application.requesting_state
    url, back = f"/applications/{application.id}/verify", f"/applications/{application.id}/verify"
    if decision == "confirm":
        return Confirmation(
            title=_("Confirm the identity?"),
            sentence=_(
                "{name} ({reference}) will be confirmed as register person {person}."
                " {requesting} is told at once and the travel document can then be issued;"
                " a confirmation cannot be taken back.",
                name=name,
                reference=reference,
                person=hidden["person_id"],
                requesting=requesting,
            ),
            action=url,
            button=_("Yes, confirm the identity"),
            back=back,
            hidden=hidden,
        )
    return Confirmation(
        title=_("Reject the application?"),
        sentence=_(
            "The application for {name} ({reference}) will be rejected ({reason})."
            " {requesting} is told at once; a rejection cannot be taken back.",
            name=name,
            reference=reference,
            reason=reason,
            requesting=requesting,
        ),
        action=url,
        button=_("Yes, reject"),
        back=back,
        hidden=hidden,
        danger=True,
    )


# The case page's lifecycle steps that ask first; every other one acts at once.
ASKING = frozenset({"submit", "issue_travel_document", "withdraw", "close"})


def _issuing_sentence(session: Session, application: Application) -> str:
    """What issuing the travel document does, with the agreement's validity when known."""
    terms = agreements.terms_for(session=session, application=application)
    values = {
        "name": application.display_name,
        "reference": application.reference,
        "requesting": application.requesting_state,
        "requested": application.requested_state,
    }
    if terms is None:
        return _(
            "An emergency travel document for {name} ({reference}) will be issued and sealed"
            " in the name of {requested}: one journey from {requesting} to {requested}."
            " {requesting} may then book the flight. An issued document cannot be taken back;"
            " it can only be replaced by a new one.",
            **values,
        )
    return _(
        "An emergency travel document for {name} ({reference}) will be issued and sealed"
        " in the name of {requested}: one journey from {requesting} to {requested} within"
        " {days} days. {requesting} may then book the flight. An issued document cannot be"
        " taken back; it can only be replaced by a new one.",
        days=terms.travel_document_validity_days,
        **values,
    )


def for_step(
    *, session: Session, application: Application, action: str, hidden: dict[str, str]
) -> Confirmation:
    """The confirmation of one of the ASKING steps on a case."""
    name, reference = application.display_name, application.reference
    requested = application.requested_state
    back = f"/applications/{application.id}"
    url = f"{back}/actions/{action}"
    if action == "submit":
        return Confirmation(
            title=_("Submit the application?"),
            sentence=_(
                "The application for {name} ({reference}) will be sent to {requested}, which is"
                " notified at once, and its reply deadline starts. A submitted application"
                " cannot return to draft.",
                name=name,
                reference=reference,
                requested=requested,
            ),
            action=url,
            button=_("Yes, submit"),
            back=back,
            hidden=hidden,
        )
    if action == "issue_travel_document":
        return Confirmation(
            title=_("Issue the travel document?"),
            sentence=_issuing_sentence(session, application),
            action=url,
            button=_("Yes, issue the travel document"),
            back=back,
            hidden=hidden,
        )
    if action == "withdraw":
        return Confirmation(
            title=_("Withdraw the application?"),
            sentence=_(
                "The application for {name} ({reference}) will stop for both states and"
                " cannot be resumed; it can then only be closed.",
                name=name,
                reference=reference,
            ),
            action=url,
            button=_("Yes, withdraw"),
            back=back,
            hidden=hidden,
            reasons=choices(sorted(lifecycle.WITHDRAW_REASONS), "reason"),
            note_hint=_("Seen by your state only."),
            danger=True,
        )
    return Confirmation(
        title=_("Close the case?"),
        sentence=_(
            "The case of {name} ({reference}) will be closed. A closed case cannot be reopened.",
            name=name,
            reference=reference,
        ),
        action=url,
        button=_("Yes, close the case"),
        back=back,
        hidden=hidden,
    )
