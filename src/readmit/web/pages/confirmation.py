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
            title="Confirm the identity?",
            sentence=f"{name} ({reference}) will be confirmed as register person"
            f" {hidden['person_id']}. {requesting} is told at once and the travel document can"
            " then be issued; a confirmation cannot be taken back.",
            action=url,
            button="Yes, confirm the identity",
            back=back,
            hidden=hidden,
        )
    return Confirmation(
        title="Reject the application?",
        sentence=f"The application for {name} ({reference}) will be rejected ({reason})."
        f" {requesting} is told at once; a rejection cannot be taken back.",
        action=url,
        button="Yes, reject",
        back=back,
        hidden=hidden,
        danger=True,
    )


# The case page's lifecycle steps that ask first; every other one acts at once.
ASKING = frozenset({"submit", "issue_travel_document", "withdraw", "close"})


def for_step(
    *, session: Session, application: Application, action: str, hidden: dict[str, str]
) -> Confirmation:
    """The confirmation of one of the ASKING steps on a case."""
    name, reference = application.display_name, application.reference
    requesting, requested = application.requesting_state, application.requested_state
    back = f"/applications/{application.id}"
    url = f"{back}/actions/{action}"
    if action == "submit":
        return Confirmation(
            title="Submit the application?",
            sentence=f"The application for {name} ({reference}) will be sent to {requested},"
            " which is notified at once, and its reply deadline starts. A submitted application"
            " cannot return to draft.",
            action=url,
            button="Yes, submit",
            back=back,
            hidden=hidden,
        )
    if action == "issue_travel_document":
        terms = agreements.terms_for(session=session, application=application)
        validity = f" within {terms.travel_document_validity_days} days" if terms else ""
        return Confirmation(
            title="Issue the travel document?",
            sentence=f"An emergency travel document for {name} ({reference}) will be issued"
            f" and sealed in the name of {requested}: one journey from {requesting} to"
            f" {requested}{validity}. {requesting} may then book the flight. An issued"
            " document cannot be taken back; it can only be replaced by a new one.",
            action=url,
            button="Yes, issue the travel document",
            back=back,
            hidden=hidden,
        )
    if action == "withdraw":
        return Confirmation(
            title="Withdraw the application?",
            sentence=f"The application for {name} ({reference}) will stop for both states and"
            " cannot be resumed; it can then only be closed.",
            action=url,
            button="Yes, withdraw",
            back=back,
            hidden=hidden,
            reasons=choices(sorted(lifecycle.WITHDRAW_REASONS), "reason"),
            note_hint="Seen by your state only.",
            danger=True,
        )
    return Confirmation(
        title="Close the case?",
        sentence=f"The case of {name} ({reference}) will be closed. A closed case cannot be"
        " reopened.",
        action=url,
        button="Yes, close the case",
        back=back,
        hidden=hidden,
    )
