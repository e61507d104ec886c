"""API of the 断卡 action, mounted at ``/api/v1/cards``. Staff sessions only: these are
people's records, not something an upstream system reads."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema, Status
from ninja.errors import HttpError
from ninja.errors import ValidationError as ApiValidationError

from fanzha.accounts.capabilities import can_edit
from fanzha.cards import rules
from fanzha.cards.models import CardPerson, Restriction
from fanzha.core.api_auth import staff_user
from fanzha.core.api_utils import window

router = Router(tags=["cards"])


class RestrictionOut(Schema):
    id: int
    person_id: int
    status: str
    years: int
    starts_on: date
    ends_on: date
    reason: str
    appeal_channel: str
    lifted_at: datetime | None


class PersonOut(Schema):
    id: int
    resident_id: int
    name: str
    id_mask: str
    items: int
    acts: int
    counterparties: int
    thresholds_crossed: list[str]
    restrictions: list[RestrictionOut]


class Page(Schema):
    limit: int = 50
    offset: int = 0


def _person(person: CardPerson) -> dict[str, Any]:
    evaluation = rules.evaluate(person)
    return {
        "id": person.pk,
        "resident_id": person.resident_id,
        "name": person.resident.name,
        "id_mask": person.resident.id_mask,
        "items": evaluation.items,
        "acts": evaluation.acts,
        "counterparties": evaluation.counterparties,
        "thresholds_crossed": list(evaluation.reasons),
        "restrictions": list(person.restrictions.all()),
    }


@router.get("/persons", response=list[PersonOut], summary="断卡 people in your area")
def list_persons(request: HttpRequest, page: Query[Page]) -> list[dict[str, Any]]:
    user = staff_user(request)
    qs = CardPerson.objects.restrict(user, "view").select_related("resident")
    return [
        _person(p)
        for p in qs.prefetch_related("restrictions")[window(page.offset, page.limit, 200)]
    ]


@router.get("/persons/{int:person_id}", response=PersonOut, summary="One 断卡 person")
def get_person(request: HttpRequest, person_id: int) -> dict[str, Any]:
    user = staff_user(request)
    qs = CardPerson.objects.restrict(user, "view").select_related("resident")
    return _person(get_object_or_404(qs, pk=person_id))


@router.get("/restrictions", response=list[RestrictionOut], summary="Joint punishments")
def list_restrictions(request: HttpRequest, page: Query[Page]) -> Any:
    user = staff_user(request)
    return list(Restriction.objects.restrict(user, "view")[window(page.offset, page.limit, 500)])


@router.get("/restrictions/{int:restriction_id}", response=RestrictionOut)
def get_restriction(request: HttpRequest, restriction_id: int) -> Restriction:
    user = staff_user(request)
    return get_object_or_404(Restriction.objects.restrict(user, "view"), pk=restriction_id)


class AppealIn(Schema):
    statement: str


class AppealOut(Schema):
    id: int
    restriction_id: int
    status: str
    submitted_at: datetime


@router.post(
    "/restrictions/{int:restriction_id}/appeals",
    response={201: AppealOut},
    summary="Submit an appeal against a joint punishment",
)
def post_appeal(request: HttpRequest, restriction_id: int, payload: AppealIn) -> Any:
    user = staff_user(request)
    if not can_edit(user):
        raise HttpError(403, "只读角色不能提交申诉")
    restriction = get_object_or_404(Restriction.objects.restrict(user, "change"), pk=restriction_id)
    try:
        return Status(201, rules.submit_appeal(restriction, payload.statement, user=user))
    except ValidationError as exc:
        raise ApiValidationError(
            [
                {"loc": ["body", "payload", "statement"], "msg": m, "type": "value_error"}
                for m in exc.messages
            ]
        ) from None
