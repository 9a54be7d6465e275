"""`readmit biometrics` as an operator runs it: load, search, delete, and bad input."""

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np

from readmit.biometrics.synth import FaceModel, captures, identities


def _run(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "READMIT_HOME": str(home)}
    return subprocess.run([sys.executable, "-m", "readmit", "biometrics", *args], env=env,
                          capture_output=True, text=True, timeout=120, check=False)  # fmt: skip


def test_load_search_delete_and_refuse_bad_input(tmp_path: Path) -> None:
    rng = np.random.default_rng(3)
    latent = identities(300, rng=rng)
    np.save(tmp_path / "gallery.npy", captures(latent, model=FaceModel(), rng=rng))
    (tmp_path / "ids.csv").write_text("person_id\n" + "".join(f"CHN-{i:06d}\n" for i in range(300)))
    np.save(tmp_path / "probes.npy", captures(latent[:5], model=FaceModel(), rng=rng))
    common = ["--country", "CHN", "--modality", "face"]
    loaded = _run(tmp_path, "load", *common, "--ids", str(tmp_path / "ids.csv"),
                  "--templates", str(tmp_path / "gallery.npy"))  # fmt: skip
    assert loaded.returncode == 0 and "loaded 300 templates" in loaded.stderr
    searched = _run(tmp_path, "search", *common, "--probes", str(tmp_path / "probes.npy"),
                    "--out", str(tmp_path / "out.jsonl"), "--top", "3")  # fmt: skip
    assert searched.returncode == 0, searched.stderr
    results = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text().splitlines()]
    assert [r["candidates"][0]["person_id"] for r in results] == [f"CHN-{i:06d}" for i in range(5)]
    assert all(len(r["candidates"]) == 3 for r in results)
    assert _run(tmp_path, "delete", *common, "--person-id", "CHN-000000").returncode == 0
    gone = _run(tmp_path, "delete", *common, "--person-id", "CHN-000000")
    assert gone.returncode == 1 and "no template for CHN-000000" in gone.stderr
    np.save(tmp_path / "short.npy", np.ones((2, 128), np.float32))
    short = _run(tmp_path, "search", *common, "--probes", str(tmp_path / "short.npy"),
                 "--out", str(tmp_path / "x.jsonl"))  # fmt: skip
    assert short.returncode == 1 and "expected 512" in short.stderr
    (tmp_path / "junk.npy").write_bytes(b"not numpy")
    junk = _run(tmp_path, "search", *common, "--probes", str(tmp_path / "junk.npy"),
                "--out", str(tmp_path / "x.jsonl"))  # fmt: skip
    assert junk.returncode == 1 and "not a readable .npy array" in junk.stderr
    assert "Traceback" not in short.stderr + junk.stderr
