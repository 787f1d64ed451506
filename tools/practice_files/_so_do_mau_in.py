"""Diagrams (PNG) and printable forms (PDF) for the courses on chi hội after the 2025 reorganisation
and on helping members with VNeID, public services and payments.

Lessons may only carry PNG, JPEG, GIF, WEBP and PDF files, so diagrams are drawn as PNG and the
forms a chi hội fills in by hand (ballots, minutes, checklists) are PDF pages. Diagrams are 720 px
wide with large letters, so that they stay readable when a 360 px phone shrinks them by half; a
diagram of an app's steps says in its banner that it is a diagram, not a screenshot.
"""

import datetime

from fpdf import FontFace
from PIL import Image, ImageDraw

if __package__:
    from . import _drawing
else:  # run as a script
    import _drawing

FONTS = _drawing.BE_VIETNAM_PRO
WIDTH, MARGIN, PAD = 720, 32, 16
INK, GREY, WHITE = _drawing.INK, (90, 90, 90), _drawing.WHITE
NOT_A_SCREENSHOT = _drawing.NOT_A_SCREENSHOT
KINDS = _drawing.BOX_KINDS
# Fixed, so that rebuilding a PDF gives the same bytes.
PRINTED_ON = datetime.datetime(2026, 12, 2, tzinfo=datetime.UTC)
font, wrap = _drawing.font, _drawing.wrap


def _save(image, path):
    return _drawing.save_png(image, path, colors=32)


class _Canvas:
    """A tall white page to draw on, cut to the height actually used."""

    def __init__(self, title, banner=None):
        self.image = Image.new("RGB", (WIDTH, 4000), WHITE)
        self.draw = ImageDraw.Draw(self.image)
        self.y = MARGIN
        if banner:
            _drawing.banner(self.draw, WIDTH, banner, font(22, bold=True), WHITE, (70, 70, 70))
            self.y = 44 + MARGIN - 8
        self.y = _drawing.text_block(self.draw, MARGIN, self.y, title, font(32, bold=True),
                                     WIDTH - 2 * MARGIN, INK) + 14

    def box(self, text, kind="step", number=None, x=MARGIN, width=WIDTH - 2 * MARGIN,
            size=26, strike=False):
        """A rounded box of wrapped text, numbered in a circle on its left if `number`."""
        fill, border = KINDS[kind]
        face = font(size)
        indent = 64 if number is not None else PAD
        lines = wrap(self.draw, text, face, width - indent - PAD - (40 if strike else 0))
        height = _drawing.lines_height(lines, face) + 2 * PAD - 8
        height = max(height, 64 if number is not None else 0)
        top = self.y
        self.draw.rounded_rectangle([x, top, x + width, top + height], radius=14, fill=fill,
                                    outline=border, width=3)
        if number is not None:
            cx, cy = x + 34, top + height / 2
            _drawing.badge(self.draw, (cx, cy), 20, border, number, font(24, bold=True))
        text_top = top + (height - _drawing.lines_height(lines, face) + 8) / 2
        _drawing.draw_lines(self.draw, x + indent, text_top, lines, face,
                            GREY if kind == "gone" else INK)
        if strike:  # a red cross at the right end, clear of the text
            cx, cy, r = x + width - 26, top + height / 2, 12
            for dx in (-r, r):
                self.draw.line([cx - dx, cy - r, cx + dx, cy + r], fill=KINDS["stop"][1], width=5)
        self.y = top + height
        return top, height

    def arrow(self, x=WIDTH / 2, length=30):
        top = self.y + 4
        _drawing.vertical_arrow(self.draw, x, top, top + length, GREY, width=4, head=(10, 12),
                                gap=10)
        self.y = top + length + 4

    def gap(self, pixels=16):
        self.y += pixels

    def note(self, text, size=24, bold=False):
        self.y = _drawing.text_block(self.draw, MARGIN, self.y, text, font(size, bold=bold),
                                     WIDTH - 2 * MARGIN, INK if bold else GREY) + 6

    def save(self, path):
        self.image = self.image.crop((0, 0, WIDTH, int(self.y + MARGIN)))
        return _save(self.image, path)


def step_diagram(path, title, steps, note=None, banner=NOT_A_SCREENSHOT):
    """Numbered steps one under the other, joined by arrows. `steps` are (text, kind) pairs;
    "step" and "ok" (a good end) boxes are numbered, "warn" and "stop" boxes are not."""
    canvas = _Canvas(title, banner)
    number = 0
    for index, (text, kind) in enumerate(steps):
        if index:
            canvas.arrow()
        if kind in ("step", "ok"):
            number += 1
            canvas.box(text, kind, number=number)
        else:
            canvas.box(text, kind)
    if note:
        canvas.gap(18)
        canvas.note(note)
    return canvas.save(path)


def chain_columns(path, title, columns, note=None, banner=None):
    """Two columns side by side, each a heading and a chain of boxes joined by arrows. Each
    column is (heading, [(text, kind, struck_out), ...])."""
    canvas = _Canvas(title, banner)
    gutter = 20
    width = (WIDTH - 2 * MARGIN - gutter) // 2
    start, bottoms = canvas.y, []
    for index, (heading, boxes) in enumerate(columns):
        x = MARGIN + index * (width + gutter)
        canvas.y = start
        canvas.y = _drawing.text_block(canvas.draw, x, canvas.y, heading, font(26, bold=True),
                                       width, INK) + 4
        for position, (text, kind, struck) in enumerate(boxes):
            if position:
                canvas.arrow(x + width / 2, 26)
            canvas.box(text, kind, x=x, width=width, size=22, strike=struck)
        bottoms.append(canvas.y)
    canvas.y = max(bottoms)
    if note:
        canvas.gap(20)
        canvas.note(note)
    return canvas.save(path)


# --- printable forms ------------------------------------------------------------------------


class Form(_drawing.A4Page):
    """An A4 page in Be Vietnam Pro with helpers for headings, paragraphs and tables to fill."""

    def __init__(self, title, landscape=False):
        super().__init__(title, PRINTED_ON, "bvp", {"": "BeVietnamPro-Regular.ttf",
                                                    "B": "BeVietnamPro-SemiBold.ttf",
                                                    "I": "BeVietnamPro-Italic.ttf"},
                         landscape=landscape, top=12 if landscape else 16,
                         bottom=10 if landscape else 16)

    def union_header(self, upper, unit):
        """The Union's own heading, without Quốc hiệu: the unit above, the chi hội, the place and
        date line to fill in."""
        self.set_font("bvp", "", 10)
        self.cell(90, 5, upper, new_x="LMARGIN", new_y="NEXT")
        self.set_font("bvp", "B", 10)
        self.cell(90, 5, unit, new_x="RIGHT", new_y="TOP")  # the place and date line on its right
        self.set_font("bvp", "I", 10)
        self.cell(0, 5, "........., ngày ..... tháng ..... năm .......", align="R",
                  new_x="LMARGIN", new_y="NEXT")
        self.ln(6)

    def title_block(self, title, subtitle=None):
        self.set_font("bvp", "B", 15)
        self.multi_cell(0, 8, title, align="C", new_x="LMARGIN", new_y="NEXT")
        if subtitle:
            self.set_font("bvp", "I", 10.5)
            self.multi_cell(0, 6, subtitle, align="C", new_x="LMARGIN", new_y="NEXT")
        self.ln(4)

    def heading(self, text):
        self.ln(2)
        self.set_font("bvp", "B", 11.5)
        self.multi_cell(0, 6.5, text, new_x="LMARGIN", new_y="NEXT")

    def para(self, text, italic=False, size=10.5):
        self.set_font("bvp", "I" if italic else "", size)
        self.multi_cell(0, 5.8, text, new_x="LMARGIN", new_y="NEXT")

    def fill_lines(self, count, label=""):
        """Dotted lines to write on by hand, the first one after `label`."""
        self.set_font("bvp", "", 10.5)
        room = self.w - self.l_margin - self.r_margin
        for index in range(count):
            text = f"{label} " if index == 0 and label else ""
            dots = "." * int((room - self.get_string_width(text)) / self.get_string_width("."))
            self.cell(0, 7.5, text + dots, new_x="LMARGIN", new_y="NEXT")

    def grid(self, headers, rows, widths, blank_rows=0, size=10):
        """A table with a bold, shaded header row, `rows` of text and `blank_rows` empty rows."""
        self.set_font("bvp", "", size)
        heading = FontFace(emphasis="BOLD", fill_color=(232, 232, 232))
        with self.table(col_widths=widths, line_height=size * 0.5, text_align="LEFT",
                        padding=1.4, headings_style=heading) as table:
            table.row(list(headers))
            for values in rows:
                table.row([str(value) for value in values])
            for _ in range(blank_rows):
                table.row([" "] * len(headers))

    def signatures(self, left, right):
        self.ln(6)
        self.set_font("bvp", "B", 10.5)
        half = (self.w - self.l_margin - self.r_margin) / 2
        self.cell(half, 6, left, align="C")
        self.cell(half, 6, right, align="C", new_x="LMARGIN", new_y="NEXT")
        self.set_font("bvp", "I", 9.5)
        self.cell(half, 5, "(ký, ghi rõ họ tên)", align="C")
        self.cell(half, 5, "(ký, ghi rõ họ tên)", align="C", new_x="LMARGIN", new_y="NEXT")
        self.ln(16)
