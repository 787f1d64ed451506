"""Signals learning sends so other domains can follow it without learning importing them
(notifications tell the learners about the courses they were assigned and completed)."""

from blinker import Namespace

_signals = Namespace()

#: Sent after assignments enrolled cadres (or took their enrollments over), inside the same
#: transaction, flushed. Keywords `assignment_id` (one new assignment) or `unit_id` (the
#: subtree whose cadres were synchronised; None: everywhere).
courses_assigned = _signals.signal("courses-assigned")

#: Sent once a completion is first recorded, inside its transaction, flushed. Keywords
#: `completion` (the CourseCompletion) and `certificate` (its Certificate).
course_completed = _signals.signal("course-completed")
