"""What the courses' diagrams (PNG) and printable pages (PDF) have in common.

_so_do, _so_do_mau_in and _so_do_va_phieu each draw in their own style, which lessons already
show, and keep their own sizes and layouts; the fonts, word wrapping, blocks of text, arrows,
number circles, the banner, saving and the A4 page they all need live here, so that a fix to one
of them reaches every course.
"""

import fontpkg_be_vietnam_pro
from fpdf import FPDF
from PIL import ImageFont

BE_VIETNAM_PRO = fontpkg_be_vietnam_pro.ROOT / "files"
# (regular, bold) font files of a typeface.
BE_VIETNAM_PRO_FACES = (BE_VIETNAM_PRO / "BeVietnamPro-Regular.ttf",
                        BE_VIETNAM_PRO / "BeVietnamPro-SemiBold.ttf")
INK, WHITE = (33, 33, 33), (255, 255, 255)
# An app's steps drawn by hand must not pass for a screenshot of the app.
NOT_A_SCREENSHOT = "SƠ ĐỒ MINH HỌA, không phải ảnh chụp màn hình"
# kind of a box -> (fill, border)
BOX_KINDS = {
    "step": ((232, 240, 254), (66, 103, 178)),
    "ok": ((226, 244, 230), (46, 125, 50)),
    "warn": ((255, 243, 214), (191, 120, 0)),
    "stop": ((253, 228, 228), (183, 28, 28)),
    "gone": ((238, 238, 238), (150, 150, 150)),
}


def font(size, bold=False, faces=BE_VIETNAM_PRO_FACES):
    """A typeface for Pillow; Be Vietnam Pro unless `faces` names other (regular, bold) files."""
    return ImageFont.truetype(str(faces[1] if bold else faces[0]), size)


def wrap(draw, text, face, width):
    """The lines of `text` that fit in `width` pixels; a newline in `text` forces a break, and a
    word longer than the width stands alone on its line."""
    lines = []
    for paragraph in text.split("\n"):
        line = ""
        for word in paragraph.split():
            candidate = f"{line} {word}".strip()
            if draw.textlength(candidate, font=face) <= width or not line:
                line = candidate
            else:
                lines.append(line)
                line = word
        lines.append(line)
    return lines


def draw_lines(draw, x, y, lines, face, fill, spacing=8):
    """Draws `lines` one under the other from (x, y); returns the y below the last one."""
    for line in lines:
        draw.text((x, y), line, font=face, fill=fill)
        y += face.size + spacing
    return y


def lines_height(lines, face, spacing=8):
    """The height that draw_lines takes for `lines`."""
    return len(lines) * (face.size + spacing)


def text_block(draw, x, y, text, face, width, fill, spacing=8):
    """Draws `text` wrapped to `width` from (x, y); returns the y below it."""
    return draw_lines(draw, x, y, wrap(draw, text, face, width), face, fill, spacing)


def vertical_arrow(draw, x, start, end, fill, width, head=(16, 20), gap=14):
    """An arrow from y `start` to its point at y `end` (up or down): a shaft `width` thick that
    stops `gap` before the point, and a head (half its width, its length)."""
    towards = 1 if end > start else -1
    half, length = head
    draw.line([x, start, x, end - towards * gap], fill=fill, width=width)
    draw.polygon([(x - half, end - towards * length), (x + half, end - towards * length),
                  (x, end)], fill=fill)


def badge(draw, centre, radius, fill, label=None, face=None):
    """A filled circle round `centre`, with `label` in white in its middle when given."""
    cx, cy = centre
    draw.ellipse([cx - radius, cy - radius, cx + radius, cy + radius], fill=fill)
    if label is not None:
        draw.text((cx, cy), str(label), font=face, fill=WHITE, anchor="mm")


def banner(draw, width, text, face, fill, background, height=44):
    """A band across the top of a diagram with `text` centred in it."""
    draw.rectangle([0, 0, width, height], fill=background)
    draw.text((width / 2, height // 2), text, font=face, fill=fill, anchor="mm")


def save_png(image, path, colors):
    """Saves `image` reduced to `colors` colours: diagrams have few, and stay far below 150 KB."""
    image.quantize(colors=colors).save(path, optimize=True)
    return path


class A4Page(FPDF):
    """A4 pages in Be Vietnam Pro, the first one added. `fonts` maps FPDF styles ("", "B",
    "I") to Be Vietnam Pro font files, registered as `family`; the file is dated `printed_on`
    so that building it again gives the same bytes."""

    def __init__(self, title, printed_on, family, fonts, landscape=False, top=16, bottom=16,
                 lang=None):
        super().__init__(orientation="L" if landscape else "P", format="A4")
        for style, name in fonts.items():
            self.add_font(family, style, str(BE_VIETNAM_PRO / name))
        self.set_title(title)
        self.set_creation_date(printed_on)
        if lang:
            self.set_lang(lang)
        self.set_margins(18, top, 18)
        self.set_auto_page_break(True, bottom)
        self.add_page()

    def save(self, path):
        self.output(str(path))
        return path
