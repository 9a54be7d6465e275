"""Server-rendered pages: one module per area, assembled into one router here."""

from pathlib import Path

from fastapi import APIRouter

from readmit.web.pages import (
    admin,
    agreements,
    applications,
    attachments,
    audit,
    auth,
    charters,
    custody,
    designation_form,
    designations,
    editing,
    encounters,
    information,
    interviews,
    jobs,
    language,
    leads,
    pathway_intake,
    pathways,
    pathways_statistics,
    photos,
    progress,
    protection,
    queue,
    reintegration,
    reintegration_departure,
    reintegration_outcomes,
    scorecards,
    screening,
    search,
    statistics,
    team,
    transfers,
    traveldocs,
    verification,
)
from readmit.web.templating import render_error

STATIC_DIR = Path(__file__).resolve().parent.parent / "static"

router = APIRouter(include_in_schema=False)
for module in (
    auth,
    language,
    queue,
    search,
    team,
    applications,
    editing,
    photos,
    attachments,
    information,
    protection,
    custody,
    interviews,
    verification,
    traveldocs,
    transfers,
    charters,
    admin,
    agreements,
    audit,
    encounters,
    statistics,
    progress,
    scorecards,
    screening,
    leads,
    designation_form,  # before designations: /designations/new is no designation's number
    designations,
    pathway_intake,
    pathways,
    pathways_statistics,
    reintegration_departure,
    reintegration_outcomes,  # before reintegration: /reintegration/outcomes is no case list
    reintegration,
    jobs,
):
    router.include_router(module.router)

__all__ = ["STATIC_DIR", "render_error", "router"]
