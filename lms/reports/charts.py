"""Bar charts as plain data for the Jinja macros in templates/reports/_charts.html.

The page's CSP forbids inline styles and scripts: the macros draw server-side SVG with
geometry attributes only (x, y, width, height) and colour classes from reports.css."""

from dataclasses import dataclass

ROW_HEIGHT = 40
BAR_HEIGHT = 14
CHART_WIDTH = 360
BAR_AREA = 300  # 100% = 300 units; the rest holds the value text


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
    url: str | None = None


@dataclass
class Chart:
    width: int
    height: int
    bars: list
    target: int
    target_x: float


def unit_bars(items, target):
    """A horizontal bar per child unit: `items` are (label, Figure, url or None)."""
    bars = []
    for index, (label, figure, url) in enumerate(items):
        top = index * ROW_HEIGHT
        percent = figure.percent
        width = BAR_AREA * min(percent or 0, 100) / 100
        bars.append(Bar(label=label, percent=percent, status=_status(percent, target),
                        x=0, y=top + 20, width=round(width, 1), height=BAR_HEIGHT,
                        text_x=round(width + 4, 1), text_y=top + 32, label_y=top + 14,
                        url=url))
    return Chart(width=CHART_WIDTH, height=max(len(bars), 1) * ROW_HEIGHT, bars=bars,
                 target=target, target_x=BAR_AREA * min(target, 100) / 100)


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
