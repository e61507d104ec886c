"""Writing the audit trail: change records from model signals, access records from reveals and
exports. Views never write audit rows by hand; they call these functions."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models.fields.files import FieldFile
from django.db.models.signals import post_delete, post_save, pre_save
from django.utils.translation import gettext as _

from fanzha.accounts.capabilities import can_export, can_reveal
from fanzha.audit.choices import AccessKind, ChangeAction
from fanzha.audit.models import AccessRecord, ChangeRecord
from fanzha.core.middleware import current_user
from fanzha.core.models import ScopedModel

_HIDDEN_SUFFIXES = ("_cipher", "_index")


def _plain(value: Any) -> Any:
    if isinstance(value, FieldFile):
        return value.name or ""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def snapshot(instance: models.Model) -> dict[str, Any]:
    """Field values fit for the log: ciphertexts and blind indexes are left out (the mask shows
    that a number changed without storing it again)."""
    data: dict[str, Any] = {}
    for field in instance._meta.concrete_fields:
        if field.name.endswith(_HIDDEN_SUFFIXES) or field.name in ("created_at", "updated_at"):
            continue
        data[field.attname] = _plain(getattr(instance, field.attname))
    return data


def _actor() -> Any:
    user = current_user.get()
    return user if user is not None and getattr(user, "is_authenticated", False) else None


def _label(instance: models.Model) -> str:
    return f"{instance._meta.app_label}.{instance._meta.model_name}"


def record_change(
    action: str, instance: models.Model, before: dict | None, after: dict | None, user: Any = None
) -> None:
    if action == ChangeAction.UPDATE and before is not None and after is not None:
        changed = {k for k in after if before.get(k) != after.get(k)}
        if not changed:
            return
        before = {k: before.get(k) for k in changed}
        after = {k: after[k] for k in changed}
    ChangeRecord.objects.create(
        user=user or _actor(),
        action=action,
        model=_label(instance),
        object_id=str(instance.pk),
        object_repr=str(instance)[:200],
        before=before,
        after=after,
    )


def _logged(sender: type) -> bool:
    return issubclass(sender, ScopedModel) and getattr(sender, "change_logged", False)


def _pre_save(sender: type, instance: models.Model, raw: bool = False, **kwargs: Any) -> None:
    if raw or not _logged(sender) or instance.pk is None:
        return
    old = sender._default_manager.filter(pk=instance.pk).first()  # type: ignore[attr-defined]
    instance._audit_before = snapshot(old) if old is not None else None  # type: ignore[attr-defined]


def _post_save(
    sender: type, instance: models.Model, created: bool, raw: bool = False, **kwargs: Any
) -> None:
    if raw or not _logged(sender):
        return
    before = getattr(instance, "_audit_before", None)
    action = ChangeAction.CREATE if created or before is None else ChangeAction.UPDATE
    record_change(action, instance, before, snapshot(instance))


def _post_delete(sender: type, instance: models.Model, **kwargs: Any) -> None:
    if _logged(sender):
        record_change(ChangeAction.DELETE, instance, snapshot(instance), None)


def logged_models() -> list[type[models.Model]]:
    """The models whose changes go to the change log."""
    from django.apps import apps

    return [model for model in apps.get_models() if _logged(model)]


def connect() -> None:
    """Listen to the logged models only, never to every model: a receiver for all senders
    makes Django's deletion collector load every row it deletes (to send the signal), so a
    retention purge of millions of audit rows would fetch them all instead of issuing one
    DELETE per batch (``Collector.can_fast_delete``). Called once the models are loaded."""
    for model in logged_models():
        label = model._meta.label_lower
        pre_save.connect(_pre_save, sender=model, dispatch_uid=f"audit_pre_save:{label}")
        post_save.connect(_post_save, sender=model, dispatch_uid=f"audit_post_save:{label}")
        post_delete.connect(_post_delete, sender=model, dispatch_uid=f"audit_post_delete:{label}")


def reveal(user: Any, instance: Any, field: str, reason: str) -> str:
    """Return the full value of a sealed identifier after checking the user may see it and
    logging who saw whose, when and why."""
    if not can_reveal(user):
        raise PermissionDenied(_("You may not see full identifiers."))
    if not type(instance).objects.restrict(user, "view").filter(pk=instance.pk).exists():
        raise PermissionDenied(_("This record is outside your area."))
    reason = (reason or "").strip()
    if len(reason) < 2:
        raise ValidationError(_("Give a reason for seeing the full number."))
    value: str = instance.reveal(field)
    AccessRecord.objects.create(
        user=user,
        kind=AccessKind.REVEAL,
        model=_label(instance),
        object_id=str(instance.pk),
        subject=str(instance)[:200],
        field=field,
        reason=reason[:300],
    )
    return value


def record_export(user: Any, model: type[models.Model], rows: int, detail: dict) -> None:
    if not can_export(user):
        raise PermissionDenied(_("You may not export data."))
    AccessRecord.objects.create(
        user=user,
        kind=AccessKind.EXPORT,
        model=f"{model._meta.app_label}.{model._meta.model_name}",
        reason=_("Export"),
        detail={"rows": rows, **detail},
    )


def record_override(user: Any, instance: models.Model, field: str, reason: str) -> None:
    AccessRecord.objects.create(
        user=user,
        kind=AccessKind.OVERRIDE,
        model=_label(instance),
        object_id=str(instance.pk),
        subject=str(instance)[:200],
        field=field,
        reason=reason[:300],
    )
