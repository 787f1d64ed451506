"""One page of a list, with what the pager macro reads (page, pages, has_prev, next_num...)."""

from math import ceil

from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import func, select

from lms.extensions import db


class RowPage(Pagination):
    """One page of a multi-column SELECT: `items` are whole rows, where db.paginate keeps only
    each row's first column. Two statements whatever the page: the total, then the rows.

    With `clamp`, a page number past the end shows the last page (a list on screen); without
    it the page is as asked, and empty (an API client walking the pages)."""

    def __init__(self, query, page, per_page, clamp=False):
        self._query_args = {"query": query}
        self.per_page = per_page
        self.max_per_page = None
        self.total = self._query_count()
        if clamp:
            page = min(max(1, page), max(1, ceil(self.total / per_page)))
        self.page = page
        self.items = self._query_items()

    def _query_items(self):
        query = self._query_args["query"]
        return db.session.execute(query.limit(self.per_page).offset(self._query_offset)).all()

    def _query_count(self):
        query = self._query_args["query"]
        return db.session.scalar(
            select(func.count()).select_from(query.order_by(None).subquery())) or 0


class CountedRowPage(RowPage):
    """A RowPage read in one statement: each row carries the list's total as a last column
    (COUNT(*) OVER (), counted before LIMIT), which is dropped from `items`. Only a page
    with no rows (past the end, or an empty list) costs a second statement, the count."""

    def __init__(self, query, page, per_page, clamp=False):
        self._query_args = {"query": query}
        self.per_page = per_page
        self.max_per_page = None
        self.page = max(1, page)
        rows = self._query_items()
        self.total = rows[0][-1] if rows else self._query_count()
        if not rows and clamp and self.total:
            self.page = ceil(self.total / per_page)
            rows = self._query_items()
        self.items = [tuple(row)[:-1] for row in rows]

    def _query_items(self):
        query = self._query_args["query"].add_columns(func.count().over().label("total"))
        return db.session.execute(query.limit(self.per_page).offset(self._query_offset)).all()
