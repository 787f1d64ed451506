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


# Vietnamese alphabetical order (with the Latin letters Vietnamese words lack: f, j, w, z):
# ă and â come after a, đ after d, ê after e, ô and ơ after o, ư after u.
_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_LETTER_RANK = {letter: rank for rank, letter in enumerate(_ALPHABET)}
# Marks that make another letter (breve, circumflex, horn), then the tones in dictionary
# order: none, huyền, hỏi, ngã, sắc, nặng (as ICU's Vietnamese collation orders them).
_LETTER_MARKS = "\u0306\u0302\u031b"
_TONE_RANK = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
_RUNS = re.compile(r"\d+|\D")


def _letter_and_tone(char):
    decomposed = unicodedata.normalize("NFD", char)
    base = decomposed[0]
    letter = unicodedata.normalize(
        "NFC", base + "".join(m for m in decomposed[1:] if m in _LETTER_MARKS))
    tone = max((_TONE_RANK.get(m, 0) for m in decomposed[1:]), default=0)
    return letter, tone


def vietnamese_sort_key(text):
    """A key that orders names as a Vietnamese reader expects: letters in the Vietnamese
    alphabet ("Cầu Giấy" before "Chương Mỹ", "Hà Đông" before "Hoàng Mai"), tones only
    between otherwise equal names, case last, and numbers by value ("số 4" before "số 18")."""
    primary, tones = [], []
    for run in _RUNS.findall(unicodedata.normalize("NFC", text or "")):
        if run.isdigit():
            primary.append((1, int(run)))
            continue
        letter, tone = _letter_and_tone(run.lower())
        rank = _LETTER_RANK.get(letter)
        # Spaces and punctuation first, then numbers, then letters; any other character by
        # its code point after the alphabet.
        if rank is None:
            primary.append((0, ord(letter)) if not letter.isalnum()
                           else (3, ord(letter)))
        else:
            primary.append((2, rank))
        tones.append(tone)
    return (primary, tones, text or "")
