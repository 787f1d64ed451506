"""Text helpers shared by search, imports and file names: Vietnamese folding and slugs."""

import re
import unicodedata


def strip_diacritics(text):
    """Text with Vietnamese diacritics removed, case and spacing kept: "Đỗ Hoà" -> "Do Hoa"."""
    # đ/Đ is a separate letter, not a combining mark, so NFD leaves it alone.
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def fold_vietnamese(text):
    """Lower-case text with Vietnamese diacritics removed: "Nguyễn Thị Hoà" -> "nguyen thi hoa"."""
    if not text:
        return ""
    return " ".join(strip_diacritics(text).lower().split())


def slugify(text, max_length=80):
    """An ASCII slug of lower-case letters, digits and dashes: "An toàn trên mạng" ->
    "an-toan-tren-mang", cut to `max_length` (None: no limit)."""
    slug = re.sub(r"[^a-z0-9]+", "-", fold_vietnamese(text)).strip("-")
    return slug[:max_length].rstrip("-")


def fold_for_search(text):
    """Folded text reduced to its words, for stored search columns: punctuation and Markdown
    marks become spaces, so "**mật khẩu**, (an toàn)" -> "mat khau an toan"."""
    return " ".join(re.findall(r"[a-z0-9]+", fold_vietnamese(text)))


def search_terms(query):
    """The words of a search as fold_for_search stores them: "Mật-khẩu mạnh" ->
    ["mat", "khau", "manh"]."""
    return fold_for_search(query).split()
