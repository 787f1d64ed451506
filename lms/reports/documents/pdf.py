"""The report document as an A4 PDF (fpdf2), laid out like the Word file from the same
content. It embeds the certificates' Vietnamese font (Be Vietnam Pro): Times New Roman, which
Decree 30 names, may not be embedded freely, and the Word file carries it for editing."""

import unicodedata

import fontpkg_be_vietnam_pro
from fpdf import FPDF
from fpdf.enums import Align, XPos, YPos

from lms.learning.certificates.pdf import FONT_FAMILY, FONT_FILES
from lms.reports.documents.content import TEXT_WIDTH, Heading, Paragraph, Table

LEFT, TOP, RIGHT, BOTTOM = 30, 20, 15, 20
# Be Vietnam Pro sets wider than Times New Roman: one or two points less for the same lines.
BODY_PT = 12.5
HEAD_PT = 11.5
TABLE_PT = 10
NOTE_PT = 10.5
LINE = 1.3  # line height as a multiple of the font size
STYLES = {**FONT_FILES, "I": "BeVietnamPro-Italic.ttf", "BI": "BeVietnamPro-BoldItalic.ttf"}
CELL_PAD_X, CELL_PAD_Y = 1.2, 0.9
PT_MM = 0.3528


def _nfc(text):
    # Names imported from some spreadsheets arrive decomposed; the font has precomposed glyphs.
    return unicodedata.normalize("NFC", text or "")


def _height(size):
    return size * PT_MM * LINE


class _ReportPDF(FPDF):
    def header(self):
        # Decree 30: the page number centred in the top margin, none on the first page.
        if self.page_no() > 1:
            self.set_font(FONT_FAMILY, "", NOTE_PT)
            self.set_y(10)
            self.cell(0, 5, str(self.page_no()), align=Align.C)
            self.set_y(TOP)


def _new_pdf(content):
    pdf = _ReportPDF(orientation="P", unit="mm", format="A4")
    files = fontpkg_be_vietnam_pro.ROOT / "files"
    for style, filename in STYLES.items():
        pdf.add_font(FONT_FAMILY, style, files / filename)
    pdf.set_margins(LEFT, TOP, RIGHT)
    pdf.set_auto_page_break(True, BOTTOM)
    pdf.set_lang("vi")
    pdf.set_title(_nfc(content.title))
    pdf.set_author(_nfc(content.author))
    pdf.set_creator(_nfc(content.author))
    pdf.add_page()
    return pdf


def _centred(pdf, x, width, text, style="", size=BODY_PT):
    pdf.set_x(x)
    pdf.set_font(FONT_FAMILY, style, size)
    pdf.multi_cell(width, _height(size), _nfc(text), align=Align.C, new_x=XPos.LEFT,
                   new_y=YPos.NEXT)


def _rule(pdf, centre, length):
    y = pdf.get_y() + 1
    pdf.set_line_width(0.3)
    pdf.line(centre - length / 2, y, centre + length / 2, y)
    pdf.set_y(y + 1.5)


def _letterhead(pdf, head):
    left_w, right_x = 72, LEFT + 72
    right_w = TEXT_WIDTH - 72
    pdf.set_y(TOP)
    _centred(pdf, LEFT, left_w, head.parent, "", HEAD_PT)
    _centred(pdf, LEFT, left_w, head.issuer, "B", HEAD_PT)
    _rule(pdf, LEFT + left_w / 2, left_w / 3)
    _centred(pdf, LEFT, left_w, head.number, "", HEAD_PT)
    left_bottom = pdf.get_y()
    pdf.set_y(TOP)
    _centred(pdf, right_x, right_w, head.country, "B", HEAD_PT)
    _centred(pdf, right_x, right_w, head.motto, "B", HEAD_PT + 1)
    pdf.set_font(FONT_FAMILY, "B", HEAD_PT + 1)
    _rule(pdf, right_x + right_w / 2, pdf.get_string_width(_nfc(head.motto)))
    _centred(pdf, right_x, right_w, head.place_and_date, "I", BODY_PT - 0.5)
    pdf.set_y(max(left_bottom, pdf.get_y()))
    pdf.set_x(LEFT)


def _title(pdf, kind, summary):
    pdf.ln(8)
    _centred(pdf, LEFT, TEXT_WIDTH, kind, "B", BODY_PT + 1)
    _centred(pdf, LEFT, TEXT_WIDTH, summary, "B", BODY_PT)
    _rule(pdf, LEFT + TEXT_WIDTH / 2, 45)
    pdf.ln(2)


def _text(pdf, text, style="", size=BODY_PT, align="J", indent=10, before=2):
    pdf.set_font(FONT_FAMILY, style, size)
    with (pdf.text_columns(text_align=align, line_height=LINE) as columns,
          columns.paragraph(first_line_indent=indent, top_margin=before) as paragraph):
        paragraph.write(_nfc(text))


def _paragraph(pdf, block):
    style = ("B" if block.bold else "") + ("I" if block.italic else "")
    align = {"justify": "J", "center": "C", "left": "L"}[block.align]
    _text(pdf, block.text, style, align=align, indent=10 if block.indent else 0)


class _Lines:
    """Cell text wrapped to a width in the current font: [(line, its width)]. Word widths are
    measured once each (unit names, positions and reasons repeat down a long list)."""

    def __init__(self, pdf):
        self.pdf = pdf
        self.widths = {}

    def width(self, text):
        found = self.widths.get(text)
        if found is None:
            # The font's own advance widths: get_string_width's bidi pass costs ten times
            # more, for text that never needs it.
            pdf = self.pdf
            points = pdf.current_font.get_text_width(text, pdf.font_size_pt, None)[1]
            found = self.widths[text] = points / pdf.k
        return found

    def wrap(self, text, room):
        lines = []
        for part in text.split("\n"):
            if self.width(part) <= room:
                lines.append((part, self.width(part)))
                continue
            line, line_w = "", 0.0
            space = self.width(" ")
            for word in part.split(" "):
                word_w = self.width(word)
                if line and line_w + space + word_w <= room:
                    line, line_w = f"{line} {word}", line_w + space + word_w
                    continue
                if line:
                    lines.append((line, line_w))
                while word_w > room and len(word) > 1:  # a word wider than the cell
                    cut = len(word) - 1
                    while cut > 1 and self.width(word[:cut]) > room:
                        cut -= 1
                    lines.append((word[:cut], self.width(word[:cut])))
                    word = word[cut:]
                    word_w = self.width(word)
                line, line_w = word, word_w
            lines.append((line, line_w))
        return lines


def _draw_row(pdf, left, widths, aligns, cells, line_h):
    """One bordered row of wrapped cells, each line centred vertically in the row."""
    row_h = max(len(lines) for lines in cells) * line_h + 2 * CELL_PAD_Y
    top, x = pdf.get_y(), left
    # The baseline of a line, from the top of its line box.
    baseline = (line_h + pdf.font_size) / 2 - 0.2 * pdf.font_size
    for lines, width, align in zip(cells, widths, aligns, strict=True):
        pdf.rect(x, top, width, row_h)
        y = top + (row_h - len(lines) * line_h) / 2
        for text, text_w in lines:
            if text:
                tx = x + CELL_PAD_X if align == "left" else x + (width - text_w) / 2
                pdf.text(tx, y + baseline, text)
            y += line_h
        x += width
    pdf.set_y(top + row_h)


def _table(pdf, block):
    """A bordered table drawn line by line (fpdf2's table() lays out each cell twice, too
    slow for a city's annex), its header row repeated on every page."""
    widths = [column.width for column in block.columns]
    aligns = [column.align for column in block.columns]
    left = LEFT + (TEXT_WIDTH - sum(widths)) / 2
    line_h = _height(TABLE_PT) * 0.95
    pdf.set_line_width(0.2)
    pdf.ln(2)
    pdf.set_font(FONT_FAMILY, "B", TABLE_PT)
    header = [_Lines(pdf).wrap(_nfc(column.title), width - 2 * CELL_PAD_X)
              for column, width in zip(block.columns, widths, strict=True)]
    header_h = max(len(lines) for lines in header) * line_h + 2 * CELL_PAD_Y

    def draw_header():
        pdf.set_font(FONT_FAMILY, "B", TABLE_PT)
        _draw_row(pdf, left, widths, ["center"] * len(widths), header, line_h)
        pdf.set_font(FONT_FAMILY, "", TABLE_PT)

    if pdf.will_page_break(header_h + line_h + 2 * CELL_PAD_Y):
        pdf.add_page()
    draw_header()
    lines = _Lines(pdf)
    for values in block.rows:
        cells = [lines.wrap(_nfc(value), width - 2 * CELL_PAD_X)
                 for value, width in zip(values, widths, strict=True)]
        row_h = max(len(cell) for cell in cells) * line_h + 2 * CELL_PAD_Y
        if pdf.will_page_break(row_h):
            pdf.add_page()
            draw_header()
        _draw_row(pdf, left, widths, aligns, cells, line_h)
    pdf.ln(2)


KEEP_MM = 25  # a heading (or a line kept with the next) and the first lines after it


def _blocks(pdf, blocks):
    for block in blocks:
        if isinstance(block, Heading):
            if pdf.will_page_break(KEEP_MM):
                pdf.add_page()
            _text(pdf, block.text, "B", before=4)
        elif isinstance(block, Paragraph):
            if block.keep_with_next and pdf.will_page_break(KEEP_MM):
                pdf.add_page()
            _paragraph(pdf, block)
        elif isinstance(block, Table):
            _table(pdf, block)


def _closing(pdf, content):
    recipients_h = _height(11) * (len(content.recipients) + 2)
    # Room for the signer's title and the signature; Nơi nhận may run on below.
    if pdf.will_page_break(max(recipients_h, 35) + 6):
        pdf.add_page()
    pdf.ln(6)
    top = pdf.get_y()
    pdf.set_xy(LEFT, top)
    pdf.set_font(FONT_FAMILY, "BI", 11)
    pdf.cell(80, _height(11), _nfc(content.recipients_label), new_x=XPos.LEFT,
             new_y=YPos.NEXT)
    pdf.set_font(FONT_FAMILY, "", 10)
    for line in content.recipients:
        pdf.set_x(LEFT)
        pdf.multi_cell(80, _height(10), _nfc(line), new_x=XPos.LEFT, new_y=YPos.NEXT)
    right_x, right_w = LEFT + 80, TEXT_WIDTH - 80
    pdf.set_y(top)
    signature = content.signature
    if signature.on_behalf:
        _centred(pdf, right_x, right_w, signature.on_behalf, "B", BODY_PT)
    _centred(pdf, right_x, right_w, signature.title, "B", BODY_PT)


def _annex(pdf, annex):
    pdf.add_page()
    _centred(pdf, LEFT, TEXT_WIDTH, annex.label, "B", BODY_PT)
    _centred(pdf, LEFT, TEXT_WIDTH, annex.title, "B", BODY_PT)
    _centred(pdf, LEFT, TEXT_WIDTH, annex.note, "I", NOTE_PT + 1)
    _rule(pdf, LEFT + TEXT_WIDTH / 2, 45)
    _blocks(pdf, annex.blocks)


def render_pdf(content, target):
    """Write the ReportDocument as PDF to `target` (a path or a binary file object)."""
    pdf = _new_pdf(content)
    _letterhead(pdf, content.letterhead)
    _title(pdf, content.kind, content.summary)
    _blocks(pdf, content.body)
    _closing(pdf, content)
    for annex in content.annexes:
        _annex(pdf, annex)
    data = pdf.output()
    if hasattr(target, "write"):
        target.write(data)
    else:
        with open(target, "wb") as handle:
            handle.write(data)
