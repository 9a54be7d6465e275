"""Fresh cases at a known stage, built through the API as the two states' officers would."""

import itertools
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from tests.concurrency.harness import Server, ok

STAGES = (
    "draft",
    "submitted",
    "under_verification",
    "confirmed",
    "travel_document_issued",
    "transfer_scheduled",
    "departed",
)
_flight_numbers = itertools.count(100)


def flight(kind: str, application_ids: list[int]) -> dict[str, Any]:
    """A flight five days out (beyond every agreement's arrival-notice lead time)."""
    departure = datetime.now(UTC) + timedelta(days=5)
    return {
        "kind": kind,
        "carrier": "Concurrency Air",
        "flight_number": f"CC{next(_flight_numbers)}",
        "route": "IAH-PEK",
        "departure_at": departure.isoformat(),
        "application_ids": application_ids,
    }


@dataclass(frozen=True)
class Case:
    id: int
    reference: str
    person_id: str | None = None  # the engine's top register candidate, once verification began


class Cases:
    """Builds USA→CHN cases. People are copied from the demo's confirmed cases, so the engine
    recommends a register person for them."""

    def __init__(self, server: Server) -> None:
        self.server = server
        self.officer = server.client(server.token("USA", "case_officer"))
        self.verifier = server.client(server.token("CHN", "verifier"))
        self._people: list[dict[str, Any]] = []
        self._next = itertools.count()

    def close(self) -> None:
        self.officer.close()
        self.verifier.close()

    def person(self) -> dict[str, Any]:
        if not self._people:
            listed = ok(self.officer.get("/applications", params={"limit": 200}))["data"]
            for row in listed:
                if row["requested_state"] == "CHN" and row["status"] in (
                    "confirmed",
                    "travel_document_issued",
                    "transfer_scheduled",
                ):
                    person = ok(self.officer.get(f"/applications/{row['id']}"))["person"]
                    for document in person.get("documents", []):
                        for derived in ("number_check", "number_check_label", "number_check_note"):
                            document.pop(derived, None)  # what the server worked out, not input
                    self._people.append(person)
            assert self._people, "the demo has no confirmed USA→CHN case to copy a person from"
        return self._people[next(self._next) % len(self._people)]

    def build(self, stage: str) -> Case:
        """A new case taken step by step up to `stage` (one of STAGES)."""
        reached = STAGES.index(stage)
        created = ok(
            self.officer.post(
                "/applications", json={"requested_state": "CHN", "person": self.person()}
            )
        )
        case = Case(created["id"], created["reference"])
        path = f"/applications/{case.id}"
        if reached >= 1:
            ok(self.officer.post(f"{path}/submit"))
        if reached >= 2:
            for action in ("receive", "start_verification"):
                ok(self.verifier.post(f"{path}/transitions", json={"action": action}))
            candidates = ok(self.verifier.post(f"{path}/recommendation"))["candidates"]
            assert candidates, f"the engine found no register candidate for {case.reference}"
            case = Case(case.id, case.reference, candidates[0]["person_id"])
        if reached >= 3:
            ok(self.verifier.post(f"{path}/decision", json=confirm(case)))
        if reached >= 4:
            ok(self.verifier.post(f"{path}/travel-document"))
        if reached >= 5:
            kind = "charter" if stage == "departed" else "commercial"
            transfer = ok(self.officer.post("/transfers", json=flight(kind, [case.id])))
            if stage == "departed":
                ok(self.officer.post(f"/transfers/{transfer['id']}/lock"))
                ok(self.officer.post(f"/transfers/{transfer['id']}/depart"))
        status = self.status(case.id)
        assert status == stage, f"{case.reference} should be {stage} after set-up, is {status}"
        return case

    def build_many(self, stage: str, count: int) -> list[Case]:
        """`count` independent cases (built side by side: different cases never conflict)."""
        self.person()  # load the people once

        def one(_: int) -> Case:
            builder = Cases(self.server)
            builder._people = self._people
            builder._next = self._next
            try:
                return builder.build(stage)
            finally:
                builder.close()

        with ThreadPoolExecutor(max_workers=4) as pool:
            return list(pool.map(one, range(count)))

    def status(self, case_id: int) -> str:
        return str(ok(self.officer.get(f"/applications/{case_id}"))["status"])

    def as_requesting(self, case_id: int) -> dict[str, Any]:
        return dict(ok(self.officer.get(f"/applications/{case_id}")))

    def as_requested(self, case_id: int) -> dict[str, Any]:
        return dict(ok(self.verifier.get(f"/applications/{case_id}")))


def confirm(case: Case) -> dict[str, Any]:
    return {"decision": "confirm", "person_id": case.person_id}


REJECT = {
    "decision": "reject",
    "reason_code": "identity_not_found",
    "reason": "No such person in the register.",
}
WITHDRAW = {"action": "withdraw", "reason_code": "other", "note": "Withdrawn in a race."}


def assert_timeline_is_a_path(case: dict[str, Any]) -> None:
    """Each step starts from the status the previous one reached, and the last one reached
    the status the API reports."""
    moves = [e for e in case["timeline"] if e["to_status"] is not None]
    assert moves, f"{case['reference']} has no timeline"
    shown = [f"{e['action']}: {e['from_status']} -> {e['to_status']}" for e in moves]
    for before, after in itertools.pairwise(moves):
        assert after["from_status"] == before["to_status"], (
            f"{case['reference']}: '{after['action']}' starts from {after['from_status']}, but "
            f"the previous step reached {before['to_status']}; timeline: {shown}"
        )
    assert moves[-1]["to_status"] == case["status"], (
        f"{case['reference']} is {case['status']} but its timeline ends at "
        f"{moves[-1]['to_status']}: {shown}"
    )


def steps(case: dict[str, Any], *actions: str) -> list[dict[str, Any]]:
    """The timeline entries of the given actions."""
    return [e for e in case["timeline"] if e["action"] in actions]


def transfers(server: Server) -> list[dict[str, Any]]:
    with server.client(server.token("USA", "case_officer")) as officer:
        return list(ok(officer.get("/transfers")))


def manifests_of(server: Server, case_id: int) -> list[int]:
    """The transfers whose manifest lists the case."""
    return [
        t["id"] for t in transfers(server) if case_id in [c["application_id"] for c in t["cases"]]
    ]
