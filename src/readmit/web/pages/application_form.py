"""The application form (new, and edit): its rows, what it posts, and where each problem
belongs."""

from dataclasses import dataclass, field
from typing import Any, get_args

from annotated_types import MaxLen

from readmit.applications.enums import NameSource, Procedure
from readmit.applications.models import Application
from readmit.applications.schemas import DocumentType, PersonIn
from readmit.i18n import _
from readmit.protection.models import INDICATOR_LABELS, TraffickingIndicator
from readmit.web.pages.common import Loc, Posted

NAME_ROWS = 3  # shown on an empty form
DOCUMENT_ROWS = 3


def _most(field: str) -> int:
    return next(
        m.max_length for m in PersonIn.model_fields[field].metadata if isinstance(m, MaxLen)
    )


# As many rows as a person may have (PersonIn): an edit never drops a name or document.
MAX_NAMES = _most("names")
MAX_DOCUMENTS = _most("documents")
DOCUMENT_TYPES: tuple[str, ...] = get_args(DocumentType)
DEFAULT_SOURCES = (NameSource.document, NameSource.declared, NameSource.alias)
PERSON_FIELDS = ("sex", "birth_date", "birth_place", "nationality_claimed")
NAME_FIELDS = ("family", "given", "source")
DOCUMENT_FIELDS = ("type", "number", "issuing_state", "mrz1", "mrz2")
# The intake's trafficking screening: one checkbox per indicator; the form keeps the ticked
# codes space-separated in this field's value.
INDICATORS = "trafficking_indicators"
INDICATOR_CHOICES = [(i.value, INDICATOR_LABELS[i]) for i in TraffickingIndicator]


def labels() -> dict[str, str]:
    """Each field's label in the request's language, for the problems shown on the form."""
    words = {
        "requested_state": _("Requested state"),
        "procedure": _("Procedure"),
        "sex": _("Sex"),
        "birth_date": _("Date of birth"),
        "birth_place": _("Place of birth"),
        "nationality_claimed": _("Claimed nationality"),
        "mother": _("Mother's name"),
        "father": _("Father's name"),
        "past_addresses": _("Past addresses"),
        INDICATORS: _("Signs of trafficking"),
    }
    for i in range(MAX_NAMES):
        words |= {
            f"names-{i}-family": _("Name {n}, family name", n=i + 1),
            f"names-{i}-given": _("Name {n}, given names", n=i + 1),
            f"names-{i}-source": _("Name {n}, source", n=i + 1),
        }
    for i in range(MAX_DOCUMENTS):
        words |= {
            f"documents-{i}-type": _("Document {n}, type", n=i + 1),
            f"documents-{i}-number": _("Document {n}, number", n=i + 1),
            f"documents-{i}-issuing_state": _("Document {n}, issuing state", n=i + 1),
            f"documents-{i}-mrz1": _("Document {n}, MRZ line 1", n=i + 1),
            f"documents-{i}-mrz2": _("Document {n}, MRZ line 2", n=i + 1),
        }
    return words


# The form's fields, labelled in English: made when the module is imported, before any
# request's language is known. Pages show labels().
LABELS = labels()


def blank_values() -> dict[str, str]:
    """What an empty form shows."""
    values = dict.fromkeys(LABELS, "")
    values["procedure"] = Procedure.normal.value
    for i in range(MAX_NAMES):
        values[f"names-{i}-source"] = DEFAULT_SOURCES[min(i, len(DEFAULT_SOURCES) - 1)].value
    return values


def values_of(application: Application, person: PersonIn) -> dict[str, str]:
    """What the edit form shows: the application's particulars, row by row."""
    values = blank_values()
    values |= {
        "requested_state": application.requested_state,
        "procedure": application.procedure,
        "sex": person.sex or "",
        "birth_date": person.birth_date or "",
        "birth_place": person.birth_place or "",
        "nationality_claimed": person.nationality_claimed or "",
        "mother": (person.parents.mother if person.parents else None) or "",
        "father": (person.parents.father if person.parents else None) or "",
        "past_addresses": "\n".join(person.past_addresses),
    }
    for i, name in enumerate(person.names):
        values |= {
            f"names-{i}-family": name.family,
            f"names-{i}-given": name.given,
            f"names-{i}-source": str(name.source),
        }
    for i, document in enumerate(person.documents):
        mrz = document.mrz or ["", ""]
        values |= {
            f"documents-{i}-type": document.type,
            f"documents-{i}-number": document.number or "",
            f"documents-{i}-issuing_state": document.issuing_state or "",
            f"documents-{i}-mrz1": mrz[0],
            f"documents-{i}-mrz2": mrz[1],
        }
    return values


def rows(values: dict[str, str], group: str) -> range:
    """The rows of a group to show: every filled one and a blank one after them."""
    fields, shown, most = (
        (NAME_FIELDS[:2], NAME_ROWS, MAX_NAMES)  # the source always has a value
        if group == "names"
        else (DOCUMENT_FIELDS, DOCUMENT_ROWS, MAX_DOCUMENTS)
    )
    filled = [i for i in range(most) if any(values.get(f"{group}-{i}-{f}") for f in fields)]
    return range(min(most, max(shown, filled[-1] + 2 if filled else 0)))


@dataclass
class ApplicationForm:
    """The posted form as typed, and the payload built from its non-blank rows."""

    values: dict[str, str]
    payload: dict[str, Any]
    name_rows: list[int] = field(default_factory=list)  # payload index -> form row
    document_rows: list[int] = field(default_factory=list)

    def field_for(self, loc: Loc) -> str:
        """The id of the input a validation problem belongs to ('' if none fits)."""
        parts = list(loc)
        if parts[:1] in (["requested_state"], ["procedure"], [INDICATORS]):
            return str(parts[0])
        if parts[:1] != ["person"]:
            return ""
        rest = parts[1:]
        if not rest:
            return ""
        head = rest[0]
        if head in PERSON_FIELDS:
            return str(head)
        if head == "parents":
            return str(rest[1]) if len(rest) > 1 and rest[1] in ("mother", "father") else "mother"
        if head == "past_addresses":
            return "past_addresses"
        if head == "names":
            return self._row_field("names", self.name_rows, rest[1:], NAME_FIELDS, "family")
        if head == "documents":
            if len(rest) > 2 and rest[2] == "mrz":
                line = rest[3] if len(rest) > 3 and rest[3] in (0, 1) else 0
                rest = [*rest[:2], f"mrz{int(line) + 1}"]
            return self._row_field(
                "documents", self.document_rows, rest[1:], DOCUMENT_FIELDS, "type"
            )
        return ""

    @staticmethod
    def _row_field(
        group: str, rows: list[int], rest: list[str | int], fields: tuple[str, ...], default: str
    ) -> str:
        index = rest[0] if rest and isinstance(rest[0], int) else 0
        row = rows[index] if index < len(rows) else (rows[0] if rows else 0)
        name = rest[1] if len(rest) > 1 and rest[1] in fields else default
        return f"{group}-{row}-{name}"


def parse(form: Posted) -> ApplicationForm:
    """Read the posted form; blank name and document rows are left out of the payload."""
    values = {key: form.get(key) for key in LABELS}
    parsed = ApplicationForm(values=values, payload={})
    names = []
    for i in range(MAX_NAMES):
        family, given = form.get(f"names-{i}-family").strip(), form.get(f"names-{i}-given").strip()
        if family or given:
            parsed.name_rows.append(i)
            names.append(
                {
                    "family": family,
                    "given": given,
                    "source": form.get(f"names-{i}-source") or NameSource.declared.value,
                }
            )
    documents = []
    for i in range(MAX_DOCUMENTS):
        row = {name: form.get(f"documents-{i}-{name}").strip() for name in DOCUMENT_FIELDS}
        if not any(row.values()):
            continue
        parsed.document_rows.append(i)
        document: dict[str, Any] = {
            "type": row["type"],
            "number": row["number"] or None,
            "issuing_state": row["issuing_state"].upper() or None,
        }
        if row["mrz1"] or row["mrz2"]:
            document["mrz"] = [row["mrz1"].upper(), row["mrz2"].upper()]
        documents.append(document)
    mother, father = form.text("mother"), form.text("father")
    person: dict[str, Any] = {
        "names": names,
        "sex": form.text("sex"),
        "birth_date": form.text("birth_date"),
        "birth_place": form.text("birth_place"),
        "nationality_claimed": (form.text("nationality_claimed") or "").upper() or None,
        "documents": documents,
        "parents": {"mother": mother, "father": father} if mother or father else None,
        "past_addresses": [
            line.strip() for line in form.get("past_addresses").splitlines() if line.strip()
        ],
    }
    parsed.payload = {
        "requested_state": form.get("requested_state"),
        "procedure": form.get("procedure") or Procedure.normal.value,
        "person": person,
    }
    ticked = list(dict.fromkeys(form.getlist(INDICATORS)))
    values[INDICATORS] = " ".join(ticked)
    if ticked:
        parsed.payload[INDICATORS] = ticked
    return parsed
