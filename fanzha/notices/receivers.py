"""一案一函告: saving a case drafts its letter (once; later saves refresh a draft's addressee)."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_save


def _case_saved(
    sender: Any, instance: Any, created: bool, raw: bool = False, **kwargs: Any
) -> None:
    from fanzha.cases.choices import CaseStatus
    from fanzha.notices.documents import draft_letter

    if raw or instance.status == CaseStatus.VOID:
        return
    draft_letter(instance, instance.created_by)


def connect() -> None:
    from fanzha.cases.models import Case

    post_save.connect(_case_saved, sender=Case, dispatch_uid="notices_draft_letter")
