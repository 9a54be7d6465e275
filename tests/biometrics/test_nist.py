"""ANSI/NIST-ITL import (files built with nistitl itself): templates from Type-10 and Type-14
field .200, the person from 2.015; bad files are refused in one line, nothing loaded. And the
optional extractor: without the extra, `extract` names it."""

import base64
import importlib.util
import json
import re
from pathlib import Path

import nistitl
import numpy as np
import pytest

from readmit.biometrics import nist
from readmit.biometrics.synth import FaceModel, captures, identities
from tests.biometrics.test_cli import _run


def _transaction(
    person_id: str | None,
    face: np.ndarray | None = None,
    finger: np.ndarray | None = None,
    image: bytes | None = None,
) -> bytes:
    message = nistitl.Message()
    message.TOT = "RDM"
    message[0].DAT = "20261129"
    message[0].TCN = "T-1"
    descriptive = nistitl.AsciiRecord(2)
    descriptive.IDC = 0
    if person_id is not None:
        descriptive += nistitl.Field(2, 15, person_id)
    message += descriptive
    for kind, template in ((10, face), (14, finger)):
        if template is None and (kind == 14 or image is None):
            continue
        record = nistitl.AsciiRecord(kind)
        record.IDC = 0
        if template is not None:
            encoded = base64.b64encode(template.astype("<f4").tobytes()).decode()
            record += nistitl.Field(kind, 200, encoded)
        if image is not None:
            record += nistitl.BinaryField(kind, 999, image)
        message += record
    return message.NIST


def test_templates_are_read_from_type10_and_type14(tmp_path: Path) -> None:
    rng = np.random.default_rng(1)
    face = captures(identities(1, rng=rng), model=FaceModel(), rng=rng)[0]
    finger = np.random.default_rng(3).standard_normal(256).astype(np.float32)
    path = tmp_path / "a.eft"
    path.write_bytes(_transaction("CHN-000001", face, finger, image=b"\xff\xd8 jpeg bytes"))
    subject = nist.read(path)
    assert subject.person_id == "CHN-000001"
    assert set(subject.templates) == {"face", "finger"}
    assert np.allclose(subject.templates["face"], face, atol=1e-6)
    assert np.isclose(np.linalg.norm(subject.templates["finger"]), 1.0)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"not a nist file at all", "not an ANSI/NIST-ITL transaction"),
        (_transaction("CHN-1", np.ones(512, np.float32))[:-40], "not an ANSI/NIST-ITL transaction"),
        (_transaction(None, np.ones(512, np.float32)), "expected one person id in field 2.015"),
        (_transaction("CHN-1", np.ones(128, np.float32)), "10.200 has 128 float32 values"),
        (_transaction("CHN-1", None, image=b"\xff\xd8"), "holds an image but no template"),
        (_transaction("CHN-1", np.full(512, np.nan, np.float32)), "contains NaN"),
        (_transaction("CHN-1"), "no Type-10 (face) or Type-14"),
    ],
)
def test_bad_files_are_refused_with_a_reason(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "bad.eft"
    path.write_bytes(content)
    with pytest.raises(nist.store.TemplateError, match=re.escape(message)):
        nist.read(path)


def test_import_nist_through_the_cli(tmp_path: Path) -> None:
    rng = np.random.default_rng(4)
    latent = identities(3, rng=rng)
    faces = captures(latent, model=FaceModel(), rng=rng)
    for i, face in enumerate(faces):
        (tmp_path / f"p{i}.eft").write_bytes(_transaction(f"CHN-{i:06d}", face))
    (tmp_path / "junk.eft").write_bytes(b"\x00\x01junk")
    files = [str(tmp_path / f"p{i}.eft") for i in range(3)]
    refused = _run(tmp_path, "import-nist", "--country", "CHN", *files, str(tmp_path / "junk.eft"))
    assert refused.returncode == 1 and "Traceback" not in refused.stderr
    assert "junk.eft: not an ANSI/NIST-ITL transaction" in refused.stderr
    assert "nothing was loaded" in refused.stderr
    loaded = _run(tmp_path, "import-nist", "--country", "CHN", *files)
    assert loaded.returncode == 0 and "loaded 3 face templates" in loaded.stderr
    np.save(tmp_path / "probe.npy", captures(latent[1:2], model=FaceModel(), rng=rng))
    probe, out = str(tmp_path / "probe.npy"), str(tmp_path / "r.jsonl")
    searched = _run(tmp_path, "search", "--country", "CHN", "--modality", "face",
                    "--probes", probe, "--out", out, "--exact")  # fmt: skip
    assert searched.returncode == 0, searched.stderr
    best = json.loads((tmp_path / "r.jsonl").read_text())["candidates"][0]
    assert best["person_id"] == "CHN-000001"


@pytest.mark.skipif(
    importlib.util.find_spec("dlib") is not None, reason="the extractor extra is installed"
)
def test_extract_without_the_extra_names_it(tmp_path: Path) -> None:
    image = tmp_path / "face.png"
    image.write_bytes(b"")
    result = _run(tmp_path, "extract", str(image), "--out", str(tmp_path / "t.npy"))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "pip install 'readmit[extractor]'" in result.stderr
    assert not (tmp_path / "t.npy").exists()
