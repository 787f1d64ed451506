"""In-person training (tập huấn): sessions and who attended them."""

from flask import Blueprint

training_bp = Blueprint("training", __name__, url_prefix="/training")
# Yearly training programmes (lms/training/programmes): organizers' pages and reports.
programmes_bp = Blueprint("programmes", __name__, url_prefix="/programmes")
