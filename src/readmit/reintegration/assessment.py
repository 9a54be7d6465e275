"""The requesting state's pre-departure assessment: one row per application, one part per
consent field. Its text must not carry anything about a protection claim, which may never
reach the country of origin (EU Regulation 2024/1348 art. 7(2)): such words are refused."""

import re
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from readmit.applications.models import Application
from readmit.audit import service as audit
from readmit.auth.models import User
from readmit.database.core import utcnow
from readmit.database.dialect import lock_for_update
from readmit.errors import FieldProblem, Invalid, NotFound
from readmit.i18n import _
from readmit.reintegration.models import Assessment, ConsentField
from readmit.reintegration.schemas import AssessmentIn, AssessmentPublic

# Words that reveal a protection claim or its grounds, in the project's languages. A
# safeguard against a slip of the pen, not a classifier: the officer rephrases.
PROTECTION_WORDS = re.compile(
    r"\b(asylum|refugee|refoulement|withholding of removal|torture|persecut\w*|traffick\w*"
    r"|stateless\w*|protection claim|solicitud de asilo|solicitante de asilo|refugiad\w*"
    r"|trata de personas|apátrida\w*|tortura|persecución)\b|庇护|难民|贩运|拐卖|无国籍|酷刑",
    re.IGNORECASE,
)


def _protection_problems(payload: AssessmentIn) -> list[FieldProblem]:
    problems: list[FieldProblem] = []
    pending: list[tuple[tuple[str | int, ...], object]] = [(("body",), payload.model_dump())]
    while pending:
        loc, value = pending.pop()
        if isinstance(value, dict):
            pending += [((*loc, key), item) for key, item in value.items()]
        elif isinstance(value, list):
            pending += [((*loc, index), item) for index, item in enumerate(value)]
        elif isinstance(value, str) and PROTECTION_WORDS.search(value):
            message = _("nothing about a protection claim goes in the assessment")
            problems.append(FieldProblem(loc, message))
    return sorted(problems, key=lambda p: tuple(map(str, p.loc)))


def get(*, session: Session, application: Application) -> Assessment:
    """The application's assessment, or NotFound."""
    found = session.get(Assessment, application.id)
    if found is None:
        raise NotFound(_("No assessment has been recorded for this application."))
    return found


def public(assessment: Assessment) -> AssessmentPublic:
    """The whole assessment, as the requesting state sees it."""
    parts = {field.value: getattr(assessment, field.value) or {} for field in ConsentField}
    return AssessmentPublic.model_validate({**parts, "updated_at": assessment.updated_at})


def put(
    *,
    session: Session,
    user: User,
    application: Application,
    payload: AssessmentIn,
    now: datetime | None = None,
) -> Assessment:
    """Record or replace the assessment; audited with the parts filled (not their content)."""
    if problems := _protection_problems(payload):
        raise Invalid(problems)
    statement = select(Assessment).where(Assessment.application_id == application.id)
    found = session.scalar(lock_for_update(statement, session))
    if found is None:
        found = Assessment(application_id=application.id)
        session.add(found)
    for field in ConsentField:
        setattr(found, field.value, getattr(payload, field.value).model_dump(mode="json"))
    found.recorded_by_id = user.id
    found.updated_at = now or utcnow()
    session.flush()
    filled = [f.value for f in ConsentField if any(getattr(payload, f.value).model_dump().values())]
    audit.record(
        session=session,
        actor=user,
        action="reintegration.assessment",
        entity="application",
        entity_id=application.id,
        application_id=application.id,
        detail={"parts": ", ".join(filled) or "-"},
    )
    return found
