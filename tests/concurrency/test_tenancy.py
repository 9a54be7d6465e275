"""The requested state sees a case only once submitted, and never a requesting-state user id."""

from tests.concurrency.cases import WITHDRAW, Cases, flight
from tests.concurrency.harness import Server, assert_database_consistent, ok
from tests.concurrency.views import RequestedState, leaks


def test_draft_withdrawn_unsubmitted_stays_invisible(
    server: Server, cases: Cases, requested: RequestedState
) -> None:
    case = cases.build("draft")
    ok(cases.officer.post(f"/applications/{case.id}/transitions", json=WITHDRAW))
    assert cases.status(case.id) == "withdrawn"

    api = requested.api
    answers = {
        "case": api.get(f"/applications/{case.id}").status_code,
        "messages": api.get(f"/applications/{case.id}/messages").status_code,
        "recommendation": api.get(f"/applications/{case.id}/recommendation").status_code,
        "travel document": api.get(f"/applications/{case.id}/travel-document").status_code,
        "case page": requested.browser.get(f"/applications/{case.id}").status_code,
    }
    assert set(answers.values()) == {404}, f"expected 404 everywhere, got {answers}"
    listed = [row["id"] for row in ok(api.get("/applications", params={"limit": 200}))["data"]]
    queued = [row["id"] for row in ok(api.get("/queue"))["data"]]
    assert case.id not in listed + queued, "a never-submitted case shows in the list or queue"
    assert_database_consistent(server)


def test_requested_state_never_sees_requesting_state_user_ids(
    server: Server, cases: Cases, requested: RequestedState
) -> None:
    """Every requesting-state step (create, submit, schedule, a message) is shown without its
    actor's id."""
    case = cases.build("travel_document_issued")
    ok(cases.officer.post("/transfers", json=flight("charter", [case.id])))
    ok(cases.officer.post(f"/applications/{case.id}/messages", json={"body": "Flight booked."}))

    found = leaks(requested.everything(case.id), foreign_ids=server.user_ids("USA"))
    assert not found, "the requested state receives requesting-state user ids:\n" + "\n".join(found)
    assert_database_consistent(server)
