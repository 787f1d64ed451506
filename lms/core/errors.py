"""The errors services raise for a reason the user can fix; views turn them into messages."""

from flask_babel import lazy_gettext as _l


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


class ImportClash(DomainError):
    """Another import or edit wrote one of the same codes first: nothing of the file was
    kept, and sending it again reads the other writer's rows."""

    def __init__(self):
        super().__init__(_l("Someone changed the same records while the file was being "
                            "imported. Nothing was imported; please send the file again."))
