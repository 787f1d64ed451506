"""Folding Vietnamese text and making ASCII slugs."""

from lms.core.text import fold_vietnamese, slugify, strip_diacritics


def test_strip_diacritics_keeps_case_and_spaces():
    assert strip_diacritics("Đỗ  Thị Hoà") == "Do  Thi Hoa"


def test_fold_vietnamese():
    assert fold_vietnamese("  Nguyễn  THỊ Hoà ") == "nguyen thi hoa"


def test_slugify():
    assert slugify("Đổi mới: Chuyển đổi số!") == "doi-moi-chuyen-doi-so"
    assert slugify("An toàn trên mạng", max_length=8) == "an-toan"
    assert slugify("x" * 100, max_length=None) == "x" * 100
