"""Signals the organisation sends so other domains can follow changes without org importing
them (auto-enrollment into assigned courses listens here)."""

from blinker import Namespace

_signals = Namespace()

#: Sent after cadres were created, changed, moved or imported, inside the same transaction.
#: Keyword `unit_id`: the root of the subtree whose cadres may have changed (None: anywhere).
cadres_changed = _signals.signal("cadres-changed")
