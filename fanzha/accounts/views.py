"""One's own account page (the duty phone, the password), the second-factor set-up and
verification pages, and the administrator's staff accounts."""

from __future__ import annotations

import base64
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import SetPasswordForm
from django.contrib.auth.views import PasswordChangeView
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from fanzha.accounts import staffing
from fanzha.accounts.capabilities import can_edit
from fanzha.accounts.filtersets import StaffFilterSet
from fanzha.accounts.forms import ApiKeyForm, DutyPhoneForm, StaffForm
from fanzha.accounts.models import ApiKey, User
from fanzha.accounts.otp import pending_device, qr_data_uri
from fanzha.core.tables import Column
from fanzha.core.views import ObjectListView


class TokenForm(forms.Form):
    token = forms.RegexField(
        label=gettext_lazy("Six-digit code"),
        regex=r"^\d{6}$",
        max_length=6,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


def _next(request: HttpRequest) -> str:
    target = request.GET.get("next") or request.POST.get("next") or "/"
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return "/"


@login_required
def otp_setup(request: HttpRequest) -> HttpResponse:
    device = pending_device(request.user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"]):
            device.confirmed = True
            device.save()
            TOTPDevice.objects.filter(user=request.user).exclude(pk=device.pk).delete()
            otp_login(request, device)
            messages.success(request, _("Two-step verification is on."))
            return redirect("/")
        form.add_error("token", _("The code is wrong or has expired."))
    secret = base64.b32encode(device.bin_key).decode()
    return render(
        request,
        "accounts/otp_setup.html",
        {"form": form, "qr": qr_data_uri(device), "secret": secret},
    )


@login_required
def otp_verify(request: HttpRequest) -> HttpResponse:
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        for device in TOTPDevice.objects.filter(user=request.user, confirmed=True):
            if device.verify_token(form.cleaned_data["token"]):
                otp_login(request, device)
                return redirect(_next(request))
        form.add_error("token", _("The code is wrong or has expired."))
    return render(request, "accounts/otp_verify.html", {"form": form, "next": _next(request)})


@login_required
def account(request: HttpRequest) -> HttpResponse:
    """One's own account: who one is, and the duty phone an escalating warning task texts
    (masked here like every number). Read-only roles see the page but keep no duty phone."""
    user: Any = request.user
    editable = can_edit(user)
    form = DutyPhoneForm(request.POST or None)
    if request.method == "POST":
        if not editable:
            raise PermissionDenied(_("Your role is read-only."))
        if form.is_valid():
            number = form.cleaned_data["phone"]
            staffing.keep_duty_phone(user, number)
            messages.success(
                request, _("Duty phone saved.") if number else _("Duty phone removed.")
            )
            return redirect("accounts:account")
    return render(
        request,
        "accounts/account.html",
        {"title": _("My account"), "form": form, "editable": editable},
        status=400 if form.is_bound else 200,
    )


# Staff accounts, kept by the district administrator (rules in ``fanzha.accounts.staffing``).


def _require_manager(request: HttpRequest) -> None:
    """403 unless the user keeps staff accounts and API keys (the district administrator)."""
    if not staffing.can_manage(request.user):
        raise PermissionDenied(_("Only a district administrator keeps staff accounts."))


def _managed(request: HttpRequest, pk: int, reset: bool = False) -> Any:
    """The account at ``pk`` if the user keeps it (``reset``: and may reset its password or
    second factor, which is never one's own); 403 else."""
    _require_manager(request)
    target = User.objects.select_related("unit").filter(pk=pk).first()
    if target is None:
        raise Http404
    if not staffing.can_manage(request.user, target):
        raise PermissionDenied(_("Only a superuser changes a superuser's account."))
    if reset and not staffing.resets_allowed(request.user, target):
        raise PermissionDenied(_("Change your own password on your account page."))
    return target


class StaffListView(ObjectListView):
    """Every staff account, for the administrator: find, filter, export, add."""

    model = User
    filterset_class = StaffFilterSet
    add_url_name = "accounts:staff_add"
    export_name = "staff"
    title = gettext_lazy("Staff accounts")
    columns = [
        Column("username", gettext_lazy("user name"), link=True),
        Column("display_name", gettext_lazy("name")),
        Column("role", gettext_lazy("role")),
        Column("unit", gettext_lazy("unit")),
        Column("grids", gettext_lazy("grids")),
        Column("is_active", gettext_lazy("active")),
        Column("last_login", gettext_lazy("last sign-in")),
    ]

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        if request.user.is_authenticated:
            _require_manager(request)
        return super().dispatch(request, *args, **kwargs)

    def base_queryset(self) -> Any:
        return (
            User.objects.select_related("unit")
            .prefetch_related("grids")
            .order_by("-is_active", "username")
        )


@login_required
def staff_add(request: HttpRequest) -> HttpResponse:
    _require_manager(request)
    form = StaffForm(request.POST or None, actor=request.user)
    if request.method == "POST" and form.is_valid():
        user = staffing.save_staff(request.user, form)
        messages.success(request, _("Account created. Give the person their first password."))
        return redirect("accounts:staff_detail", pk=user.pk)
    return render(
        request,
        "core/object_form.html",
        {"form": form, "title": _("Add staff account")},
        status=400 if form.is_bound else 200,
    )


def _staff_page(
    request: HttpRequest, target: Any, form: Any = None, password_form: Any = None
) -> HttpResponse:
    bound = (form is not None and form.is_bound) or (
        password_form is not None and password_form.is_bound
    )
    return render(
        request,
        "accounts/staff_detail.html",
        {
            "title": str(target),
            "target": target,
            "form": form or StaffForm(instance=target, actor=request.user),
            "password_form": password_form or SetPasswordForm(target),
            "has_second_factor": TOTPDevice.objects.filter(user=target, confirmed=True).exists(),
            "resets_allowed": staffing.resets_allowed(request.user, target),
            "locked_out": staffing.is_locked_out(target),
        },
        status=400 if bound else 200,
    )


@login_required
def staff_detail(request: HttpRequest, pk: int) -> HttpResponse:
    target = _managed(request, pk)
    if request.method == "POST":
        form = StaffForm(request.POST, instance=target, actor=request.user)
        if form.is_valid():
            staffing.save_staff(request.user, form)
            messages.success(request, _("Saved."))
            return redirect("accounts:staff_detail", pk=target.pk)
        target.refresh_from_db()
        return _staff_page(request, target, form=form)
    return _staff_page(request, target)


@login_required
@require_POST
def staff_password(request: HttpRequest, pk: int) -> HttpResponse:
    target = _managed(request, pk, reset=True)
    form = SetPasswordForm(target, request.POST)
    if not form.is_valid():
        return _staff_page(request, target, password_form=form)
    staffing.reset_password(request.user, target, form.cleaned_data["new_password1"])
    messages.success(request, _("Password reset. The person's open sessions have ended."))
    return redirect("accounts:staff_detail", pk=target.pk)


@login_required
@require_POST
def staff_second_factor(request: HttpRequest, pk: int) -> HttpResponse:
    target = _managed(request, pk, reset=True)
    if staffing.reset_second_factor(request.user, target):
        messages.success(
            request, _("Two-step verification removed; it is set up again at sign-in.")
        )
    else:
        messages.info(request, _("This account has no two-step verification."))
    return redirect("accounts:staff_detail", pk=target.pk)


@login_required
@require_POST
def staff_unlock(request: HttpRequest, pk: int) -> HttpResponse:
    target = _managed(request, pk)
    if staffing.unlock(request.user, target):
        messages.success(request, _("Sign-in unlocked."))
    else:
        messages.info(request, _("Sign-in was not locked."))
    return redirect("accounts:staff_detail", pk=target.pk)


class OwnPasswordChangeView(PasswordChangeView):
    """One's own password (the old one first); other sessions end, this one goes on."""

    template_name = "core/object_form.html"
    success_url = reverse_lazy("accounts:account")
    extra_context = {"title": gettext_lazy("Change password")}

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if getattr(request.user, "password_change_required", False):
            messages.info(
                request, _("Set your own password first, in place of the one you were given.")
            )
        return super().get(request, *args, **kwargs)

    def form_valid(self, form: Any) -> HttpResponse:
        form.user.password_change_required = False  # saved with the new password
        response = super().form_valid(form)
        messages.success(self.request, _("Password changed."))
        return response

    def form_invalid(self, form: Any) -> HttpResponse:
        response = super().form_invalid(form)
        response.status_code = 400
        return response


def _with_source_labels(keys: Any) -> list[Any]:
    from fanzha.alerts.choices import Source

    labels = dict(Source.choices)
    rows = list(keys)
    for key in rows:
        key.source_label = labels.get(key.source, key.source)
    return rows


_ISSUED = "_fanzha_issued_key"  # in the session until the page after the POST shows it


@login_required
def api_keys(request: HttpRequest) -> HttpResponse:
    """Upstream systems' ingest keys: issue one (shown once), see when each was last used,
    revoke one. The administrator's page, like the staff accounts.

    Issuing redirects (POST, redirect, GET), so reloading the page cannot issue a second key:
    the new key waits in the session, encrypted, and the page after the redirect shows it once
    and removes it."""
    from fanzha.lib import crypto

    _require_manager(request)
    form = ApiKeyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        key, plaintext = staffing.issue_key(
            request.user, form.cleaned_data["name"], form.cleaned_data["source"]
        )
        request.session[_ISSUED] = {"pk": key.pk, "token": crypto.encrypt(plaintext)}
        return redirect("accounts:api_keys")
    issued = None
    waiting = request.session.pop(_ISSUED, None) if request.method == "GET" else None
    if waiting:
        key = ApiKey.objects.filter(pk=waiting["pk"]).first()
        if key is not None:
            issued = {"key": key, "plaintext": crypto.decrypt(waiting["token"])}
    response = render(
        request,
        "accounts/api_keys.html",
        {
            "title": _("API keys"),
            "form": form,
            "issued": issued,
            "keys": _with_source_labels(
                ApiKey.objects.select_related("created_by").order_by("revoked_at", "-created_at")
            ),
        },
        status=400 if form.is_bound else 200,
    )
    response["Cache-Control"] = "no-store"  # the new key is on this page once
    return response


@login_required
@require_POST
def api_key_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    _require_manager(request)
    key = get_object_or_404(ApiKey, pk=pk)
    if staffing.revoke_key(request.user, key):
        messages.success(request, _("Key %(prefix)s revoked.") % {"prefix": key.prefix})
    else:
        messages.info(request, _("That key was already revoked."))
    return redirect("accounts:api_keys")
