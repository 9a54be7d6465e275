"""The partner-search hourly limit holds under a burst."""

import base64

import numpy as np

from tests.concurrency.harness import Attempt, Server, assert_database_consistent, race, summary

LIMIT = 60  # partner searches an hour per partner authority
BURST = 75


def random_face_template(seed: int) -> str:
    """Any unit vector of 512 float32 values, base64 of little-endian bytes."""
    vector = np.random.default_rng(seed).standard_normal(512)
    vector /= np.linalg.norm(vector)
    return base64.b64encode(vector.astype("<f4").tobytes()).decode()


def test_partner_search_burst_answers_exactly_the_hourly_limit(server: Server) -> None:
    # The only test that searches: the session's fresh server starts with an empty hour.
    officers = [server.token("USA", role) for role in ("case_officer", "supervisor")]
    outcomes = race(
        server,
        [
            Attempt(
                "search",
                officers[i % 2],
                "POST",
                "/biometrics/partner-searches",
                {"answering_state": "GTM", "modality": "face", "template": random_face_template(i)},
            )
            for i in range(BURST)
        ],
    )

    answered = [o for o in outcomes if o.status == 201]
    limited = [o for o in outcomes if o.status == 429]
    assert len(answered) + len(limited) == BURST, f"answers other than 201/429: {summary(outcomes)}"
    assert (len(answered), len(limited)) == (LIMIT, BURST - LIMIT), (
        f"{BURST} searches at once from one authority: expected {LIMIT} answered and "
        f"{BURST - LIMIT} refused with 429: {summary(outcomes)}"
    )
    assert_database_consistent(server)
