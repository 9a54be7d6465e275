"""Pydantic models for bilateral readmission agreements and their YAML files.

Models are strict (no silent coercion, e.g. ``days: "30"`` or ``days: true`` is
an error) and forbid unknown keys, because a typo in an admin-edited agreement
would otherwise quietly change a legal deadline.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, datetime
from pathlib import Path
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

from readmit import yamlfile
from readmit.agreements.deadlines import holiday_country
from readmit.i18n import _
from readmit.schemas import InputModel
from readmit.yamlfile import YamlFileError

EvidenceTier = Literal["proof", "prima_facie", "interview"]

_ALPHA3 = re.compile(r"[A-Z]{3}")
_DOCUMENT_TYPE = re.compile(r"[a-z][a-z0-9_]*")


def _check_alpha3(value: str) -> str:
    # Upper-case is required rather than normalised so that stored codes always
    # match what the admin wrote in the file.
    if not _ALPHA3.fullmatch(value):
        raise ValueError(_("must be an ISO 3166-1 alpha-3 code of three upper-case letters A-Z"))
    return value


def _check_document_type(value: str) -> str:
    if not _DOCUMENT_TYPE.fullmatch(value):
        raise ValueError(_("document types are lower-case snake_case names, e.g. 'national_id'"))
    return value


StateCode = Annotated[str, AfterValidator(_check_alpha3)]
DocumentType = Annotated[str, AfterValidator(_check_document_type)]

_STRICT = ConfigDict(strict=True, extra="forbid")
# Bounds on every number: the longest periods seen in agreements are months, not years, and
# an absurd figure (a typo, 10**7 days) must be refused here, not break every deadline.
MAX_DAYS = 366
MAX_NOTICE_HOURS = 24 * 30
# A presumed victim of trafficking's recovery and reflection period when an agreement names
# none: EU Directive 2004/81/EC art. 6 leaves its length to national law (commonly 30 to 90
# days); the Council of Europe Convention on Action against Trafficking (CETS 197) art. 13
# requires at least 30.
DEFAULT_REFLECTION_DAYS = 30


class DayCount(BaseModel):
    """A period such as "30 working days" or "14 calendar days"."""

    model_config = _STRICT

    days: int = Field(
        ge=0, le=MAX_DAYS, description="Number of days; 0 means the start day itself."
    )
    unit: Literal["calendar", "working"] = Field(
        description="'calendar' counts every day; 'working' skips weekends and public holidays "
        "of the agreement's holiday_states."
    )


class AgreementTerms(BaseModel):
    """The negotiated procedure: deadlines, evidence rules and data sharing."""

    model_config = _STRICT

    reply: DayCount = Field(
        description="Requested state's reply deadline, counted from receipt of the submission."
    )
    reply_extension: DayCount | None = Field(
        default=None,
        description="The one extension the requested state may take, added to the reply "
        "deadline; null if the agreement allows none.",
    )
    accelerated_reply: DayCount | None = Field(
        default=None,
        description="Reply deadline under the accelerated (border) procedure; null if none.",
    )
    travel_document: DayCount = Field(
        description="Deadline to issue the (emergency) travel document after confirmation."
    )
    transfer: DayCount = Field(description="Deadline to transfer the person after confirmation.")
    arrival_notice_hours: int = Field(
        ge=0,
        le=MAX_NOTICE_HOURS,
        description="Hours before departure by which the arrival must be notified.",
    )
    silence_is_acceptance: bool = Field(
        description="Whether no reply by the deadline counts as confirmation."
    )
    travel_document_validity_days: int = Field(
        default=30, ge=1, le=MAX_DAYS, description="Days an issued travel document stays valid."
    )
    reflection_period_days: int = Field(
        default=DEFAULT_REFLECTION_DAYS,
        ge=1,
        le=MAX_DAYS,
        description="Calendar days of a presumed victim of trafficking's recovery and "
        "reflection period (EU Directive 2004/81/EC art. 6), during which removal is blocked.",
    )
    proof_documents: list[DocumentType] = Field(
        max_length=50,
        description="Document types that prove nationality (expired ones still count), "
        "e.g. passport, national_id, citizenship_certificate, expired_passport.",
    )
    prima_facie_documents: list[DocumentType] = Field(
        max_length=50,
        description="Document types that establish nationality prima facie and start "
        "verification, e.g. birth_certificate, driving_licence, photocopy, statement.",
    )
    biometrics_sharing: bool = Field(
        description="Whether fingerprints/biometrics may be sent to the requested state."
    )
    holiday_states: list[StateCode] = Field(
        default_factory=list,
        max_length=5,
        description="ISO alpha-3 states whose public holidays are skipped when counting working "
        "days. Empty in the file means both parties; the agreement fills them in.",
    )

    @model_validator(mode="after")
    def _tiers_disjoint(self) -> AgreementTerms:
        # A document cannot be both conclusive and merely indicative: the tier
        # decides whether an interview is needed, so ambiguity is an error.
        both = sorted(set(self.proof_documents) & set(self.prima_facie_documents))
        if both:
            raise ValueError(
                _(
                    "document types listed as both proof and prima facie: {types}",
                    types=", ".join(both),
                )
            )
        return self

    def evidence_tier(self, document_types: Iterable[str]) -> EvidenceTier:
        """Strongest tier reached by the documents on file.

        "proof" if any document is proof of nationality, else "prima_facie" if any
        starts verification, else "interview" (a consular interview is needed).
        """
        present = set(document_types)
        if present & set(self.proof_documents):
            return "proof"
        if present & set(self.prima_facie_documents):
            return "prima_facie"
        return "interview"

    def uses_working_days(self) -> bool:
        """True if any deadline is counted in working days (so holidays matter)."""
        counts = (
            self.reply,
            self.reply_extension,
            self.accelerated_reply,
            self.travel_document,
            self.transfer,
        )
        return any(c is not None and c.unit == "working" for c in counts)


class AgreementBase(InputModel):
    """Fields shared by agreements being created and agreements read back."""

    model_config = _STRICT

    requesting_state: StateCode = Field(
        description="ISO 3166-1 alpha-3 code of the state that asks for readmission."
    )
    requested_state: StateCode = Field(
        description="ISO 3166-1 alpha-3 code of the state asked to readmit its nationals."
    )
    title: str = Field(
        min_length=1, max_length=300, description="Human-readable name of the agreement."
    )
    reference: str | None = Field(
        default=None, max_length=200, description="Official reference, e.g. treaty series number."
    )
    # Not strict: API bodies arrive as parsed JSON, where a date is an ISO string.
    in_force_from: date = Field(strict=False, description="Date from which the agreement applies.")
    terms: AgreementTerms = Field(description="The negotiated procedure and deadlines.")

    @model_validator(mode="after")
    def _parties_and_holidays(self) -> AgreementBase:
        if self.requesting_state == self.requested_state:
            raise ValueError(_("requesting_state and requested_state must differ"))
        if not self.terms.holiday_states:
            states = [self.requesting_state, self.requested_state]
            self.terms = self.terms.model_copy(update={"holiday_states": states})
        if self.terms.uses_working_days():
            # Fail when the file is loaded, not months later when a deadline is due.
            for state in self.terms.holiday_states:
                holiday_country(state)
        return self


class AgreementCreate(AgreementBase):
    """An agreement as written by an admin (YAML file or API)."""


class AgreementPublic(AgreementBase):
    """An agreement as stored, with its database id and the version of its terms."""

    id: int = Field(description="Database identifier.")
    version: int = Field(default=1, description="Version of the terms now in force.")


class ProposalCreate(InputModel):
    """New terms one party proposes; they apply once the other party's admin accepts."""

    agreement: AgreementCreate = Field(description="The whole agreement as proposed.")
    apply_to_running_cases: bool = Field(
        default=False,
        description="Whether cases already running move to the new terms on acceptance "
        "(both parties agree to it by accepting); otherwise each keeps the terms its clock "
        "started under.",
    )
    note: str = Field(default="", max_length=2000, description="Why the change is proposed.")


class ProposalDecision(InputModel):
    """The other party's answer to a proposal (a reason is kept when rejecting)."""

    reason: str = Field(default="", max_length=2000)


class ProposalPublic(BaseModel):
    """A proposal with its state and the fields it changes."""

    id: int
    requesting_state: str
    requested_state: str
    agreement_id: int | None
    base_version: int | None
    proposed_by_state: str
    agreement: AgreementCreate
    apply_to_running_cases: bool
    note: str
    status: Literal["pending", "accepted", "rejected", "withdrawn"]
    decision_reason: str | None
    created_at: datetime
    decided_at: datetime | None
    changes: list[tuple[str, str, str]] = Field(
        description="(field, in force, proposed) for every field the proposal changes."
    )


class AgreementFile(BaseModel):
    """Top level of an agreement YAML file."""

    model_config = _STRICT

    agreements: list[AgreementCreate] = Field(description="The agreements in this file.")


MAX_FILE_BYTES = 1_000_000  # an agreement file is a few kilobytes


class AgreementFileError(YamlFileError):
    """An agreement file could not be read, parsed or validated."""


def load_agreement_file(path: Path) -> AgreementFile:
    """Read and validate an agreement YAML file.

    Raises AgreementFileError, with field paths and YAML line numbers in the
    message, if the file cannot be read, is not valid YAML, or breaks the schema.
    """
    try:
        return yamlfile.read(path, AgreementFile, what="agreement file", max_bytes=MAX_FILE_BYTES)
    except YamlFileError as exc:
        raise AgreementFileError(str(exc)) from exc
