"""Protection flags, trafficking screenings and statelessness decisions: while a flag is open,
or a screening is undecided, the person may not be returned."""

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import JSON, Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from readmit.database.core import Base, utcnow
from readmit.database.dialect import UTCDateTime


class ProtectionKind(StrEnum):
    """Grounds that block a return (Return Directive arts. 5, 9, 10, 14; INA 241(b)(3); CAT;
    the Trafficking Protocol's presumed victims; statelessness)."""

    asylum_pending = "asylum_pending"
    withholding_cat = "withholding_cat"
    suspensive_appeal = "suspensive_appeal"
    unaccompanied_minor = "unaccompanied_minor"
    trafficking_victim = "trafficking_victim"
    stateless = "stateless"
    medical = "medical"
    family_unity = "family_unity"


class TraffickingIndicator(StrEnum):
    """Recognised signs that a person may have been trafficked, asked at intake: the ILO
    indicators of forced labour (2012) and the UNODC human trafficking indicators; for a child
    no means need be shown (Trafficking Protocol art. 3(c))."""

    debt_bondage = "debt_bondage"
    documents_withheld = "documents_withheld"
    restricted_movement = "restricted_movement"
    deceived_about_work = "deceived_about_work"
    threats_or_violence = "threats_or_violence"
    forced_work_or_sexual_exploitation = "forced_work_or_sexual_exploitation"
    wages_withheld = "wages_withheld"
    child_exploited = "child_exploited"


INDICATOR_LABELS = {
    TraffickingIndicator.debt_bondage: "Owes a debt to a recruiter, smuggler or employer, or "
    "paid recruitment fees, that must be worked off",
    TraffickingIndicator.documents_withheld: "Identity or travel documents held by an "
    "employer, recruiter or another person",
    TraffickingIndicator.restricted_movement: "Not free to leave the place of work or living, "
    "or always accompanied",
    TraffickingIndicator.deceived_about_work: "Deceived about the nature, conditions or pay of "
    "the work",
    TraffickingIndicator.threats_or_violence: "Threatened or subjected to violence, against "
    "themselves or their family",
    TraffickingIndicator.forced_work_or_sexual_exploitation: "Made to work, beg, commit crimes "
    "or provide sexual services against their will",
    TraffickingIndicator.wages_withheld: "Wages withheld, or far below what was promised",
    TraffickingIndicator.child_exploited: "Under 18 and put to work or in the sex trade",
}


class ScreeningOutcome(StrEnum):
    """A protection officer's decision on a trafficking screening."""

    presumed_victim = "presumed_victim"
    not_confirmed = "not_confirmed"


SCREENING_OUTCOME_LABELS = {
    ScreeningOutcome.presumed_victim: "Presumed victim of trafficking",
    ScreeningOutcome.not_confirmed: "No indicators confirmed",
}


class StatelessnessOutcome(StrEnum):
    """What a protection officer records after the requested state answered "not a national"."""

    referred = "referred"
    claimed = "claimed"


STATELESSNESS_OUTCOME_LABELS = {
    StatelessnessOutcome.referred: "Referred to statelessness determination",
    StatelessnessOutcome.claimed: "Claimed as a national by another state",
}


class DueKind(StrEnum):
    """Why a case is on the protection officers' list of decisions due."""

    trafficking_screening = "trafficking_screening"
    reflection_period_ended = "reflection_period_ended"
    not_a_national = "not_a_national"
    claimed = "claimed"


DUE_LABELS = {
    DueKind.trafficking_screening: "Trafficking indicators screened at intake: decide",
    DueKind.reflection_period_ended: "Reflection period ended: decide on the trafficking flag",
    DueKind.not_a_national: "Rejected as not a national: refer to statelessness determination "
    "or record the state that claims the person",
    DueKind.claimed: "Claimed by another state: no new application started yet",
}


class ProtectionFlag(Base):
    """A claim or hold recorded by a protection officer; clearing needs a reason."""

    __tablename__ = "protection_flags"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(
        ForeignKey("applications.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(40))
    note: Mapped[str] = mapped_column(Text, default="")
    opened_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # A presumed victim's recovery and reflection period; the flag does not lift at its end.
    reflection_ends_on: Mapped[date | None] = mapped_column(Date)
    cleared_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    cleared_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    clear_reason: Mapped[str | None] = mapped_column(Text)

    @property
    def is_open(self) -> bool:
        """True until cleared."""
        return self.cleared_at is None


class TraffickingScreening(Base):
    """Indicators of trafficking ticked at intake; the case is not sent until a protection
    officer decides."""

    __tablename__ = "trafficking_screenings"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(
        ForeignKey("applications.id", ondelete="CASCADE"), index=True
    )
    indicators: Mapped[list[str]] = mapped_column(JSON)
    note: Mapped[str] = mapped_column(Text, default="")
    opened_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    outcome: Mapped[str | None] = mapped_column(String(20))
    reason: Mapped[str | None] = mapped_column(Text)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    flag_id: Mapped[int | None] = mapped_column(ForeignKey("protection_flags.id"))

    @property
    def is_open(self) -> bool:
        """True until a protection officer decides."""
        return self.decided_at is None


class StatelessnessDecision(Base):
    """After a "not a national" rejection: a referral to statelessness determination (with
    its hold) or the state that claims the person (and the new application to it)."""

    __tablename__ = "statelessness_decisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(
        ForeignKey("applications.id", ondelete="CASCADE"), index=True
    )
    outcome: Mapped[str] = mapped_column(String(16))
    referred_on: Mapped[date | None] = mapped_column(Date)
    claiming_state: Mapped[str | None] = mapped_column(ForeignKey("states.code"))
    note: Mapped[str] = mapped_column(Text, default="")
    flag_id: Mapped[int | None] = mapped_column(ForeignKey("protection_flags.id"))
    follow_up_id: Mapped[int | None] = mapped_column(
        ForeignKey("applications.id", ondelete="SET NULL"), index=True
    )
    decided_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
