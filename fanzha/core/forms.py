"""Form base: every choice field offering rows is restricted to the user's scope."""

from __future__ import annotations

from typing import Any

from django import forms


class ScopedModelForm(forms.ModelForm):
    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        for field in self.fields.values():
            if isinstance(field, forms.ModelChoiceField):
                qs = field.queryset
                if qs is not None and hasattr(qs, "restrict"):
                    field.queryset = qs.restrict(user, "view")
