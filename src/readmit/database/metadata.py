"""Import every model module so Base.metadata knows all tables (for Alembic and tests)."""

from sqlalchemy import MetaData

from readmit.agreements import models as _agreements
from readmit.applications import models as _applications
from readmit.attachments import models as _attachments
from readmit.audit import models as _audit
from readmit.auth import models as _auth
from readmit.biometrics import models as _biometrics
from readmit.custody import models as _custody
from readmit.database.core import Base
from readmit.designations import models as _designations
from readmit.encounters import models as _encounters
from readmit.interviews import models as _interviews
from readmit.jobs import models as _jobs
from readmit.leads import models as _leads
from readmit.messaging import models as _messaging
from readmit.pathways import models as _pathways
from readmit.progress import models as _progress
from readmit.protection import models as _protection
from readmit.reintegration import models as _reintegration
from readmit.screening import models as _screening
from readmit.search import models as _search
from readmit.statistics import models as _statistics
from readmit.tenancy import models as _tenancy
from readmit.transfers import models as _transfers
from readmit.traveldocs import models as _traveldocs
from readmit.verification import models as _verification

MODEL_MODULES = (
    _agreements,
    _applications,
    _attachments,
    _audit,
    _biometrics,
    _auth,
    _custody,
    _designations,
    _encounters,
    _interviews,
    _jobs,
    _leads,
    _messaging,
    _pathways,
    _progress,
    _protection,
    _reintegration,
    _screening,
    _search,
    _statistics,
    _tenancy,
    _transfers,
    _traveldocs,
    _verification,
)


def metadata() -> MetaData:
    """The complete schema."""
    return Base.metadata
