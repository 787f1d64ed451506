"""Recording actions in the audit log."""

from lms.core.models import AuditLog
from lms.extensions import db


def record_audit(actor, action, obj, **detail):
    """Add an audit entry for `action` on `obj` to the current transaction."""
    entry = AuditLog(
        actor_id=getattr(actor, "id", None),
        action=action,
        object_type=type(obj).__name__.lower(),
        object_id=getattr(obj, "id", None),
        detail=detail,
    )
    db.session.add(entry)
    return entry
