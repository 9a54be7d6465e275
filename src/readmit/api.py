"""All JSON API routers, assembled under /api/v1."""

from fastapi import APIRouter

from readmit.agreements.views import router as agreements
from readmit.applications.views import queue_router
from readmit.applications.views import router as applications
from readmit.attachments.views import router as attachments
from readmit.audit.views import router as audit
from readmit.auth.views import router as users
from readmit.biometrics.views import router as biometrics
from readmit.custody.views import router as custody
from readmit.designations.views import router as designations
from readmit.documents.views import router as documents
from readmit.interviews.views import router as interviews
from readmit.jobs.views import router as jobs
from readmit.leads.views import router as leads
from readmit.messaging.views import router as messages
from readmit.pathways.statistics_views import router as pathway_statistics
from readmit.pathways.views import router as pathways
from readmit.progress.views import router as progress
from readmit.protection.views import router as protection
from readmit.reintegration.views import router as reintegration
from readmit.scorecards.views import router as scorecards
from readmit.screening.views import router as screening
from readmit.search.views import router as search
from readmit.statistics.views import router as statistics
from readmit.transfers.views import router as transfers
from readmit.traveldocs.views import router as traveldocs
from readmit.verification.views import router as verification

ERRORS = {
    401: {"description": "No valid API token"},
    403: {"description": "Your role or state may not do this"},
    404: {"description": "Not found, or not visible to you"},
    409: {"description": "Refused in the current state; `allowed` names what is possible"},
}

api_router = APIRouter(prefix="/api/v1", responses=ERRORS)  # type: ignore[arg-type]
ROUTERS = (
    queue_router,
    search,
    applications,
    protection,
    custody,
    verification,
    traveldocs,
    interviews,
    transfers,
    biometrics,
    messages,
    attachments,
    documents,
    audit,
    agreements,
    users,
    statistics,
    progress,
    scorecards,
    designations,
    leads,
    screening,
    pathway_statistics,
    pathways,
    reintegration,
    jobs,
)
for router in ROUTERS:
    api_router.include_router(router)
