"""Checks on entry that go beyond the shape: MRZ, national IDs, cross-checks."""

from readmit.applications.idchecks import id_check
from readmit.applications.schemas import PersonIn
from readmit.documents.mrz import MRZError, cross_check, parse_td3
from readmit.documents.national_ids import MalformedId
from readmit.errors import FieldProblem
from readmit.i18n import _

PASSPORT_TYPES = frozenset({"passport", "expired_passport"})


def check_person(person: PersonIn, *, prefix: tuple[str, ...] = ("person",)) -> list[FieldProblem]:
    """Every problem found in the person's documents, located by field path."""
    problems: list[FieldProblem] = []
    document_name = next((n for n in person.names if n.source == "document"), person.names[0])
    for index, doc in enumerate(person.documents):
        at: tuple[str | int, ...] = (*prefix, "documents", index)
        try:
            checked = id_check(doc, person)
        except MalformedId as exc:
            problems.append(FieldProblem((*at, "number"), str(exc)))
            continue
        # A number failing its checks is recorded as printed; what it seems to encode is
        # not trusted enough to contradict the particulars.
        info = checked.info if checked else None
        if info is not None:
            if person.sex in ("M", "F") and info.sex and info.sex != person.sex:
                problems.append(
                    FieldProblem(
                        (*at, "number"),
                        _(
                            "the ID number encodes sex {encoded}, not {given}",
                            encoded=info.sex,
                            given=person.sex,
                        ),
                    )
                )
            if (
                person.birth_date
                and info.birth_date
                and not info.birth_date.isoformat().startswith(person.birth_date)
            ):
                problems.append(
                    FieldProblem(
                        (*at, "number"),
                        _(
                            "the ID number encodes birth date {encoded}, not {given}",
                            encoded=info.birth_date.isoformat(),
                            given=person.birth_date,
                        ),
                    )
                )
        if doc.mrz is not None:
            if doc.type not in PASSPORT_TYPES:
                problems.append(FieldProblem((*at, "mrz"), _("an MRZ is only read for passports")))
                continue
            try:
                td3 = parse_td3(doc.mrz)
            except MRZError as exc:
                problems.append(FieldProblem((*at, "mrz"), f"{exc} ({exc.field})"))
                continue
            for field, message in cross_check(
                td3,
                family=document_name.family,
                given=document_name.given,
                document_number=doc.number,
                birth_date=person.birth_date,
                sex=person.sex,
                nationality=doc.issuing_state,
            ):
                problems.append(
                    FieldProblem(
                        (*at, "mrz"),
                        _("MRZ disagrees on {field}: {problem}", field=field, problem=message),
                    )
                )
    return problems
