"""One's own account page (the duty phone) and the second-factor set-up and verification pages."""

from __future__ import annotations

import base64
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from fanzha.accounts.capabilities import can_edit
from fanzha.accounts.forms import DutyPhoneForm
from fanzha.accounts.otp import pending_device, qr_data_uri


class TokenForm(forms.Form):
    token = forms.RegexField(
        label=_lazy("Six-digit code"),
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
            user.set_duty_phone(number)
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
