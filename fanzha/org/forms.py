from django import forms

from fanzha.accounts.choices import Role
from fanzha.accounts.models import User
from fanzha.core.forms import ScopedModelForm
from fanzha.org.models import Grid, Unit


class UnitForm(ScopedModelForm):
    class Meta:
        model = Unit
        fields = [
            "code",
            "name",
            "kind",
            "sector",
            "parent",
            "police_station",
            "is_leading_office",
            "contact_name",
            "contact_phone",
            "latitude",
            "longitude",
        ]


class GridForm(ScopedModelForm):
    workers = forms.ModelMultipleChoiceField(
        queryset=User.objects.filter(role=Role.GRID_WORKER),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )

    class Meta:
        model = Grid
        fields = ["code", "name", "community", "workers"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["workers"].label = Grid._meta.get_field("workers").verbose_name
        self.fields["community"].queryset = Unit.objects.restrict(self.user).filter(
            kind__in=["community", "village"]
        )
