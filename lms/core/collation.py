"""Vietnamese sort keys: names in the order a Vietnamese reader expects, numbers in natural order.

`sort_key("Phường Cầu Giấy") < sort_key("Phường Chương Mỹ")`, `sort_key("Hà Đông") <
sort_key("Hoàng Mai")`, `sort_key("Tổ số 4") < sort_key("Tổ số 18")`.

The key follows the Vietnamese collation of the Unicode CLDR, as ICU applies it on PostgreSQL
(`COLLATE "vi-x-icu"` with numeric ordering, `vi-u-kn-true`), in three levels:
  1. letters of the Vietnamese alphabet, a < ă < â < b < c < d < đ < e < ê < ... < o < ô < ơ
     < ... < u < ư < v < x < y (f, j, w, z where Latin puts them), digits as whole numbers
     (4 < 18), spaces and punctuation before digits, digits before letters;
  2. then the tones, level (ngang) < huyền < hỏi < ngã < sắc < nặng: Ha < Hà < Hả < Hã < Há < Hạ;
  3. then case, lower before upper.
tests/core/test_collation.py checks the order against PostgreSQL's ICU itself.

The key is a string whose plain code-point order is that order, so it is stored beside the name
(unit.sort_name, cadre.sort_name), indexed, and compared the same on SQLite and PostgreSQL
(the column uses the "C" collation there): an ORDER BY on it needs no collation function and
pages through 100,000 cadres by index.
"""

import re
import unicodedata
from functools import lru_cache

from sqlalchemy import String

ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
# Letter + modifier (after NFD) -> the Vietnamese letter it makes.
_MODIFIED = {("a", "\u0306"): "ă", ("a", "\u0302"): "â", ("e", "\u0302"): "ê",
             ("o", "\u0302"): "ô", ("o", "\u031b"): "ơ", ("u", "\u031b"): "ư"}
# The five tone marks, in their order after the level tone.
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
# Punctuation in the order the CLDR root collation gives it; any other symbol after these.
_PUNCTUATION = "_-,;:!?.'\"()[]{}@*/\\&#%`^+<=>|~$"

_SEPARATOR = "\x01"   # between the levels: shorter sorts first ("An" < "Anh")
_LOW = "\x02"         # the level 2 and 3 weight of everything without a tone or a capital
_SPACE = "\x10"
_PUNCT_BASE = 0x20
_NUMBER = "\x80"
_DIGIT_BASE = 0x90
_LETTER_BASE = 0x200
_OTHER = "\u3000"     # then the character itself: other scripts after Latin letters
_TOKENS = re.compile(r"\d+|.", re.S)
_WORDS = re.compile(r"(\s)")


def _number(digits):
    """A run of digits by its value: a longer number (without leading zeros) sorts later."""
    digits = digits.lstrip("0") or "0"
    return _NUMBER + chr(_DIGIT_BASE + len(digits)) + "".join(
        chr(_DIGIT_BASE + int(d)) for d in digits)


@lru_cache(maxsize=8192)
def _weights_of(char):
    """(primary, secondary, tertiary) of one composed character: its base letter with
    the modifier it carries (ă, ê, ơ ...) and its tone."""
    base, *marks = unicodedata.normalize("NFD", char)
    lower = base.lower()
    if lower in ALPHABET:
        tone = 0
        for mark in marks:
            if (lower, mark) in _MODIFIED:
                lower = _MODIFIED[lower, mark]
            else:  # a tone; a foreign mark (ü, ç) after the five tones
                tone = _TONES.get(mark, 6)
        return (chr(_LETTER_BASE + ALPHABET.index(lower)), chr(ord(_LOW) + tone),
                _LOW if base == base.lower() else "\x03")
    if char.isspace():
        return _SPACE, _LOW, _LOW
    if char in _PUNCTUATION:
        return chr(_PUNCT_BASE + _PUNCTUATION.index(char)), _LOW, _LOW
    if unicodedata.category(char)[0] in "PSZCM":
        return chr(_PUNCT_BASE + len(_PUNCTUATION)), _LOW, _LOW
    return _OTHER + char, _LOW, _LOW


@lru_cache(maxsize=65536)
def _word_weights(word):
    """The three levels of an NFC word (or space), each a string: the weights of its
    characters, a run of digits as one number; cached, as names are made of the same few
    thousand words."""
    weights = []
    for token in _TOKENS.findall(word):
        if token[0].isdigit():
            # Equal numbers: the one written with more leading zeros first ("07" < "7").
            zeros = min(len(token) - len(token.lstrip("0")), 12)
            weights.append((_number(token), chr(0x0F - zeros), _LOW))
        else:
            weights.append(_weights_of(token))
    return tuple("".join(level) for level in zip(*weights, strict=True))


def sort_key(text):
    """The Vietnamese sort key of `text` (see the module's docstring); "" sorts first."""
    text = (text or "").strip()
    if not text:
        return ""
    # Composed, a letter and its marks are one character (đ is one already).
    words = [_word_weights(word) for word in _WORDS.split(unicodedata.normalize("NFC", text))
             if word]
    return _SEPARATOR.join("".join(level) for level in zip(*words, strict=True))


def person_sort_key(full_name):
    """A person's key: by given name (the last word) first, then the family and middle
    names, as Vietnamese lists of people are ordered ("Lê Thị An" before "Đỗ Thị Bình")."""
    words = (full_name or "").split()
    # The given name is the last word with a letter: a number after it ("Hằng 2", told
    # apart in a list) stays last.
    given = next((i for i in range(len(words) - 1, -1, -1)
                  if any(ch.isalpha() for ch in words[i])), None)
    if given is None:
        return sort_key(full_name)
    return sort_key(" ".join([words[given], *words[:given], *words[given + 1:]]))


# A stored key: compared by code point on both engines ("C" on PostgreSQL, whatever the
# database's default collation), long enough for a 200-character name's three levels.
SORT_KEY_TYPE = String(800).with_variant(String(800, collation="C"), "postgresql")


def sort_key_default(source_column, key=sort_key):
    """A column default: the key of the row's `source_column`, so that bulk inserts that do
    not name the key still store it. ORM updates keep it by the models' validators."""

    def default(context):
        return key(context.get_current_parameters().get(source_column))

    return default
