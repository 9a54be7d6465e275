"""Admission: requests beyond the server's places wait in the event loop, logins have a lane
of their own, and a request that cannot get a place in time is told to come back."""

import asyncio

import httpx
from starlette.types import Receive, Scope, Send

from readmit.web.admission import LOGIN_LANE, Admission


class Slow:
    """A downstream app whose requests take `seconds`, counting how many run at once."""

    def __init__(self, seconds: float) -> None:
        self.seconds, self.running, self.most = seconds, 0, 0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        self.running += 1
        self.most = max(self.most, self.running)
        await asyncio.sleep(self.seconds)
        self.running -= 1
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"ok"})


async def _burst(app: Admission, calls: list[tuple[str, str]]) -> list[httpx.Response]:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        return list(await asyncio.gather(*(client.request(m, p) for m, p in calls)))


def test_requests_beyond_the_places_wait_their_turn() -> None:
    slow = Slow(0.2)
    answers = asyncio.run(_burst(Admission(slow, limit=4), [("GET", "/")] * 6))
    assert [a.status_code for a in answers] == [200] * 6
    assert slow.most == 4 - LOGIN_LANE


def test_a_login_burst_keeps_to_its_lane() -> None:
    slow = Slow(0.3)
    admission = Admission(slow, limit=4, wait_seconds=0.1)
    calls = [("POST", "/login")] * 6 + [("GET", "/api/v1/queue")]
    answers = asyncio.run(_burst(admission, calls))
    assert answers[-1].status_code == 200, "a read got no place while logins waited"
    assert [a.status_code for a in answers[:6]].count(503) == 6 - LOGIN_LANE


def test_no_place_in_time_is_503_with_retry_after() -> None:
    answers = asyncio.run(
        _burst(Admission(Slow(0.5), limit=3, wait_seconds=0.1), [("GET", "/api/v1/me")] * 2)
    )
    busy = next(a for a in answers if a.status_code == 503)
    assert busy.headers["retry-after"] == "5" and "busy" in busy.json()["detail"]
