"""`readmit traveldoc verify` and `trust-import` fed hostile files: one line with the reason,
exit status 1, never a traceback."""

import base64
import io
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from PIL import Image

from tests.identity.cli_runner import run_cli


def _png(size: int) -> bytes:
    buffer = io.BytesIO()
    Image.new("1", (size, size), 1).save(buffer, "PNG")
    return buffer.getvalue()


def _seal(data: bytes) -> bytes:
    return base64.b64encode(data)


# name, file name, content, how the line printed starts (the decoders' own reasons vary)
SEALS: list[tuple[str, str, Callable[[], bytes], str]] = [
    ("binary garbage", "seal", lambda: bytes(range(256)) * 4, "invalid: malformed: "),
    ("binary garbage named .png", "seal.png", lambda: bytes(range(256)) * 4,
     "invalid: malformed: "),
    ("an empty file", "seal.txt", lambda: b"", "invalid: malformed: {file}: empty"),
    ("a truncated PNG", "seal.png", lambda: _png(200)[:60], "invalid: malformed: "),
    ("a truncated PDF", "seal.pdf", lambda: b"%PDF-1.7\n1 0 obj\n<<", "invalid: malformed: "),
    ("a decompression bomb", "seal.png", lambda: _png(9500), "invalid: malformed: "),
    ("a file over 10 MB", "seal.b64", lambda: b"A" * (10 * 2**20 + 1),
     "invalid: malformed: {file}: 10,485,761 bytes, more than the 10,485,760 accepted"),
    ("seal bytes that are not a seal", "seal.b64", lambda: _seal(b"\x00" * 40),
     "invalid: malformed: not a visible digital seal"),
    ("seal bytes the C40 decoder trips on", "seal.b64", lambda: _seal(b"\xdc\x03\xfe\x00" * 10),
     "invalid: malformed: "),
]  # fmt: skip


@pytest.mark.parametrize(
    ("name", "content", "expected"), [c[1:] for c in SEALS], ids=[c[0] for c in SEALS]
)
def test_verify_refuses_what_holds_no_seal_in_one_line(
    tmp_path: Path, name: str, content: Callable[[], bytes], expected: str
) -> None:
    file = tmp_path / name
    file.write_bytes(content())
    ran = run_cli(tmp_path, "traveldoc", "verify", str(file),
                  database_url=f"sqlite:///{tmp_path / 'border.db'}")  # fmt: skip
    assert ran.code == 1
    assert len(ran.lines) == 1, ran.output
    assert ran.lines[0].startswith(expected.format(file=file)), ran.output


@pytest.mark.parametrize("command", ["verify", "trust-import"])
@pytest.mark.parametrize(
    ("make", "message"),
    [(lambda p: None, "no such file"), (lambda p: p.mkdir(), "is a directory, not a file")],
    ids=["missing", "directory"],
)
def test_a_missing_file_or_a_directory_is_one_line(
    tmp_path: Path, command: str, make: Callable[[Path], None], message: str
) -> None:
    make(tmp_path / "in")
    ran = run_cli(tmp_path, "traveldoc", command, str(tmp_path / "in"),
                  database_url=f"sqlite:///{tmp_path / 'border.db'}")  # fmt: skip
    assert (ran.code, ran.lines) == (1, [f"error: {tmp_path / 'in'}: {message}"])


LIST = {"format": "readmit-master-list/1", "certificates": []}
# name, content, the line printed
MASTER_LISTS: list[tuple[str, bytes, str]] = [
    ("binary", bytes(range(256)),
     "error: {file}: not a JSON master list (not UTF-8 text (byte 0x80 at offset 128))"),
    ("empty", b"", "error: {file}: not a JSON master list (Expecting value"),
    ("nested too deep", b"[" * 100_000 + b"]" * 100_000,
     "error: {file}: not a JSON master list (maximum recursion depth exceeded"),
    ("a list", b"[1, 2]", "error: not a readmit-master-list/1 file; nothing was imported"),
    ("a revocation at no date",
     json.dumps(LIST | {"revoked": [{"state": "CHN", "number": "E1", "revoked_at": "soon"}]})
     .encode(), "error: unreadable revocation entry"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("content", "expected"), [c[1:] for c in MASTER_LISTS], ids=[c[0] for c in MASTER_LISTS]
)
def test_trust_import_refuses_a_bad_master_list_in_one_line(
    tmp_path: Path, content: bytes, expected: str
) -> None:
    file = tmp_path / "list.json"
    file.write_bytes(content)
    ran = run_cli(tmp_path, "traveldoc", "trust-import", str(file),
                  database_url=f"sqlite:///{tmp_path / 'border.db'}")  # fmt: skip
    assert ran.code == 1
    assert len(ran.lines) == 1, ran.output
    assert ran.lines[0].startswith(expected.format(file=file)), ran.output
