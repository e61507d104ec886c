"""The upload form: which kind of rows, the file, dry run or import."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from fanzha.core.forms import ScopedModelForm
from fanzha.imports.models import ImportJob

ALLOWED_SUFFIXES = (".csv", ".xlsx")


class ImportUploadForm(ScopedModelForm):
    """Upload a .csv or .xlsx file; a dry run only checks it and shows the report."""

    file = forms.FileField(
        label=_("File (.xlsx or .csv)"),
        help_text=_("CSV may be UTF-8 (with or without BOM) or GBK/GB18030."),
    )

    class Meta:
        model = ImportJob
        fields = ["kind", "file", "dry_run"]
        labels = {"dry_run": _("Dry run: check the file and show the report, store nothing")}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["dry_run"].initial = True

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        name = (upload.name or "").lower()
        if not name.endswith(ALLOWED_SUFFIXES):
            raise forms.ValidationError(_("Only .xlsx and .csv files can be imported."))
        if upload.size > settings.FANZHA_MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(size)s.")
                % {"size": filesizeformat(settings.FANZHA_MAX_UPLOAD_BYTES)}
            )
        return upload
