"""The errors services raise for a reason the user can fix; views turn them into messages."""


class DomainError(Exception):
    """A refused use case: `message` says why, `field` names the form field it concerns."""

    def __init__(self, message, field=None):
        super().__init__(message)
        self.message = message
        self.field = field


class ImportRejected(DomainError):
    """An import file with problems; nothing was written. `errors` lists them all."""

    def __init__(self, errors):
        # Problems that name a sheet row come in row order (the whole file's first); the sort is
        # stable, so within a row, and for problems without rows, the order found is kept.
        self.errors = sorted(errors, key=lambda error: getattr(error, "row", None) or 0)
        super().__init__(f"{len(self.errors)} problem(s) in the import file")
