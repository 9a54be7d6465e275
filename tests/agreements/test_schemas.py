"""Agreement models and YAML loading: shipped files, validation rules, error messages."""

from __future__ import annotations

import json
import textwrap
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from pydantic import ValidationError

import readmit.agreements
from readmit.agreements.schemas import (
    AgreementCreate,
    AgreementFile,
    AgreementFileError,
    AgreementPublic,
    AgreementTerms,
    load_agreement_file,
)

DATA = Path(readmit.agreements.__file__).parent / "data"


def minimal_terms() -> dict[str, Any]:
    return {
        "reply": {"days": 10, "unit": "working"},
        "travel_document": {"days": 3, "unit": "working"},
        "transfer": {"days": 30, "unit": "calendar"},
        "arrival_notice_hours": 24,
        "silence_is_acceptance": False,
        "proof_documents": ["passport", "national_id"],
        "prima_facie_documents": ["birth_certificate", "statement"],
        "biometrics_sharing": False,
    }


def minimal_agreement() -> dict[str, Any]:
    return {
        "requesting_state": "USA",
        "requested_state": "GTM",
        "title": "Test",
        "in_force_from": date(2026, 1, 1),
        "terms": minimal_terms(),
    }


@pytest.mark.parametrize(
    ("name", "requested", "reply_days", "silence", "biometrics", "holiday_states"),
    [
        pytest.param("usa-chn", "CHN", 30, False, False, ["USA", "CHN"], id="usa-chn"),
        pytest.param("usa-gtm", "GTM", 10, True, True, ["USA", "GTM"], id="usa-gtm-defaulted"),
    ],
)
def test_shipped_files_load(
    name: str,
    requested: str,
    reply_days: int,
    silence: bool,
    biometrics: bool,
    holiday_states: list[str],
) -> None:
    file = load_agreement_file(DATA / f"{name}.yaml")
    [agreement] = file.agreements
    assert agreement.requesting_state == "USA"
    assert agreement.requested_state == requested
    assert agreement.terms.reply.days == reply_days
    assert agreement.terms.reply.unit == "working"
    assert agreement.terms.silence_is_acceptance is silence
    assert agreement.terms.biometrics_sharing is biometrics
    assert agreement.terms.holiday_states == holiday_states
    assert agreement.terms.travel_document_validity_days == 30
    assert "expired_passport" in agreement.terms.proof_documents


@pytest.mark.parametrize(
    ("documents", "tier"),
    [
        pytest.param(["passport"], "proof", id="passport"),
        pytest.param(["expired_passport", "statement"], "proof", id="expired-passport-wins"),
        pytest.param(["fingerprints"], "prima_facie", id="fingerprints"),
        pytest.param(["birth_certificate", "photocopy"], "prima_facie", id="birth-cert"),
        pytest.param([], "interview", id="nothing"),
        pytest.param(["asylum_card"], "interview", id="unknown-type"),
    ],
)
def test_evidence_tier(documents: list[str], tier: str) -> None:
    terms = load_agreement_file(DATA / "usa-chn.yaml").agreements[0].terms
    assert terms.evidence_tier(documents) == tier
    assert terms.evidence_tier(iter(documents)) == tier  # any iterable, consumed once


def _set(data: dict[str, Any], dotted: str, value: Any) -> None:
    *parents, last = dotted.split(".")
    for part in parents:
        data = data[part]
    data[last] = value


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        pytest.param("requesting_state", "usa", "alpha-3", id="lower-case-state"),
        pytest.param("requested_state", "GT", "alpha-3", id="alpha-2-state"),
        pytest.param("requested_state", "US1", "alpha-3", id="digit-in-state"),
        pytest.param("requested_state", "USA", "must differ", id="same-states"),
        pytest.param("title", "", "at least 1 character", id="empty-title"),
        pytest.param("in_force_from", "2026-02-30", "valid date", id="impossible-date"),
        pytest.param("terms.reply.days", -1, "greater than or equal to 0", id="negative-days"),
        pytest.param("terms.reply.days", "30", "valid integer", id="strict-int-string"),
        pytest.param("terms.reply.days", True, "valid integer", id="strict-bool-as-int"),
        pytest.param("terms.reply.unit", "business", "'calendar' or 'working'", id="bad-unit"),
        pytest.param("terms.reply.weeks", 2, "Extra inputs", id="extra-key"),
        pytest.param("terms.silence_is_acceptance", "yes", "valid boolean", id="strict-bool"),
        pytest.param(
            "terms.prima_facie_documents",
            ["passport"],
            "both proof and prima facie: passport",
            id="tier-overlap",
        ),
        pytest.param("terms.proof_documents", ["Passport"], "snake_case", id="doc-type-case"),
        pytest.param("terms.holiday_states", ["XYZ"], "XYZ", id="unknown-holiday-state"),
    ],
)
def test_invalid_agreement(path: str, value: Any, message: str) -> None:
    data = minimal_agreement()
    _set(data, path, value)
    with pytest.raises(ValidationError, match=message):
        AgreementCreate.model_validate(data)


def test_unknown_holiday_state_allowed_when_all_calendar_days() -> None:
    # Holidays only matter for working days, so an unsupported state is fine then.
    data = minimal_agreement()
    data["requested_state"] = "XYZ"
    for key in ("reply", "travel_document"):
        data["terms"][key]["unit"] = "calendar"
    assert AgreementCreate.model_validate(data).terms.holiday_states == ["USA", "XYZ"]


def test_explicit_holiday_states_are_kept() -> None:
    data = minimal_agreement()
    data["terms"]["holiday_states"] = ["USA"]
    assert AgreementCreate.model_validate(data).terms.holiday_states == ["USA"]


def test_terms_alone_keep_empty_holiday_states() -> None:
    assert AgreementTerms.model_validate(minimal_terms()).holiday_states == []


def test_public_model_has_id() -> None:
    data = minimal_agreement() | {"id": 7}
    public = AgreementPublic.model_validate(data)
    assert public.id == 7
    with pytest.raises(ValidationError, match="id"):
        AgreementPublic.model_validate(minimal_agreement())


def test_agreement_file_roundtrip_through_yaml(tmp_path: Path) -> None:
    path = tmp_path / "ok.yaml"
    path.write_text(yaml.safe_dump({"agreements": [minimal_agreement()]}), encoding="utf-8")
    assert isinstance(load_agreement_file(path), AgreementFile)


GOOD = textwrap.dedent(
    """\
    agreements:
      - requesting_state: USA
        requested_state: GTM
        title: Test
        in_force_from: 2026-01-01
        terms:
          reply: {days: 10, unit: working}
          travel_document: {days: 3, unit: working}
          transfer: {days: 30, unit: calendar}
          arrival_notice_hours: 24
          silence_is_acceptance: false
          proof_documents: [passport]
          prima_facie_documents: [birth_certificate]
          biometrics_sharing: false
    """
)


def line_of(text: str, needle: str) -> int:
    """1-based number of the first line containing needle."""
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


@pytest.mark.parametrize(
    ("old", "new", "expected", "line_needle"),
    [
        pytest.param(
            "reply: {days: 10, unit: working}",
            "reply: {days: 10, unit: workdays}",
            "agreements.0.terms.reply.unit: Input should be 'calendar' or 'working'",
            "reply:",
            id="bad-unit",
        ),
        pytest.param(
            "arrival_notice_hours: 24",
            "arrival_notice_hours: 24\n      notice_email: x@example.org",
            "agreements.0.terms.notice_email: Extra inputs are not permitted",
            "notice_email",
            id="extra-key",
        ),
        pytest.param(
            "    requested_state: GTM\n",
            "    requested_state: gtm\n",
            "agreements.0.requested_state: Value error, must be an ISO 3166-1 alpha-3",
            "requested_state",
            id="bad-state",
        ),
        pytest.param(
            "      biometrics_sharing: false\n",
            "",
            "agreements.0.terms.biometrics_sharing: Field required",
            "terms:",  # a missing key is reported at its enclosing mapping
            id="missing-field",
        ),
        pytest.param(
            "proof_documents: [passport]",
            "proof_documents: [passport, birth_certificate]",
            "agreements.0.terms: Value error, document types listed as both proof and prima "
            "facie: birth_certificate",
            "terms:",
            id="tier-overlap",
        ),
    ],
)
def test_bad_file_names_field_path_and_line(
    tmp_path: Path, old: str, new: str, expected: str, line_needle: str
) -> None:
    assert old in GOOD
    text = GOOD.replace(old, new)
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(AgreementFileError) as info:
        load_agreement_file(path)
    message = str(info.value)
    assert str(path) in message
    assert expected in message
    assert f"(line {line_of(text, line_needle)})" in message


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "agreements:\n  - title: [unclosed\n    requesting_state: USA\n",
            "invalid YAML at line 3",
            id="unclosed-flow-sequence",
        ),
        pytest.param("agreements:\n\t- title: x\n", "invalid YAML at line 2", id="tab-indent"),
        pytest.param("", "empty", id="empty-file"),
        pytest.param("- 1\n- 2\n", "(top level): Input should be a valid dictionary", id="list"),
        pytest.param("agreements: {}\n", "agreements: Input should be a valid list", id="map"),
    ],
)
def test_unparsable_files(tmp_path: Path, text: str, expected: str) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(AgreementFileError, match=None) as info:
        load_agreement_file(path)
    assert expected in str(info.value)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(AgreementFileError, match="cannot read"):
        load_agreement_file(tmp_path / "nope.yaml")


def test_error_is_a_value_error() -> None:
    assert issubclass(AgreementFileError, ValueError)


def test_terms_survive_json_roundtrip() -> None:
    # Terms are stored as JSON; strict mode must still accept what model_dump wrote,
    # and the agreement-filled holiday_states must be persisted explicitly.
    terms = load_agreement_file(DATA / "usa-gtm.yaml").agreements[0].terms
    again = AgreementTerms.model_validate(terms.model_dump(mode="json"))
    assert again == terms
    assert again.holiday_states == ["USA", "GTM"]


def test_agreement_accepts_iso_date_from_json() -> None:
    # Strict mode still parses ISO dates in JSON input (API bodies), not in Python dicts.
    body = json.dumps(minimal_agreement(), default=str)
    assert AgreementCreate.model_validate_json(body).in_force_from == date(2026, 1, 1)


def test_agreement_accepts_iso_date_from_parsed_json() -> None:
    # FastAPI validates request bodies as Python objects after json.loads.
    body = json.loads(json.dumps(minimal_agreement(), default=str))
    assert AgreementCreate.model_validate(body).in_force_from == date(2026, 1, 1)
