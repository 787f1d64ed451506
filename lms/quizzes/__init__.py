"""Quizzes: question types, attempts, grading, results."""
