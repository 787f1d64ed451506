"""The report document's content, built once as a tree of dataclasses (letterhead, title,
headings, paragraphs, tables, closing, annexes) that word.py and pdf.py lay out.

Every figure comes from the report functions the dashboard uses (get_unit_report: the stored
figures of a closed period), the session and course reads in queries.py, the missing
lists (missing_cadres_query) and the programme report the programme page shows
(get_programme_report, on the report's reference day). The sentences only state those
counts.

Layout of a Union administrative document, after Nghị định 30/2020/NĐ-CP (Phụ lục I) as
checked: A4 portrait; margins 20–25 mm top and bottom, 30–35 mm left, 15–20 mm right;
Times New Roman; the issuing body top left (its parent above it, the issuer in bold, a short
rule below), the national name and motto top right (motto ruled below), the number and
symbol under the issuer, place and date in italics under the motto; the document type and
its summary centred in bold; sections I., II. in bold capitals; "Nơi nhận:" bottom left and
the signer's title bottom right; pages numbered in the top margin from page 2. Hội LHPN Hà
Nội heads its own documents that way, motto included (Kế hoạch 77/KH-BTV, 11/2020, as
published by Báo Phụ nữ Thủ đô); the plan these reports answer, 39/KH-BCH, is numbered
"Số: 39/KH-BCH", dated "Hà Nội, ngày 22 tháng 4 năm 2022" and signed "TM. BAN CHẤP HÀNH /
CHỦ TỊCH", which the number symbol and the signer's block follow.

The document is always Vietnamese (it goes up the Union's hierarchy, like the certificate):
build_report_document forces the Vietnamese locale for every string.
"""

from dataclasses import dataclass, field

from babel.lists import format_list
from flask_babel import force_locale, get_locale
from flask_babel import gettext as _

from lms.catalog.models import TRACK_LABELS
from lms.core.clock import local_date, local_today
from lms.core.decimals import format_count, format_decimal, format_percent
from lms.reports.documents.queries import (
    count_online_completers,
    get_online_completions,
    get_session_totals,
    get_sessions_held,
)
from lms.reports.exports import missing_rows
from lms.reports.indicators.definitions import (
    INDICATOR_IDS,
    INDICATOR_LABELS,
    INDICATOR_SHORT_LABELS,
    MISSING_REASON_LABELS,
    Figure,
)
from lms.reports.indicators.unit_report import get_unit_report
from lms.training.programmes.queries import (
    STATUS_LABELS,
    STATUSES,
    get_programme_report,
    get_unit_programmes,
)

# The platform serves the Hanoi union: every document is dated from Hanoi (editable in Word).
PLACE = "Hà Nội"
# Printable width of the page between the margins (A4 210 mm, 30 mm left, 15 mm right).
TEXT_WIDTH = 165
ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII")


@dataclass
class Paragraph:
    text: str
    bold: bool = False
    italic: bool = False
    align: str = "justify"  # justify, center or left
    indent: bool = True  # first-line indent, as body text has
    keep_with_next: bool = False  # never the last line of a page (a title, a table's lead)


@dataclass
class Heading:
    text: str


@dataclass
class Column:
    title: str
    width: float  # mm
    align: str = "left"


@dataclass
class Table:
    columns: list[Column]
    rows: list[list[str]]


@dataclass
class Letterhead:
    parent: str  # the body above the issuer (or the union itself at the root)
    issuer: str
    number: str  # "Số: …/BC-BCH", the number left for the office to fill in
    country: str
    motto: str
    place_and_date: str


@dataclass
class Signature:
    on_behalf: str | None  # "TM. BAN CHẤP HÀNH"; None when one person signs for herself
    title: str


@dataclass
class Annex:
    label: str  # "Phụ lục 1"
    title: str
    note: str  # "(Kèm theo Báo cáo số …)"
    blocks: list = field(default_factory=list)


@dataclass
class ReportDocument:
    letterhead: Letterhead
    kind: str  # "BÁO CÁO"
    summary: str  # the subject line under it
    body: list
    recipients_label: str
    recipients: list[str]
    signature: Signature
    annexes: list[Annex]
    title: str  # file metadata
    author: str


def place_and_date(day):
    """ "Hà Nội, ngày 02 tháng 12 năm 2026": Decree 30/2020 writes days below 10 and months
    below 3 with a leading zero."""
    month = str(day.month).zfill(2 if day.month < 3 else 1)
    return _("%(place)s, day %(day)s month %(month)s year %(year)s", place=PLACE,
             day=str(day.day).zfill(2), month=month, year=day.year)


def period_phrase(period):
    """ "6 tháng đầu năm 2026" or "năm 2026"."""
    if period.half:
        return _("the first six months of %(year)s", year=period.year)
    return _("the year %(year)s", year=period.year)


def _signer(kind):
    """(on behalf of, title, the issuer's abbreviation in the number symbol) by unit kind."""
    if kind == "group":
        return None, _("GROUP HEAD"), "TPN"
    committee = _("ON BEHALF OF THE EXECUTIVE COMMITTEE")
    if kind == "branch":
        return committee, _("BRANCH HEAD"), "BCH"
    return committee, _("CHAIR"), "BCH"


def _percent(figure):
    return format_percent(figure.percent)


def _target(figure):
    return format_percent(figure.target, places=0)


def _date(day):
    return day.strftime("%d/%m/%Y")


class _Numbering:
    """I., II., ... for the sections and 1, 2, ... for the annexes, in the order built."""

    def __init__(self):
        self.sections = 0
        self.annexes = 0

    def section(self, title):
        self.sections += 1
        return Heading(f"{ROMAN[self.sections - 1]}. {title}")

    def annex(self):
        self.annexes += 1
        return self.annexes


def _letterhead(unit, parent, today, abbreviation):
    if parent is None:
        # The root union issues through its executive committee (as plan 39/KH-BCH does).
        upper, issuer = unit.name.upper(), _("EXECUTIVE COMMITTEE")
    else:
        upper, issuer = parent.name.upper(), unit.name.upper()
    return Letterhead(upper, issuer, _("No.: …/BC-%(symbol)s", symbol=abbreviation),
                      _("SOCIALIST REPUBLIC OF VIETNAM"),
                      _("Independence - Freedom - Happiness"), place_and_date(today))


def _intro(report, today):
    unit, period = report.unit, report.period
    paragraphs = [Paragraph(_(
        "Pursuant to Plan No. 39/KH-BCH of 22/4/2022 of the Executive Committee of the Hanoi "
        "Women's Union on the breakthrough “Raising the quality of the Union's branches and "
        "groups and of its cadres at every level” for 2022-2026, %(unit)s reports the results "
        "of training its cadres in %(period)s as follows:",
        unit=unit.name, period=period_phrase(period)))]
    if report.closed is not None:
        source = _("the indicator figures are those stored when the period was closed on "
                   "%(date)s.", date=_date(local_date(report.closed.closed_at)))
    else:
        source = _("the figures are those on the platform on %(date)s.", date=_date(today))
    paragraphs.append(Paragraph(_("Report period from %(start)s to %(end)s; %(source)s",
                                  start=_date(period.start), end=_date(period.end),
                                  source=source)))
    return paragraphs


def _indicator_sentence(indicator_id, figure):
    label = str(INDICATOR_LABELS[indicator_id])
    if not figure.denominator:
        return _("- %(label)s: no cadre falls under this indicator.", label=label)
    sentence = _("- %(label)s: %(n)s/%(d)s cadres, %(percent)s (target %(target)s).",
                 label=label, n=format_count(figure.numerator), d=format_count(figure.denominator),
                 percent=_percent(figure), target=_target(figure))
    if figure.on_target:
        return sentence + " " + _("The target is met.")
    return sentence + " " + _("The target is not met yet: %(count)s cadres still lack it.",
                              count=format_count(figure.denominator - figure.numerator))


def _indicators_section(numbering, report):
    columns = [Column(_("No."), 12, "center"), Column(_("Indicator"), 61),
               Column(_("Achieved"), 22, "center"), Column(_("Total"), 22, "center"),
               Column(_("Rate"), 24, "center"), Column(_("Target"), 24, "center")]
    rows = []
    for number, indicator_id in enumerate(INDICATOR_IDS, 1):
        figure = report.figures[indicator_id]
        rows.append([str(number), str(INDICATOR_LABELS[indicator_id]),
                     format_count(figure.numerator), format_count(figure.denominator),
                     _percent(figure), _target(figure)])
    blocks = [numbering.section(_("RESULTS ON THE PLAN'S TRAINING INDICATORS")),
              Table(columns, rows)]
    blocks += [Paragraph(_indicator_sentence(ind, report.figures[ind]))
               for ind in INDICATOR_IDS]
    return blocks


def _child_noun(units):
    kinds = {getattr(unit, "kind", None) for unit in units}
    nouns = {"city": _("city unions"), "district": _("district unions"),
             "commune": _("grassroots unions"), "branch": _("branches"),
             "group": _("women's groups")}
    return nouns.get(kinds.pop()) if len(kinds) == 1 else _("units under it")


def _children_sentence(indicator_id, children, noun):
    figures = [figures[indicator_id] for _child, figures in children]
    counted = [figure for figure in figures if figure.denominator]
    label = str(INDICATOR_LABELS[indicator_id])
    if not counted:
        return _("- “%(label)s”: none of the %(units)s has cadres under this indicator.",
                 label=label, units=noun)
    met = sum(1 for figure in counted if figure.on_target)
    sentence = _("- %(met)s/%(total)s %(units)s reach the target of “%(label)s” "
                 "(%(target)s).", met=format_count(met), total=format_count(len(counted)),
                 units=noun, label=label, target=_target(counted[0]))
    empty = len(figures) - len(counted)
    if empty:
        sentence += " " + _("%(count)s %(units)s have no cadre under it.",
                            count=format_count(empty), units=noun)
    return sentence


def _children_section(numbering, report):
    children = report.children
    noun = _child_noun(child for child, _figures in children)
    blocks = [numbering.section(_("RESULTS OF THE UNITS UNDER IT"))]
    blocks += [Paragraph(_children_sentence(ind, children, noun)) for ind in INDICATOR_IDS]
    width = (TEXT_WIDTH - 12 - 43) / len(INDICATOR_IDS)
    columns = [Column(_("No."), 12, "center"), Column(_("Unit"), 43)]
    columns += [Column(str(INDICATOR_SHORT_LABELS[ind]), width, "center")
                for ind in INDICATOR_IDS]
    rows = []
    for number, (child, figures) in enumerate(children, 1):
        row = [str(number), child.name]
        for ind in INDICATOR_IDS:
            figure = figures[ind]
            row.append(f"{format_count(figure.numerator)}/{format_count(figure.denominator)}\n"
                       f"{_percent(figure)}")
        rows.append(row)
    blocks.append(Paragraph(_("Achieved/total and rate of each unit:")))
    blocks.append(Table(columns, rows))
    return blocks


def _track(track):
    return str(TRACK_LABELS.get(track, track))


def _sessions_section(numbering, unit, period, annexes, note):
    blocks = [numbering.section(_("IN-PERSON TRAINING"))]
    totals = get_session_totals(unit.id, period)
    overall = totals[-1]
    if not overall.sessions:
        blocks.append(Paragraph(_("No in-person training session held in the period is "
                                  "recorded on the platform.")))
        return blocks
    annex_number = numbering.annex()
    blocks.append(Paragraph(_(
        "In the period %(sessions)s in-person training sessions were held, with "
        "%(attendances)s attendances by %(people)s people (list in Annex %(annex)s).",
        sessions=format_count(overall.sessions), attendances=format_count(overall.attendances),
        people=format_count(overall.attendees), annex=annex_number)))
    columns = [Column(_("Track"), 65), Column(_("Sessions"), 30, "center"),
               Column(_("Attendances"), 35, "center"), Column(_("People"), 35, "center")]
    rows = [[_track(t.track), format_count(t.sessions), format_count(t.attendances),
             format_count(t.attendees)] for t in totals[:-1]]
    rows.append([_("Total"), format_count(overall.sessions), format_count(overall.attendances),
                 format_count(overall.attendees)])
    blocks.append(Table(columns, rows))
    sessions = get_sessions_held(unit.id, period)
    annex_columns = [Column(_("No."), 12, "center"), Column(_("Date"), 26, "center"),
                     Column(_("Session"), 47), Column(_("Held by"), 38),
                     Column(_("Hours"), 16, "center"), Column(_("Attendees"), 26, "center")]
    annex_rows = [[str(number), _date(held_on), title, unit_name, format_decimal(hours),
                   format_count(attendees)]
                  for number, (held_on, title, unit_name, _track_id, hours, attendees)
                  in enumerate(sessions, 1)]
    annexes.append(Annex(_("Annex %(number)s", number=annex_number),
                         _("IN-PERSON TRAINING SESSIONS HELD IN THE PERIOD"), note,
                         [Table(annex_columns, annex_rows)]))
    return blocks


def _online_section(numbering, unit, period):
    blocks = [numbering.section(_("ONLINE COURSES"))]
    courses = get_online_completions(unit.id, period)
    if not courses:
        blocks.append(Paragraph(_("No cadre completed an online course in the period.")))
        return blocks
    completions = sum(count for _title, _track_id, count in courses)
    blocks.append(Paragraph(_(
        "In the period %(cadres)s cadres completed online courses: %(completions)s "
        "completions of %(courses)s courses.",
        cadres=format_count(count_online_completers(unit.id, period)),
        completions=format_count(completions), courses=format_count(len(courses)))))
    columns = [Column(_("No."), 12, "center"), Column(_("Course"), 83),
               Column(_("Track"), 40), Column(_("Completions"), 30, "center")]
    rows = [[str(number), title, _track(track), format_count(count)]
            for number, (title, track, count) in enumerate(courses, 1)]
    blocks.append(Table(columns, rows))
    return blocks


def reference_day(period, today):
    """The day the programme statuses are taken on: the period's last day (30/06 or 31/12),
    or `today` while the period runs."""
    return min(period.end, today)


def _audience(programme):
    groups = {"only_full_time": _("full-time cadres"), "only_key_cadres": _("key cadres"),
              "only_department_leaders": _("city department leaders"),
              "only_chairs": _("Union chairs")}
    chosen = [label for flag, label in groups.items() if getattr(programme, flag)]
    if not chosen:
        return _("every active cadre")
    if len(chosen) == 1:
        return chosen[0]
    # The programme asks for every flag it is limited to: those who are all of them.
    return _("cadres who are at once %(groups)s", groups=format_list(chosen,
                                                                     locale=get_locale()))


def _programme_sentence(report, day, noun):
    """One sentence of counts: the unit's cadres done, and those overdue (or not done yet
    before the due date); then how many of the units under it have every cadre done."""
    total = report.total
    done, left = total.counts["done"], total.total - total.counts["done"]
    sentence = _("- %(done)s/%(total)s cadres have completed the programme (%(percent)s)",
                 done=format_count(done), total=format_count(total.total),
                 percent=_percent(Figure(done, total.total, 100)))
    if left and day > report.programme.due_date:
        sentence += _(", %(count)s cadres are overdue", count=format_count(total.counts["overdue"]))
    elif left:
        sentence += _(", %(count)s cadres have not completed it yet", count=format_count(left))
    counted = [row for row in report.children if row.total]
    if counted:
        full = sum(1 for row in counted if row.counts["done"] == row.total)
        sentence += _("; %(full)s/%(counted)s %(units)s have %(all)s of their cadres done",
                      full=format_count(full), counted=format_count(len(counted)), units=noun,
                      all=format_percent(100, places=0))
        empty = len(report.children) - len(counted)
        if empty:
            sentence += _(" (%(count)s %(units)s have no cadre under the programme)",
                          count=format_count(empty), units=noun)
    return sentence + "."


def _programme_blocks(number, report):
    programme, unit, day = report.programme, report.unit, report.today
    blocks = [Paragraph(_("%(number)s. %(title)s", number=number, title=programme.title),
                        bold=True, keep_with_next=True),
              Paragraph(_("Issued by %(unit)s; due by %(date)s; for %(audience)s.",
                          unit=programme.unit.name, date=_date(programme.due_date),
                          audience=_audience(programme)))]
    total = report.total
    if not total.total:
        blocks.append(Paragraph(_("No cadre of %(unit)s falls under this programme.",
                                  unit=unit.name)))
        return blocks
    width = TEXT_WIDTH / (len(STATUSES) + 2)
    columns = [Column(str(STATUS_LABELS[status]), width, "center") for status in STATUSES]
    columns += [Column(_("Total"), width, "center"),
                Column(_("Completion rate"), width, "center")]
    done = Figure(total.counts["done"], total.total, 100)
    blocks.append(Table(columns, [[format_count(total.counts[status]) for status in STATUSES]
                                  + [format_count(total.total), _percent(done)]]))
    noun = _child_noun(row.unit for row in report.children)
    blocks.append(Paragraph(_programme_sentence(report, day, noun)))
    if report.children:
        columns = [Column(_("No."), 12, "center"), Column(_("Unit"), 61),
                   Column(str(STATUS_LABELS["done"]), 22, "center"),
                   Column(_("Total"), 22, "center"), Column(_("Rate"), 24, "center"),
                   Column(str(STATUS_LABELS["overdue"]), 24, "center")]
        rows = [[str(n), row.unit.name, format_count(row.counts["done"]), format_count(row.total),
                 _percent(Figure(row.counts["done"], row.total, 100)),
                 format_count(row.counts["overdue"])]
                for n, row in enumerate(report.children, 1)]
        blocks.append(Paragraph(_("Results of each unit under it:"), keep_with_next=True))
        blocks.append(Table(columns, rows))
    return blocks


def _programmes_section(numbering, report, today):
    """For each published programme of the year that applies to the unit, its counts on the
    reference day, live even when the period is closed (the closing stores the indicators
    only; the document says so)."""
    unit, period = report.unit, report.period
    blocks = [numbering.section(_("RESULTS OF THE TRAINING PROGRAMMES"))]
    programmes = get_unit_programmes(unit.id, period.year)
    if not programmes:
        blocks.append(Paragraph(_("No training programme of %(year)s that applies to the "
                                  "unit has been issued.", year=period.year)))
        return blocks
    day = reference_day(period, today)
    source = [_("Statuses as of %(day)s.", day=_date(day))]
    if day < today:
        source.append(_("Training dated after that day is not counted; cadres are counted "
                        "in the unit they belong to on %(today)s.", today=_date(today)))
    if report.closed is not None:
        source.append(_("These figures are worked out from the data on the platform on "
                        "%(today)s; they are not among the figures stored when the period "
                        "was closed.", today=_date(today)))
    blocks.append(Paragraph(" ".join(source)))
    for number, programme in enumerate(programmes, 1):
        blocks += _programme_blocks(number, get_programme_report(programme, unit, day))
    return blocks


def _missing_section(numbering, report, annexes, note, today):
    blocks = [numbering.section(_("CADRES WHO DO NOT MEET THE INDICATORS YET"))]
    short = [ind for ind in INDICATOR_IDS
             if report.figures[ind].denominator > report.figures[ind].numerator]
    if not short:
        blocks.append(Paragraph(_("Every cadre under an indicator meets it.")))
        return blocks
    annex_number = numbering.annex()
    for ind in short:
        figure = report.figures[ind]
        blocks.append(Paragraph(_("- %(label)s: %(count)s cadres.",
                                  label=str(INDICATOR_LABELS[ind]),
                                  count=format_count(figure.denominator - figure.numerator))))
    if report.closed is not None:
        blocks.append(Paragraph(_(
            "These counts are the figures stored on %(closed)s; the names in Annex "
            "%(annex)s are those who still lack the indicator on %(today)s.",
            closed=_date(local_date(report.closed.closed_at)), annex=annex_number,
            today=_date(today))))
    else:
        blocks.append(Paragraph(_("The names are listed in Annex %(annex)s.",
                                  annex=annex_number)))
    annex = Annex(_("Annex %(number)s", number=annex_number),
                  _("CADRES WHO DO NOT MEET THE INDICATORS YET"), note)
    columns = [Column(_("No."), 12, "center"), Column(_("Full name"), 36),
               Column(_("Cadre code"), 26), Column(_("Unit"), 32), Column(_("Position"), 25),
               Column(_("Still lacking"), 34)]
    for number, ind in enumerate(short, 1):
        # The unit with its ward: "Chi hội Tổ dân phố số 1" alone exists in many wards.
        rows = [[str(row_number), name, code,
                 f"{unit_name} · {ward}" if ward and ward != unit_name else unit_name,
                 position or "", str(MISSING_REASON_LABELS.get(reason, reason))]
                for row_number, (code, name, unit_name, ward, position, _phone, reason)
                in enumerate(missing_rows(report.unit.id, ind, report.period), 1)]
        annex.blocks.append(Paragraph(_("%(number)s. %(label)s (%(count)s cadres)",
                                        number=number, label=str(INDICATOR_LABELS[ind]),
                                        count=format_count(len(rows))), bold=True, indent=False,
                                      align="left"))
        annex.blocks.append(Table(columns, rows))
    annexes.append(annex)
    return blocks


def _recipients(parent):
    lines = []
    if parent is not None:
        lines.append(_("- %(unit)s (to report);", unit=parent.name))
    lines.append(_("- Archive: records office."))
    return lines


def _build(unit_id, period, today):
    report = get_unit_report(unit_id, period)
    if report is None:
        return None
    unit = report.unit
    parent = getattr(unit, "parent", None)
    on_behalf, signer_title, abbreviation = _signer(unit.kind)
    letterhead = _letterhead(unit, parent, today, abbreviation)
    note = _("(Attached to Report No. …/BC-%(symbol)s of %(date)s of %(unit)s)",
             symbol=abbreviation, date=_date(today), unit=unit.name)
    numbering = _Numbering()
    annexes = []
    body = _intro(report, today)
    body += _indicators_section(numbering, report)
    if report.children:
        body += _children_section(numbering, report)
    body += _sessions_section(numbering, unit, period, annexes, note)
    body += _online_section(numbering, unit, period)
    body += _programmes_section(numbering, report, today)
    # Missing last: its annex follows the sessions' one, in the order the text cites them.
    body += _missing_section(numbering, report, annexes, note, today)
    summary = _("Results of training the Union's cadres in %(period)s",
                period=period_phrase(period))
    return ReportDocument(
        letterhead=letterhead, kind=_("REPORT"), summary=summary, body=body,
        recipients_label=_("Recipients:"), recipients=_recipients(parent),
        signature=Signature(on_behalf, signer_title), annexes=annexes,
        title=_("Report: %(summary)s – %(unit)s", summary=summary, unit=unit.name),
        author=unit.name)


def build_report_document(unit_id, period, today=None):
    """The ReportDocument of the unit's subtree for the period, in Vietnamese; None if there
    is no such unit. `today` (a Vietnam date) dates the document; today by default."""
    with force_locale("vi"):
        return _build(unit_id, period, today or local_today())
