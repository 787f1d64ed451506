"""Reads shared across domains: the audit log."""

from sqlalchemy import select

from lms.core.models import AuditLog


def audit_log_query(action_prefix=""):
    """Audit entries, newest first, optionally only actions starting with `action_prefix`."""
    query = select(AuditLog)
    if action_prefix:
        query = query.where(AuditLog.action.startswith(action_prefix, autoescape=True))
    return query.order_by(AuditLog.at.desc(), AuditLog.id.desc())
