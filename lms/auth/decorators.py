"""Who may open a view: the role checks, defined once and named for what they let in.

Each has a matching `User.can_*` property so that the menu shows exactly what the views allow.
"""

from functools import wraps

from flask import abort
from flask_login import current_user, login_required


def roles_required(*roles):
    """Let the view run only for signed-in users holding one of `roles`."""

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(*args, **kwargs):
            if not any(current_user.has_role(role) for role in roles):
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator


organizer_required = roles_required("organizer", "admin")
trainer_required = roles_required("trainer", "admin")
admin_required = roles_required("admin")


def cadre_required(view):
    """Let the view run only for a signed-in user who is a cadre (a learner)."""

    @wraps(view)
    @login_required
    def wrapped(*args, **kwargs):
        if not current_user.can_learn:
            abort(403)
        return view(*args, **kwargs)

    return wrapped
