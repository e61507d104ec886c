"""Factories for 断卡 tests."""

from __future__ import annotations

from datetime import date
from typing import Any

import factory

from fanzha.cards.choices import Act, ItemKind, RecordSource
from fanzha.cards.models import CardPerson, CardRecord


class CardPersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CardPerson


class CardRecordFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CardRecord

    item_kind = ItemKind.BANK_CARD
    issuer = "工商银行"
    act = Act.SELL
    counterparty = factory.Sequence(lambda n: f"收卡人{n}")
    act_date = date(2021, 5, 1)
    source = RecordSource.POLICE

    @classmethod
    def _create(cls, model_class: Any, *args: Any, **kwargs: Any) -> Any:
        number = kwargs.pop("number", None)
        record = model_class(*args, **kwargs)
        record.set_item_number(number or f"6222{CardRecordFactory._seq():012d}")
        record.save()
        return record

    _counter = 0

    @staticmethod
    def _seq() -> int:
        CardRecordFactory._counter += 1
        return CardRecordFactory._counter
