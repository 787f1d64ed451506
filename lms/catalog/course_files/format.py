"""Reading and writing the course files in courses/ (format: courses/README.md).

Pure functions over the file system: no app, no database. Every problem found is a
ContentError naming the file and line, so an author can go straight to it.
"""

import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from flask_babel import lazy_gettext as _l

from lms.core.decimals import format_decimal, parse_decimal

TRACKS = ("association", "it", "digital")
QUESTION_TYPES = ("single", "multiple", "truefalse", "short")
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
LESSON_FILE_RE = re.compile(r"^(\d{2})-([a-z0-9]+(?:-[a-z0-9]+)*)\.md$")
META_RE = re.compile(r"^([A-Z][A-Za-z-]*):\s*(.*)$")
OPTION_RE = re.compile(r"^- \[( |x|X)\] (.+)$")
COURSE_KEYS = {"Title", "Track", "Hours", "Pass-Mark", "Audience"}
# Quiz settings in course.md: key -> (setting name, parser); see courses/README.md.
QUIZ_KEYS = {
    "Quiz-Questions": "questions_per_attempt",
    "Shuffle-Questions": "shuffle_questions",
    "Shuffle-Options": "shuffle_options",
    "Max-Attempts": "max_attempts",
    "Time-Limit": "time_limit_minutes",
    "Counting": "counting_rule",
    "Review": "review_mode",
}
QUIZ_CHOICES = {"Counting": ("highest", "last"),
                "Review": ("score-only", "after-submit", "after-pass")}
QUESTION_KEYS = {"Type", "Answers", "Explanation", "Points", "Scoring", "Match"}
MATCH_FLAGS = {"ignore-case": ("ignore_case", True), "exact-case": ("ignore_case", False),
               "ignore-diacritics": ("ignore_diacritics", True),
               "exact-diacritics": ("ignore_diacritics", False)}
DEFAULT_PASS_MARK = 70


@dataclass
class ContentError:
    file: str
    line: int
    message: str  # or a lazy translation, rendered in the reader's language

    def __str__(self):
        return f"{self.file}:{self.line}: {self.message}"


def _unknown_key(key):
    return _l("unknown key '%(key)s:'", key=key)


def _one_of(key, choices):
    return _l("'%(key)s:' must be one of %(choices)s", key=key, choices=", ".join(choices))


@dataclass
class LessonSource:
    slug: str
    position: int
    title: str
    body: str

    @property
    def words(self):
        """What a learner reads, counted as whitespace-separated words: the title and text."""
        return len(self.title.split()) + len(self.body.split())


@dataclass
class QuestionSource:
    position: int
    type: str
    text: str
    explanation: str
    options: list = field(default_factory=list)  # [(text, is_correct)]
    answers: list = field(default_factory=list)  # accepted answers of a short question
    points: int = 1
    settings: dict = field(default_factory=dict)  # {"scoring"} or {"ignore_case", ...}


@dataclass
class CourseSource:
    slug: str
    title: str = ""
    track: str = ""
    hours: Decimal | float = 0
    pass_mark: int = DEFAULT_PASS_MARK
    audience: str = ""
    summary: str = ""
    quiz: dict = field(default_factory=dict)  # quiz settings given in course.md
    lessons: list = field(default_factory=list)
    questions: list = field(default_factory=list)
    media: dict = field(default_factory=dict)  # relative name -> bytes

    @property
    def words(self):
        return sum(lesson.words for lesson in self.lessons)


def _read_text(path, errors):
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        errors.append(ContentError(str(path), 1, _l("not UTF-8 text; save the file as UTF-8")))
        return None
    return unicodedata.normalize("NFC", text.replace("\r\n", "\n"))


def split_meta(text):
    """The leading `Key: value` lines as {key: (value, line)}, then the body and its first line."""
    lines = text.split("\n")
    meta, index = {}, 0
    while index < len(lines) and (match := META_RE.match(lines[index])):
        meta[match.group(1)] = (match.group(2).strip(), index + 1)
        index += 1
    while index < len(lines) and not lines[index].strip():
        index += 1
    return meta, "\n".join(lines[index:]).strip(), index + 1


def _parse_course_meta(path, course, errors):
    text = _read_text(path, errors)
    if text is None:
        return
    name = str(path)
    meta, course.summary, _ = split_meta(text)
    for key, (_value, line) in meta.items():
        if key not in COURSE_KEYS and key not in QUIZ_KEYS:
            errors.append(ContentError(name, line, _unknown_key(key)))
    course.quiz = _parse_quiz_settings(name, meta, errors)
    course.title, _ = meta.get("Title", ("", 1))
    if not course.title:
        errors.append(ContentError(name, 1, _l("missing 'Title:'")))
    course.track, line = meta.get("Track", ("", 1))
    if course.track not in TRACKS:
        errors.append(ContentError(name, line, _one_of("Track", TRACKS)))
    hours, line = meta.get("Hours", ("", 1))
    try:
        course.hours = parse_decimal(hours)
        if not 0 < course.hours <= 200:
            raise ValueError
    except ValueError:
        errors.append(ContentError(name, line, _l("'Hours:' must be a number above 0 and at "
                                                  "most 200, such as 4 or 1,5")))
    pass_mark, line = meta.get("Pass-Mark", (str(DEFAULT_PASS_MARK), 1))
    if not pass_mark.isdigit() or not 0 <= int(pass_mark) <= 100:
        errors.append(ContentError(name, line, _l("'Pass-Mark:' must be a whole number 0-100")))
    else:
        course.pass_mark = int(pass_mark)
    course.audience, _ = meta.get("Audience", ("", 1))


def _parse_quiz_settings(name, meta, errors):
    """Quiz settings from course.md: whole numbers, yes/no, or one of a few words."""
    settings = {}
    for key, setting in QUIZ_KEYS.items():
        if key not in meta:
            continue
        value, line = meta[key]
        if key in QUIZ_CHOICES:
            if value not in QUIZ_CHOICES[key]:
                errors.append(ContentError(name, line, _one_of(key, QUIZ_CHOICES[key])))
                continue
            settings[setting] = value.replace("-", "_")
        elif key.startswith("Shuffle"):
            if value not in ("yes", "no"):
                errors.append(ContentError(name, line, _l("'%(key)s:' must be yes or no", key=key)))
                continue
            settings[setting] = value == "yes"
        elif value.isdigit():
            settings[setting] = int(value)
        else:
            errors.append(ContentError(
                name, line, _l("'%(key)s:' must be a whole number (0: no limit)", key=key)))
    return settings


def _parse_lesson(path, match, errors):
    text = _read_text(path, errors)
    if text is None:
        return None
    meta, body, _ = split_meta(text)
    title, _line = meta.get("Title", ("", 1))
    if not title:
        errors.append(ContentError(str(path), 1, _l("missing 'Title:'")))
    for key, (_value, line) in meta.items():
        if key != "Title":
            errors.append(ContentError(str(path), line, _unknown_key(key)))
    if not body:
        errors.append(ContentError(str(path), 1, _l("the lesson has no text")))
    return LessonSource(slug=match.group(2), position=int(match.group(1)), title=title, body=body)


def _question_blocks(text):
    """Split quiz.md into (first line number, lines) blocks, one per `## ` heading."""
    blocks, current = [], None
    for number, line in enumerate(text.split("\n"), start=1):
        if line.startswith("## "):
            current = (number, [line[3:]])
            blocks.append(current)
        elif current is not None:
            current[1].append(line)
        elif line.strip():
            blocks.append((number, None))  # text before the first question
    return blocks


def _parse_question(name, start, lines, position, errors):
    """One question block; reports problems against the block's own lines."""
    text_lines, options, meta, last_key = [], [], {}, None
    in_text = True
    for offset, line in enumerate(lines):
        number = start + offset
        option = OPTION_RE.match(line)
        key = META_RE.match(line)
        if option:
            in_text, last_key = False, None
            options.append((option.group(2).strip(), option.group(1) != " "))
        elif key and key.group(1) in QUESTION_KEYS:
            in_text, last_key = False, key.group(1)
            meta[last_key] = [key.group(2).strip(), number]
        elif key and not in_text:
            errors.append(ContentError(name, number, _unknown_key(key.group(1))))
        elif in_text:
            text_lines.append(line)
        elif line.strip() and last_key == "Explanation":
            meta["Explanation"][0] += "\n" + line.strip()
        elif line.strip():
            errors.append(ContentError(name, number, _l(
                "unexpected text; options start with '- [ ] ' or '- [x] '")))
    question = QuestionSource(position=position, type=meta.get("Type", [""])[0],
                              text="\n".join(text_lines).strip(),
                              explanation=meta.get("Explanation", [""])[0].strip(),
                              options=options)
    _check_question(name, start, question, meta, errors)
    return question


def _check_question(name, start, question, meta, errors):
    def problem(message, key=None):
        errors.append(ContentError(name, meta[key][1] if key in meta else start, message))

    points = meta.get("Points", ["1"])[0]
    if not points.isdigit() or int(points) < 1:
        problem(_l("'Points:' must be a whole number above 0"), "Points")
    else:
        question.points = int(points)
    _parse_question_settings(question, meta, problem)
    if question.type == "short":
        question.answers = [a.strip() for a in meta.get("Answers", [""])[0].split("|")
                            if a.strip()]
    for key, message in question_problems(question):
        problem(message, key)


def question_problems(question):
    """What is wrong with a question, as (key, message) pairs; the key names the line or form
    field concerned (Type, Answers, Explanation, Options) or is None for the question text.
    Shared by the file reader and the web editor."""
    problems = []
    if not question.text:
        problems.append((None, _l("The question has no text.")))
    if question.type not in QUESTION_TYPES:
        problems.append(("Type", _l("Choose a question type.")))
    if not question.explanation:
        problems.append(("Explanation", _l("Write an explanation of the right answer.")))
    right = sum(1 for _text, correct in question.options if correct)
    if question.type == "short":
        if not question.answers:
            problems.append(("Answers", _l("A short-answer question needs accepted answers.")))
        if question.options:
            problems.append(("Options", _l("A short-answer question has no options.")))
    elif question.type in ("single", "truefalse", "multiple"):
        if len(question.options) < 2:
            problems.append(("Options", _l("A question needs at least two options.")))
        if question.type in ("single", "truefalse") and right != 1:
            problems.append(("Options", _l("Exactly one option must be marked right.")))
        if question.type == "multiple" and right < 1:
            problems.append(("Options", _l("At least one option must be marked right.")))
        if question.type == "truefalse" and len(question.options) != 2:
            problems.append(("Options", _l("A true/false question has exactly two options.")))
    return problems


def _parse_question_settings(question, meta, problem):
    if "Scoring" in meta:
        scoring = meta["Scoring"][0]
        if question.type != "multiple" or scoring not in ("partial", "all-or-nothing"):
            problem(_l("'Scoring:' is partial or all-or-nothing, for multiple questions"),
                    "Scoring")
        else:
            question.settings["scoring"] = scoring.replace("-", "_")
    if "Match" in meta:
        flags = [flag.strip() for flag in meta["Match"][0].split(",") if flag.strip()]
        if question.type != "short" or not flags or any(f not in MATCH_FLAGS for f in flags):
            problem(_l("'Match:' takes ignore-case, exact-case, ignore-diacritics or "
                       "exact-diacritics, for short questions"), "Match")
        else:
            question.settings.update(MATCH_FLAGS[flag] for flag in flags)


def _parse_quiz(path, course, errors):
    text = _read_text(path, errors)
    if text is None:
        return
    name = str(path)
    for start, lines in _question_blocks(text):
        if lines is None:
            errors.append(ContentError(name, start, _l("text before the first '## ' question")))
            continue
        course.questions.append(
            _parse_question(name, start, lines, len(course.questions) + 1, errors))


def read_course(folder):
    """Parse one course folder; returns (CourseSource, [ContentError])."""
    folder = Path(folder)
    course, errors = CourseSource(slug=folder.name), []
    if not SLUG_RE.match(folder.name):
        errors.append(ContentError(str(folder), 1,
                                   _l("the folder name may hold only a-z, 0-9 and -")))
    if not (folder / "course.md").is_file():
        errors.append(ContentError(str(folder / "course.md"), 1, _l("missing course.md")))
        return course, errors
    _parse_course_meta(folder / "course.md", course, errors)
    positions = {}
    for path in sorted(folder.glob("*.md")):
        if path.name in ("course.md", "quiz.md", "README.md"):
            continue
        match = LESSON_FILE_RE.match(path.name)
        if not match:
            errors.append(ContentError(str(path), 1,
                                       _l("lesson files are named NN-slug.md, as 01-intro.md")))
            continue
        if match.group(1) in positions:
            errors.append(ContentError(str(path), 1, _l(
                "number %(number)s is also used by %(other)s", number=match.group(1),
                other=positions[match.group(1)])))
        positions[match.group(1)] = path.name
        if (lesson := _parse_lesson(path, match, errors)) is not None:
            course.lessons.append(lesson)
    if not course.lessons:
        errors.append(ContentError(str(folder), 1, _l("a course needs at least one lesson")))
    if (folder / "quiz.md").is_file():
        _parse_quiz(folder / "quiz.md", course, errors)
    media = folder / "media"
    if media.is_dir():
        course.media = {f"media/{p.name}": p.read_bytes() for p in sorted(media.iterdir())
                        if p.is_file()}
    return course, errors


def course_folders(root):
    """The course folders under `root` (a folder holding course.md is itself a course)."""
    root = Path(root)
    if (root / "course.md").is_file():
        return [root]
    return sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith("."))


def read_catalog(root):
    """Parse every course under `root`; returns ([CourseSource], [ContentError])."""
    courses, errors = [], []
    for folder in course_folders(root):
        course, course_errors = read_course(folder)
        courses.append(course)
        errors.extend(course_errors)
    return courses, errors


def write_course(course, root):
    """Write `course` as a folder `root/<slug>` in the documented format."""
    folder = Path(root) / course.slug
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("[0-9][0-9]-*.md"):
        old.unlink()
    hours = format_decimal(course.hours, grouped=False, locale="vi")
    head = [f"Title: {course.title}", f"Track: {course.track}", f"Hours: {hours}",
            f"Pass-Mark: {course.pass_mark}"]
    if course.audience:
        head.append(f"Audience: {course.audience}")
    head += [f"{key}: {_format_setting(course.quiz[setting])}"
             for key, setting in QUIZ_KEYS.items() if setting in course.quiz]
    (folder / "course.md").write_text("\n".join(head) + "\n\n" + course.summary.strip() + "\n",
                                      encoding="utf-8")
    for lesson in course.lessons:
        name = f"{lesson.position:02d}-{lesson.slug}.md"
        (folder / name).write_text(f"Title: {lesson.title}\n\n{lesson.body.strip()}\n",
                                   encoding="utf-8")
    quiz = folder / "quiz.md"
    if course.questions:
        quiz.write_text("\n\n".join(_format_question(q) for q in course.questions) + "\n",
                        encoding="utf-8")
    elif quiz.exists():
        quiz.unlink()
    for name, data in course.media.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)
    return folder


def _format_setting(value):
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value).replace("_", "-")


def _format_question(question):
    parts = [f"## {question.text}", f"Type: {question.type}"]
    if question.points != 1:
        parts.append(f"Points: {question.points}")
    if "scoring" in question.settings:
        parts.append(f"Scoring: {question.settings['scoring'].replace('_', '-')}")
    match = [flag for flag, (name, on) in MATCH_FLAGS.items()
             if question.settings.get(name) is on]
    if match:
        parts.append(f"Match: {', '.join(match)}")
    lines = ["\n".join(parts), ""]
    if question.options:
        lines.append("\n".join(f"- [{'x' if right else ' '}] {text}"
                               for text, right in question.options))
        lines.append("")
    if question.answers:
        lines += [f"Answers: {' | '.join(question.answers)}", ""]
    lines.append(f"Explanation: {question.explanation}")
    return "\n".join(lines)
