"""The residents' portal (mobile-first, no login) and the staff pages behind it (the
submissions list and each officer's QR code).

Every POST is rate-limited per IP (and per phone number where one is given) before any work;
nothing a resident typed is echoed back: results say what happened, not what was entered."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import select_template
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from fanzha.core.tables import Column
from fanzha.core.views import ObjectListView
from fanzha.lib.sealed import seal_phone
from fanzha.portal import codes, communities, consent, quizzes, services
from fanzha.portal.filtersets import SubmissionFilterSet
from fanzha.portal.forms import (
    CheckForm,
    LookupForm,
    PhoneForm,
    PledgeForm,
    QuizForm,
    RegisterForm,
    ReportForm,
    family_formset,
)
from fanzha.portal.models import Submission
from fanzha.portal.ratelimit import client_ip, hit, retry_after

SESSION_PHONE = "portal_phone"
SESSION_OFFICER = "portal_officer"
SESSION_QUIZ = "portal_quiz"
QR_SALT = services.QR_SALT
LOCATING_PERMISSIONS = "camera=(), microphone=(), geolocation=(self), payment=()"


def _too_many(request: HttpRequest, setting_name: str) -> HttpResponse:
    response = render(request, "portal/limited.html", {}, status=429)
    response["Retry-After"] = str(retry_after(setting_name))
    return response


def ip_limited(scope: str, setting_name: str = "FANZHA_PORTAL_RATE_IP") -> Callable:
    """Refuse a POST once the client's IP has used up ``scope``'s slots."""

    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if request.method == "POST" and not hit(scope, client_ip(request), setting_name):
                return _too_many(request, setting_name)
            return view(request, *args, **kwargs)

        return wrapper

    return decorate


def _officer(request: HttpRequest) -> Any:
    return services.officer_by_pk(request.session.get(SESSION_OFFICER))


def home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "portal/home.html",
        {
            "quiz_count": len(quizzes.SCENARIOS),
            "limit": settings.FANZHA_MAX_FAMILY_MEMBERS,
        },
    )


def officer_entry(request: HttpRequest, token: str) -> HttpResponse:
    """Where an officer's QR code points: remember the officer, then register."""
    pk = services.officer_id_from_token(token)
    if pk is not None:
        request.session[SESSION_OFFICER] = pk
    return redirect("portal:register")


@require_http_methods(["GET", "POST"])
@ip_limited("code", "FANZHA_PORTAL_RATE_CODE_IP")
def send_code(request: HttpRequest) -> HttpResponse:
    """Step 1: the phone number gets a code; the number waits in the session (sealed)."""
    form = PhoneForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        phone = form.cleaned_data["phone"]
        sealed = seal_phone(phone)
        if not hit("code", sealed.index, "FANZHA_PORTAL_RATE_CODE_PHONE"):
            return _too_many(request, "FANZHA_PORTAL_RATE_CODE_PHONE")
        codes.send_code(phone)
        request.session[SESSION_PHONE] = {
            "cipher": sealed.cipher,
            "index": sealed.index,
            "mask": sealed.mask,
        }
        messages.success(request, _("A verification code has been sent by SMS."))
        return redirect("portal:register")
    return render(request, "portal/phone.html", {"form": form})


@require_http_methods(["GET", "POST"])
@ip_limited("register")
def register(request: HttpRequest) -> HttpResponse:
    """Step 2: code, identity, community, consent and up to 8 family members."""
    pending = request.session.get(SESSION_PHONE)
    if not pending:
        return redirect("portal:send_code")
    officer = _officer(request)
    form = RegisterForm(request.POST or None)
    family = family_formset(request.POST or None)
    if request.method == "POST":
        if not hit("register", pending["index"], "FANZHA_PORTAL_RATE_PHONE"):
            return _too_many(request, "FANZHA_PORTAL_RATE_PHONE")
        if form.is_valid() and family.is_valid():
            if not codes.verify(pending["index"], form.cleaned_data["code"]):
                form.add_error("code", _("The code is wrong or has expired."))
            else:
                from fanzha.lib import crypto

                try:
                    result = services.register_resident(
                        phone=crypto.decrypt(pending["cipher"]),
                        name=form.cleaned_data["name"],
                        id_number=form.cleaned_data["id_number"],
                        community=form.cleaned_data["community"],
                        family=family.members(),
                        consent_version=form.cleaned_data["consent_version"],
                        officer=officer,
                    )
                except ValidationError as exc:
                    form.add_error(None, exc)
                else:
                    request.session.pop(SESSION_PHONE, None)
                    request.session["portal_done"] = result.protected
                    return redirect("portal:registered")
    response = render(
        request,
        "portal/register.html",
        {
            "form": form,
            "family": family,
            "phone_mask": pending["mask"],
            "officer": officer,
            "limit": settings.FANZHA_MAX_FAMILY_MEMBERS,
            "consent": consent,
            "offices": communities.offices(),
            "listing": communities.listing(selected=_selected(request)),
            "selected": _selected(request),
        },
    )
    # The site-wide policy blocks geolocation; this page may ask (the browser asks the
    # resident first) so the community picker can list the nearest communities.
    response["Permissions-Policy"] = LOCATING_PERMISSIONS
    return response


def _selected(request: HttpRequest) -> int | None:
    raw = request.POST.get("community", "")
    return int(raw) if raw.isdigit() and len(raw) < 12 else None


@require_POST
def community_choices(request: HttpRequest) -> HttpResponse:
    """The community picker's list (htmx): the five nearest the resident's location or a
    sub-district's seat, or the names matching a search. The location is not kept."""
    office = None
    office_id = request.POST.get("office", "")
    if office_id.isdigit() and len(office_id) < 12:
        office = communities.offices().filter(pk=int(office_id)).first()
    listing = communities.listing(
        latitude=request.POST.get("lat"),
        longitude=request.POST.get("lon"),
        office=office,
        words=request.POST.get("community_q", "")[:50],
        selected=_selected(request),
    )
    return render(
        request,
        "portal/_communities.html",
        {"listing": listing, "selected": _selected(request)},
    )


def registered(request: HttpRequest) -> HttpResponse:
    protected = request.session.pop("portal_done", None)
    return render(request, "portal/registered.html", {"protected": protected})


@require_http_methods(["GET", "POST"])
@ip_limited("lookup")
def lookup(request: HttpRequest) -> HttpResponse:
    form = LookupForm(request.POST or None)
    answer: Any = None
    error = None
    if request.method == "POST" and form.is_valid():
        try:
            answer = services.lookup(form.cleaned_data["kind"], form.cleaned_data["value"])
        except ValidationError as exc:
            error = " ".join(exc.messages)
        form = LookupForm()
    return render(request, "portal/lookup.html", {"form": form, "answer": answer, "error": error})


@require_http_methods(["GET", "POST"])
@ip_limited("report")
def report(request: HttpRequest) -> HttpResponse:
    form = ReportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.report_fraud(**form.cleaned_data)
        except ValidationError as exc:
            form.add_error("value", exc)
        else:
            messages.success(request, _("Thank you: your report has reached the police."))
            return redirect("portal:report")
    return render(request, "portal/report.html", {"form": form})


@require_http_methods(["GET", "POST"])
@ip_limited("check")
def check(request: HttpRequest) -> HttpResponse:
    form = CheckForm(request.POST or None)
    verdict_html = ""
    if request.method == "POST" and form.is_valid():
        verdict, from_detector = services.check_message(form.cleaned_data["text"])
        names = (["detect/_verdict.html"] if from_detector else []) + ["portal/_verdict.html"]
        template = select_template(names)
        verdict_html = template.render({"verdict": verdict, "public": True}, request)
    return render(request, "portal/check.html", {"form": form, "verdict_html": verdict_html})


@require_http_methods(["GET", "POST"])
@ip_limited("pledge")
def pledge(request: HttpRequest) -> HttpResponse:
    form = PledgeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.sign_pledge(
                name=form.cleaned_data["name"].strip(), id_number=form.cleaned_data["id_number"]
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            return render(request, "portal/pledged.html", {})
    return render(request, "portal/pledge.html", {"form": form})


@require_http_methods(["GET", "POST"])
@ip_limited("quiz")
def quiz(request: HttpRequest, index: int) -> HttpResponse:
    """One scenario; answering shows why, and the last one leads to the score."""
    scenario = quizzes.scenario(index)
    if scenario is None:
        return redirect("portal:quiz_result")
    answers: dict[str, bool] = request.session.get(SESSION_QUIZ, {})
    labels = [c.text for c in scenario.choices]
    form = QuizForm(request.POST or None, labels=labels)
    chosen = None
    if request.method == "POST" and form.is_valid():
        chosen = quizzes.answer(index, form.cleaned_data["choice"])
        if chosen is not None:  # the form offers only this scenario's choices
            answers[str(index)] = chosen.correct
            request.session[SESSION_QUIZ] = answers
    return render(
        request,
        "portal/quiz.html",
        {
            "scenario": scenario,
            "form": form,
            "chosen": chosen,
            "index": index,
            "number": index + 1,
            "total": len(quizzes.SCENARIOS),
            "next_url": reverse("portal:quiz", args=[index + 1])
            if index + 1 < len(quizzes.SCENARIOS)
            else reverse("portal:quiz_result"),
        },
    )


def quiz_result(request: HttpRequest) -> HttpResponse:
    answers: dict[str, bool] = request.session.get(SESSION_QUIZ, {})
    score = sum(1 for ok in answers.values() if ok)
    if answers and request.GET.get("restart") != "1":
        services.record_quiz_result(score, len(quizzes.SCENARIOS))
        request.session[SESSION_QUIZ] = {}
    return render(
        request,
        "portal/quiz_result.html",
        {
            "score": score,
            "answered": len(answers),
            "total": len(quizzes.SCENARIOS),
        },
    )


# -- staff side ---------------------------------------------------------------------------------


class SubmissionListView(ObjectListView):
    model = Submission
    filterset_class = SubmissionFilterSet
    select_related = ("community", "grid", "officer")
    title = gettext_lazy("Portal submissions")
    export_name = "portal-submissions"
    columns = [
        Column("created_at", gettext_lazy("Time")),
        Column("kind", gettext_lazy("Kind")),
        Column("community", gettext_lazy("Community")),
        Column("report_kind", gettext_lazy("Reported kind")),
        Column("outcome", gettext_lazy("Outcome")),
        Column("ref", gettext_lazy("Reference")),
        Column("officer", gettext_lazy("Officer credited")),
    ]


def qr_url(request: HttpRequest, officer: Any) -> str:
    token = signing.dumps(officer.pk, salt=QR_SALT)
    path = reverse("portal:officer_entry", args=[token])
    base = settings.FANZHA_PORTAL_PUBLIC_URL.rstrip("/")
    return f"{base}{path}" if base else request.build_absolute_uri(path)


@login_required
def officer_qr(request: HttpRequest) -> HttpResponse:
    """A printable QR code: registrations that come through it are credited to the officer."""
    import segno

    from fanzha.accounts.capabilities import is_admin
    from fanzha.accounts.choices import Role
    from fanzha.accounts.models import User

    officer: Any = request.user
    wanted = request.GET.get("officer")
    if wanted and is_admin(request.user):
        officer = User.objects.filter(pk=wanted, role=Role.OFFICER).first()
    if officer is None or officer.role != Role.OFFICER:
        raise PermissionDenied(_("Only police officers have a registration QR code."))
    url = qr_url(request, officer)
    svg = segno.make(url, error="m").svg_inline(scale=8, dark="#16365c")
    return render(request, "portal/qr.html", {"officer": officer, "svg": svg, "url": url})
