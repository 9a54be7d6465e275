"""The words a person reads for every code the system keeps: statuses, steps, roles, grounds,
document types, reasons and sealed fields (audit events are named in readmit.audit.events).

Pages, messages and the audit trail take their words from here and never make them from the
code itself ('withholding_cat' is "Withholding of removal or CAT", not "Withholding cat").
`tests/pages/test_labels.py` crawls every page as every role for codes that leak. The words
here are English message ids: `label` gives them in the reader's language
from the catalogues (readmit.i18n)."""

from collections.abc import Mapping

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
    "safe_mobility_officer": "Safe mobility officer",
    "reintegration_officer": "Reintegration officer",
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

# Cooperation scorecards: the indicators a factor rates, the ratings, the trends, and the
# events behind a factor that its list of cases shows.
INDICATORS = {
    "days_to_decision_median": "Days from submission to decision (median)",
    "days_to_travel_document_p90": "Days from confirmation to travel document (90th percentile)",
    "days_to_departure_median": "Days from travel document to departure (median)",
    "share_decided_within_deadline": "Share of replies within the deadline",
    "share_confirmed": "Share of identities confirmed or deemed accepted",
    "interviews_granted_share": "Share of interview answers that grant it",
    "charters_accepted_share": "Share of charter flights accepted",
    "release_to_removal_ratio": "Releases from custody per removal completed",
    "no_show_share": "Share of no-shows among removals",
}
RATINGS = {
    "cooperative": "Cooperative",
    "at_risk": "At risk of non-compliance",
    "uncooperative": "Uncooperative",
    "not_rated": "Not rated",
}
TRENDS = {
    "better": "Better",
    "worse": "Worse",
    "steady": "Steady",
    "unknown": "Cannot compare",
}
SCORECARD_EVENTS = {
    "confirm": "Identity confirmed",
    "reject": "Rejected",
    "deem_accepted": "Deemed accepted",
    "issue_travel_document": "Travel document issued",
    "depart": "Departed",
    "granted": "Interview granted",
    "held": "Interview put on hold",
    "refused": "Interview refused",
    "charter_accepted": "Charter accepted",
    "charter_refused": "Charter refused",
    "released": "Released from custody",
    "confirm_arrival": "Arrival confirmed",
    "report_no_show": "No-show reported",
}

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
    "indicator": INDICATORS,
    "rating": RATINGS,
    "trend": TRENDS,
    "scorecard_event": SCORECARD_EVENTS,
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
