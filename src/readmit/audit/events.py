"""How the audit trail names each kind of event: its group and kind in the page's filter, and
the phrase that follows the actor in its sentence. The words are English message ids, given in
the reader's language by `event_words`; `tests/pages/test_labels.py` fails on an event the
code records without words here."""

from dataclasses import dataclass

from readmit.i18n import gettext
from readmit.labels import humanise


@dataclass(frozen=True)
class EventWords:
    """How the audit trail names one kind of event: its group and label in the filter, and
    the phrase that follows the actor ("{case}" stands for the linked case reference, other
    fields come from the event's details)."""

    group: str
    kind: str
    phrase: str


def _steps() -> dict[str, EventWords]:
    """The lifecycle steps, recorded as `application.<step>`."""
    phrases = {
        "submit": ("Case submitted", "submitted case {case}"),
        "receive": ("Receipt recorded", "recorded receipt of case {case}"),
        "start_verification": ("Verification started", "started verifying case {case}"),
        "request_info": ("More information requested", "requested more information on case {case}"),
        "provide_info": ("Information provided", "provided more information on case {case}"),
        "confirm": ("Identity confirmed", "confirmed the identity on case {case}"),
        "reject": ("Case rejected", "rejected case {case}"),
        "deem_accepted": (
            "Deemed accepted",
            "deemed case {case} accepted after the reply deadline",
        ),
        "issue_travel_document": (
            "Case moved to travel document issued",
            "moved case {case} to travel document issued",
        ),
        "schedule_transfer": ("Transfer scheduled", "scheduled the transfer of case {case}"),
        "remove_from_transfer": ("Case taken off its flight", "took case {case} off its flight"),
        "depart": ("Case departed", "recorded the departure of case {case}"),
        "confirm_arrival": ("Arrival confirmed", "confirmed the arrival of case {case}"),
        "close_on_arrival": ("Closed on arrival", "closed case {case} on arrival"),
        "report_no_show": ("No-show reported", "reported a no-show on case {case}"),
        "close": ("Case closed", "closed case {case}"),
        "withdraw": ("Case withdrawn", "withdrew case {case}"),
        "suspend": ("Case suspended", "suspended case {case}"),
        "resume": ("Case resumed", "resumed case {case}"),
    }
    return {
        f"application.{step}": EventWords("Case steps", kind, phrase)
        for step, (kind, phrase) in phrases.items()
    }


def _events(group: str, **events: tuple[str, str]) -> dict[str, EventWords]:
    return {code.replace("__", "."): EventWords(group, *words) for code, words in events.items()}


# Keyword names stand for dotted codes: `queue__read` is `queue.read`.
AUDIT_EVENTS: dict[str, EventWords] = {
    **_events(
        "Cases",
        queue__read=("Work queue read", "read the work queue"),
        application__list=("Case list read", "listed the cases"),
        application__read=("Case read", "read case {case}"),
        application__create=("Case opened", "opened case {case}"),
        application__photo=("Photo supplied", "supplied a photo for case {case}"),
        application__extend_reply=(
            "Reply deadline extended",
            "extended the reply deadline of case {case}",
        ),
        message__send=("Message sent", "sent a message on case {case}"),
        message__read=("Messages read", "read the messages of case {case}"),
        application__edit=("Particulars corrected", "corrected the particulars of case {case}"),
        application__search=("Cases searched", "searched the cases"),
        application__counts=("Case counts read", "read the case counts by corridor"),
        statistics__indicators=("Indicators read", "read the indicators by corridor and month"),
        workload__read=("Workload read", "read the officers' workload"),
        document__ocr=("Passport scan read", "read a passport scan by OCR"),
    ),
    **_events(
        "Attachments",
        attachment__add=("Attachment added", "added an attachment to case {case}"),
        attachment__delete=("Attachment deleted", "deleted an attachment of case {case}"),
        attachment__download=("Attachment downloaded", "downloaded an attachment of case {case}"),
        attachment__list=("Attachments listed", "listed the attachments of case {case}"),
        attachment__share=(
            "Attachment shared",
            "shared an attachment of case {case} with the other state",
        ),
    ),
    **_steps(),
    **_events(
        "Protection",
        protection__read=("Protection flags read", "read the protection flags of case {case}"),
        protection__open=(
            "Protection flag opened",
            "opened a protection flag ({ground}) on case {case}",
        ),
        protection__holds_read=(
            "Protection holds listed",
            "listed the cases under a protection hold",
        ),
        protection__queue_read=(
            "Protection decisions due read",
            "read the protection decisions due",
        ),
        protection__screening_open=(
            "Trafficking screening recorded",
            "recorded a trafficking screening on case {case}",
        ),
        protection__screening_decide=(
            "Trafficking screening decided",
            "decided the trafficking screening on case {case}",
        ),
        protection__screening_read=(
            "Trafficking screening read",
            "read the trafficking screening of case {case}",
        ),
        protection__statelessness_decide=(
            "Statelessness decision recorded",
            "recorded a statelessness decision on case {case}",
        ),
        protection__statelessness_read=(
            "Statelessness decision read",
            "read the statelessness decision of case {case}",
        ),
        protection__follow_up=(
            "Follow-up application opened",
            "opened follow-up application {follow_up} from case {case}",
        ),
        protection__clear=(
            "Protection flag cleared",
            "cleared a protection flag ({ground}) on case {case}",
        ),
    ),
    **_events(
        "Custody",
        custody__read=("Custody read", "read the custody record of case {case}"),
        custody__record=("Custody recorded", "recorded a custody status for case {case}"),
        custody__final_order=(
            "Final order date recorded",
            "recorded the final order date of case {case}",
        ),
    ),
    **_events(
        "Verification",
        registry__lookup=("Register searched", "searched the register by number for case {case}"),
        identity__recommend=("Engine recommendation", "ran the identity engine on case {case}"),
    ),
    **_events(
        "Travel documents",
        traveldoc__issue=(
            "Travel document issued",
            "issued travel document {number} for case {case}",
        ),
        traveldoc__reissue=(
            "Travel document reissued",
            "issued travel document {number} for case {case}, revoking {revoked}",
        ),
        traveldoc__read=("Travel document read", "read travel document {number} of case {case}"),
        traveldoc__download=(
            "Travel document printed",
            "downloaded travel document {number} of case {case} to print",
        ),
    ),
    **_events(
        "Transfers",
        transfer__schedule=("Flight booked", "booked flight {flight}"),
        transfer__add_case=("Case added to a manifest", "added case {case} to flight {flight}"),
        transfer__remove_case=(
            "Case removed from a manifest",
            "removed case {case} from flight {flight}",
        ),
        transfer__lock=("Manifest locked", "locked the manifest of flight {flight}"),
        transfer__depart=("Flight departed", "recorded the departure of flight {flight}"),
        transfer__arrived=(
            "Arrival reported",
            "reported the arrival of case {case} on flight {flight}",
        ),
        transfer__no_show=(
            "No-show on a flight",
            "reported case {case} as not arriving on flight {flight}",
        ),
        transfer__accept=("Charter accepted", "accepted charter flight {flight}"),
        transfer__refuse=("Charter refused", "refused charter flight {flight}"),
    ),
    **_events(
        "Interviews",
        interview__request=("Interview requested", "requested a consular interview on case {case}"),
        interview__grant=("Interview granted", "granted a consular interview on case {case}"),
        interview__hold=("Interview held", "put the interview request on case {case} on hold"),
        interview__refuse=("Interview refused", "refused a consular interview on case {case}"),
    ),
    **_events(
        "Biometrics",
        biometrics__partner_search=(
            "Partner search sent",
            "sent a biometric search to {answering}",
        ),
        biometrics__partner_search__received=(
            "Partner search received",
            "received a biometric search from {partner}",
        ),
        biometrics__partner_search__confirmed=(
            "Search hit confirmed",
            "confirmed a biometric search hit",
        ),
        biometrics__partner_search__rejected=(
            "Search hit rejected",
            "rejected a biometric search hit",
        ),
        biometrics__enrol=("Template enrolled", "enrolled a biometric template"),
        biometrics__delete=("Template deleted", "deleted a biometric template"),
    ),
    **_events(
        "Agreements",
        agreement__establish=("Agreement put in force", "put an agreement in force"),
        agreement__propose=("Agreement change proposed", "proposed new terms for an agreement"),
        agreement__accept=("Agreement change accepted", "accepted new terms for an agreement"),
        agreement__reject=("Agreement change rejected", "rejected proposed terms for an agreement"),
        agreement__withdraw=("Agreement proposal withdrawn", "withdrew a proposal of new terms"),
    ),
    **_events(
        "Users and sign-in",
        login__success=("Logged in", "logged in"),
        login__failed=("Failed login", "failed to log in (wrong password)"),
        login__locked=("Locked out", "was locked out after repeated failed logins"),
        login__deactivated=("Login while deactivated", "tried to log in while deactivated"),
        logout=("Logged out", "logged out"),
        user__create=("User added", "added the user {email}"),
        user__change_roles=("Roles changed", "changed the roles of {email}"),
        user__deactivate=("User deactivated", "deactivated the user {email}"),
        user__reactivate=("User reactivated", "reactivated the user {email}"),
        user__unlock=("User unlocked", "unlocked the user {email}"),
        user__set_language=("Language chosen", "chose the interface language"),
        token__issue=("API token issued", "issued an API token"),
        token__revoke=("API token revoked", "revoked an API token"),
    ),
    **_events(
        "Progress reports",
        progress__draft=(
            "Progress report drafted",
            "drafted version {version} of a progress report for {period}",
        ),
        progress__edit=(
            "Progress report edited",
            "edited the draft progress report for {period}",
        ),
        progress__submit=(
            "Progress report submitted",
            "submitted version {version} of the progress report for {period}",
        ),
        progress__combined=(
            "Combined progress report read",
            "read the combined progress report for {period}",
        ),
    ),
    **_events(
        "Scorecards",
        scorecard__read=("Scorecard read", "read the scorecard of {corridor} for {period}"),
        scorecard__cases=(
            "Cases behind a scorecard listed",
            "listed the cases behind a factor of the scorecard of {corridor} for {period}",
        ),
        scorecard__export=(
            "Scorecard exported",
            "exported the scorecard of {corridor} for {period} ({format})",
        ),
    ),
    **_events(
        "Screening",
        screening__run=("Screening run", "ran a screening ({hits} hits)"),
        screening__read=("Screening read", "read a screening and its hits"),
        screening__list=("Screenings listed", "listed the screenings"),
        screening__queue=("Screening review queue read", "read the screening review queue"),
        screening__hit_read=("Screening hit read", "read a screening hit and its judgements"),
        screening__judge=("Screening hit judged", "judged a screening hit"),
        screening__revise=("Screening judgement revised", "revised a screening judgement"),
    ),
    **_events(
        "Designations",
        designation__list=("Designations listed", "listed the designations"),
        designation__read=("Designation read", "read designation no. {designation}"),
        designation__propose=(
            "Designation proposed",
            "proposed designation no. {designation} ({schema})",
        ),
        designation__edit=(
            "Designation proposal edited",
            "edited the proposal of designation no. {designation} ({fields})",
        ),
        designation__approve=("Designation approved", "approved designation no. {designation}"),
        designation__reject=("Designation rejected", "rejected designation no. {designation}"),
        designation__review=(
            "Designation reviewed",
            "reviewed designation no. {designation}; next review by {next_review}",
        ),
        designation__delist=("Designation delisted", "delisted designation no. {designation}"),
        designation__evidence_add=(
            "Designation evidence added",
            "added evidence to designation no. {designation}",
        ),
        designation__evidence_download=(
            "Designation evidence downloaded",
            "downloaded evidence of designation no. {designation}",
        ),
        designation__import=(
            "Designations imported",
            "imported {lines} entities from {file} ({proposals} proposals)",
        ),
        designation__export=(
            "Designations exported",
            "exported {entities} entities and {designations} designations",
        ),
    ),
    **_events(
        "Leads from travel data",
        leads__import=(
            "Flight records imported",
            "imported {flights} flights from {filename} ({opened} leads opened)",
        ),
        leads__run=("Lead rules run", "ran the lead rules ({opened} leads opened)"),
        lead__read=("Lead read", "read the lead on {operator} ({rule})"),
        lead__dismiss=("Lead dismissed", "dismissed the lead on {operator} ({rule})"),
        lead__refer=(
            "Lead referred for designation",
            "referred the lead on {operator} ({rule}) for designation",
        ),
    ),
    **_events(
        "Reintegration",
        reintegration__consent=(
            "Reintegration consent recorded",
            "recorded the returnee's consent (granted: {granted}; refused: {refused}; {language})",
        ),
        reintegration__consent_withdraw=(
            "Reintegration consent withdrawn",
            "recorded the withdrawal of consent to {field} ({language})",
        ),
        reintegration__assessment=(
            "Pre-departure assessment recorded",
            "recorded the pre-departure assessment ({parts})",
        ),
        reintegration__provider_add=(
            "Reintegration provider registered",
            "registered {authority} as a reintegration provider ({programme})",
        ),
        reintegration__refer=(
            "Referred to reintegration",
            "referred reintegration case {reference} ({programme}, {region})",
        ),
        reintegration__case_read=("Reintegration case read", "read reintegration case {reference}"),
        reintegration__case_accept=(
            "Reintegration case accepted",
            "accepted reintegration case {reference}",
        ),
        reintegration__case_close=(
            "Reintegration case closed",
            "closed reintegration case {reference}",
        ),
        reintegration__case_withdraw=(
            "Reintegration referral withdrawn",
            "withdrew reintegration case {reference}",
        ),
        reintegration__service_add=(
            "Reintegration service planned",
            "added a service to the plan of reintegration case {reference}",
        ),
        reintegration__service_update=(
            "Reintegration service updated",
            "updated a service of reintegration case {reference}",
        ),
        reintegration__follow_up=(
            "Follow-up survey recorded",
            "recorded the {months}-month follow-up of reintegration case {reference}",
        ),
        reintegration__follow_up_missed=(
            "Follow-up missed",
            "marked missed the {months}-month follow-up of reintegration case {reference}",
        ),
        reintegration__retention_delete=(
            "Reintegration records deleted",
            "deleted reintegration records past their retention ({programme})",
        ),
    ),
    **_events(
        "Legal pathways",
        pathway__programme_load=(
            "Programme loaded",
            "loaded version {version} of programme {code}",
        ),
        pathway__read=("Pathway case read", "read pathway case {reference}"),
        pathway__intake=("Person taken in", "took a person in: pathway case {reference}"),
        pathway__edit=("Intake edited", "edited the intake of pathway case {reference}"),
        pathway__screen=(
            "Screening recorded",
            "recorded the screening of pathway case {reference}",
        ),
        pathway__refer=("Referred to the pathway", "referred pathway case {reference}"),
        pathway__interview=(
            "Interview recorded",
            "recorded the interview of pathway case {reference}",
        ),
        pathway__approve=("Pathway case approved", "approved pathway case {reference}"),
        pathway__allocate=(
            "Place allocated",
            "allocated a place to pathway case {reference}",
        ),
        pathway__book_travel=("Travel booked", "booked travel for pathway case {reference}"),
        pathway__arrive=("Arrival recorded", "recorded the arrival of pathway case {reference}"),
        pathway__enrol=(
            "Biometrics enrolled",
            "enrolled the biometrics of pathway case {reference}",
        ),
        pathway__biometrics_enrol=(
            "Template added to the gallery",
            "added a {modality} template of pathway case {reference} to the gallery",
        ),
        pathway__issue_permit=("Permit issued", "issued the permit of pathway case {reference}"),
        pathway__renew_permit=("Permit renewed", "renewed the permit of pathway case {reference}"),
        pathway__refuse=("Pathway case refused", "refused pathway case {reference}"),
        pathway__withdraw=("Pathway case withdrawn", "withdrew pathway case {reference}"),
        pathway__refer_elsewhere=(
            "Referred to another pathway",
            "referred pathway case {reference} to another pathway",
        ),
        pathway__message=("Pathway message sent", "sent a message on pathway case {reference}"),
        pathway__add_document=(
            "Pathway document added",
            "added a document to pathway case {reference}",
        ),
        pathway__document_download=(
            "Pathway document downloaded",
            "downloaded a document of pathway case {reference}",
        ),
        pathways__statistics=("Pathway statistics read", "read the legal pathways' statistics"),
    ),
    **_events(
        "Background jobs",
        job__start=("Background job started", "started background job {reference}"),
        job__finish=("Background job finished", "finished background job {reference}"),
        job__fail=("Background job failed", "recorded that background job {reference} failed"),
        job__cancel=("Background job cancelled", "cancelled background job {reference}"),
        job__requeue=(
            "Background job queued again",
            "queued background job {reference} again after its worker stopped",
        ),
        job__download=(
            "Background job file downloaded",
            "downloaded {file} from background job {reference}",
        ),
    ),
    **_events(
        "Audit",
        audit__read=("Audit trail read", "read the audit trail"),
        audit__export=("Audit trail exported", "exported the audit trail"),
    ),
}


def event_words(code: str) -> EventWords:
    """How to name an audit event in the reader's language; an unknown code still reads as
    words."""
    words = AUDIT_EVENTS.get(code)
    if words is None:
        return EventWords(
            gettext("Other"), humanise(code), gettext("recorded:") + " " + humanise(code).lower()
        )
    return EventWords(gettext(words.group), gettext(words.kind), gettext(words.phrase))
