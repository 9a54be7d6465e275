"""`--country` (and trust-export's `--state`) on every command that takes one: a code that is
not ISO 3166-1 alpha-3 is refused in one line with exit status 2 and nothing is created; a
real country without a profile of its own is accepted, and where names are read the command
says in one line that the generic Latin-script profile is used."""

import io
import json
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from readmit.countries import country
from readmit.identity.loader import COLUMNS
from tests.biometrics.test_nist import _transaction
from tests.cli_files import open_folder, tree
from tests.identity.cli_runner import run_cli

GENERIC = "has no country profile of its own: names are read with the generic Latin-script profile"


def _npy(rows: int) -> bytes:
    buffer = io.BytesIO()
    np.save(buffer, np.random.default_rng(1).standard_normal((rows, 512)).astype(np.float32))
    return buffer.getvalue()


@pytest.fixture
def work() -> Iterator[Path]:
    """A Latin-script register of two, an application about the first, biometric files."""
    with open_folder() as path:
        (path / "reg.csv").write_text(
            ",".join(COLUMNS) + "\n"
            "P1,,Martin,Claire Anne,,,F,1984-06-02,,,,\n"
            "P2,,Nguyen,Paul,,,M,1979-11-20,,,,\n",
            encoding="utf-8",
        )
        application = {"names": [{"family": "MARTIN", "given": "CLAIRE"}], "sex": "F",
                       "birth_date": "1984-06-02"}  # fmt: skip
        (path / "apps.jsonl").write_text(
            json.dumps({"application_id": "A-1", "person": application}) + "\n"
        )
        (path / "ids.csv").write_bytes(b"person_id\nP1\nP2\n")
        (path / "t.npy").write_bytes(_npy(2))
        (path / "person.eft").write_bytes(_transaction("P1", np.ones(512, np.float32)))
        yield path


FACE = ["--modality", "face"]
# command, arguments with {cc} for the code and {w} for the work folder
COMMANDS: list[tuple[str, list[str]]] = [
    ("registry load", ["registry", "load", "--country", "{cc}", "{w}/reg.csv"]),
    ("verify", ["verify", "--country", "{cc}", "{w}/apps.jsonl", "--out", "{w}/o.jsonl"]),
    ("synth register", ["synth", "register", "--country", "{cc}", "--size", "2",
                        "--out", "{w}/s.csv"]),
    ("synth applications", ["synth", "applications", "--country", "{cc}", "--register",
                            "{w}/reg.csv", "--count", "1", "--out", "{w}/a.jsonl",
                            "--truth", "{w}/t.jsonl"]),
    ("biometrics load", ["biometrics", "load", "--country", "{cc}", *FACE,
                         "--ids", "{w}/ids.csv", "--templates", "{w}/t.npy"]),
    ("biometrics search", ["biometrics", "search", "--country", "{cc}", *FACE,
                           "--probes", "{w}/t.npy", "--out", "{w}/o.jsonl"]),
    ("biometrics delete", ["biometrics", "delete", "--country", "{cc}", *FACE,
                           "--person-id", "P1"]),
    ("biometrics purge", ["biometrics", "purge", "--country", "{cc}", *FACE,
                          "--older-than-days", "30"]),
    ("biometrics import-nist", ["biometrics", "import-nist", "--country", "{cc}",
                                "{w}/person.eft"]),
    ("traveldoc trust-export", ["traveldoc", "trust-export", "{w}/list.json", "--state", "{cc}"]),
]  # fmt: skip


def _run(work: Path, template: list[str], code: str) -> tuple[int, list[str]]:
    ran = run_cli(work / "home", *(a.format(cc=code, w=work) for a in template))
    return ran.code, ran.lines


@pytest.mark.parametrize("code", ["XXX", "ABC", "CHINA", "C1N", "EU"])
@pytest.mark.parametrize("template", [c[1] for c in COMMANDS], ids=[c[0] for c in COMMANDS])
def test_a_code_that_is_no_iso_country_is_refused_and_creates_nothing(
    work: Path, template: list[str], code: str
) -> None:
    before = tree(work)
    status, lines = _run(work, template, code)
    option = "--state" if "--state" in template else "--country"
    assert (status, lines) == (
        2,
        [f"error: {option} '{code}' is not an ISO 3166-1 alpha-3 code (e.g. CHN, GTM)"],
    )
    assert tree(work) == before


@pytest.mark.parametrize(("code", "name"), [("AUS", "Australia"), ("FRA", "France")])
def test_a_country_without_a_profile_loads_and_verifies_with_the_generic_one(
    work: Path, code: str, name: str
) -> None:
    status, lines = _run(work, COMMANDS[0][1], code)
    assert status == 0
    assert lines[0] == f"note: {code} ({name}) {GENERIC}"
    assert lines[-1].startswith("loaded 2 rows (0 replaced), 0 bad rows")
    status, lines = _run(work, COMMANDS[1][1], code.lower())
    assert (status, lines[0]) == (0, f"note: {code} ({name}) {GENERIC}")
    result = json.loads((work / "o.jsonl").read_text())
    assert result["candidates"][0]["person_id"] == "P1"


def test_a_country_with_its_own_profile_is_not_noted(work: Path) -> None:
    (work / "reg.csv").write_text(
        ",".join(COLUMNS) + "\nP1,,López García,Ana,,,F,1990-01-02,0101,,,\n", encoding="utf-8"
    )
    status, lines = _run(work, COMMANDS[0][1], "gtm")
    assert status == 0
    assert lines == ["loaded 1 rows (0 replaced), 0 bad rows skipped and listed above"]


@pytest.mark.parametrize("template", [COMMANDS[2][1], COMMANDS[3][1]], ids=["register", "apps"])
def test_synthetic_data_is_only_for_countries_the_generator_knows(
    work: Path, template: list[str]
) -> None:
    before = tree(work)
    assert _run(work, template, "AUS") == (
        2,
        ["error: no synthetic data for AUS; the generator has CHN, GTM"],
    )
    assert tree(work) == before


def test_galleries_take_any_iso_country_without_a_note(work: Path) -> None:
    assert _run(work, COMMANDS[4][1], "AUS") == (
        0,
        ["loaded 2 templates; the gallery holds 2"],
    )
    status, lines = _run(work, COMMANDS[5][1], "aus")
    assert status == 0 and len(lines) == 1 and lines[0].startswith("searched 2 probes")


@pytest.mark.parametrize("template", [COMMANDS[5][1], COMMANDS[6][1], COMMANDS[7][1]],
                         ids=["search", "delete", "purge"])  # fmt: skip
def test_a_gallery_command_on_a_country_without_one_creates_none(
    work: Path, template: list[str]
) -> None:
    before = tree(work)
    assert _run(work, template, "AUS") == (1, ["error: no face gallery for AUS"])
    assert tree(work) == before


@pytest.mark.parametrize(
    ("alpha3", "alpha2"), [("AUT", "AT"), ("AUS", "AU"), ("CHN", "CN"), ("GTM", "GT")]
)
def test_a_country_without_a_profile_keeps_its_own_alpha2_code(alpha3: str, alpha2: str) -> None:
    assert country(alpha3).alpha2 == alpha2
