"""The client side of bench/load.py: the caseload seeded through the API, the simulated
officers (one httpx.AsyncClient, so one connection, each) and the latency record.

Every request is timed at the client, from the call to the last byte of the body, connection
set-up included. An error is a status of 500 or more, a timeout, a connection failure, or a
request still unanswered when the run is cut off; a 409 is a conflict (counted apart, not an
error); any other 4xx is "rejected" (counted apart: it means the benchmark or the server is
wrong). Error samples keep their time to failure, so they weigh in the percentiles.
"""

import asyncio
import html
import random
import re
import time
import traceback
import uuid
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import httpx

READ, WRITE = "read", "write"
SHIFT_START = "shift start"  # requests before the measured period: reported, not in targets


def weights(spec: str) -> dict[str, int]:
    """'name 20, other 5' as {"name": 20, "other": 5}."""
    return {
        name: int(weight) for name, weight in (part.rsplit(" ", 1) for part in spec.split(", "))
    }


# Share (%) of the seeded caseload left at each stage.
SEED_STAGES = weights(
    "draft 12, submitted 18, received 12, under_verification 28, more_info_requested 12, "
    "confirmed 12, rejected 6"
)
DECISIONS = {  # seeded stage: the verifier's decision, its reason code
    "more_info_requested": ("request_info", "unclear_identity"),
    "confirmed": ("confirm", ""),
    "rejected": ("reject", "insufficient_evidence"),
}
PATH = ["submit", "receive", "start_verification"]  # common to every stage past draft
STEPS = {  # lifecycle steps officers take, by the status they start from
    "case_officer": {"draft": "submit", "more_info_requested": "provide_info"},
    "supervisor": {"draft": "submit", "more_info_requested": "provide_info"},
    "verifier": {
        "submitted": "receive",
        "received": "start_verification",
        "under_verification": "request_info",
    },
}
# What each role does, weighted: reads are the majority, writes (message, step, create,
# conflicting step) a minority. Page users turn "messages" and "list" into page reads.
WORK = {
    "case_officer": "queue 20, case 30, messages 10, list 5, message 10, step 8, create 3, "
    "conflict 2",
    "verifier": "queue 20, case 25, verify 10, messages 10, message 8, step 12, conflict 2",
    "supervisor": "queue 25, case 35, messages 10, message 5, step 5",
    "analyst": "list 40, case 50, messages 10",
    "protection_officer": "queue 25, case 40, flags 30",
}
# The team, as shares (%) of the officers: role, state.
TEAM = weights(
    "case_officer USA 32, verifier CHN 18, verifier GTM 18, analyst USA 8, analyst CHN 6, "
    "analyst GTM 6, protection_officer USA 6, supervisor USA 6"
)
PAGE_SHARE = 0.6  # officers using the pages; the rest use the JSON API with a token
MESSAGES = [
    "Please confirm whether the passport number matches your issuing records.",
    "The person states a different birthplace at interview; details attached to the file.",
    "Fingerprints were taken at the detention centre and can be shared on request.",
    "We have located a possible match in the register and are checking the family record.",
    "Could you send a copy of the expired passport? The scan in the file is illegible.",
    "Interview scheduled for next week with an interpreter; we will report the outcome.",
]
ROW = re.compile(  # a queue row: the case id and its status label (4th column)
    r'<a href="/applications/(\d+)">[^<]*</a></th>\s*<td>.*?</td>\s*<td>.*?</td>\s*'
    r"<td>([^<]*)</td>",
    re.S,
)
ACTION_FORM = re.compile(r'action="/applications/\d+/actions/([a-z_]+)"')
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


@dataclass
class User:
    """A demo login."""

    email: str
    password: str
    role: str
    state: str
    api_token: str


@dataclass
class Sample:
    """One request as the client saw it."""

    kind: str
    cls: str  # read or write
    at: float  # seconds since the run started
    ms: float
    status: int  # 0: no response
    outcome: str  # ok, conflict, rejected or error


@dataclass
class Recorder:
    """Every request of the run, and why the failed ones failed."""

    started: float = field(default_factory=time.perf_counter)
    samples: list[Sample] = field(default_factory=list)
    reasons: Counter[str] = field(default_factory=Counter)
    examples: dict[str, str] = field(default_factory=dict)

    def add(self, kind: str, cls: str, start: float, status: int, outcome: str, why: str) -> None:
        now = time.perf_counter()
        cls = SHIFT_START if start < self.started else cls
        self.samples.append(
            Sample(kind, cls, start - self.started, (now - start) * 1000, status, outcome)
        )
        if outcome in ("error", "rejected"):
            key = f"{kind}: {why.splitlines()[0][:120] if why else status}"
            self.reasons[key] += 1
            self.examples.setdefault(key, why[:400])


@dataclass(frozen=True)
class Plan:
    """The run, as the command line asks for it."""

    base_url: str
    officers: int
    duration: float  # seconds of load
    think: tuple[float, float]  # seconds between two actions of an officer, drawn uniformly
    timeout: float  # per request
    margin: float  # after the duration, before unanswered requests are cut off
    seed: int
    creates: list[dict[str, Any]]  # application bodies for new cases
    shift_start: float  # seconds over which page officers log in, before the measured period


class Officer:
    """One simulated officer: a page user (login form, cookies, CSRF) or an API user."""

    def __init__(self, user: User, page: bool, plan: Plan, rec: Recorder, seed: float) -> None:
        self.user, self.page, self.rec, self.rng = user, page, rec, random.Random(seed)
        self.payloads = plan.creates
        headers = {} if page else {"Authorization": f"Bearer {user.api_token}"}
        self.client = httpx.AsyncClient(
            base_url=plan.base_url,
            headers=headers,
            timeout=httpx.Timeout(plan.timeout),
            limits=httpx.Limits(max_connections=1, max_keepalive_connections=1),
        )
        self.csrf = ""
        self.cases: list[tuple[int, str]] = []  # (id, status) from the last queue or list
        self.opened: tuple[int, str, list[str]] | None = None  # last case opened: id, status, steps
        self.steps = STEPS.get(user.role, {})
        self.work = weights(WORK[user.role])

    @property
    def prefix(self) -> str:
        return "page" if self.page else "api"

    async def call(
        self, kind: str, cls: str, method: str, url: str, **kwargs: Any
    ) -> httpx.Response | None:
        """One timed request; None when it failed without a usable answer."""
        kind = f"{self.prefix} {kind}"
        start = time.perf_counter()
        try:
            response = await self.client.request(method, url, **kwargs)
        except httpx.TimeoutException as exc:
            self.rec.add(kind, cls, start, 0, "error", f"timeout ({type(exc).__name__})")
            return None
        except httpx.TransportError as exc:
            self.rec.add(kind, cls, start, 0, "error", f"connection: {type(exc).__name__} {exc}")
            return None
        except asyncio.CancelledError:
            self.rec.add(kind, cls, start, 0, "error", "unanswered when the run was cut off")
            raise
        code = response.status_code
        if code >= 500:
            self.rec.add(kind, cls, start, code, "error", f"{code} {response.text[:300]}")
        elif code == 409:
            self.rec.add(kind, cls, start, code, "conflict", "")
        elif code >= 400:
            self.rec.add(kind, cls, start, code, "rejected", f"{code} {response.text[:300]}")
        else:
            self.rec.add(kind, cls, start, code, "ok", "")
            if self.page and (token := CSRF.search(response.text)):
                self.csrf = token.group(1)  # the session's token, on every page
            return response
        return None

    async def login(self) -> bool:
        """The login page (double-submit CSRF cookie), then the form post."""
        if not await self.call("login form", READ, "GET", "/login"):
            return False
        data = {
            "csrf_token": self.csrf,
            "next": "/",
            "email": self.user.email,
            "password": self.user.password,
        }
        answer = await self.call("login", WRITE, "POST", "/login", data=data)
        return answer is not None and answer.status_code == 303

    # Reads -------------------------------------------------------------------------------
    async def queue(self) -> None:
        if self.page:
            url = "/verify" if self.user.role == "verifier" and self.rng.random() < 0.5 else "/"
            page = await self.call("queue" if url == "/" else "verify queue", READ, "GET", url)
            if page:
                rows = ROW.findall(page.text)
                self.cases = [
                    (int(i), html.unescape(s).strip().lower().replace(" ", "_")) for i, s in rows
                ]
        else:
            answer = await self.call("queue", READ, "GET", "/api/v1/queue")
            if answer:
                self.cases = [(r["id"], r["status"]) for r in answer.json()["data"]]

    async def list(self) -> None:
        if self.page:
            return await self.queue()
        status = self.rng.choice([None, "submitted", "under_verification", "confirmed", "draft"])
        params: dict[str, Any] = {"limit": 50, "offset": self.rng.choice([0, 0, 50, 100])}
        if status:
            params["status"] = status
        answer = await self.call("list", READ, "GET", "/api/v1/applications", params=params)
        if answer and answer.json()["data"]:
            self.cases = [(r["id"], r["status"]) for r in answer.json()["data"]]

    async def case_page(self, case_id: int) -> None:
        if self.page:
            page = await self.call("case", READ, "GET", f"/applications/{case_id}")
            if page:
                steps = ACTION_FORM.findall(page.text)
                if "Decide: confirm" in page.text:
                    steps.append("request_info")
                if f'href="/applications/{case_id}/provide-info"' in page.text:
                    steps.append("provide_info")
                messaging = f'action="/applications/{case_id}/messages"' in page.text
                self.opened = (case_id, "" if messaging else "draft", steps)  # no thread yet
        else:
            answer = await self.call("case", READ, "GET", f"/api/v1/applications/{case_id}")
            if answer:
                body = answer.json()
                self.opened = (case_id, body["status"], body["available_actions"])

    async def case(self) -> None:
        if not self.cases:
            return await self.queue()
        await self.case_page(self.rng.choice(self.cases)[0])

    async def messages(self) -> None:
        if self.page or not self.cases:
            return await self.case()
        case_id = self.opened[0] if self.opened else self.rng.choice(self.cases)[0]
        await self.call("messages", READ, "GET", f"/api/v1/applications/{case_id}/messages")

    async def verify(self) -> None:
        waiting = [c for c, s in self.cases if s == "under_verification"]
        if not self.page or not waiting:
            return await self.messages()
        url = f"/applications/{self.rng.choice(waiting)}/verify"
        await self.call("verify", READ, "GET", url)

    async def flags(self) -> None:
        if not self.cases:
            return await self.queue()
        case_id = self.rng.choice(self.cases)[0]
        if self.page:
            await self.call("protection", READ, "GET", f"/applications/{case_id}/protection")
        else:
            url = f"/api/v1/applications/{case_id}/protection-flags"
            await self.call("protection flags", READ, "GET", url)

    # Writes ------------------------------------------------------------------------------
    async def message(self) -> None:
        open_cases = [c for c, s in self.cases if s != "draft"]
        if not open_cases:
            return await self.queue()
        case_id = (
            self.opened[0]
            if self.opened and self.opened[1] != "draft"
            else self.rng.choice(open_cases)
        )
        body = self.rng.choice(MESSAGES)
        if self.page:
            data = {"csrf_token": self.csrf, "body": body}
            answer = await self.call(
                "message", WRITE, "POST", f"/applications/{case_id}/messages", data=data
            )
            await self._follow(answer)
        else:
            url = f"/api/v1/applications/{case_id}/messages"
            await self.call("message", WRITE, "POST", url, json={"body": body})

    async def step(self) -> None:
        """A lifecycle step on the case opened last, if it needs one; else open one that does."""
        if self.opened and (wanted := [a for a in self.opened[2] if a in self.steps.values()]):
            return await self._take(self.opened[0], self.rng.choice(wanted))
        workable = [c for c, s in self.cases if s in self.steps]
        if not workable:
            return await self.queue()
        await self.case_page(self.rng.choice(workable))

    async def _take(self, case_id: int, action: str) -> None:
        self.opened = None
        note = "Reviewed by the benchmark officer."
        if self.page:
            # As sent from the step's confirmation page (submit asks first): the officer said yes.
            data = {"csrf_token": self.csrf, "reason_code": "", "note": "", "confirmed": "yes"}
            url = f"/applications/{case_id}/actions/{action}"
            files = None
            if action == "request_info":
                url = f"/applications/{case_id}/verify"
                data |= {"decision": action, "reason_code": "missing_documents", "reason": note}
            elif action == "provide_info":  # the answer form is multipart (it takes documents)
                url = f"/applications/{case_id}/provide-info"
                data = {"csrf_token": self.csrf, "answer": note}
                files = {"attachment-0-file": ("", b"", "application/octet-stream")}
            answer = await self.call(action, WRITE, "POST", url, data=data, files=files)
            await self._follow(answer)
            return
        base = f"/api/v1/applications/{case_id}"
        if action == "submit":
            await self.call(action, WRITE, "POST", base + "/submit")
        elif action == "request_info":
            body = {"decision": action, "reason_code": "missing_documents", "reason": note}
            await self.call(action, WRITE, "POST", base + "/decision", json=body)
        elif action == "provide_info":
            body = {"answer": note, "attachment_ids": []}
            await self.call(action, WRITE, "POST", base + "/provide-info", json=body)
        else:
            await self.call(action, WRITE, "POST", base + "/transitions", json={"action": action})

    async def create(self) -> None:
        if self.page:
            return await self.case()
        headers = {"Idempotency-Key": uuid.uuid4().hex}
        body = self.rng.choice(self.payloads)
        answer = await self.call(
            "create", WRITE, "POST", "/api/v1/applications", json=body, headers=headers
        )
        if answer:
            self.cases.append((answer.json()["id"], "draft"))

    async def conflict(self) -> None:
        """Deliberately a step the case is past: the answer should be 409."""
        role_step = "submit" if self.user.role == "case_officer" else "receive"
        past = [c for c, s in self.cases if s in ("under_verification", "more_info_requested")]
        if self.page or not past:
            return await self.case()
        url = f"/api/v1/applications/{self.rng.choice(past)}"
        if role_step == "submit":
            await self.call("conflicting step", WRITE, "POST", url + "/submit")
        else:
            await self.call(
                "conflicting step", WRITE, "POST", url + "/transitions", json={"action": role_step}
            )

    async def _follow(self, answer: httpx.Response | None) -> None:
        """What a browser does after a form post: fetch the page it is sent to."""
        if answer is None or answer.status_code != 303:
            return
        location = answer.headers.get("location", "/")
        kind = "case" if location.startswith("/applications/") else "queue"
        kind = "verify" if "/verify" in location else kind
        await self.call(kind, READ, "GET", location)

    async def run(self, shift_start: float, deadline: float, think: tuple[float, float]) -> None:
        """Start work at a random moment of the shift start (page users log in first), then
        act and think until the deadline; requests before the measured period are tagged."""
        await asyncio.sleep(self.rng.uniform(0, shift_start))
        logged_in = not self.page or await self.login()
        names, weights = list(self.work), list(self.work.values())
        while time.perf_counter() < deadline:
            if not logged_in:
                logged_in = await self.login()
            else:
                await getattr(self, self.rng.choices(names, weights)[0])()
            pause = self.rng.uniform(*think)
            if time.perf_counter() + pause >= deadline:
                break
            await asyncio.sleep(pause)


def team(users: list[User], officers: int) -> list[tuple[User, bool]]:
    """The officers (user, page?) in the TEAM shares, largest remainder first."""
    by_key = {f"{u.role} {u.state}": u for u in users}
    exact = [(key, share / 100 * officers) for key, share in TEAM.items()]
    counts = {key: int(x) for key, x in exact}
    for key, _ in sorted(exact, key=lambda kx: kx[1] - int(kx[1]), reverse=True):
        if sum(counts.values()) >= officers:
            break
        counts[key] += 1
    chosen: list[tuple[User, bool]] = []
    for key, count in counts.items():
        pages = round(count * PAGE_SHARE)
        chosen += [(by_key[key], i < pages) for i in range(count)]
    return chosen


async def run_officers(plan: Plan, users: list[User]) -> tuple[Recorder, dict[str, float]]:
    """Run the team for the plan's duration; cut off whatever is unanswered `margin` later."""
    recorder, rng = Recorder(), random.Random(plan.seed)
    crew = [Officer(u, p, plan, recorder, rng.random()) for u, p in team(users, plan.officers)]
    deadline = recorder.started + plan.duration
    lags: list[float] = []

    async def watch_loop() -> None:  # how late the client's own event loop wakes up
        while True:
            before = time.perf_counter()
            await asyncio.sleep(0.1)
            lags.append((time.perf_counter() - before - 0.1) * 1000)

    watcher = asyncio.create_task(watch_loop())
    # Officers start work one by one during the shift start, as an office does; what they
    # do then is reported apart, and the measured period begins when the shift start ends.
    recorder.started = time.perf_counter() + plan.shift_start
    deadline = recorder.started + plan.duration
    tasks = [asyncio.create_task(o.run(plan.shift_start, deadline, plan.think)) for o in crew]
    timeout = plan.shift_start + plan.duration + plan.margin
    _, pending = await asyncio.wait(tasks, timeout=timeout)
    for task in pending:
        task.cancel()
    await asyncio.gather(*pending, return_exceptions=True)
    watcher.cancel()
    elapsed = time.perf_counter() - recorder.started
    crashes = [e for t in tasks if not t.cancelled() and (e := t.exception())]
    for crash in crashes:  # a bug of the benchmark, not of the server: shown, never hidden
        traceback.print_exception(crash)
    for officer in crew:
        await officer.client.aclose()
    lags.sort()
    loop = {
        "elapsed_s": round(elapsed, 1),
        "cut_off_officers": len(pending),
        "officers_crashed": len(crashes),
        "loop_lag_p99_ms": round(lags[int(len(lags) * 0.99)], 1) if lags else 0.0,
        "loop_lag_max_ms": round(lags[-1], 1) if lags else 0.0,
    }
    return recorder, loop


async def seed_caseload(
    plan: Plan, users: list[User], cases: int, payloads: dict[str, list[tuple[str, dict[str, Any]]]]
) -> dict[str, Any]:
    """Several hundred applications through the API, spread over SEED_STAGES, with messages."""
    tokens = {(u.role, u.state): u.api_token for u in users}
    rng, gate = random.Random(plan.seed), asyncio.Semaphore(4)
    stages = rng.choices(list(SEED_STAGES), list(SEED_STAGES.values()), k=cases)
    done: Counter[str] = Counter()
    retries: Counter[str] = Counter()
    async with httpx.AsyncClient(base_url=plan.base_url, timeout=60) as client:

        async def post(
            token_of: tuple[str, str], url: str, body: dict[str, Any] | None = None
        ) -> dict[str, Any]:
            headers = {"Authorization": f"Bearer {tokens[token_of]}"}
            if url.endswith("/applications"):
                headers["Idempotency-Key"] = uuid.uuid4().hex
            for attempt in range(4):
                try:
                    answer = await client.post(url, json=body, headers=headers)
                except httpx.TransportError as exc:
                    retries[type(exc).__name__] += 1
                    if attempt == 3:
                        raise
                    continue
                if answer.status_code < 500:
                    answer.raise_for_status()
                    return dict(answer.json())
                retries[f"{answer.status_code} {answer.text[:80]}"] += 1
            answer.raise_for_status()
            return {}

        async def one(index: int, stage: str) -> None:
            state = "CHN" if index % 2 else "GTM"
            officer, verifier = ("case_officer", "USA"), ("verifier", state)
            person_id, payload = payloads[state][index // 2 % len(payloads[state])]
            async with gate:
                app = await post(officer, "/api/v1/applications", payload)
                base = f"/api/v1/applications/{app['id']}"
                order = list(SEED_STAGES)
                for action in PATH[: order.index(stage) if stage in order[:3] else 3]:
                    who = officer if action == "submit" else verifier
                    url = base + ("/submit" if action == "submit" else "/transitions")
                    await post(who, url, None if action == "submit" else {"action": action})
                if stage in ("more_info_requested", "confirmed", "rejected"):
                    kind, reason = DECISIONS[stage]
                    decision = {"decision": kind, "reason": "Seeded by the load benchmark."}
                    decision |= {"reason_code": reason} if reason else {"person_id": person_id}
                    await post(verifier, base + "/decision", decision)
                if stage != "draft":
                    for n in range(rng.randint(0, 4)):
                        who = officer if n % 2 == 0 else verifier
                        await post(who, base + "/messages", {"body": rng.choice(MESSAGES)})
                        done["messages"] += 1
                done[stage] += 1

        start = time.perf_counter()
        results = await asyncio.gather(
            *(one(i, s) for i, s in enumerate(stages)), return_exceptions=True
        )
    failed = [repr(r)[:200] for r in results if isinstance(r, BaseException)]
    return {
        "cases": cases - len(failed),
        "messages": done.pop("messages", 0),
        "by_status": dict(sorted(done.items())),
        "seconds": round(time.perf_counter() - start, 1),
        "server_errors_retried": dict(retries),
        "failed": failed[:5],
    }
