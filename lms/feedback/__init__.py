"""Feedback after training (phiếu đánh giá): a short survey on a course or an in-person
session, its answers and its results."""

from flask import Blueprint

feedback_bp = Blueprint("feedback", __name__, url_prefix="/feedback")
