"""Diagrams for the courses' lessons, drawn as PNG (the platform shows PNG, JPEG, GIF, WEBP).

Each diagram is 540 px wide with large type: a phone shows a lesson's pictures about 300 px wide,
where the diagram's words come out near the size of the lesson's own text. It is quantized to a
few colours to stay far below 150 KB.
"""

from PIL import Image, ImageDraw

if __package__:
    from . import _drawing
else:  # run as a script
    import _drawing

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
FONT_BOLD = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"
WIDTH, MARGIN = 540, 24
INK, MUTED, LINE = "#1f2933", "#52606d", "#9aa5b1"
wrap = _drawing.wrap


def font(size, bold=False):
    """DejaVu Sans, the typeface these courses' diagrams were first drawn in."""
    return _drawing.font(size, bold, faces=(FONT, FONT_BOLD))


def _text_block(draw, xy, text, face, width, fill, spacing=8):
    """Draws wrapped text from its top-left corner; returns the y below it."""
    return _drawing.text_block(draw, *xy, text, face, width, fill, spacing)


def _height(draw, text, face, width, spacing=8):
    return _drawing.lines_height(wrap(draw, text, face, width), face, spacing)


def _arrow(draw, x, top, bottom, colour=LINE):
    _drawing.vertical_arrow(draw, x, top, bottom, colour, width=6)


def _save(image, path):
    return _drawing.save_png(image, path, colors=24)


def steps_diagram(path, title, steps, footer=None):
    """A column of boxes joined by arrows, top to bottom.

    Each step is a dict: `label` (bold), `text` (optional, smaller), `colour` (the box's fill),
    `struck` (drawn grey and crossed out, for what no longer exists), `number` (shown in a
    circle on the left when given)."""
    probe = ImageDraw.Draw(Image.new("RGB", (1, 1)))
    head, label_face, text_face = font(32, bold=True), font(30, bold=True), font(27)
    inner = WIDTH - 2 * MARGIN - 40
    boxes = []
    for step in steps:
        left = 84 if step.get("number") else 20
        height = 28 + _height(probe, step["label"], label_face, inner - left)
        if step.get("text"):
            height += 6 + _height(probe, step["text"], text_face, inner - left)
        boxes.append((step, left, height))
    gap = 48
    title_height = _height(probe, title, head, WIDTH - 2 * MARGIN)
    footer_height = _height(probe, footer, text_face, WIDTH - 2 * MARGIN) + 24 if footer else 0
    total = (MARGIN + title_height + 20 + sum(h for _s, _l, h in boxes)
             + gap * (len(boxes) - 1) + footer_height + MARGIN)
    image = Image.new("RGB", (WIDTH, total), "white")
    draw = ImageDraw.Draw(image)
    y = _text_block(draw, (MARGIN, MARGIN), title, head, WIDTH - 2 * MARGIN, INK) + 20
    for index, (step, left, height) in enumerate(boxes):
        struck = step.get("struck")
        fill = "#eceff1" if struck else step.get("colour", "#e3f2fd")
        x0, x1 = MARGIN, WIDTH - MARGIN
        draw.rounded_rectangle([x0, y, x1, y + height], radius=18, fill=fill,
                               outline=LINE if struck else INK, width=3)
        if step.get("number"):
            cy = y + 14 + label_face.size // 2 + 4
            _drawing.badge(draw, (x0 + 42, cy), 28, INK, step["number"], font(28, bold=True))
        colour = MUTED if struck else INK
        ty = _text_block(draw, (x0 + left, y + 14), step["label"], label_face, inner - left,
                         colour)
        if step.get("text"):
            _text_block(draw, (x0 + left, ty + 2), step["text"], text_face, inner - left,
                        colour)
        if struck:
            draw.line([x0 + 12, y + height - 12, x1 - 12, y + 12], fill=MUTED, width=4)
        y += height
        if index < len(boxes) - 1:
            _arrow(draw, WIDTH // 2, y + 4, y + gap - 4)
            y += gap
    if footer:
        _text_block(draw, (MARGIN, y + 24), footer, text_face, WIDTH - 2 * MARGIN, MUTED)
    return _save(image, path)


def cycle_diagram(path, title, items, centre):
    """Four boxes round a centre word, joined clockwise by arrows: a cycle that repeats."""
    height = 800
    image = Image.new("RGB", (WIDTH, height), "white")
    draw = ImageDraw.Draw(image)
    head, label_face, text_face = font(32, bold=True), font(27, bold=True), font(25)
    top = _text_block(draw, (MARGIN, MARGIN), title, head, WIDTH - 2 * MARGIN, INK) + 30
    box_w, box_h = 218, 240
    left, right = MARGIN, WIDTH - MARGIN - box_w
    lower = height - MARGIN - box_h
    corners = [(left, top), (right, top), (right, lower), (left, lower)]
    for (x, y), (label, text, colour) in zip(corners, items, strict=True):
        draw.rounded_rectangle([x, y, x + box_w, y + box_h], radius=20, fill=colour,
                               outline=INK, width=3)
        ty = _text_block(draw, (x + 14, y + 14), label, label_face, box_w - 28, INK)
        _text_block(draw, (x + 14, ty + 4), text, text_face, box_w - 28, INK, spacing=6)
    mid_y = (top + box_h + lower) // 2
    # Clockwise: top-left → top-right → bottom-right → bottom-left → top-left.
    ax = left + box_w + 14, right - 14
    draw.line([ax[0], top + box_h // 2, ax[1] - 10, top + box_h // 2], fill=LINE, width=6)
    draw.polygon([(ax[1], top + box_h // 2), (ax[1] - 22, top + box_h // 2 - 16),
                  (ax[1] - 22, top + box_h // 2 + 16)], fill=LINE)
    _arrow(draw, right + box_w // 2, top + box_h + 12, lower - 12)
    draw.line([ax[0] + 10, lower + box_h // 2, ax[1], lower + box_h // 2], fill=LINE, width=6)
    draw.polygon([(ax[0], lower + box_h // 2), (ax[0] + 22, lower + box_h // 2 - 16),
                  (ax[0] + 22, lower + box_h // 2 + 16)], fill=LINE)
    x = left + box_w // 2
    _arrow(draw, x, lower - 12, top + box_h + 12)
    draw.ellipse([WIDTH // 2 - 62, mid_y - 62, WIDTH // 2 + 62, mid_y + 62], fill=INK)
    words = centre.split(" ", 1)
    for index, word in enumerate(words):
        offset = (index - (len(words) - 1) / 2) * 34
        draw.text((WIDTH // 2, mid_y + offset), word, fill="white", anchor="mm",
                  font=font(27, bold=True))
    return _save(image, path)
