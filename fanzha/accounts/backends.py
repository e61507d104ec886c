from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

UserModel = get_user_model()


class FanzhaBackend(ModelBackend):
    """Demo accounts share a published password, so they may sign in only in demo mode."""

    def user_can_authenticate(self, user: Any) -> bool:
        if getattr(user, "is_demo", False) and not settings.DEMO:
            return False
        return super().user_can_authenticate(user)

    def get_user(self, user_id: Any) -> Any:
        """The signed-in user of a request, with the unit every staff page names (one query)."""
        try:
            user = UserModel._default_manager.select_related("unit").get(pk=user_id)
        except UserModel.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
