"""Notifications: the outbox, its channels (in the app, email) and learners' reminders."""

from flask import Blueprint

notifications_bp = Blueprint("notifications", __name__)
