"""Every kind of notification: what people call it, who gets it, and whether its email is
theirs to turn off.

A kind marked `is_new` came after people already had accounts: its email starts switched off
for accounts older than the kind (NotificationKindSetting.introduced_at, written by the
migration that added it) until an admin turns it on for them; accounts created since get it.
A user's own choice always wins. The notice in the app is always written.
"""

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

LEARNER = "learner"
ORGANIZER = "organizer"


@dataclass(frozen=True)
class Kind:
    name: str
    label: str
    #: Who receives it, for the settings page: LEARNER (cadres) or ORGANIZER.
    audience: str
    #: Whether the user may stop its email.
    optional_email: bool
    #: Introduced after the first accounts: email off for older accounts until switched on.
    is_new: bool = False


KINDS = {kind.name: kind for kind in (
    Kind("assigned", _l("A course assigned to me"), LEARNER, optional_email=False),
    Kind("reminder", _l("Reminders before and after a due date"), LEARNER, optional_email=True),
    Kind("programme_reminder", _l("Reminders of my yearly training programmes"), LEARNER,
         optional_email=True, is_new=True),
    Kind("completed", _l("A course I completed, with its certificate"), LEARNER,
         optional_email=True, is_new=True),
    Kind("digest", _l("Weekly digest of my unit's training figures"), ORGANIZER,
         optional_email=True, is_new=True),
    Kind("session_tomorrow", _l("A training session of my unit tomorrow"), ORGANIZER,
         optional_email=True, is_new=True),
    Kind("job_done", _l("A file, an import or a closing I asked for is done"), ORGANIZER,
         optional_email=True, is_new=True),
)}

OPTIONAL_EMAIL_KINDS = tuple(name for name, kind in KINDS.items() if kind.optional_email)
NEW_KINDS = tuple(name for name, kind in KINDS.items() if kind.is_new)


def kinds_for(user):
    """The kinds the user can receive, in the registry's order."""
    return [kind for kind in KINDS.values()
            if (kind.audience == LEARNER and user.can_learn)
            or (kind.audience == ORGANIZER and user.can_organize)]
