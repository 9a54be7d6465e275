"""A charter's operator screened against the state's designations, at booking and at lock."""

from sqlalchemy.orm import Session

from readmit.auth.models import User
from readmit.i18n import N_, _
from readmit.screening import service as screening
from readmit.screening.schemas import ScreeningQuery
from readmit.transfers.models import Transfer

# A charter's operator may not fly while a hit on it waits for review or was judged the same
# as a designated entity.
HOLDING = {
    "open": N_("waiting for review in the screening queue"),
    "same": N_("judged the same"),
    "remembered_same": N_("judged the same before"),
}


def screen(*, session: Session, user: User, transfer: Transfer) -> list[str]:
    """Screen a charter's operator against the state's designations (at booking and again at
    lock); why it may not fly: one line per hit that waits for review or was judged the same."""
    found = screening.screen(
        session=session,
        user=user,
        query=ScreeningQuery(kind="company", name=transfer.carrier),
        source="charter",
        reference=f"transfer:{transfer.id}",
    )
    return [
        _(
            "the operator {carrier} matches the designated {name} (score {score}): {status}",
            carrier=transfer.carrier,
            name=hit.designated_entity.caption,
            score=f"{hit.score:.2f}",
            status=_(HOLDING[hit.status]),
        )
        for hit in found.hits
        if hit.status in HOLDING
    ]
