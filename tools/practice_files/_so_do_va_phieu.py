"""Step diagrams (PNG) and printable worksheets (PDF) shared by the phone and group courses.

The apps these courses teach (Zalo, Facebook, banking apps, VNeID) cannot be run to take real
screenshots, so their steps are drawn as diagrams that say plainly they are diagrams. Diagrams are
narrow (540 px) with large letters so that they stay readable when a 360 px phone shrinks them.
Worksheets are PDF pages to print or fill in by hand at a chi hội meeting.
"""

import datetime

from PIL import Image, ImageDraw

if __package__:
    from . import _drawing
else:  # run as a script
    import _drawing

FONT_FILES = _drawing.BE_VIETNAM_PRO
WIDTH, MARGIN, BOX_PAD = 540, 20, 16
BANNER = _drawing.NOT_A_SCREENSHOT
INK, GREY, WHITE = _drawing.INK, (96, 96, 96), _drawing.WHITE
# kind of a box -> (fill, border)
KINDS = {kind: _drawing.BOX_KINDS[kind] for kind in ("step", "ok", "warn", "stop")}
PRINTED_ON = datetime.datetime(2026, 12, 1, tzinfo=datetime.UTC)
_font = _drawing.font


def _block(draw, text, font, width, leading):
    """The lines of `text` wrapped to `width` and their height, `leading` pixels a line."""
    lines = _drawing.wrap(draw, text, font, width)
    return lines, len(lines) * leading


def step_diagram(path, title, steps, footer=None, arrows=True):
    """Draw `steps` [(kind, heading, body)] as boxes joined by arrows, top to bottom.

    Boxes of kind "step" are numbered; "ok" (green) carries a tick, "warn" (amber) and "stop"
    (red) an exclamation mark. Boxes are joined by arrows when `arrows`, except a red box after a
    green one: it is the other way things go, not the next step.
    """
    scratch = ImageDraw.Draw(Image.new("RGB", (WIDTH, 10)))
    title_font, head_font, body_font = _font(34, True), _font(28, True), _font(26)
    banner_font, number_font = _font(20), _font(26, True)
    text_x = MARGIN + BOX_PAD + 56
    text_w = WIDTH - text_x - MARGIN - BOX_PAD
    title_lines, title_h = _block(scratch, title, title_font, WIDTH - 2 * MARGIN, 44)
    boxes = []
    for kind, heading, body in steps:
        head_lines, head_h = _block(scratch, heading, head_font, text_w, 36)
        body_lines, body_h = _block(scratch, body, body_font, text_w, 34) if body else ([], 0)
        height = max(head_h + body_h + (8 if body else 0), 48) + 2 * BOX_PAD
        boxes.append((kind, head_lines, body_lines, height))
    footer_lines, footer_h = (_block(scratch, footer, body_font, WIDTH - 2 * MARGIN, 34)
                              if footer else ([], 0))
    arrow = 40
    height = (44 + 20 + title_h + 24 + sum(b[3] for b in boxes) + arrow * (len(boxes) - 1)
              + (24 + footer_h if footer else 0) + MARGIN)
    image = Image.new("RGB", (WIDTH, height), WHITE)
    draw = ImageDraw.Draw(image)
    _drawing.banner(draw, WIDTH, BANNER, banner_font, GREY, (238, 238, 238))
    y = _drawing.draw_lines(draw, MARGIN, 44 + 20, title_lines, title_font, INK,
                            44 - title_font.size) + 24
    number = 0
    for index, (kind, head_lines, body_lines, box_h) in enumerate(boxes):
        fill, border = KINDS[kind]
        draw.rounded_rectangle((MARGIN, y, WIDTH - MARGIN, y + box_h), radius=16, fill=fill,
                               outline=border, width=3)
        cx, cy = MARGIN + BOX_PAD + 22, y + BOX_PAD + 22
        if kind == "ok":
            _drawing.badge(draw, (cx, cy), 22, border)
            draw.line([(cx - 11, cy + 1), (cx - 3, cy + 9), (cx + 12, cy - 9)], fill=WHITE,
                      width=5, joint="curve")
        else:
            if kind == "step":
                number += 1
            label = str(number) if kind == "step" else "!"
            _drawing.badge(draw, (cx, cy), 22, border, label, number_font)
        ty = _drawing.draw_lines(draw, text_x, y + BOX_PAD, head_lines, head_font, INK,
                                 36 - head_font.size)
        _drawing.draw_lines(draw, text_x, ty + (8 if body_lines else 0), body_lines, body_font,
                            INK, 34 - body_font.size)
        y += box_h
        if index < len(boxes) - 1:
            if arrows and not (kind == "ok" and boxes[index + 1][0] == "stop"):
                _drawing.vertical_arrow(draw, WIDTH / 2, y + 4, y + arrow - 2, GREY, width=4,
                                        head=(12, 14), gap=10)
            y += arrow
    if footer:
        _drawing.draw_lines(draw, MARGIN, y + 24, footer_lines, body_font, GREY,
                            34 - body_font.size)
    return _drawing.save_png(image, path, colors=48)


class _Worksheet(_drawing.A4Page):
    """A portrait A4 worksheet whose every page ends with `footer_text`."""

    def __init__(self, title, footer_text):
        self.footer_text = footer_text
        super().__init__(title, PRINTED_ON, "BeVietnamPro", {"": "BeVietnamPro-Regular.ttf",
                                                             "B": "BeVietnamPro-Bold.ttf"},
                         bottom=18, lang="vi")

    def footer(self):
        self.set_y(-12)
        self.set_font("BeVietnamPro", "", 8)
        self.set_text_color(110, 110, 110)
        self.cell(0, 5, self.footer_text, align="C")


def worksheet(path, title, intro, sections, footer_text):
    """Write an A4 worksheet: a title, an introduction and `sections` [(heading, items)].

    An item is a string (a line with a box to tick), ("bullet", text), ("fill", label) (a label
    and a line to write on), ("text", paragraph) or ("table", headers, widths_mm, rows); a
    table with empty cells, to be filled in by hand, gets taller rows.
    """
    pdf = _Worksheet(title, footer_text)
    pdf.set_font("BeVietnamPro", "B", 15)
    pdf.multi_cell(0, 8, title, new_x="LMARGIN", new_y="NEXT", align="L")
    pdf.ln(1)
    pdf.set_font("BeVietnamPro", "", 10.5)
    pdf.multi_cell(0, 5.5, intro, new_x="LMARGIN", new_y="NEXT", align="L")
    for heading, items in sections:
        pdf.ln(3)
        pdf.set_font("BeVietnamPro", "B", 12)
        pdf.multi_cell(0, 7, heading, new_x="LMARGIN", new_y="NEXT", align="L")
        pdf.set_font("BeVietnamPro", "", 10.5)
        for item in items:
            _worksheet_item(pdf, item)
    return pdf.save(path)


def _worksheet_item(pdf, item):
    if isinstance(item, str):
        x, y = pdf.get_x(), pdf.get_y()
        pdf.rect(x, y + 1.2, 3.8, 3.8)
        pdf.set_x(x + 6.5)
        pdf.multi_cell(0, 6, item, new_x="LMARGIN", new_y="NEXT", align="L")
        pdf.ln(0.8)
    elif item[0] == "bullet":
        pdf.cell(6.5, 6, "•")
        pdf.multi_cell(0, 6, item[1], new_x="LMARGIN", new_y="NEXT", align="L")
    elif item[0] == "text":
        pdf.multi_cell(0, 5.5, item[1], new_x="LMARGIN", new_y="NEXT", align="L")
        pdf.ln(1)
    elif item[0] == "fill":
        pdf.multi_cell(0, 6, item[1], new_x="LMARGIN", new_y="NEXT", align="L")
        y = pdf.get_y() + 5
        pdf.set_draw_color(150, 150, 150)
        pdf.line(pdf.l_margin, y, pdf.w - pdf.r_margin, y)
        pdf.set_draw_color(0, 0, 0)
        pdf.set_y(y + 2.5)
    else:
        _, headers, widths, rows = item
        pdf.set_font("BeVietnamPro", "B", 9.5)
        pdf.set_fill_color(230, 236, 246)
        blank = any(cell == "" for row in rows for cell in row)
        with pdf.table(col_widths=widths, line_height=10 if blank else 6.5,
                       first_row_as_headings=True,
                       text_align="LEFT") as table:
            table.row(headers)
            pdf.set_font("BeVietnamPro", "", 9.5)
            for row in rows:
                table.row(row)
        pdf.set_font("BeVietnamPro", "", 10.5)
        pdf.ln(1)
