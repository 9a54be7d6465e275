"""Sustainability outcomes: a provider's reintegration officers see their own cases' mean
scores by programme, service type or region; analysts and supervisors of either state see
the aggregates over their state's corridors with disclosure control ("<5", "x"). Other
roles get 403. The page calls the same service functions as the API."""

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from readmit.auth.models import Role
from readmit.errors import Forbidden
from readmit.i18n import N_, _
from readmit.reintegration import outcomes, programme
from readmit.reintegration.followup_schemas import Grouping
from readmit.reintegration.scoring import OVERALL
from readmit.web.deps import DbSession
from readmit.web.pages.common import CurrentLogin
from readmit.web.templating import render

router = APIRouter(prefix="/reintegration")

GROUPINGS = {
    "programme": N_("Programme"),
    "service_type": N_("Service type"),
    "region": N_("Region"),
}
SIDES = {
    "requesting": N_("As requesting state (returns it made)"),
    "requested": N_("As requested state (returnees it received)"),
}


def score_words() -> dict[str, str]:
    """Each score's heading: the dimensions' labels from the programme files, then overall."""
    words: dict[str, str] = {}
    for rules in programme.programmes().values():
        words.update({d.key: d.label for d in rules.formula.dimensions})
    return {key: words.get(key, key) for key in outcomes.score_keys() if key != OVERALL} | {
        OVERALL: _("Overall")
    }


def group_words() -> dict[str, str]:
    """Programme codes and service-type keys in words, from the programme files."""
    words: dict[str, str] = {}
    for code, rules in programme.programmes().items():
        words[code] = rules.name
        words.update({s.key: s.label for s in rules.service_types})
    return words | {outcomes.TOTAL: _("All")}


@router.get("/outcomes")
def outcomes_page(
    request: Request,
    db: DbSession,
    login: CurrentLogin,
    by: Annotated[str, Query(max_length=20)] = "programme",
    side: Annotated[str, Query(max_length=20)] = "requesting",
) -> Response:
    """The provider's outcomes, or the state's aggregates with disclosure control."""
    user = login.user
    grouping: Grouping = by if by in GROUPINGS else "programme"  # type: ignore[assignment]
    chosen: Literal["requesting", "requested"] = (
        "requested" if side == "requested" else "requesting"
    )
    context: dict[str, Any] = {
        "by": grouping,
        "side": chosen,
        "groupings": [(key, _(text)) for key, text in GROUPINGS.items()],
        "sides": [(key, _(text)) for key, text in SIDES.items()],
        "scores": score_words(),
        "group_words": group_words(),
    }
    if user.has_role(Role.reintegration_officer):
        found = outcomes.for_provider(session=db, user=user, by=grouping)
        context |= {"provider": True, "rows": found.rows}
    elif user.has_role(*outcomes.AGGREGATE_READERS):
        found_all = outcomes.aggregates(session=db, user=user, by=grouping, side=chosen)
        context |= {"provider": False, "rows": found_all.rows}
    else:
        raise Forbidden(_("Only reintegration officers, analysts and supervisors see outcomes."))
    return render(request, "reintegration/outcomes.html", context)
