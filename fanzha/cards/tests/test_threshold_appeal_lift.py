"""A 断卡 person crosses a threshold, appeals and is lifted."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from fanzha.cards import rules
from fanzha.cards.choices import AppealStatus, RestrictionStatus
from fanzha.cards.models import Appeal, CardPerson, Restriction
from fanzha.cards.tests.factories import CardPersonFactory, CardRecordFactory

pytestmark = pytest.mark.django_db


def _record(client, person, number, counterparty, act="sell"):
    return client.post(
        f"/cards/{person.pk}/records/add/",
        {
            "item_kind": "bank_card",
            "issuer": "工商银行",
            "item_number": number,
            "act": act,
            "counterparty": counterparty,
            "act_date": "2021-05-01",
            "source": "police",
        },
    )


def test_it_flags_at_the_threshold_then_appeal_lifts_it_at_once(world, client_for):
    officer = world.user("east_officer")
    client = client_for(officer)
    resident = world.residents["east"][0]
    response = client.post("/cards/add/", {"resident": resident.pk, "note": "出售银行卡"})
    assert response.status_code == 302
    person = CardPerson.objects.get(resident=resident)

    _record(client, person, "6222 0000 0000 0001", "王某")
    _record(client, person, "6222000000000002", "王 某")  # same counterparty, spelled apart
    assert not Restriction.objects.exists()
    response = _record(client, person, "6222000000000003", "李某")
    assert response.status_code == 302
    restriction = Restriction.objects.get(person=person)
    today = timezone.localdate()
    assert restriction.status == RestrictionStatus.ACTIVE
    assert restriction.years == 2
    assert restriction.starts_on == today
    assert restriction.ends_on == rules.add_years(today, 2) - timedelta(days=1)
    assert "3" in restriction.reason and "断卡" in restriction.reason
    assert restriction.appeal_channel
    evaluation = rules.evaluate(person)
    assert (evaluation.items, evaluation.acts, evaluation.counterparties) == (3, 3, 2)
    page = client.get(f"/cards/{person.pk}/").content.decode()
    assert restriction.appeal_channel in page
    assert "6222********0003" in page and "6222000000000003" not in page

    client.post(f"/cards/punishments/{restriction.pk}/appeal/", {"statement": "银行卡系被盗用"})
    appeal = Appeal.objects.get()
    assert appeal.status == AppealStatus.SUBMITTED
    client.post(f"/cards/appeals/{appeal.pk}/review/", {"note": "调取交易记录"})
    appeal.refresh_from_db()
    assert appeal.status == AppealStatus.REVIEWED
    client.post(
        f"/cards/appeals/{appeal.pk}/decide/",
        {"decision": "lifted", "note": "查明系被盗用，解除惩戒"},
    )
    appeal.refresh_from_db()
    restriction.refresh_from_db()
    assert appeal.status == AppealStatus.LIFTED
    assert restriction.status == RestrictionStatus.LIFTED
    assert restriction.ends_on == today
    assert restriction.lifted_at is not None
    assert person.active_restriction() is None


def test_it_keeps_the_punishment_when_the_appeal_is_upheld(world):
    person = CardPersonFactory(resident=world.residents["west"][0])
    for i in range(3):
        CardRecordFactory(person=person, counterparty=f"买家{i}", number=f"62220000000001{i}")
    restriction = rules.flag(person, years=3)
    appeal = rules.submit_appeal(restriction, "不服")
    with pytest.raises(ValidationError):
        rules.decide_appeal(appeal, lift=False, note="维持")  # not reviewed yet
    rules.review_appeal(appeal, "已复核")
    rules.decide_appeal(appeal, lift=False, note="证据确凿，维持")
    restriction.refresh_from_db()
    assert restriction.status == RestrictionStatus.ACTIVE
    assert restriction.ends_on == rules.add_years(restriction.starts_on, 3) - timedelta(days=1)


def test_it_refuses_other_durations_and_more_than_five_years_in_a_row(world):
    person = CardPersonFactory(resident=world.residents["east"][1])
    for i in range(3):
        CardRecordFactory(person=person, number=f"62220000000002{i}")
    with pytest.raises(ValidationError):
        rules.flag(person, years=4)
    first = rules.flag(person, years=3, starts_on=date(2021, 1, 1))
    assert first.ends_on == date(2023, 12, 31)
    with pytest.raises(ValidationError, match="5"):
        rules.flag(person, years=3, starts_on=date(2024, 1, 1))
    second = rules.flag(person, years=2, starts_on=date(2024, 1, 1))
    assert second.ends_on == date(2025, 12, 31)
    first.refresh_from_db()
    assert first.status == RestrictionStatus.ENDED


def test_it_does_not_flag_below_the_thresholds(world, settings):
    settings.FANZHA_CARDS_THRESHOLD_ITEMS = 4
    settings.FANZHA_CARDS_THRESHOLD_ACTS = 4
    person = CardPersonFactory(resident=world.residents["east"][2])
    for i in range(3):
        CardRecordFactory(person=person, number=f"62220000000003{i}")
    evaluation = rules.evaluate(person)
    assert evaluation.counterparties == 3 and evaluation.crossed
    settings.FANZHA_CARDS_THRESHOLD_COUNTERPARTIES = 4
    assert not rules.evaluate(person).crossed
    with pytest.raises(ValidationError):
        rules.flag(person)


def test_it_checks_card_quotas_per_issuer(world, settings):
    person = CardPersonFactory(resident=world.residents["west"][1])
    for i in range(4):
        CardRecordFactory(person=person, issuer="建设银行", number=f"62270000000004{i}")
    result = rules.check_quota(person, "bank_card", "建设银行")
    assert (result.held, result.limit, result.allowed) == (4, 4, False)
    assert rules.check_quota(person, "bank_card", "农业银行").allowed
    assert rules.quota_violations(person) == []
    CardRecordFactory(person=person, issuer="建设银行", number="6227000000000050")
    assert [(v.issuer, v.held) for v in rules.quota_violations(person)] == [("建设银行", 5)]
    settings.FANZHA_CARDS_MAX_PHONE_CARDS_PER_CARRIER = 1
    assert not rules.check_quota(person, "phone_card", "中国移动", held_elsewhere=1).allowed


def test_a_restriction_ends_when_its_date_passes(world):
    person = CardPersonFactory(resident=world.residents["west"][2])
    for i in range(3):
        CardRecordFactory(person=person, number=f"62220000000006{i}")
    restriction = rules.flag(person, starts_on=date(2019, 1, 1))
    assert rules.end_expired(date(2021, 1, 1)) == 1
    restriction.refresh_from_db()
    assert restriction.status == RestrictionStatus.ENDED
