"""A real server attacked as the tester did: bodies far above the size limit are refused
before they are read, and a hostile PDF on the seal-check page neither stops other pages
from answering nor keeps its worker alive past the time limit."""

import os
import select
import socket
import threading
import time
from pathlib import Path

import httpx
import pytest

from readmit import uploads
from readmit.web.middleware import MiB
from tests.hostile_files import slow_pdf
from tests.web.conftest import Loopback

HUGE = 200 * MiB


def _reply(sock: socket.socket) -> bytes:
    """What the server answered before closing the connection (with a reset, when body
    bytes it never read were still arriving)."""
    answer = b""
    try:
        while chunk := sock.recv(65536):
            answer += chunk
    except ConnectionResetError:
        pass
    return answer


def test_a_streamed_body_far_above_the_limit_is_refused_after_a_few_megabytes(
    loopback: Loopback,
) -> None:
    piece = b"%x\r\n%s\r\n" % (64 * 1024, b" " * 64 * 1024)
    sent, refused_early = 0, False
    with socket.create_connection((loopback.host, loopback.port), timeout=10) as sock:
        sock.sendall(
            b"POST /api/v1/applications HTTP/1.1\r\nHost: loopback\r\n"
            b"Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
        )
        while sent < HUGE:
            if select.select([sock], [], [], 0)[0]:
                refused_early = True  # the answer came while the body was still arriving
                break
            try:
                sock.sendall(piece)
            except (BrokenPipeError, ConnectionResetError):
                refused_early = True
                break
            sent += 64 * 1024
        answer = _reply(sock)
    assert refused_early, "the server read all 200 MB"
    assert sent < 16 * MiB, f"{sent / MiB:.0f} MB were accepted before the refusal"
    head, _, body = answer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 413") and b"connection: close" in head.lower()
    assert body == b'{"detail":"the request body is larger than the 1 MB limit"}'


@pytest.mark.parametrize(
    ("path", "kind", "says"),
    [
        ("/api/v1/applications", b"application/json", b"the request body is larger"),
        ("/travel-documents/verify", b"multipart/form-data; boundary=x", b"11 MB limit"),
    ],
)
def test_a_declared_length_above_the_limit_is_refused_before_any_byte_of_it(
    loopback: Loopback, path: str, kind: bytes, says: bytes
) -> None:
    with socket.create_connection((loopback.host, loopback.port), timeout=5) as sock:
        sock.sendall(
            b"POST %s HTTP/1.1\r\nHost: loopback\r\nContent-Type: %s\r\n"
            b"Content-Length: %d\r\n\r\n" % (path.encode(), kind, HUGE)
        )
        answer = _reply(sock)  # no byte of the body was sent
    assert answer.startswith(b"HTTP/1.1 413") and says in answer
    assert b"x-content-type-options: nosniff" in answer.lower()


def _workers() -> list[int]:
    """This process's decoding workers still running."""
    found = []
    for entry in Path("/proc").iterdir():
        try:
            stat = (entry / "stat").read_text()
            command = (entry / "cmdline").read_bytes()
        except (OSError, ValueError):
            continue
        parent = int(stat.rpartition(")")[2].split()[1])
        if parent == os.getpid() and b"readmit.uploads" in command:
            found.append(int(entry.name))
    return found


def test_other_pages_answer_while_a_hostile_pdf_is_checked_and_it_is_cut_off(
    loopback: Loopback, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(uploads, "DECODE_SECONDS", 2.0)
    officer, token = loopback.log_in()
    outcome: dict[str, object] = {}

    def check() -> None:
        started = time.monotonic()
        outcome["response"] = officer.post(
            "/travel-documents/verify",
            data={"csrf_token": token},
            files={"scan": ("document.pdf", slow_pdf(pages=300), "application/pdf")},
        )
        outcome["seconds"] = time.monotonic() - started

    checking = threading.Thread(target=check)
    checking.start()
    waits = []
    with httpx.Client(base_url=loopback.url, timeout=10) as other:
        while checking.is_alive():
            started = time.monotonic()
            assert other.get("/login").status_code == 200
            waits.append(time.monotonic() - started)
            time.sleep(0.05)
    checking.join()
    officer.close()
    response = outcome["response"]
    assert isinstance(response, httpx.Response) and response.status_code == 422
    assert "The seal could not be read: reading the file took longer than 2 seconds" in (
        response.text
    )
    assert outcome["seconds"] < 2 + 3  # type: ignore[operator]
    assert len(waits) >= 5 and max(waits) < 1, waits
    assert _workers() == [], "the worker outlived its time limit"
