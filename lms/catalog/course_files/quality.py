"""How long a course takes, and where it falls short of the catalogue's standard
(courses/README.md, "Time and warnings").

Warnings advise the author: unlike a ContentError they never stop a check or an import. Each
rule is one small function below; COURSE_RULES and LESSON_RULES list them all. Pure functions
over a CourseSource, like format.py: no app, no database.
"""

import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from babel.numbers import format_decimal as babel_format
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l

from lms.core.decimals import format_decimal

# Words a minute of study reading on a phone: the platform's stated assumption for estimating
# a course's time, not a measurement of how fast anyone reads.
READING_WORDS_PER_MINUTE = 100
QUESTION_MINUTES = 1  # for each question an attempt draws
# Declared hours may be at most this many times the estimate.
HOURS_TOLERANCE = Decimal("1.5")
# At most this share of the choice questions may have a right option that is the longest.
LONGEST_RIGHT_SHARE = Decimal("0.4")
MIN_QUESTIONS = 20
QUESTIONS_DRAWN = (10, 15)  # how many an attempt should draw from a bank of MIN_QUESTIONS+
MAX_LESSON_WORDS = 700

# `## Thực hành (15 phút)`, at any heading level from ## down: a practice task and its minutes.
PRACTICE_HEADING_RE = re.compile(
    r"^#{2,6}[ \t]+Thực hành[ \t]*\([ \t]*(\d+)[ \t]*phút[ \t]*\)[ \t#]*$", re.M | re.I)
SUMMARY_HEADING_RE = re.compile(r"^#{2,6}[ \t]+Tóm tắt\b", re.M | re.I)
OBJECTIVES_RE = re.compile(r"^[ \t>*_]*Học xong bài này", re.M | re.I)
IMAGE_RE = re.compile(r"!\[((?:\\.|[^\]\\])*)\]\(\s*<?([^)\s>]+)")
PRACTICE_FILE_ENDINGS = (".xlsx", ".docx", ".csv", ".pdf")
CHOICE_TYPES = ("single", "multiple")


# --- The estimate ---

def practice_minutes(lesson):
    """The minutes of the lesson's `## Thực hành (N phút)` headings."""
    return sum(int(minutes) for minutes in PRACTICE_HEADING_RE.findall(lesson.body))


def drawn_questions(course):
    """How many questions one attempt draws: Quiz-Questions, or the whole bank."""
    bank = len(course.questions)
    per_attempt = course.quiz.get("questions_per_attempt", 0)
    return min(per_attempt, bank) if per_attempt else bank


@dataclass(frozen=True)
class Estimate:
    words: int
    practice_minutes: int
    drawn_questions: int

    @property
    def minutes(self):
        return (self.words / READING_WORDS_PER_MINUTE + self.practice_minutes
                + self.drawn_questions * QUESTION_MINUTES)

    @property
    def hours(self):
        return self.minutes / 60


def format_hours(hours):
    """Estimated hours as people here read them, with one decimal: 1,0; 12,5."""
    return babel_format(round(hours, 1), "#,##0.0", locale=get_locale() or "vi")


def estimate_course(course):
    """The time a learner needs: reading, the practice tasks' minutes and the quiz."""
    return Estimate(words=course.words,
                    practice_minutes=sum(practice_minutes(lesson) for lesson in course.lessons),
                    drawn_questions=drawn_questions(course))


# --- Course rules: each returns (file in the course folder, message) or None ---

def hours_above_estimate(course):
    estimated = estimate_course(course).hours
    if float(course.hours) > float(HOURS_TOLERANCE) * estimated:
        return "course.md", _l(
            "'Hours:' is %(declared)s, more than %(times)s times the %(estimated)s hours "
            "estimated (words at %(pace)s a minute, the minutes of the practice headings, "
            "%(question)s minute a question drawn)",
            declared=format_decimal(course.hours), times=format_decimal(HOURS_TOLERANCE),
            estimated=format_hours(estimated), pace=READING_WORDS_PER_MINUTE,
            question=QUESTION_MINUTES)
    return None


def _a_right_option_is_longest(question):
    longest = max(len(text) for text, _right in question.options)
    return any(right and len(text) == longest for text, right in question.options)


def right_option_often_longest(course):
    choice = [q for q in course.questions if q.type in CHOICE_TYPES and q.options]
    longest = sum(1 for question in choice if _a_right_option_is_longest(question))
    if longest > LONGEST_RIGHT_SHARE * len(choice):
        return "quiz.md", _l(
            "in %(longest)s of the %(total)s single and multiple choice questions a right "
            "option is the longest (or as long as the longest); at most %(limit)s may be, or "
            "a guess passes", longest=longest, total=len(choice),
            limit=int(LONGEST_RIGHT_SHARE * len(choice)))
    return None


def too_few_questions(course):
    if len(course.questions) < MIN_QUESTIONS:
        return "quiz.md", _l("%(count)s questions; a quiz needs at least %(minimum)s so that "
                             "attempts draw different ones", count=len(course.questions),
                             minimum=MIN_QUESTIONS)
    return None


def draw_outside_range(course):
    low, high = QUESTIONS_DRAWN
    bank = len(course.questions)
    if bank >= MIN_QUESTIONS and not low <= drawn_questions(course) <= high:
        return "course.md", _l("each attempt draws %(drawn)s of the %(bank)s questions; set "
                               "'Quiz-Questions:' between %(low)s and %(high)s",
                               drawn=drawn_questions(course), bank=bank, low=low, high=high)
    return None


def no_attempt_limit(course):
    if not course.quiz.get("max_attempts"):
        return "course.md", _l("no 'Max-Attempts:': a learner may try again until a guess "
                               "passes")
    return None


def review_before_passing(course):
    if course.quiz.get("review_mode") != "after_pass":
        return "course.md", _l("'Review:' is not after-pass: the right answers should show "
                               "only once the learner has passed")
    return None


COURSE_RULES = (hours_above_estimate, right_option_often_longest, too_few_questions,
                draw_outside_range, no_attempt_limit, review_before_passing)


# --- Lesson rules: each returns a message or None ---

def lesson_too_long(lesson):
    if lesson.words > MAX_LESSON_WORDS:
        return _l("%(words)s words, more than %(maximum)s: split the lesson in two",
                  words=lesson.words, maximum=MAX_LESSON_WORDS)
    return None


def no_objectives(lesson):
    if not OBJECTIVES_RE.search(lesson.body):
        return _l("no objectives: a line 'Học xong bài này, chị có thể:' and what the learner "
                  "will be able to do")
    return None


def no_practice(lesson):
    if not PRACTICE_HEADING_RE.search(lesson.body):
        return _l("no practice task under a heading '## Thực hành (N phút)', N the minutes it "
                  "takes")
    return None


def no_summary(lesson):
    if not SUMMARY_HEADING_RE.search(lesson.body):
        return _l("no summary under a heading '## Tóm tắt'")
    return None


LESSON_RULES = (lesson_too_long, no_objectives, no_practice, no_summary)


# --- The review of a course ---

@dataclass(frozen=True)
class CourseWarning:
    file: str
    rule: str  # the name of the rule's function
    message: str  # or a lazy translation, rendered in the reader's language

    def __str__(self):
        return f"{self.file}: {self.message}"


@dataclass
class CourseReview:
    folder: Path
    estimate: Estimate
    images: int
    practice_files: int
    warnings: list = field(default_factory=list)


def lesson_file(lesson):
    return f"{lesson.position:02d}-{lesson.slug}.md"


def course_warnings(folder, course):
    """Every warning for `course`, read from `folder`: the course's, then lesson by lesson."""
    found = []
    for rule in COURSE_RULES:
        if (result := rule(course)) is not None:
            name, message = result
            found.append(CourseWarning(str(Path(folder) / name), rule.__name__, message))
    for lesson in course.lessons:
        for rule in LESSON_RULES:
            if (message := rule(lesson)) is not None:
                found.append(CourseWarning(str(Path(folder) / lesson_file(lesson)),
                                           rule.__name__, message))
    return found


def review_course(folder, course):
    """The estimate, what the lessons hold and the warnings of the course read from `folder`."""
    images = sum(len(IMAGE_RE.findall(lesson.body)) for lesson in course.lessons)
    practice_files = sum(1 for name in course.media
                         if name.lower().endswith(PRACTICE_FILE_ENDINGS))
    return CourseReview(folder=Path(folder), estimate=estimate_course(course), images=images,
                        practice_files=practice_files,
                        warnings=course_warnings(folder, course))
