"""Folding Vietnamese text, making ASCII slugs and sorting names in Vietnamese order."""

from lms.core.collation import sort_key
from lms.core.text import fold_vietnamese, slugify, strip_diacritics


def test_strip_diacritics_keeps_case_and_spaces():
    assert strip_diacritics("Đỗ  Thị Hoà") == "Do  Thi Hoa"


def test_fold_vietnamese():
    assert fold_vietnamese("  Nguyễn  THỊ Hoà ") == "nguyen thi hoa"


def test_slugify():
    assert slugify("Đổi mới: Chuyển đổi số!") == "doi-moi-chuyen-doi-so"
    assert slugify("An toàn trên mạng", max_length=8) == "an-toan"
    assert slugify("x" * 100, max_length=None) == "x" * 100


def test_names_sort_in_vietnamese_order():
    names = ["Phường Chương Mỹ", "Phường Hoàng Mai", "Phường Cầu Giấy", "Phường Hà Đông",
             "Chi hội số 18", "Chi hội số 4", "Đông Anh", "Dương Nội", "Ân Thi", "Ba Vì", "An",
             "ả", "á", "a", "à", "tổ 3", "Tổ 10", "Tổ 2"]
    assert sorted(names, key=sort_key) == [
        # tones only between otherwise equal words: none, huyền, hỏi, sắc
        "a", "à", "ả", "á", "An", "Ân Thi", "Ba Vì",
        # numbers by value
        "Chi hội số 4", "Chi hội số 18",
        # d before đ; "Cầu" before "Chương" (c-a before c-h), "Hà" before "Hoàng"
        "Dương Nội", "Đông Anh", "Phường Cầu Giấy", "Phường Chương Mỹ", "Phường Hà Đông",
        "Phường Hoàng Mai", "Tổ 2", "tổ 3", "Tổ 10"]
