"""Files organizers download: the indicator dashboard table and each missing list, as XLSX or
CSV, with Vietnamese headers (through gettext) and every text cell escaped by the writer.

The figures come from the same functions the pages use (get_unit_report,
missing_cadres_query); this module only lays them out as rows and writes the files.
"""

from flask_babel import gettext as _

from lms.core.clock import local_date
from lms.core.spreadsheets import write_spreadsheet, write_spreadsheet_file
from lms.extensions import db
from lms.org.models import Cadre
from lms.org.queries import ward_name_of
from lms.reports.indicators.definitions import (
    INDICATOR_IDS,
    INDICATOR_LABELS,
    MISSING_REASON_LABELS,
)
from lms.reports.indicators.missing import missing_cadres_query


class Table:
    """A report as rows: title lines above, a header, then data rows (text or numbers)."""

    def __init__(self, titles, header, rows, sheet="Bao cao"):
        self.titles = titles
        self.header = header
        self.rows = rows
        self.sheet = sheet


# A missing list written to a file reads this many rows at a time from the database.
MISSING_BATCH = 2000


def render(table, fmt):
    """(bytes, mimetype) of the table in `fmt` ('xlsx' or 'csv')."""
    return write_spreadsheet(fmt, table.header, table.rows, table.sheet, table.titles)


def render_to_file(table, fmt, path):
    """Write the table in `fmt` to the file at `path` as its rows come; return the mimetype."""
    return write_spreadsheet_file(path, fmt, table.header, table.rows, table.sheet,
                                  table.titles)


def period_slug(period):
    return f"{period.year}-h1" if period.half else str(period.year)


def dashboard_table(report):
    """The dashboard of a UnitReport as a Table: the unit's row, then one per child unit,
    each with numerator, denominator, percent and target of every indicator."""
    titles = [_("Training indicators: %(unit)s, %(period)s", unit=report.unit.name,
                period=report.period.label)]
    if report.closed is not None:
        closed_on = local_date(report.closed.closed_at).strftime("%d/%m/%Y")
        titles.append(_("Figures closed on %(date)s", date=closed_on))
    parts = (_("Achieved"), _("Total"), _("Rate (%)"), _("Target (%)"))
    header = [_("Unit"), _("Code")]
    for indicator_id in INDICATOR_IDS:
        header += [f"{INDICATOR_LABELS[indicator_id]} – {part}" for part in parts]
    rows = [_dashboard_row(report.unit, report.figures)]
    rows += [_dashboard_row(child, figures) for child, figures in report.children]
    return Table(titles, header, rows, sheet="Chi tieu")


def _dashboard_row(unit, figures):
    # A closed report may name a unit deleted since: it then carries only the stored fields.
    row = [getattr(unit, "name", ""), getattr(unit, "code", "")]
    for indicator_id in INDICATOR_IDS:
        figure = figures[indicator_id]
        row += [figure.numerator, figure.denominator, figure.percent, figure.target]
    return row


def missing_rows(unit_id, indicator_id, period, batch=None):
    """Every missing cadre (not one page) as (code, name, unit, its commune/ward, position,
    phone, reason code), from missing_cadres_query without loading Cadre objects: a list,
    or with `batch` an iterator that fetches `batch` rows at a time from an open cursor."""
    query = missing_cadres_query(unit_id, indicator_id, period)
    columns = query.selected_columns
    query = query.with_only_columns(Cadre.code, Cadre.full_name, columns.unit_name,
                                    ward_name_of(Cadre.unit_id), Cadre.position, Cadre.phone,
                                    columns.reason)
    if batch is None:
        return db.session.execute(query).all()
    return iter(db.session.execute(query, execution_options={"yield_per": batch}))


def missing_table(unit, indicator_id, period, batch=None):
    """The whole missing list of the indicator for the unit's subtree as a Table; with
    `batch` its rows are an iterator read `batch` at a time (to write a large file)."""
    titles = [_("Cadres not yet meeting the indicator \"%(indicator)s\": %(unit)s, %(period)s",
                indicator=INDICATOR_LABELS[indicator_id], unit=unit.name, period=period.label)]
    header = [_("Cadre code"), _("Full name"), _("Unit"), _("Commune/ward union"),
              _("Position"), _("Phone number"), _("Still lacking")]
    reasons = {reason: str(label) for reason, label in MISSING_REASON_LABELS.items()}
    rows = ((code, name, unit_name, ward or "", position, phone, reasons.get(reason, reason))
            for code, name, unit_name, ward, position, phone, reason
            in missing_rows(unit.id, indicator_id, period, batch))
    return Table(titles, header, rows if batch else list(rows), sheet="Con thieu")
