"""The words a person reads for every code the system keeps: statuses, steps, roles, grounds,
document types, reasons, sealed fields and audit events.

Pages, messages and the audit trail take their words from here and never make them from the
code itself ('withholding_cat' is "Withholding of removal or CAT", not "Withholding cat").
`tests/pages/test_labels.py` crawls every page as every role for codes that leak. The words
here are English message ids: `label` and `event_words` give them in the reader's language
from the catalogues (readmit.i18n)."""

from collections.abc import Mapping
from dataclasses import dataclass

from readmit.i18n import gettext
from readmit.i18n.formats import state_name

STATUSES = {
    "draft": "Draft",
    "submitted": "Submitted",
    "received": "Received",
    "under_verification": "Under verification",
    "more_info_requested": "More information requested",
    "confirmed": "Confirmed",
    "rejected": "Rejected",
    "travel_document_issued": "Travel document issued",
    "transfer_scheduled": "Transfer scheduled",
    "departed": "Departed",
    "arrived": "Arrived",
    "closed": "Closed",
    "withdrawn": "Withdrawn",
    "suspended": "Suspended",
}

# Lifecycle steps as the buttons and the timeline name them.
ACTIONS = {
    "submit": "Submit",
    "receive": "Receive",
    "start_verification": "Start verification",
    "request_info": "Request more information",
    "provide_info": "Provide information",
    "confirm": "Confirm identity",
    "reject": "Reject",
    "deem_accepted": "Deemed accepted",
    "issue_travel_document": "Issue travel document",
    "schedule_transfer": "Schedule transfer",
    "remove_from_transfer": "Remove from transfer",
    "depart": "Depart",
    "confirm_arrival": "Confirm arrival",
    "close_on_arrival": "Closed on arrival",
    "report_no_show": "Report a no-show",
    "close": "Close",
    "withdraw": "Withdraw",
    "suspend": "Suspend",
    "resume": "Resume",
    # Timeline entries that are not lifecycle steps.
    "create": "Opened",
    "extend_reply": "Reply deadline extended",
    "edit_particulars": "Particulars edited",
    "protection_flag": "Protection flag opened",
    "protection_clear": "Protection flag cleared",
    "trafficking_screening": "Signs of trafficking noted at intake",
    "screening_decision": "Trafficking screening decided",
    "statelessness_decision": "Statelessness decision recorded",
    "follow_up_started": "Follow-up application opened to the claiming state",
    "follow_up_of": "Opened as the follow-up of another case",
}

REASONS = {
    "missing_documents": "Documents are missing",
    "unclear_identity": "The identity is unclear",
    "interview_needed": "An interview is needed",
    "not_a_national": "Not a national",
    "identity_not_found": "Identity not found in the register",
    "insufficient_evidence": "Insufficient evidence",
    "documents_false": "The documents are false",
    "left_voluntarily": "Left voluntarily",
    "regularised": "Stay regularised",
    "deceased": "Deceased",
    "duplicate": "Duplicate application",
    "suspended_by_requesting_state": "Suspended by the requesting state",
    "deemed_acceptance": "No reply within the deadline: deemed accepted",
    "arrival_confirmed": "Arrival confirmed",
    "presumed_victim": "Presumed victim of trafficking",
    "not_confirmed": "No indicators confirmed",
    "referred": "Referred to statelessness determination",
    "claimed": "Claimed as a national by another state",
    "other": "Other",
}

ROLES = {
    "case_officer": "Case officer",
    "protection_officer": "Protection officer",
    "verifier": "Verifier",
    "supervisor": "Supervisor",
    "analyst": "Analyst",
    "auditor": "Auditor",
    "admin": "Administrator",
}

PROTECTION_GROUNDS = {
    "asylum_pending": "Asylum pending",
    "withholding_cat": "Withholding of removal or CAT",
    "suspensive_appeal": "Suspensive appeal",
    "unaccompanied_minor": "Unaccompanied minor without verified reception",
    "trafficking_victim": "Presumed victim of trafficking",
    "stateless": "Stateless person",
    "medical": "Medical grounds",
    "family_unity": "Family unity",
}

DOCUMENT_TYPES = {
    "passport": "Passport",
    "expired_passport": "Expired passport",
    "national_id": "National ID card",
    "citizenship_certificate": "Citizenship certificate",
    "birth_certificate": "Birth certificate",
    "driving_licence": "Driving licence",
    "photocopy": "Authenticated photocopy",
    "service_card": "Service card",
    "statement": "The person's statement",
    "fingerprints": "Fingerprints",
    "other": "Other document",
}

# What an attachment to a case is (readmit.attachments).
ATTACHMENT_KINDS = {
    "passport_scan": "Passport scan",
    "national_id_card": "National ID card",
    "birth_certificate": "Birth certificate",
    "hukou_page": "Hukou (household register) page",
    "court_order": "Court order",
    "removal_order": "Removal order",
    "protection_evidence": "Protection evidence (never shared)",
    "other": "Other document",
}

NAME_SOURCES = {
    "document": "From a document",
    "declared": "Declared by the person",
    "alias": "Alias",
}

PROCEDURES = {"normal": "Normal", "accelerated": "Accelerated (border procedure)"}

EVIDENCE_TIERS = {
    "proof": "Proof of nationality",
    "prima_facie": "Prima facie evidence (starts verification)",
    "interview": "Consular interview needed",
}

DEADLINES = {
    "reply": "Reply",
    "travel_document": "Travel document",
    "transfer": "Transfer",
    "arrival_notice": "Arrival notice",
}

DECISIONS = {
    "confirm": "Identity confirmed",
    "reject": "Rejected",
    "request_info": "More information requested",
}

RECOMMENDATIONS = {
    "confirm": "Confirm",
    "review": "Review",
    "no_match": "No match in the register",
}

TRANSFER_KINDS = {"commercial": "Commercial", "charter": "Charter"}
TRANSFER_STATUSES = {
    "open": "Open",
    "locked": "Locked",
    "departed": "Departed",
    "arrived": "Arrived",
}
ARRIVAL_OUTCOMES = {"arrived": "Arrived", "no_show": "No-show"}
INTERVIEW_STATUSES = {
    "requested": "Awaiting an answer",
    "granted": "Granted",
    "held": "On hold",
    "refused": "Refused",
}
PROPOSAL_STATUSES = {
    "pending": "Waiting for the other party",
    "accepted": "Accepted",
    "rejected": "Rejected",
    "withdrawn": "Withdrawn",
}
USER_STATUSES = {"active": "Active", "locked": "Locked", "deactivated": "Deactivated"}
DAY_UNITS = {"calendar": "calendar days", "working": "working days"}
SEXES = {"M": "Male", "F": "Female", "X": "Unspecified"}
CUSTODY_STATUSES = {
    "detained": "Detained",
    "released": "Released",
    "alternative_to_detention": "Alternative to detention",
}
RELEASE_REASONS = {
    "bond": "Bond",
    "parole": "Parole",
    "removal_not_reasonably_foreseeable": "Removal not reasonably foreseeable",
    "other": "Other",
}
MODALITIES = {"face": "Face", "face128": "Face (128-value template)", "finger": "Fingerprint"}

# What a travel document's seal carries, as the check page lists it.
SEAL_FIELDS = {
    "issuing_state": "Issuing state",
    "signer": "Signer and certificate",
    "issued": "Issued on",
    "mrz_line1": "MRZ line 1",
    "mrz_line2": "MRZ line 2",
    "route": "Journey",
    "document_number": "Document number",
    "valid_until": "Valid until",
    "native_name": "Name in native script",
}


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


VOCABULARIES: dict[str, Mapping[str, str]] = {
    "status": STATUSES,
    "action": ACTIONS,
    "reason": REASONS,
    "role": ROLES,
    "protection": PROTECTION_GROUNDS,
    "document": DOCUMENT_TYPES,
    "attachment": ATTACHMENT_KINDS,
    "name_source": NAME_SOURCES,
    "procedure": PROCEDURES,
    "evidence": EVIDENCE_TIERS,
    "deadline": DEADLINES,
    "decision": DECISIONS,
    "recommendation": RECOMMENDATIONS,
    "transfer_kind": TRANSFER_KINDS,
    "transfer_status": TRANSFER_STATUSES,
    "arrival": ARRIVAL_OUTCOMES,
    "interview": INTERVIEW_STATUSES,
    "proposal": PROPOSAL_STATUSES,
    "user_status": USER_STATUSES,
    "unit": DAY_UNITS,
    "sex": SEXES,
    "modality": MODALITIES,
    "custody": CUSTODY_STATUSES,
    "release_reason": RELEASE_REASONS,
    "seal": SEAL_FIELDS,
}

# A code looked up without naming its vocabulary: the first vocabulary that knows it wins,
# so the order puts the vocabularies whose words read well anywhere first.
_ANY = {
    code: words
    for vocabulary in reversed(VOCABULARIES.values())
    for code, words in vocabulary.items()
}


def humanise(code: str) -> str:
    """Words for a code no vocabulary knows: a last resort that keeps a page readable."""
    text = " ".join(part for part in code.replace(".", " ").split("_") if part)
    return text[:1].upper() + text[1:]


def label(code: object, vocabulary: str | None = None) -> str:
    """The words for a code, from its vocabulary (or from any when none is named)."""
    text = "" if code is None else str(code)
    if not text:
        return ""
    words = VOCABULARIES[vocabulary] if vocabulary else _ANY
    known = words.get(text) or _ANY.get(text)
    return gettext(known) if known else humanise(text)


def in_sentence(text: str) -> str:
    """A label inside a sentence: its first letter lower case unless it begins an acronym
    ("asylum pending", but "CAT protection" stays)."""
    if len(text) > 1 and (text[1].isupper() or not text[:2].isascii()):
        return text
    return text[:1].lower() + text[1:]


def route(requesting: str, requested: str, *, names: bool = False) -> str:
    """A journey between two states: "USA → CHN", or "United States → China"."""
    if names:
        return f"{state_name(requesting)} → {state_name(requested)}"
    return f"{requesting} → {requested}"


def journey(stored: str) -> str:
    """A travel document's route as it stores it ("USA CHN"), in words:
    "United States → China (USA → CHN)"."""
    states = stored.split()
    if len(states) != 2:
        return stored
    return f"{route(*states, names=True)} ({route(*states)})"
