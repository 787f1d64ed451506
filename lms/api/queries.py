"""Reads for the API and the token page. No request or current_user here."""

from sqlalchemy import select

from lms.api.models import ApiToken
from lms.auth.models import User
from lms.core.pagination import RowPage
from lms.extensions import db
from lms.org.models import Cadre, Unit
from lms.reports.indicators.missing import missing_cadres_query
from lms.training.records import training_records


def get_cadre_by_code(code):
    return db.session.scalar(select(Cadre).where(Cadre.code == code))


def get_cadre_trainings(cadre_id):
    """A cadre's completed trainings, online and in person, newest first."""
    records = training_records()
    return db.session.execute(
        select(records.c.kind, records.c.title, records.c.track, records.c.hours,
               records.c.done_on)
        .where(records.c.cadre_id == cadre_id)
        .order_by(records.c.done_on.desc(), records.c.kind, records.c.title)).all()


def list_user_tokens(user_id):
    """A user's tokens, active ones first, newest first."""
    return list(db.session.scalars(
        select(ApiToken).where(ApiToken.user_id == user_id)
        .order_by(ApiToken.revoked_at.is_not(None), ApiToken.created_at.desc(),
                  ApiToken.id.desc())))


def get_user_token(user_id, token_id):
    """One of the user's own tokens, or None (someone else's token is never returned)."""
    return db.session.scalar(
        select(ApiToken).where(ApiToken.id == token_id, ApiToken.user_id == user_id))


def list_active_tokens():
    """(token, owner's display name, owner's username) of every unrevoked token, by owner,
    newest first: what an admin reviews."""
    return db.session.execute(
        select(ApiToken, User.display_name, User.username)
        .join(User, User.id == ApiToken.user_id)
        .where(ApiToken.revoked_at.is_(None))
        .order_by(User.display_name, User.id, ApiToken.created_at.desc(),
                  ApiToken.id.desc())).all()


def get_token(token_id):
    return db.session.get(ApiToken, token_id)


def get_missing_page(unit_id, indicator_id, period, search, page, per_page):
    """One page of missing cadres: rows (Cadre, unit_name, reason, unit_code)."""
    # missing_cadres_query already joins the cadre's unit: its code costs no extra statement.
    query = missing_cadres_query(unit_id, indicator_id, period, search)
    return RowPage(query.add_columns(Unit.code.label("unit_code")), page, per_page)
