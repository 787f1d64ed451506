"""Signals quizzes send so other domains can follow results without quizzes importing them
(learning records the pass and completes the course here)."""

from blinker import Namespace

_signals = Namespace()

#: Sent when a submitted attempt passed, inside the grading transaction, before it commits.
#: Keywords `cadre`, `course` and `at` (the moment it was graded).
quiz_passed = _signals.signal("quiz-passed")
