"""Organisation imports: units and cadres from CSV, XLSX or ODS files, all or nothing.

    result = import_cadres(stream, "cadres.xlsx", actor=user, scope_root_id=root_id)
    db.session.commit()

raises ImportRejected(errors) (each a RowError(row, column, message)) with nothing written.
"""

from lms.core.errors import ImportClash
from lms.core.spreadsheets import ImportRejected, RowError
from lms.org.imports.cadres import CADRE_COLUMNS, import_cadres
from lms.org.imports.common import ImportResult
from lms.org.imports.samples import template_file
from lms.org.imports.units import UNIT_COLUMNS, import_units

__all__ = ["CADRE_COLUMNS", "UNIT_COLUMNS", "ImportClash", "ImportRejected", "ImportResult",
           "RowError", "import_cadres", "import_units", "template_file"]
