"""Two documents issued at the same moment get consecutive numbers (PostgreSQL: row lock)."""

import threading
from datetime import date

import pytest
from django.db import connection, connections

from fanzha.cases.tests.factories import CaseFactory
from fanzha.notices import documents
from fanzha.notices.models import Notice, NumberCounter

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the concurrency check needs PostgreSQL"
)


@pytest.mark.django_db(transaction=True)
def test_it_never_repeats_or_skips_a_number_under_concurrency(world):
    cases = [
        CaseFactory(victim=world.residents[side][i]) for side in ("east", "west") for i in range(3)
    ]
    letters = [Notice.objects.get(case=c).pk for c in cases]
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def worker(ids: list[int]) -> None:
        try:
            barrier.wait()
            for pk in ids:
                documents.issue(Notice.objects.get(pk=pk), on=date(2021, 5, 27))
        except Exception as exc:  # noqa: BLE001 - surfaced by the assert below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(letters[i::2],)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not errors, errors
    numbers = sorted(Notice.objects.filter(pk__in=letters).values_list("number", flat=True))
    assert numbers == [1, 2, 3, 4, 5, 6]
    assert NumberCounter.objects.get(kind="letter", year=2021).last == 6
