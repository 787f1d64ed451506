"""The plan's five training indicators: ids, labels, targets, the criteria they count, the
term defaults, the report Period (and reading it from a request) and the Figure of one
indicator (definitions in shared/PRODUCT.md)."""

from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from lms.core.clock import local_today
from lms.core.years import year_arg

INDICATOR_IDS = ("annual_training", "digital_training_full_time", "master_dept_leaders",
                 "master_key_cadres", "university_young_chairs")

TARGETS = {"annual_training": 100, "digital_training_full_time": 100, "master_dept_leaders": 50,
           "master_key_cadres": 35, "university_young_chairs": 100}

INDICATOR_LABELS = {
    "annual_training": _l("Cadres trained in the period"),
    "digital_training_full_time": _l("Full-time cadres trained in IT and digital transformation"),
    "master_dept_leaders": _l("Department leaders with a master's degree or higher"),
    "master_key_cadres": _l("City and district key cadres with a master's degree or higher"),
    "university_young_chairs": _l("Commune chairs under 40 with a university degree"),
}

# For table columns, where each cell of a phone's stacked rows repeats its column's label.
INDICATOR_SHORT_LABELS = {
    "annual_training": _l("Trained this period"),
    "digital_training_full_time": _l("IT and digital (full-time)"),
    "master_dept_leaders": _l("Dept. leaders: master's"),
    "master_key_cadres": _l("Key cadres: master's"),
    "university_young_chairs": _l("Young chairs: university"),
}

MISSING_REASON_LABELS = {
    "no_training": _l("No training in the period"),
    "hours_short": _l("Not enough training hours"),
    "no_it": _l("No IT course"),
    "no_digital": _l("No digital transformation course"),
    "no_it_no_digital": _l("No IT course and no digital transformation course"),
    "no_master": _l("No master's degree"),
    "no_university": _l("No university degree"),
}

MASTER_PLUS = ("master", "doctorate")
UNIVERSITY_PLUS = ("university", "master", "doctorate")
LEADING_KINDS = ("city", "district")
YOUNG_AGE = 40

# The plan's term (2022–2026), until an admin sets another in the report settings.
DEFAULT_TERM_START = date(2022, 1, 1)
DEFAULT_TERM_END = date(2026, 12, 31)


@dataclass(frozen=True)
class Period:
    """A report period: a calendar year, or its first half (1 January to 30 June)."""

    year: int
    half: bool = False

    @property
    def start(self):
        return date(self.year, 1, 1)

    @property
    def end(self):
        return date(self.year, 6, 30) if self.half else date(self.year, 12, 31)

    def has_started(self, today):
        """Whether the period has begun by `today` (a Vietnam date)."""
        return self.start <= today

    def is_over(self, today):
        """Whether the period's last day is before `today` (a Vietnam date)."""
        return self.end < today

    @property
    def url_args(self):
        """The period as the query arguments of a report page: year, and half=1 for a half."""
        return {"year": self.year, "half": 1 if self.half else None}

    @property
    def label(self):
        if self.half:
            return _("January–June %(year)s", year=self.year)
        return str(self.year)


def period_from(values):
    """?year=YYYY&half=1 (or the same form fields) as a Period: this year in Vietnam by
    default, 400 when the year is malformed."""
    year = year_arg(values)
    if year is None:
        year = local_today().year
    return Period(year, half=values.get("half") == "1")


@dataclass
class Figure:
    numerator: int
    denominator: int
    target: int

    @property
    def percent(self):
        if not self.denominator:
            return None
        return round(100 * self.numerator / self.denominator, 1)

    @property
    def on_target(self):
        percent = self.percent
        return None if percent is None else percent >= self.target

    def to_dict(self):
        return {"numerator": self.numerator, "denominator": self.denominator,
                "percent": self.percent, "target": self.target}

    @classmethod
    def from_dict(cls, data, indicator_id):
        return cls(int(data.get("numerator", 0)), int(data.get("denominator", 0)),
                   int(data.get("target", TARGETS[indicator_id])))


def empty_figures():
    return {ind: Figure(0, 0, TARGETS[ind]) for ind in INDICATOR_IDS}


def figures_to_dict(figures):
    return {ind: figures[ind].to_dict() for ind in INDICATOR_IDS}


def figures_from_dict(data):
    return {ind: Figure.from_dict(data.get(ind, {}), ind) for ind in INDICATOR_IDS}
