"""Catalogue forms."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, SearchField


class CourseSearchForm(FlaskForm):
    """GET search of the catalogue; no CSRF because it changes nothing."""

    class Meta:
        csrf = False

    q = SearchField(_l("Search the courses"),
                    description=_l("Titles, summaries and lesson text; accents optional."))
    track = HiddenField()
