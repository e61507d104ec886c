"""Document numbers (〔2021〕12号): per kind and year, without gaps or repeats."""

from __future__ import annotations

from django.db import IntegrityError, transaction

from fanzha.notices.models import NumberCounter


def next_number(kind: str, year: int) -> int:
    """Take the next number. Must run inside the caller's transaction: the counter row stays
    locked (``SELECT ... FOR UPDATE``; on SQLite the IMMEDIATE transaction already serialises
    writers) until the caller commits, and a rollback gives the number back."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("next_number() must run inside transaction.atomic()")
    try:
        # The first issue of a year creates the row; two first issues at once race on the
        # unique constraint, and the loser simply locks the winner's row below.
        with transaction.atomic():
            NumberCounter.objects.get_or_create(kind=kind, year=year)
    except IntegrityError:
        pass
    counter = NumberCounter.objects.select_for_update().get(kind=kind, year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return counter.last
