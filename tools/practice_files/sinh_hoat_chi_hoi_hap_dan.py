"""Pictures of the course "Tổ chức buổi sinh hoạt chi hội hấp dẫn, thiết thực".

The biên bản template this course points to is built with the documents course
(soan_thao_van_ban_hoi.py), not here, so that there is one template to keep up to date.
"""

import pathlib

from PIL import Image, ImageDraw, ImageFont

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
FONT_BOLD = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"

# The six parts of a branch meeting of about 75 minutes (lesson 03).
PARTS = [
    ("Đón, điểm danh", 5, "#9ecae1"),
    ("Khai mạc, nói giờ kết thúc", 5, "#6baed6"),
    ("Nhìn lại việc lần trước", 5, "#4292c6"),
    ("Nội dung chính", 40, "#f4a259"),
    ("Bàn việc, phân công", 15, "#8cb369"),
    ("Kết luận, cảm ơn", 5, "#bc4b51"),
]


def _font(size, bold=False):
    return ImageFont.truetype(FONT_BOLD if bold else FONT, size)


def meeting_timeline(path):
    """A bar of the meeting's parts, each as wide as its minutes, labelled below."""
    width, height, left, right = 1200, 560, 40, 1160
    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    draw.text((left, 24), "Khung một buổi sinh hoạt chi hội (khoảng 75 phút)", fill="#222",
              font=_font(34, bold=True))
    total = sum(minutes for _label, minutes, _colour in PARTS)
    x, top, bottom = left, 110, 200
    for index, (_label, minutes, colour) in enumerate(PARTS, start=1):
        w = (right - left) * minutes / total
        draw.rectangle([x, top, x + w - 3, bottom], fill=colour)
        draw.text((x + w / 2, (top + bottom) / 2), str(index), fill="white", anchor="mm",
                  font=_font(34, bold=True))
        x += w
    # Labels as a numbered legend, two columns, so that each reads in full on a phone.
    font, y0 = _font(28), 250
    for index, (label, minutes, colour) in enumerate(PARTS, start=1):
        column, row = divmod(index - 1, 3)
        lx, ly = left + column * 580, y0 + row * 90
        draw.rectangle([lx, ly, lx + 44, ly + 44], fill=colour)
        draw.text((lx + 22, ly + 22), str(index), fill="white", anchor="mm",
                  font=_font(26, bold=True))
        draw.text((lx + 60, ly + 2), label, fill="#222", font=font)
        draw.text((lx + 60, ly + 40), f"{minutes} phút", fill="#555", font=_font(24))
    image = image.quantize(colors=32)
    image.save(path, optimize=True)
    return path


def build(media: pathlib.Path) -> list[pathlib.Path]:
    media.mkdir(parents=True, exist_ok=True)
    return [meeting_timeline(media / "khung-buoi-sinh-hoat.png")]


if __name__ == "__main__":
    print(build(pathlib.Path(__file__).resolve().parents[2] / "courses"
                / "sinh-hoat-chi-hoi-hap-dan" / "media"))
