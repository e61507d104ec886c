"""factory-boy factories for cases (the victim and places come from the test world)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import factory
from django.utils import timezone

from fanzha.cases.choices import CaseStatus, Channel, FraudType
from fanzha.cases.models import Case


def aware(year: int, month: int, day: int, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime(year, month, day, hour))


class CaseFactory(factory.django.DjangoModelFactory):
    """A case of a world resident: pass ``victim=world.residents["east"][0]``."""

    class Meta:
        model = Case

    reported_at = factory.LazyFunction(lambda: aware(2021, 3, 10))
    occurred_at = factory.LazyAttribute(lambda o: o.reported_at)
    victim_name = "张三"
    fraud_type = FraudType.SDFL
    channel = Channel.WECHAT
    loss = Decimal("10000.00")
    recovered = Decimal("0.00")
    status = CaseStatus.OPEN
