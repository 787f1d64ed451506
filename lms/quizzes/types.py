"""Question types, one class each: what the learner sees, how an answer is graded, and how
the answers of many learners are summarised for item analysis.

Pure code: no app, no database. A question reaches these classes as a *snapshot* (a dict
copied into the attempt when it starts, so later edits never change a running attempt):

    {"type": "single", "text": "...", "points": 1,
     "options": [{"text": "...", "correct": True}, ...],      # choice types
     "answers": ["..."],                                       # short answers
     "scoring": "all_or_nothing" | "partial",                  # multiple choice
     "ignore_case": True, "ignore_diacritics": False}          # short answers

A response is what the learner gave: an option index (single, truefalse), a list of option
indexes (multiple) or a text (short). Indexes refer to the snapshot's option order, never
to the shuffled order shown on screen.
"""

import unicodedata
from collections import Counter
from dataclasses import dataclass

from lms.core.text import fold_vietnamese, strip_diacritics


@dataclass(frozen=True)
class Grade:
    earned: float
    possible: float

    @property
    def is_correct(self):
        return self.possible > 0 and self.earned >= self.possible


class QuestionType:
    """Behaviour shared by every type; subclasses define key, grade and summarise."""

    key = ""

    def public_view(self, snapshot, option_order=None):
        """What the learner's browser may see: text and options, never which are right."""
        view = {"type": self.key, "text": snapshot["text"], "points": snapshot.get("points", 1)}
        options = snapshot.get("options") or []
        order = option_order if option_order is not None else list(range(len(options)))
        view["options"] = [{"index": i, "text": options[i]["text"]} for i in order]
        return view

    def clean_response(self, snapshot, raw):
        """The stored form of a submitted answer, or None when it is not a valid answer."""
        raise NotImplementedError

    def grade(self, snapshot, response):
        raise NotImplementedError

    def summarise(self, snapshot, responses):
        """Item analysis: how many answered, the share fully correct, and the distribution."""
        grades = [self.grade(snapshot, r) for r in responses if r is not None]
        answered = len(grades)
        correct = sum(1 for g in grades if g.is_correct)
        return {"answered": answered, "correct": correct,
                "share_correct": round(correct / answered, 3) if answered else None,
                "distribution": self.distribution(snapshot, responses)}

    def distribution(self, snapshot, responses):
        """How many learners chose each option: [{"text", "correct", "count"}]."""
        counts = Counter()
        for response in responses:
            for index in self._chosen(response):
                counts[index] += 1
        return [{"text": option["text"], "correct": bool(option.get("correct")),
                 "count": counts[i]} for i, option in enumerate(snapshot.get("options") or [])]

    @staticmethod
    def _chosen(response):
        if response is None:
            return []
        return response if isinstance(response, list) else [response]

    @staticmethod
    def _correct_indexes(snapshot):
        options = snapshot.get("options") or []
        return {i for i, option in enumerate(options) if option.get("correct")}

    @staticmethod
    def _points(snapshot):
        return float(snapshot.get("points", 1))


class SingleChoice(QuestionType):
    """One right option; the answer is the index of the chosen option."""

    key = "single"

    def clean_response(self, snapshot, raw):
        try:
            index = int(raw)
        except (TypeError, ValueError):
            return None
        return index if 0 <= index < len(snapshot.get("options") or []) else None

    def grade(self, snapshot, response):
        right = response is not None and response in self._correct_indexes(snapshot)
        return Grade(self._points(snapshot) if right else 0.0, self._points(snapshot))


class TrueFalse(SingleChoice):
    """Two options, Đúng and Sai; graded like single choice."""

    key = "truefalse"


class MultipleChoice(QuestionType):
    """Several right options. All-or-nothing by default; with "partial" scoring each right
    option chosen earns a share and each wrong option chosen takes a share away (never below 0),
    so ticking every box earns nothing."""

    key = "multiple"

    def clean_response(self, snapshot, raw):
        values = raw if isinstance(raw, list) else [raw]
        count = len(snapshot.get("options") or [])
        try:
            indexes = sorted({int(v) for v in values if v is not None and str(v) != ""})
        except (TypeError, ValueError):
            return None
        return indexes if all(0 <= i < count for i in indexes) else None

    def grade(self, snapshot, response):
        points = self._points(snapshot)
        chosen = set(response or [])
        right = self._correct_indexes(snapshot)
        if snapshot.get("scoring") != "partial":
            return Grade(points if chosen == right else 0.0, points)
        wrong = set(range(len(snapshot.get("options") or []))) - right
        penalty = len(chosen & wrong) / len(wrong) if wrong else 0
        share = len(chosen & right) / len(right) - penalty
        return Grade(round(points * max(0.0, share), 4), points)


def normalise_text(text, ignore_case=True, ignore_diacritics=False):
    """Compare typed answers fairly: NFC, trimmed, inner spaces collapsed, optionally
    case- and accent-insensitive."""
    text = " ".join(unicodedata.normalize("NFC", text or "").split())
    if ignore_diacritics:
        return fold_vietnamese(text) if ignore_case else strip_diacritics(text)
    return text.casefold() if ignore_case else text


class ShortAnswer(QuestionType):
    """A typed answer matched against the accepted answers after normalisation."""

    key = "short"

    def public_view(self, snapshot, option_order=None):
        view = super().public_view(snapshot, option_order)
        view["options"] = []
        return view

    def clean_response(self, snapshot, raw):
        text = " ".join(str(raw or "").split())
        return text[:500] if text else None

    def _matches(self, snapshot, response):
        flags = {"ignore_case": snapshot.get("ignore_case", True),
                 "ignore_diacritics": snapshot.get("ignore_diacritics", False)}
        given = normalise_text(response, **flags)
        return any(given == normalise_text(answer, **flags) for answer in snapshot["answers"])

    def grade(self, snapshot, response):
        right = bool(response) and self._matches(snapshot, response)
        return Grade(self._points(snapshot) if right else 0.0, self._points(snapshot))

    def distribution(self, snapshot, responses):
        """The most frequent typed answers, normalised, with whether they were accepted."""
        counts = Counter(normalise_text(r) for r in responses if r)
        return [{"text": text, "correct": self._matches(snapshot, text), "count": n}
                for text, n in counts.most_common(10)]


QUESTION_TYPES = {cls.key: cls() for cls in (SingleChoice, TrueFalse, MultipleChoice, ShortAnswer)}


def question_type(key):
    """The QuestionType for a snapshot's "type"."""
    return QUESTION_TYPES[key]
