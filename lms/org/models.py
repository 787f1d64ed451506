"""Organisation tree (units and their closure table) and cadres."""

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    Boolean,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    event,
    func,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from lms.core.collation import SORT_KEY_TYPE, person_sort_key, sort_key, sort_key_default
from lms.core.text import fold_vietnamese
from lms.extensions import db

UNIT_KINDS = ("city", "district", "commune", "branch", "group")
UNIT_KIND_LABELS = {
    "city": _l("City union"),
    "district": _l("District union"),
    "commune": _l("Commune/ward union"),
    "branch": _l("Branch"),
    "group": _l("Women's group"),
}

EDUCATION_LEVELS = ("below_university", "university", "master", "doctorate")
EDUCATION_LABELS = {
    "below_university": _l("Below university"),
    "university": _l("University"),
    "master": _l("Master"),
    "doctorate": _l("Doctorate"),
}


def _in_list(column, values):
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


def _folded_name(context):
    """The column default of Unit.search_name in a bulk INSERT: its row's name, folded."""
    return fold_vietnamese(context.get_current_parameters().get("name"))


class Unit(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    # The name's Vietnamese sort key (lms/core/collation.py): every list orders by it.
    sort_name: Mapped[str] = mapped_column(SORT_KEY_TYPE, default=sort_key_default("name"))
    # Lower-case, diacritic-free copy of name, so that "hoan kiem" finds "Phường Hoàn Kiếm"
    # in SQL on both engines; kept in step with name (see _fold_unit_name below).
    search_name: Mapped[str] = mapped_column(String(200), index=True, default=_folded_name)
    kind: Mapped[str] = mapped_column(String(20))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id"), index=True)
    # Distance from the root; kept with the closure table for breadcrumbs and ordering.
    depth: Mapped[int] = mapped_column(Integer, default=0)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())

    parent: Mapped["Unit | None"] = relationship(remote_side=[id], back_populates="children")
    children: Mapped[list["Unit"]] = relationship(back_populates="parent",
                                                  order_by="Unit.sort_name")

    __table_args__ = (CheckConstraint(_in_list("kind", UNIT_KINDS), name="kind"),
                      Index("ix_unit_parent_sort_name", "parent_id", "sort_name"))

    @validates("name")
    def _keep_sort_name(self, _key, name):
        self.sort_name = sort_key(name)
        return name

    @property
    def kind_label(self):
        return UNIT_KIND_LABELS.get(self.kind, self.kind)

    def __repr__(self):
        return f"<Unit {self.code}>"


@event.listens_for(Unit.name, "set")
def _fold_unit_name(unit, value, _old, _initiator):
    unit.search_name = fold_vietnamese(value)


class UnitClosure(db.Model):
    """One row per (ancestor, descendant) pair, the unit itself included at distance 0.

    A subtree is `WHERE ancestor_id = :unit`: one indexed lookup at any depth.
    """

    ancestor_id: Mapped[int] = mapped_column(ForeignKey("unit.id"), primary_key=True)
    descendant_id: Mapped[int] = mapped_column(ForeignKey("unit.id"), primary_key=True)
    distance: Mapped[int] = mapped_column(Integer)

    __table_args__ = (Index("ix_unit_closure_descendant", "descendant_id", "ancestor_id"),)


class Cadre(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    full_name: Mapped[str] = mapped_column(String(200))
    # Lower-case, diacritic-free copy of full_name for accent-insensitive search.
    search_name: Mapped[str] = mapped_column(String(200), index=True)
    # Her name's Vietnamese sort key, given name first (lms/core/collation.py).
    sort_name: Mapped[str] = mapped_column(
        SORT_KEY_TYPE, default=sort_key_default("full_name", person_sort_key), index=True)
    birth_year: Mapped[int | None] = mapped_column(Integer)
    phone: Mapped[str | None] = mapped_column(String(20), index=True)
    email: Mapped[str | None] = mapped_column(String(200))
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"), index=True)
    position: Mapped[str | None] = mapped_column(String(200))
    is_full_time: Mapped[bool] = mapped_column(Boolean, default=False)
    is_key_cadre: Mapped[bool] = mapped_column(Boolean, default=False)
    is_department_leader: Mapped[bool] = mapped_column(Boolean, default=False)
    is_chair: Mapped[bool] = mapped_column(Boolean, default=False)
    education: Mapped[str] = mapped_column(String(20), default="below_university")
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(
        DateTime, server_default=func.now(), onupdate=func.now()
    )

    unit: Mapped[Unit] = relationship()

    __table_args__ = (
        CheckConstraint(_in_list("education", EDUCATION_LEVELS), name="education"),
        Index("ix_cadre_unit_active", "unit_id", "is_active"),
    )

    @validates("full_name")
    def _keep_sort_name(self, _key, full_name):
        self.sort_name = person_sort_key(full_name)
        return full_name

    @property
    def education_label(self):
        return EDUCATION_LABELS.get(self.education, self.education)

    def __repr__(self):
        return f"<Cadre {self.code}>"


class CadreUnitHistory(db.Model):
    """Which unit a cadre belonged to, and when: rotation (luân chuyển) and merges keep it."""

    id: Mapped[int] = mapped_column(primary_key=True)
    cadre_id: Mapped[int] = mapped_column(ForeignKey("cadre.id"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"), index=True)
    started_at: Mapped[datetime] = mapped_column(DateTime)
    ended_at: Mapped[datetime | None] = mapped_column(DateTime)
    reason: Mapped[str] = mapped_column(String(40), default="assigned")

    unit: Mapped[Unit] = relationship()
