"""Small helpers for views."""

from flask import abort


def or_404(found):
    """`found`, or a 404 answer when it is None (outside the user's scope looks missing)."""
    if found is None:
        abort(404)
    return found
