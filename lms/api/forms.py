from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import Length


class TokenForm(FlaskForm):
    name = StringField(_l("Name (what the token is for)"), validators=[
        Length(max=100, message=_l("At most %(max)s characters.", max=100))])
