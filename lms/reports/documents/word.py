"""The report document as a Word file (python-docx), laid out as content.py describes, for the
organizer to edit and sign.

Table rows are written as XML directly (see _row): a city's annex has thousands of rows.
"""

from itertools import islice
from xml.sax.saxutils import escape

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from lxml import etree

from lms.reports.documents.content import TEXT_WIDTH, Heading, Paragraph, Table

FONT = "Times New Roman"
BODY_PT = 14
HEAD_PT = 12  # the national name and the issuing body (Decree 30: 12-13)
MOTTO_PT = 13  # (13-14)
# The letterhead's two boxes reach 5 mm into either margin, so that the national name fits
# on one line; the motto's rule is as long as the motto in Times New Roman 13 pt bold.
HEAD_WIDTHS = (75, 100)
MOTTO_MM = 56
TABLE_PT = 12
ALIGN = {"justify": WD_ALIGN_PARAGRAPH.JUSTIFY, "center": WD_ALIGN_PARAGRAPH.CENTER,
         "left": WD_ALIGN_PARAGRAPH.LEFT}
# Paragraph styles for table cells, by column alignment; header cells are bold and centred.
CELL_STYLES = {"left": "Report Table", "center": "Report Table Centre"}
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
PLAIN = etree.XMLParser(resolve_entities=False)
ROWS_PER_PARSE = 2000
HEADER_STYLE = "Report Table Header"


def _set_fonts(document):
    """Times New Roman for every script Word may pick for a character, in the defaults
    (whose theme fonts would otherwise win) and in Normal."""
    normal = document.styles["Normal"]
    normal.font.name = FONT
    defaults = document.styles.element.find(qn("w:docDefaults"))
    for fonts in [normal.element.rPr.rFonts,
                  *defaults.iter(qn("w:rFonts"))]:
        for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:cstheme", "w:eastAsiaTheme"):
            fonts.attrib.pop(qn(attribute), None)
        for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
            fonts.set(qn(attribute), FONT)
    # Word's spelling check in Vietnamese.
    for lang in defaults.iter(qn("w:lang")):
        lang.set(qn("w:val"), "vi-VN")


def _add_style(document, name, size=BODY_PT, bold=False, align="justify", indent=False,
               before=6):
    style = document.styles.add_style(name, 1)  # 1: a paragraph style
    style.base_style = document.styles["Normal"]
    style.font.size = Pt(size)
    style.font.bold = bold
    fmt = style.paragraph_format
    fmt.alignment = ALIGN[align]
    fmt.space_before = Pt(before)
    fmt.space_after = Pt(0)
    if indent:
        fmt.first_line_indent = Mm(12.7)
    return style


def _new_document():
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin = section.bottom_margin = Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    section.header_distance = Mm(10)
    normal = document.styles["Normal"]
    normal.font.size = Pt(BODY_PT)
    _set_fonts(document)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.line_spacing = 1.1
    _add_style(document, "Report Body", indent=True)
    _add_style(document, "Report Heading", bold=True, indent=True).paragraph_format \
        .keep_with_next = True
    for name, align in (("Report Table", "left"), ("Report Table Centre", "center")):
        _add_style(document, name, TABLE_PT, align=align, before=0)
    _add_style(document, HEADER_STYLE, TABLE_PT, bold=True, align="center", before=0)
    _page_numbers(section)
    return document


def _field(paragraph, instruction):
    simple = OxmlElement("w:fldSimple")
    simple.set(qn("w:instr"), instruction)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "2"
    run.append(text)
    simple.append(run)
    paragraph._p.append(simple)


def _page_numbers(section):
    """The page number centred in the top margin, none on the first page (Decree 30)."""
    section.different_first_page_header_footer = True
    paragraph = section.header.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _field(paragraph, "PAGE")


def _line(container, text, size=BODY_PT, bold=False, italic=False, align="center",
          before=0):
    paragraph = container.add_paragraph()
    paragraph.alignment = ALIGN[align]
    paragraph.paragraph_format.space_before = Pt(before)
    run = paragraph.add_run(text)
    run.font.size, run.font.bold, run.font.italic = Pt(size), bold, italic
    return paragraph


def _rule(container, length_mm, box_mm):
    """A centred horizontal rule `length_mm` long under the previous line: an empty
    paragraph's bottom border, held between indents."""
    paragraph = container.add_paragraph()
    fmt = paragraph.paragraph_format
    fmt.left_indent = fmt.right_indent = Mm(max(box_mm - length_mm, 0) / 2)
    fmt.space_before, fmt.space_after = Pt(0), Pt(3)
    fmt.line_spacing = Pt(1)  # exactly: the rule sits right under the line above
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"),
                       ("w:color", "000000")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    paragraph._p.get_or_add_pPr().append(borders)


def _two_boxes(document, widths):
    """A borderless table of one row and two cells `widths` mm wide, for side-by-side blocks."""
    table = document.add_table(rows=1, cols=2)
    table.autofit = False
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, width in zip(table.rows[0].cells, widths, strict=True):
        cell.width = Mm(width)
    for column, width in zip(table._tbl.tblGrid.gridCol_lst, widths, strict=True):
        column.w = Mm(width)
    # Each block stays whole on one page (the signer's block with its recipients).
    table.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
    # A new cell holds one empty paragraph: _first_line writes into it.
    return table.rows[0].cells


def _first_line(cell, text, **kwargs):
    paragraph = cell.paragraphs[0]
    paragraph.alignment = ALIGN[kwargs.pop("align", "center")]
    size = kwargs.pop("size", BODY_PT)
    run = paragraph.add_run(text)
    run.font.size = Pt(size)
    run.font.bold = kwargs.pop("bold", False)
    run.font.italic = kwargs.pop("italic", False)


def _letterhead(document, head):
    left_w, right_w = HEAD_WIDTHS
    left, right = _two_boxes(document, HEAD_WIDTHS)
    _first_line(left, head.parent, size=HEAD_PT)
    _line(left, head.issuer, HEAD_PT, bold=True)
    _rule(left, left_w / 3, left_w)
    _line(left, head.number, 13, before=4)
    _first_line(right, head.country, size=HEAD_PT, bold=True)
    _line(right, head.motto, MOTTO_PT, bold=True)
    _rule(right, MOTTO_MM, right_w)
    _line(right, head.place_and_date, BODY_PT, italic=True, before=4)


def _title(document, kind, summary):
    _line(document, kind, BODY_PT, bold=True, before=18)
    _line(document, summary, BODY_PT, bold=True)
    _rule(document, 45, TEXT_WIDTH)


def _paragraph(document, block):
    paragraph = document.add_paragraph(style="Report Body")
    paragraph.alignment = ALIGN[block.align]
    if not block.indent:
        paragraph.paragraph_format.first_line_indent = Mm(0)
    if block.keep_with_next:
        paragraph.paragraph_format.keep_with_next = True
    run = paragraph.add_run(block.text)
    run.font.bold = block.bold or None
    run.font.italic = block.italic or None


def _cell_xml(text, width, style_id):
    runs = "<w:br/>".join(f'<w:t xml:space="preserve">{escape(part)}</w:t>'
                          for part in text.split("\n")) if text else ""
    return (f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/><w:vAlign w:val="center"/>'
            f'</w:tcPr><w:p><w:pPr><w:pStyle w:val="{style_id}"/></w:pPr>'
            + (f"<w:r>{runs}</w:r>" if runs else "") + "</w:p></w:tc>")


def _append_rows(tbl, rows, header=False):
    """Append <w:tr> rows of (text, width in twips, paragraph style id) cells to the table.
    Written as text and parsed in chunks: python-docx's add_tr searches the table on every
    call and its element classes cost on each node, too slow for a city's annex."""
    properties = "<w:trPr><w:tblHeader/></w:trPr>" if header else ""
    rows = iter(rows)
    while chunk := list(islice(rows, ROWS_PER_PARSE)):
        xml = "".join(f"<w:tr>{properties}" + "".join(_cell_xml(*cell) for cell in row)
                      + "</w:tr>" for row in chunk)
        tbl.extend(etree.fromstring(f'<w:tbl xmlns:w="{W_NS}">{xml}</w:tbl>', PLAIN))


def _table(document, block):
    """A bordered table, its header row repeated on every page."""
    columns = block.columns
    table = document.add_table(rows=0, cols=len(columns))
    table.style = document.styles["Table Grid"]
    table.autofit = False
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    widths = [Mm(column.width) for column in columns]
    for grid_column, width in zip(table._tbl.tblGrid.gridCol_lst, widths, strict=True):
        grid_column.w = width
    twips = [str(width.twips) for width in widths]
    styles = document.styles
    header_id = styles[HEADER_STYLE].style_id
    cell_ids = [styles[CELL_STYLES[column.align]].style_id for column in columns]
    # The header row is repeated at the top of every page the table runs onto.
    _append_rows(table._tbl, [[(column.title, width, header_id)
                               for column, width in zip(columns, twips, strict=True)]],
                 header=True)
    _append_rows(table._tbl, (zip(values, twips, cell_ids, strict=True)
                              for values in block.rows))
    # A little air between a table and the next paragraph.
    document.add_paragraph().paragraph_format.space_after = Pt(0)


def _blocks(document, blocks):
    for block in blocks:
        if isinstance(block, Heading):
            document.add_paragraph(block.text, style="Report Heading")
        elif isinstance(block, Paragraph):
            _paragraph(document, block)
        elif isinstance(block, Table):
            _table(document, block)


def _closing(document, content):
    left, right = _two_boxes(document, (80, TEXT_WIDTH - 80))
    _first_line(left, content.recipients_label, size=12, bold=True, italic=True,
                align="left")
    for line in content.recipients:
        _line(left, line, 11, align="left")
    signature = content.signature
    if signature.on_behalf:
        _first_line(right, signature.on_behalf, size=BODY_PT, bold=True)
        _line(right, signature.title, BODY_PT, bold=True)
    else:
        _first_line(right, signature.title, size=BODY_PT, bold=True)
    # Room for the signature and the seal; the chair writes her name below.
    for _blank in range(4):
        _line(right, "")


def _annex(document, annex):
    first = _line(document, annex.label, BODY_PT, bold=True)
    first.paragraph_format.page_break_before = True
    _line(document, annex.title, BODY_PT, bold=True)
    _line(document, annex.note, BODY_PT, italic=True)
    _rule(document, 45, TEXT_WIDTH)
    _blocks(document, annex.blocks)


def render_docx(content, target):
    """Write the ReportDocument as .docx to `target` (a path or a binary file object)."""
    document = _new_document()
    document.core_properties.title = content.title
    document.core_properties.author = content.author
    _letterhead(document, content.letterhead)
    _title(document, content.kind, content.summary)
    _blocks(document, content.body)
    document.add_paragraph()
    _closing(document, content)
    for annex in content.annexes:
        _annex(document, annex)
    document.save(target)
