"""The one decimal parser of forms, import cells and course files, and its Vietnamese display."""

from decimal import Decimal

import pytest

from lms.core.decimals import format_decimal, parse_decimal, parse_whole_number


@pytest.mark.parametrize(("text", "value"), [
    ("2,5", Decimal("2.5")), ("2.5", Decimal("2.5")), (" 4 ", Decimal(4)), ("0,5", Decimal("0.5")),
    ("2,50", Decimal("2.5")), ("999,9", Decimal("999.9")), ("1,0000", Decimal(1)),
])
def test_a_decimal_comma_or_point_is_read(text, value):
    assert parse_decimal(text, places=1) == value


@pytest.mark.parametrize("text", [
    "1.234,5", "1,234.5", "2,5,1", "1,000", "1.000", "12.500", "1 000", "2 giờ", "", "-1", "+1",
    ",5", "2,", "1e3", "NaN", "Infinity", "٣",  # an Arabic-Indic digit three
])
def test_anything_ambiguous_or_not_a_plain_number_is_refused_with_a_message(text, app_ctx):
    with pytest.raises(ValueError) as refused:
        parse_decimal(text, places=1)
    assert "2,5" in str(refused.value.args[0])


def test_more_decimals_than_the_column_keeps_are_refused_not_rounded(app_ctx):
    with pytest.raises(ValueError, match="2,5"):
        parse_decimal("2,25", places=1)
    assert parse_decimal("2,25") == Decimal("2.25")  # no limit given


@pytest.mark.parametrize(("value", "text", "english"), [
    (Decimal("2.5"), "2,5", "2.5"), (Decimal("4.0"), "4", "4"), (Decimal("40"), "40", "40"),
    (2.5, "2,5", "2.5"), (3, "3", "3"), (Decimal("999.9"), "999,9", "999.9"),
    (Decimal("1500"), "1.500", "1,500"), (Decimal("1234.125"), "1.234,125", "1,234.125"),
    (None, "", ""),
])
def test_numbers_are_shown_as_the_reader_writes_them_every_digit_kept(app, value, text, english):
    from flask_babel import force_locale

    with app.test_request_context():
        assert format_decimal(value) == text
        with force_locale("en"):
            assert format_decimal(value) == english
            # A document in Vietnamese stays Vietnamese whatever the reader's interface.
            assert format_decimal(value, locale="vi") == text


def test_a_number_put_back_in_a_form_field_has_no_thousands_separator(app):
    with app.test_request_context():
        assert format_decimal(Decimal("1500.5"), grouped=False) == "1500,5"
        assert parse_decimal(format_decimal(Decimal("1500.5"), grouped=False)) == Decimal("1500.5")


@pytest.mark.parametrize(("text", "value"), [("70", 70), (" 0 ", 0), ("007", 7)])
def test_a_whole_number_is_digits_only(text, value):
    assert parse_whole_number(text) == value


@pytest.mark.parametrize("text", ["7,5", "70.0", "1.000", "1,000", "70%", "-1", "", "٣",
                                  "9" * 19])
def test_anything_else_is_not_a_whole_number(text, app_ctx):
    with pytest.raises(ValueError, match="số nguyên"):
        parse_whole_number(text)


@pytest.mark.parametrize("value, places, vietnamese, english", [
    (72.34, 1, "72,3\u00a0%", "72.3\u00a0%"), (100, 1, "100,0\u00a0%", "100.0\u00a0%"),
    (66.67, 0, "67\u00a0%", "67\u00a0%"), (None, 1, "–", "–")])
def test_shares_are_written_as_readers_here_write_them(app, value, places, vietnamese, english):
    from flask_babel import force_locale

    from lms.core.decimals import format_percent

    with app.test_request_context():
        assert format_percent(value, places) == vietnamese
        with force_locale("en"):
            assert format_percent(value, places) == english


def test_a_template_count_in_a_plural_message_is_grouped_as_readers_here_write_it(app):
    from flask import render_template_string
    from flask_babel import force_locale

    template = '{{ ngettext("%(num)s unit", "%(num)s units", n) }}'
    with app.test_request_context():
        assert render_template_string(template, n=1970) == "1.970 đơn vị"
        # A template that passes its own num keeps it (the quiz's "{n}" placeholder).
        assert render_template_string('{{ ngettext("%(num)s unit", "%(num)s units", 2, '
                                      'num="{n}") }}') == "{n} đơn vị"
        with force_locale("en"):
            assert render_template_string(template, n=1970) == "1,970 units"
            assert render_template_string(template, n=1) == "1 unit"
