"""Charts as plain data for the Jinja macros in templates/reports/_charts.html.

The page's CSP forbids inline styles and scripts: the macros draw server-side SVG with
geometry attributes only (x, y, width, height) and colour classes from reports.css. Charts
whose lines are links are HTML lists (text that wraps, a whole line to tap) with a small SVG
bar in each line; the years chart, which links nowhere, is one SVG."""

from dataclasses import dataclass

CHART_WIDTH = 360


def _status(percent, target):
    if percent is None:
        return "none"
    return "on" if percent >= target else "off"


@dataclass
class Bar:
    label: str
    percent: float | None
    status: str
    x: float
    y: float
    width: float
    height: float
    text_x: float
    text_y: float
    label_y: float


@dataclass
class Chart:
    width: int
    height: int
    bars: list
    target: int
    target_x: float


@dataclass
class Row:
    """One line of a chart drawn as an HTML list: a label, a bar `width` out of 100 (the
    bar's SVG has only geometry attributes), a colour class and the link the line is."""

    key: object
    value: object
    width: float
    status: str
    url: str | None = None


@dataclass
class RowChart:
    rows: list
    target_x: float | None = None  # where the target's line is drawn, out of 100


def band_rows(counts, target, url_for_band):
    """The distribution of child units by percent band: `counts` is {band: units} (from
    child_units.count_bands, highest band first, the band without cadres last), a row per
    band down to the lowest one holding a unit (and the band without cadres if it holds one),
    its bar scaled to the largest band; a band is "on" when all of it is at or above the
    target, "off" when all of it is below, "part" otherwise. Empty bands have no link."""
    largest = max(counts.values(), default=0) or 1
    # The empty bands below the lowest unit say nothing: the chart stops at that unit's band.
    filled = [band for band, units in counts.items() if units and band >= 0]
    lowest = min(filled, default=100)
    rows = []
    for band, units in counts.items():
        if 0 <= band < lowest or (band < 0 and not units):
            continue
        if band < 0:
            status = "none"
        elif band >= target:
            status = "on"
        elif band + 10 <= target:
            status = "off"
        else:
            status = "part"
        rows.append(Row(band, units, round(100 * units / largest, 1), status,
                        url_for_band(band) if units else None))
    return RowChart(rows)


def unit_rows(items, target):
    """A bar per unit: `items` are (unit, Figure, url), the bar the unit's percent."""
    return RowChart([Row(unit, figure, round(min(figure.percent or 0, 100), 1),
                         _status(figure.percent, target), url)
                     for unit, figure, url in items],
                    target_x=min(target, 100))


COLUMN_AREA = 140  # height of 100%
COLUMN_TOP = 20


def year_columns(series, target):
    """A vertical column per year: `series` is a YearSeries; a closed year's label is starred."""
    years = sorted(series.figures)
    step = CHART_WIDTH / max(len(years), 1)
    bars = []
    for index, year in enumerate(years):
        figure = series.figures[year]
        percent = figure.percent
        height = COLUMN_AREA * min(percent or 0, 100) / 100
        bottom = COLUMN_TOP + COLUMN_AREA
        bars.append(Bar(label=f"{year}*" if year in series.closed_years else str(year),
                        percent=percent, status=_status(percent, target),
                        x=round(index * step + step * 0.2, 1), y=round(bottom - height, 1),
                        width=round(step * 0.6, 1), height=round(height, 1),
                        text_x=round(index * step + step / 2, 1),
                        text_y=round(bottom - height - 4, 1), label_y=bottom + 18))
    return Chart(width=CHART_WIDTH, height=COLUMN_TOP + COLUMN_AREA + 26, bars=bars,
                 target=target,
                 target_x=round(COLUMN_TOP + COLUMN_AREA * (1 - min(target, 100) / 100), 1))
