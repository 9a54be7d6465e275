"""A programme's eligibility rules evaluated against one case, each with the reason in a
sentence an officer can read back to the person.

Every rule is met, not met, or unknown:
- unknown when the fact was not answered, a document was not yet provided, or a partial
  birth date ("1990", "1990-04") leaves the age on both sides of the rule's bound;
- not met only on an answer that fails the test, so nobody is refused for a blank;
- the person's own facts (nationality, age on the day, country of intake) come from the
  case; the others from the programme's questions, typed by their declared type."""

import calendar
import re
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any, Literal

from readmit.countries import iso
from readmit.i18n import N_, _
from readmit.pathways.definitions import (
    DOCUMENT_PREFIX,
    Fact,
    ProgrammeFile,
    Rule,
)
from readmit.pathways.models import PathwayCase

Outcome = Literal["met", "not_met", "unknown"]
PERSON_LABELS = {
    "nationality": N_("Nationality"),
    "age": N_("Age"),
    "intake_state": N_("Country of intake"),
}
_BIRTH = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
MAX_NUMBER = 10**9


@dataclass(frozen=True)
class RuleOutcome:
    """One rule's result and why."""

    rule: str
    text: str
    outcome: Outcome
    because: str

    def as_dict(self) -> dict[str, str]:
        """As stored in the case's `eligibility`."""
        return asdict(self)


def typed(fact: Fact, value: Any) -> Any:
    """The answer as stored for a fact of this type (a date as ISO text); ValueError saying
    what the fact takes. None clears the answer."""
    if value is None:
        return None
    match fact.type:
        case "boolean" if isinstance(value, bool):
            return value
        case "choice" if isinstance(value, str) and value in fact.choices:
            return value
        case "country" if isinstance(value, str) and iso.name(value) and value == value.upper():
            return value
        case "date" if isinstance(value, str):
            try:
                return date.fromisoformat(value).isoformat() if len(value) == 10 else _bad(fact)
            except ValueError:
                return _bad(fact)
        case "number" if isinstance(value, int | float) and not isinstance(value, bool):
            return value if abs(value) <= MAX_NUMBER else _bad(fact)
    return _bad(fact)


def _bad(fact: Fact) -> Any:
    expected = {
        "boolean": _("true or false"),
        "choice": _("one of {choices}", choices=", ".join(fact.choices)),
        "country": _("an ISO 3166-1 alpha-3 code such as VEN"),
        "date": _("a date as YYYY-MM-DD"),
        "number": _("a number"),
    }[fact.type]
    raise ValueError(_("{fact} takes {expected}", fact=fact.id, expected=expected))


def age_range(birth_date: str, today: date) -> tuple[int, int] | None:
    """The youngest and oldest the person can be today, from a full or partial birth
    date; None when none is recorded or it cannot be read."""
    match = _BIRTH.fullmatch(birth_date or "")
    if match is None:
        return None
    year, month, day = (int(part) if part else None for part in match.groups())
    assert year is not None
    try:
        first = date(year, month or 1, day or 1)
        last_month = month or 12
        last = date(year, last_month, day or calendar.monthrange(year, last_month)[1])
    except ValueError:
        return None
    if first > today:
        return None

    def age_of(born: date) -> int:
        return today.year - born.year - ((today.month, today.day) < (born.month, born.day))

    return max(age_of(last), 0), age_of(first)


def _shown(fact: Fact | None, value: Any) -> str:
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if fact is not None and fact.type == "choice":
        return fact.choice_labels.get(str(value), str(value).replace("_", " "))
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _requirement(rule: Rule, fact: Fact | None) -> str:
    if rule.one_of is not None:
        return _("one of {values}", values=", ".join(_shown(fact, v) for v in rule.one_of))
    if rule.none_of is not None:
        return _("none of {values}", values=", ".join(_shown(fact, v) for v in rule.none_of))
    if rule.at_least is not None:
        return _("at least {value}", value=_shown(fact, rule.at_least))
    if rule.at_most is not None:
        return _("at most {value}", value=_shown(fact, rule.at_most))
    return _("must be {value}", value=_shown(fact, rule.equals))


def _passes(rule: Rule, value: Any) -> bool:
    """The test on a known value (dates compared as dates)."""
    if rule.one_of is not None:
        return value in rule.one_of
    if rule.none_of is not None:
        return value not in rule.none_of
    if rule.at_least is not None:
        return bool(value >= rule.at_least)
    if rule.at_most is not None:
        return bool(value <= rule.at_most)
    return bool(value == rule.equals)


def _range_outcome(rule: Rule, youngest: int, oldest: int) -> Outcome:
    """An age known only to lie between youngest and oldest: met or not met only when the
    whole range agrees."""
    if rule.equals is not None:
        within = isinstance(rule.equals, int) and youngest <= rule.equals <= oldest
        return "unknown" if within else "not_met"
    results = {_passes(rule, youngest), _passes(rule, oldest)}
    if len(results) == 2:
        return "unknown"
    return "met" if results == {True} else "not_met"


def _outcome(rule: Rule, label: str, fact: Fact | None, value: Any) -> RuleOutcome:
    """Met or not met on a known value, said in one sentence."""
    passed = _passes(rule, value)
    because = _(
        "{label}: {value} — {requirement}.",
        label=label,
        value=_shown(fact, value),
        requirement=_requirement(rule, fact),
    )
    return RuleOutcome(rule.id, rule.text, "met" if passed else "not_met", because)


def _age(rule: Rule, case: PathwayCase, today: date) -> RuleOutcome:
    label = _(PERSON_LABELS["age"])
    known = age_range(case.birth_date, today)
    if known is None:
        because = _("{label}: no birth date recorded.", label=label)
        return RuleOutcome(rule.id, rule.text, "unknown", because)
    youngest, oldest = known
    if youngest == oldest:
        return _outcome(rule, label, None, youngest)
    outcome = _range_outcome(rule, youngest, oldest)
    because = _(
        "{label}: {youngest} or {oldest} (born {born}) — {requirement}.",
        label=label,
        youngest=youngest,
        oldest=oldest,
        born=case.birth_date,
        requirement=_requirement(rule, None),
    )
    if outcome == "unknown":
        because = _("{sentence} The full birth date decides.", sentence=because)
    return RuleOutcome(rule.id, rule.text, outcome, because)


def _document(rule: Rule, programme: ProgrammeFile, documents: set[str]) -> RuleOutcome:
    kind = rule.fact.removeprefix(DOCUMENT_PREFIX)
    label = next((d.label for d in programme.documents if d.kind == kind), kind)
    provided = kind in documents
    if not provided and rule.equals is True:
        because = _("{label}: document not yet provided.", label=label)
        return RuleOutcome(rule.id, rule.text, "unknown", because)
    passed = _passes(rule, provided)
    because = (
        _("{label}: provided.", label=label)
        if provided
        else _("{label}: not provided.", label=label)
    )
    return RuleOutcome(rule.id, rule.text, "met" if passed else "not_met", because)


def evaluate_rule(
    rule: Rule, *, programme: ProgrammeFile, case: PathwayCase, documents: set[str], today: date
) -> RuleOutcome:
    """One rule against the case."""
    if rule.fact.startswith(DOCUMENT_PREFIX):
        return _document(rule, programme, documents)
    if rule.fact == "age":
        return _age(rule, case, today)
    if rule.fact in PERSON_LABELS:
        value = getattr(case, rule.fact) or None
        return _known_or_not(rule, _(PERSON_LABELS[rule.fact]), None, value)
    fact = programme.fact(rule.fact)
    assert fact is not None  # the file's consistency check
    try:
        value = typed(fact, (case.facts or {}).get(fact.id))
    except ValueError:
        value = None  # an answer of the wrong type (never stored by the service) is no answer
    if value is not None and fact.type == "date":
        value = date.fromisoformat(value)
    return _known_or_not(rule, fact.label, fact, value)


def _known_or_not(rule: Rule, label: str, fact: Fact | None, value: Any) -> RuleOutcome:
    if value is None:
        because = _("{label}: not answered.", label=label)
        return RuleOutcome(rule.id, rule.text, "unknown", because)
    return _outcome(rule, label, fact, value)


def evaluate(
    *, programme: ProgrammeFile, case: PathwayCase, documents: set[str], today: date
) -> list[RuleOutcome]:
    """Every rule of the programme against the case, in the file's order; `documents`: the
    kinds of document provided. A file with no rule on nationality still has its list of
    eligible nationalities applied, as the first rule."""
    checks = list(programme.rules)
    if not any(rule.fact == "nationality" for rule in checks):
        listed = Rule(
            id="eligible_nationality",
            text=_("A national of a country the programme lists"),
            fact="nationality",
            one_of=list(programme.eligible_nationalities),
        )
        checks.insert(0, listed)
    return [
        evaluate_rule(rule, programme=programme, case=case, documents=documents, today=today)
        for rule in checks
    ]


def verdict(outcomes: list[RuleOutcome]) -> bool | None:
    """False if any rule is not met, None if any is unknown, True if all are met."""
    found = {outcome.outcome for outcome in outcomes}
    if "not_met" in found:
        return False
    return None if "unknown" in found else True
