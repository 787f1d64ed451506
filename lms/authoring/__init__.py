"""The trainer's web editor: courses, lessons, media files, the question bank and quiz
settings."""

from flask import Blueprint

bp = Blueprint("authoring", __name__, url_prefix="/author")
