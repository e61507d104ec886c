"""Signals other apps listen to.

``victim_confirmed`` is sent when a dissuasion task is closed with outcome 4 (本人-接通-已被骗),
with kwargs ``alert``, ``task`` and ``attempt`` (the attempt that recorded the loss, or None).
The cases app drafts a case from it. It is sent inside the closing transaction, through
``send_robust``: a failing receiver is logged and does not undo the closing."""

from django.dispatch import Signal

victim_confirmed = Signal()
