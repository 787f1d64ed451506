"""Imports every domain's models, so that the metadata knows all tables."""

from lms.auth.models import RoleGrant, User  # noqa: F401
from lms.core.models import AuditLog  # noqa: F401
from lms.org.models import Cadre, CadreUnitHistory, Unit, UnitClosure  # noqa: F401
