"""Text helpers shared by search and imports."""

import unicodedata


def fold_vietnamese(text):
    """Lower-case text with Vietnamese diacritics removed: "Nguyễn Thị Hoà" -> "nguyen thi hoa"."""
    if not text:
        return ""
    # đ/Đ is a separate letter, not a combining mark, so NFD leaves it alone.
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.lower().split())
