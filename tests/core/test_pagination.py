"""RowPage: whole rows of a multi-column SELECT, paged in two statements."""

import pytest
from sqlalchemy import literal, select, union_all

from lms.core.pagination import RowPage
from tests.conftest import count_statements


def numbers(count):
    """A SELECT of `count` rows (n, its square), ordered by n."""
    parts = [select(literal(n).label("n"), literal(n * n).label("square"))
             for n in range(1, count + 1)]
    return select(union_all(*parts).subquery()).order_by("n")


def test_a_page_holds_whole_rows_and_what_the_pager_reads(app_ctx):
    with count_statements() as statements:
        page = RowPage(numbers(5), 2, 2)
    assert len(statements) == 2
    assert [tuple(row) for row in page.items] == [(3, 9), (4, 16)]
    assert (page.total, page.pages, page.has_prev, page.prev_num, page.has_next,
            page.next_num) == (5, 3, True, 1, True, 3)


@pytest.mark.parametrize(("clamp", "page", "shown", "items"), [
    (True, 9, 3, [(5, 25)]), (True, 0, 1, [(1, 1), (2, 4)]), (False, 9, 9, [])])
def test_a_page_past_the_end_is_the_last_one_only_when_clamped(app_ctx, clamp, page, shown,
                                                                 items):
    result = RowPage(numbers(5), page, 2, clamp=clamp)
    assert (result.page, [tuple(row) for row in result.items]) == (shown, items)


def test_an_empty_list_has_no_pages(app_ctx):
    page = RowPage(numbers(1).where(literal(False)), 1, 2, clamp=True)
    assert (page.total, page.pages, page.page, page.items) == (0, 0, 1, [])
