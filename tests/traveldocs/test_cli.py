"""`readmit traveldoc verify` as a border officer runs it: a real process, a PNG or base64."""

import base64
import os
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy.orm import Session

from readmit.database.core import make_engine, utcnow
from readmit.database.migrate import upgrade
from readmit.documents.mrz import build_td3
from readmit.traveldocs import barcode
from readmit.traveldocs import service as traveldocs


def _run(home: Path, url: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "READMIT_HOME": str(home), "READMIT_DATABASE_URL": url}
    return subprocess.run(
        [sys.executable, "-m", "readmit", "traveldoc", "verify", *args],
        env=env, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip


def test_verify_a_png_then_a_tampered_seal(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'border.db'}"
    engine = make_engine(url)
    upgrade(engine)
    today = utcnow().date()
    with Session(engine) as session:
        mrz = build_td3(document_code="PE", issuing_state="GTM", surname="LOPEZ GARCIA",
                        given_names="ANA", document_number="R00000042", nationality="GTM",
                        birth_date=date(1990, 1, 2), sex="F",
                        expiry_date=today + timedelta(days=30))  # fmt: skip
        seal, _ = traveldocs.seal_for(session=session, state="GTM", mrz=mrz,
                                      valid_until=today + timedelta(days=30), route="USA GTM",
                                      printed={"native_name": "López García Ana"},
                                      number="R00000042", today=today)  # fmt: skip
        session.commit()
    engine.dispose()
    (tmp_path / "seal.png").write_bytes(barcode.png(seal))
    valid = _run(tmp_path, url, str(tmp_path / "seal.png"))
    assert valid.returncode == 0, valid.stderr
    assert "mrz_line1: PEGTMLOPEZ<GARCIA<<ANA" in valid.stdout
    assert "native_name: López García Ana" in valid.stdout
    tampered = bytearray(seal)
    tampered[-70] ^= 0x10
    (tmp_path / "tampered.b64").write_text(base64.b64encode(bytes(tampered)).decode())
    refused = _run(tmp_path, url, str(tmp_path / "tampered.b64"))
    assert refused.returncode == 1
    assert "invalid: tampered" in refused.stderr or "invalid: malformed" in refused.stderr
    (tmp_path / "blank.png").write_bytes(b"\x89PNG\r\n\x1a\n")  # a PNG cut short
    unreadable = _run(tmp_path, url, str(tmp_path / "blank.png"))
    assert unreadable.returncode == 1 and "malformed" in unreadable.stderr
    assert "Traceback" not in unreadable.stderr
