"""Learning: enrollment, progress, completion, assignments, certificates."""

from flask import Blueprint

learning_bp = Blueprint("learning", __name__)
certificates_bp = Blueprint("certificates", __name__)
