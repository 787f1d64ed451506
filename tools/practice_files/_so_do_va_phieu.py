"""Step diagrams (PNG) and printable worksheets (PDF) shared by the phone and group courses.

The apps these courses teach (Zalo, Facebook, banking apps, VNeID) cannot be run to take real
screenshots, so their steps are drawn as diagrams that say plainly they are diagrams. Diagrams are
narrow (540 px) with large letters so that they stay readable when a 360 px phone shrinks them.
Worksheets are PDF pages to print or fill in by hand at a chi hội meeting.
"""

import datetime

import fontpkg_be_vietnam_pro
from fpdf import FPDF
from PIL import Image, ImageDraw, ImageFont

FONT_FILES = fontpkg_be_vietnam_pro.ROOT / "files"
WIDTH, MARGIN, BOX_PAD = 540, 20, 16
BANNER = "SƠ ĐỒ MINH HỌA, không phải ảnh chụp màn hình"
INK, GREY, WHITE = (33, 33, 33), (96, 96, 96), (255, 255, 255)
# kind of a box -> (fill, border, label shown in the number circle's colour)
KINDS = {
    "step": ((232, 240, 254), (66, 103, 178)),
    "ok": ((226, 244, 230), (46, 125, 50)),
    "warn": ((255, 243, 214), (191, 120, 0)),
    "stop": ((253, 228, 228), (183, 28, 28)),
}
PRINTED_ON = datetime.datetime(2026, 12, 1, tzinfo=datetime.UTC)


def _font(size, bold=False):
    name = "BeVietnamPro-SemiBold.ttf" if bold else "BeVietnamPro-Regular.ttf"
    return ImageFont.truetype(str(FONT_FILES / name), size)


def _wrap(draw, text, font, width):
    lines = []
    for paragraph in text.split("\n"):
        line = ""
        for word in paragraph.split():
            candidate = f"{line} {word}".strip()
            if draw.textlength(candidate, font=font) <= width or not line:
                line = candidate
            else:
                lines.append(line)
                line = word
        lines.append(line)
    return lines


def _block(draw, text, font, width, leading):
    lines = _wrap(draw, text, font, width)
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
    draw.rectangle((0, 0, WIDTH, 44), fill=(238, 238, 238))
    draw.text((WIDTH / 2, 22), BANNER, font=banner_font, fill=GREY, anchor="mm")
    y = 44 + 20
    for line in title_lines:
        draw.text((MARGIN, y), line, font=title_font, fill=INK)
        y += 44
    y += 24
    number = 0
    for index, (kind, head_lines, body_lines, box_h) in enumerate(boxes):
        fill, border = KINDS[kind]
        draw.rounded_rectangle((MARGIN, y, WIDTH - MARGIN, y + box_h), radius=16, fill=fill,
                               outline=border, width=3)
        cx, cy = MARGIN + BOX_PAD + 22, y + BOX_PAD + 22
        draw.ellipse((cx - 22, cy - 22, cx + 22, cy + 22), fill=border)
        if kind == "ok":
            draw.line([(cx - 11, cy + 1), (cx - 3, cy + 9), (cx + 12, cy - 9)], fill=WHITE,
                      width=5, joint="curve")
        else:
            if kind == "step":
                number += 1
            label = str(number) if kind == "step" else "!"
            draw.text((cx, cy), label, font=number_font, fill=WHITE, anchor="mm")
        ty = y + BOX_PAD
        for line in head_lines:
            draw.text((text_x, ty), line, font=head_font, fill=INK)
            ty += 36
        ty += 8 if body_lines else 0
        for line in body_lines:
            draw.text((text_x, ty), line, font=body_font, fill=INK)
            ty += 34
        y += box_h
        if index < len(boxes) - 1:
            if arrows and not (kind == "ok" and boxes[index + 1][0] == "stop"):
                mid = WIDTH / 2
                draw.line((mid, y + 4, mid, y + arrow - 12), fill=GREY, width=4)
                draw.polygon([(mid - 12, y + arrow - 16), (mid + 12, y + arrow - 16),
                              (mid, y + arrow - 2)], fill=GREY)
            y += arrow
    if footer:
        y += 24
        for line in footer_lines:
            draw.text((MARGIN, y), line, font=body_font, fill=GREY)
            y += 34
    image.quantize(colors=48, method=Image.Quantize.MEDIANCUT).save(path, optimize=True)
    return path


class _Worksheet(FPDF):
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
    pdf = _Worksheet(format="A4")
    pdf.footer_text = footer_text
    for style, name in (("", "BeVietnamPro-Regular.ttf"), ("B", "BeVietnamPro-Bold.ttf")):
        pdf.add_font("BeVietnamPro", style, FONT_FILES / name)
    pdf.set_creation_date(PRINTED_ON)
    pdf.set_title(title)
    pdf.set_lang("vi")
    pdf.set_margins(18, 16, 18)
    pdf.set_auto_page_break(True, 18)
    pdf.add_page()
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
    pdf.output(str(path))
    return path


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
