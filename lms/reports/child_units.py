"""The dashboard's list of child units: one indicator chosen, searched by name without
accents, filtered (below target, a percent band) and sorted, then cut into pages.

It works on the figures the unit report already holds (get_unit_report, one aggregate for
every child): choosing, searching or sorting runs no statement of its own."""

from dataclasses import dataclass, replace
from math import ceil

from lms.core.text import fold_vietnamese
from lms.reports.indicators.definitions import INDICATOR_IDS

DEFAULT_INDICATOR = "annual_training"
SORTS = ("attention", "name", "percent")
PER_PAGE = 20
# Ten points wide each, from 100 % down to 0-9.9 %; NO_CADRES for a unit nobody is counted in.
BANDS = (100, 90, 80, 70, 60, 50, 40, 30, 20, 10, 0)
NO_CADRES = -1


@dataclass(frozen=True)
class ChildListArgs:
    """What the organizer chose above the list, read from the query string."""

    indicator: str = DEFAULT_INDICATOR
    q: str = ""
    below: bool = False
    sort: str = "attention"
    band: int | None = None
    page: int = 1

    @property
    def url_args(self):
        """The choices as query arguments, the defaults left out (for links and the pager)."""
        default = ChildListArgs()
        return {name: (1 if value is True else value)
                for name in ("indicator", "q", "below", "sort", "band")
                if (value := getattr(self, name)) != getattr(default, name)}

    def with_(self, **changes):
        """The same choices with some changed, back on the first page."""
        return replace(self, page=1, **changes)


def _whole(text):
    text = (text or "").strip()
    return int(text) if text.isdigit() or (text[:1] == "-" and text[1:].isdigit()) else None


def child_list_args(values):
    """The list's choices from ?indicator=&q=&below=1&sort=&band=&page= ; a value that is not
    one of the choices falls back to its default (an old bookmark still opens the page)."""
    indicator = values.get("indicator", "")
    sort = values.get("sort", "")
    band = _whole(values.get("band"))
    page = _whole(values.get("page"))
    return ChildListArgs(
        indicator=indicator if indicator in INDICATOR_IDS else DEFAULT_INDICATOR,
        q=" ".join(values.get("q", "").split())[:100],
        below=values.get("below") == "1",
        sort=sort if sort in SORTS else "attention",
        band=band if band in BANDS or band == NO_CADRES else None,
        page=page if page and page > 0 else 1)


def band_of(figure):
    """The band a figure falls in: 100, 90 (90 to 99.9 %), ..., 0 (0 to 9.9 %), by the percent
    the dashboard shows (rounded to one decimal, as its on-target check); NO_CADRES if no one
    is counted."""
    percent = figure.percent
    if percent is None:
        return NO_CADRES
    return 100 if percent >= 100 else int(percent // 10) * 10


def _by_attention(unit, figure):
    """Furthest below target first: the lowest percent (the target is the same for every
    child); when equal, the unit with more cadres still to train; units without cadres last."""
    if figure.percent is None:
        return (1, 0, 0, unit.sort_name)
    return (0, figure.percent, figure.numerator - figure.denominator,
            unit.sort_name)


def _by_percent(unit, figure):
    """The highest percent first; when equal, the larger unit; units without cadres last."""
    if figure.percent is None:
        return (1, 0, 0, unit.sort_name)
    return (0, -figure.percent, -figure.denominator, unit.sort_name)


def _by_name(unit, _figure):
    return unit.sort_name


_SORT_KEYS = {"attention": _by_attention, "name": _by_name, "percent": _by_percent}


def _matches(unit, folded_query):
    return (folded_query in fold_vietnamese(unit.name)
            or folded_query in (unit.code or "").lower())


@dataclass
class ChildList:
    """One page of the child units for the chosen indicator, with the counts the page shows."""

    args: ChildListArgs
    items: list  # (unit, {indicator: Figure}) of this page
    total: int  # child units in the report
    below_target: int  # of them, below target on the chosen indicator
    matching: int  # after the search and filters
    page: int
    per_page: int

    @property
    def pages(self):
        return max(1, ceil(self.matching / self.per_page))

    @property
    def has_prev(self):
        return self.page > 1

    @property
    def has_next(self):
        return self.page < self.pages

    @property
    def prev_num(self):
        return self.page - 1

    @property
    def next_num(self):
        return self.page + 1


def select_children(children, args, per_page=PER_PAGE):
    """The page of `children` ((unit, figures) of a UnitReport) that `args` asks for: searched
    by name or code without accents, below target only, in one band, sorted; a page past the
    end shows the last one."""
    indicator = args.indicator
    below_target = sum(1 for _unit, figures in children
                       if figures[indicator].on_target is False)
    kept = list(children)
    if args.q:
        folded = fold_vietnamese(args.q)
        kept = [(unit, figures) for unit, figures in kept if _matches(unit, folded)]
    if args.below:
        kept = [item for item in kept if item[1][indicator].on_target is False]
    if args.band is not None:
        kept = [item for item in kept if band_of(item[1][indicator]) == args.band]
    sort_key = _SORT_KEYS[args.sort]
    kept.sort(key=lambda item: sort_key(item[0], item[1][indicator]))
    page = min(args.page, max(1, ceil(len(kept) / per_page)))
    start = (page - 1) * per_page
    return ChildList(args, kept[start:start + per_page], len(children), below_target,
                     len(kept), page, per_page)


def lowest_units(children, indicator, limit=10):
    """(unit, Figure) of the `limit` child units furthest below target on `indicator`
    (units without cadres left out), in attention order."""
    pairs = [(unit, figures[indicator]) for unit, figures in children
             if figures[indicator].percent is not None]
    return sorted(pairs, key=lambda pair: _by_attention(*pair))[:limit]


def count_bands(children, indicator):
    """{band: number of child units} for every band of BANDS (zero included), and NO_CADRES
    when some child has nobody counted."""
    counts = dict.fromkeys(BANDS, 0)
    for _unit, figures in children:
        band = band_of(figures[indicator])
        counts[band] = counts.get(band, 0) + 1
    return counts
