"""Quizzes: question types, attempts, grading, results."""

from flask import Blueprint

quizzes_bp = Blueprint("quizzes", __name__)
