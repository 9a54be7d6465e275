"""Face evidence in the identity engine: a strong match lifts a common-name case to confirm,
a clear non-match blocks confirmation, and the match threshold rises with the gallery."""

import base64
from pathlib import Path

import numpy as np
import pytest

from readmit.biometrics import fusion, store
from readmit.biometrics.synth import FaceModel, captures, identities
from readmit.identity.engine import Engine
from readmit.identity.loader import COLUMNS, load_rows
from readmit.identity.schemas import VerifyRequest
from readmit.identity.store import store_path
from readmit.synth.project.generator import generate_register, register_row

MODEL = FaceModel()


@pytest.fixture
def home(tmp_path: Path) -> Path:
    """Forty namesakes 王伟 born in 1990 (one a day), each with an enrolled face, among 3,000
    other people; the parents of the one born on 18 January are on record."""
    others = [
        (i + 42, register_row(p))
        for i, p in enumerate(generate_register(country="CHN", size=3000, seed=4))
    ]
    rows = [
        (i + 2, dict.fromkeys(COLUMNS, "") | {
            "person_id": f"CHN-{i:06d}", "family_name": "王", "given_names": "伟", "sex": "M",
            "birth_date": f"1990-{1 + i // 28:02d}-{1 + i % 28:02d}",
            **({"mother_name": "李秀英", "father_name": "王建国"} if i == 17 else {}),
        })
        for i in range(40)
    ]  # fmt: skip
    load_rows(rows=rows + others, country="CHN", store=store_path(tmp_path, "CHN"))
    rng = np.random.default_rng(5)
    latent = identities(40, rng=rng)
    np.save(tmp_path / "latent.npy", latent)
    keys = store.Keys.for_gallery(tmp_path, "CHN")
    connection = store.connect(store.gallery_path(tmp_path, "CHN", "face"))
    store.put(
        connection, keys, [r["person_id"] for _, r in rows], captures(latent, model=MODEL, rng=rng)
    )
    connection.close()
    return tmp_path


def _request(
    template: np.ndarray | None, birth_date: str = "1990", parents: bool = False
) -> VerifyRequest:
    person: dict = {
        "names": [{"family": "WANG", "given": "WEI"}],
        "sex": "M",
        "birth_date": birth_date,
    }
    if parents:
        person["parents"] = {"mother": "LI XIUYING", "father": "WANG JIANGUO"}
    if template is not None:
        encoded = base64.b64encode(template.astype("<f4").tobytes()).decode()
        person["biometrics"] = [{"modality": "face", "template": encoded}]
    return VerifyRequest.model_validate({"application_id": "A", "person": person})


def test_a_strong_face_match_confirms_a_common_name(home: Path) -> None:
    engine = Engine.for_home(home=home, country="CHN")
    without = engine.verify(_request(None))
    assert without.recommendation == "review"
    latent = np.load(home / "latent.npy")
    probe = captures(latent[17:18], model=MODEL, rng=np.random.default_rng(9))[0]
    result = engine.verify(_request(probe))
    assert result.recommendation == "confirm", result.reason
    assert result.candidates[0].person_id == "CHN-000017"
    assert result.candidates[0].evidence["face"]["level"] == "strong"


def test_a_clear_face_non_match_blocks_confirmation(home: Path) -> None:
    engine = Engine.for_home(home=home, country="CHN")
    assert engine.verify(_request(None, "1990-01-18", parents=True)).recommendation == "confirm"
    stranger = captures(identities(1, rng=np.random.default_rng(11)), model=MODEL,
                        rng=np.random.default_rng(12))[0]  # fmt: skip
    blocked = engine.verify(_request(stranger, "1990-01-18", parents=True))
    assert blocked.recommendation == "review"
    assert blocked.candidates[0].evidence["face"]["level"] == "nonmatch"


def test_the_strong_threshold_rises_with_the_gallery() -> None:
    thresholds = [fusion.strong_threshold(n) for n in (1, 1_000, 1_000_000, 10_000_000)]
    assert thresholds == sorted(thresholds) and 0.34 < thresholds[0] < 0.36
    assert fusion.level(0.5, 1_000) == "strong" and fusion.level(0.5, 10_000_000) == "weak"
    assert fusion.level(0.1, 10) == "nonmatch" and fusion.level(None, 10) == "null"


@pytest.mark.parametrize(
    ("template", "message"),
    [
        ("not base64!", "not base64"),
        (base64.b64encode(b"\x00" * 100).decode(), "has 100 bytes"),
        (base64.b64encode(np.full(512, np.nan, "<f4").tobytes()).decode(), "NaN"),
    ],
)
def test_bad_templates_in_the_verify_contract(template: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        VerifyRequest.model_validate(
            {"application_id": "A", "person": {"names": [{"family": "WANG"}],
             "biometrics": [{"modality": "face", "template": template}]}}
        )  # fmt: skip
