"""Draws the installed app's icons into static/icons/: the brand colour with "HỌC" in white.

Run `python tools/make_icons.py` after changing the colour or the word; the PNGs are committed.
The maskable icon keeps the word inside the middle 80 %, the safe zone a phone may crop to.
"""

from pathlib import Path

import fontpkg_be_vietnam_pro
from PIL import Image, ImageDraw, ImageFont

BRAND = "#a4135a"  # --brand in static/css/app.css
WORD = "HỌC"
FONT = fontpkg_be_vietnam_pro.ROOT / "files" / "BeVietnamPro-Bold.ttf"
TARGET = Path(__file__).resolve().parents[1] / "static" / "icons"


def draw(size, word_share, rounded):
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    canvas = ImageDraw.Draw(image)
    if rounded:
        canvas.rounded_rectangle((0, 0, size - 1, size - 1), radius=size // 6, fill=BRAND)
    else:
        canvas.rectangle((0, 0, size, size), fill=BRAND)
    font = ImageFont.truetype(str(FONT), 10)
    # The largest type whose word fits the share of the width.
    points = 10
    while font.getlength(WORD) < size * word_share:
        points += 2
        font = ImageFont.truetype(str(FONT), points)
    canvas.text((size / 2, size / 2), WORD, font=font, fill="white", anchor="mm")
    return image


def main():
    TARGET.mkdir(parents=True, exist_ok=True)
    for size in (192, 512):
        draw(size, 0.7, rounded=True).save(TARGET / f"icon-{size}.png", optimize=True)
    draw(512, 0.55, rounded=False).save(TARGET / "icon-maskable-512.png", optimize=True)
    draw(180, 0.6, rounded=False).convert("RGB").save(TARGET / "apple-touch-icon.png",
                                                      optimize=True)
    print("\n".join(str(p) for p in sorted(TARGET.iterdir())))


if __name__ == "__main__":
    main()
