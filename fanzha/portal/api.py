"""The residents' portal over the API (mounted at ``/api/v1/portal``) for the residents' mobile
app and mini-program. Anonymous: no login, no API key, no CSRF (no cookies are used).

The routes are thin: each validates its input with the same Django forms as the HTML portal,
calls the same functions in :mod:`fanzha.portal.services`, and takes slots from the same rate
limits (an IP or phone number has one budget across the page and the app). Errors are
structured: ``422 {"error": "validation_error", "detail": [{"loc": [...], "msg": "…"}]}``;
``429 {"error": "rate_limited", "detail": "…", "retry_after": seconds}`` with ``Retry-After``.
Nothing a resident sent is echoed back: answers say what happened, not what was entered.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, Literal, cast

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from ninja import Field, File, Form, Query, Router, Schema, Status
from ninja.decorators import decorate_view
from ninja.errors import ValidationError
from ninja.files import UploadedFile

from fanzha.lib.sealed import phone_index
from fanzha.portal import codes, communities, consent, quizzes, services
from fanzha.portal.choices import ReportKind
from fanzha.portal.forms import (
    CheckForm,
    LookupForm,
    PhoneForm,
    PledgeForm,
    RegisterForm,
    ReportForm,
    family_formset,
)
from fanzha.portal.ratelimit import client_ip, hit, retry_after
from fanzha.registrations.choices import Relation

router = Router(tags=["portal"], auth=None)

RATE_LIMITED_DETAIL = "操作太频繁，请稍后再试"
ReportKindName = Literal[tuple(ReportKind.values)]  # type: ignore[valid-type]
RelationName = Literal[tuple(Relation.values)]  # type: ignore[valid-type]


# -- errors and rate limits -----------------------------------------------------------------------


class PortalErrorItem(Schema):
    loc: list[str | int]
    msg: str
    type: str = ""


class PortalValidationErrorOut(Schema):
    error: Literal["validation_error"]
    detail: list[PortalErrorItem] | str


class PortalNotFoundOut(Schema):
    error: Literal["not_found"]
    detail: str


class PortalRateLimitedOut(Schema):
    error: Literal["rate_limited"]
    detail: str
    retry_after: int = Field(..., description="秒数，同 Retry-After 响应头")


ERRORS: dict[int, Any] = {422: PortalValidationErrorOut, 429: PortalRateLimitedOut}


def rate_limited(setting_name: str) -> JsonResponse:
    """The 429 answer: structured, with Retry-After (the end of the limit's window)."""
    seconds = retry_after(setting_name)
    response = JsonResponse(
        {"error": "rate_limited", "detail": RATE_LIMITED_DETAIL, "retry_after": seconds},
        status=429,
    )
    response["Retry-After"] = str(seconds)
    return response


def ip_limited(scope: str, setting_name: str = "FANZHA_PORTAL_RATE_IP") -> Callable:
    """Take a slot of the client IP's ``scope`` budget before anything else (input
    validation included), as the HTML forms do."""

    def decorate(run: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(run)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not hit(scope, client_ip(request), setting_name):
                return rate_limited(setting_name)
            return run(request, *args, **kwargs)

        return wrapper

    return decorate


def invalid(form_errors: dict[str, Any], *, names: dict[str, str] | None = None) -> ValidationError:
    """Django form errors as the API's 422 (field names mapped to the API's)."""
    names = names or {}
    detail: list[dict[str, Any]] = []
    for field, errors in form_errors.items():
        loc: list[str | int] = ["body"] if field == "__all__" else ["body", names.get(field, field)]
        for error in errors.as_data() if hasattr(errors, "as_data") else errors:
            for message in error.messages:
                detail.append({"loc": loc, "msg": str(message), "type": error.code or "invalid"})
    return ValidationError(detail)


def refused(exc: DjangoValidationError, field: str | None = None) -> ValidationError:
    loc: list[str | int] = ["body", field] if field else ["body"]
    return ValidationError(
        [{"loc": loc, "msg": str(m), "type": exc.code or "invalid"} for m in exc.messages]
    )


def _phone(value: str, field: str = "phone") -> str:
    form = PhoneForm({"phone": value})
    if not form.is_valid():
        raise invalid(form.errors, names={"phone": field})
    return str(form.cleaned_data["phone"])


# -- verification codes and registration ----------------------------------------------------------


class PortalPhoneIn(Schema):
    phone: str = Field(..., max_length=20, description="大陆手机号")


class PortalCodeSentOut(Schema):
    sent: bool
    expires_in: int = Field(..., description="验证码有效秒数")


@router.post(
    "/codes",
    response={202: PortalCodeSentOut, **ERRORS},
    summary="发送手机验证码",
)
@decorate_view(ip_limited("code", "FANZHA_PORTAL_RATE_CODE_IP"))
def send_code(request: HttpRequest, payload: PortalPhoneIn) -> Any:
    """Send a verification code by SMS (through the notification outbox)."""
    phone = _phone(payload.phone)
    if not hit("code", phone_index(phone), "FANZHA_PORTAL_RATE_CODE_PHONE"):
        return rate_limited("FANZHA_PORTAL_RATE_CODE_PHONE")
    codes.send_code(phone)
    return Status(202, {"sent": True, "expires_in": settings.FANZHA_PORTAL_CODE_MINUTES * 60})


class PortalConsentOut(Schema):
    version: str = Field(..., description="注册时须回传的告知书版本")
    title: str
    paragraphs: list[str]
    agreement: str
    max_family_members: int


@router.get("/consent", response=PortalConsentOut, summary="个人信息处理告知书（当前版本）")
def get_consent(request: HttpRequest) -> dict[str, Any]:
    """The consent notice the app must show before registering, and its version."""
    return {
        "version": consent.VERSION,
        "title": str(consent.TITLE),
        "paragraphs": [str(p) for p in consent.PARAGRAPHS],
        "agreement": str(consent.AGREEMENT),
        "max_family_members": settings.FANZHA_MAX_FAMILY_MEMBERS,
    }


class PortalFamilyMemberIn(Schema):
    name: str = Field(..., min_length=1, max_length=50)
    relation: RelationName  # type: ignore[valid-type]
    phone: str = Field(..., max_length=20)


class PortalRegisterIn(Schema):
    phone: str = Field(..., max_length=20, description="收到验证码的手机号")
    code: str = Field(..., max_length=10, description="短信验证码")
    name: str = Field(..., max_length=50)
    id_number: str = Field(..., max_length=20, description="居民身份证号码")
    community_id: int = Field(..., ge=1, le=2**31 - 1, description="所在社区/村居 id")
    consent_version: str = Field(..., max_length=20, description="已同意的告知书版本")
    family: list[PortalFamilyMemberIn] = Field(
        default_factory=list,
        max_length=settings.FANZHA_MAX_FAMILY_MEMBERS,
        description="要保护的家庭成员",
    )
    officer_token: str | None = Field(
        None, max_length=200, description="民警二维码中的令牌（扫码注册时）"
    )


class PortalRegisteredOut(Schema):
    registered: bool
    protected: int = Field(..., description="受保护人数（本人及家庭成员）")


def _family_data(members: list[PortalFamilyMemberIn]) -> dict[str, Any]:
    limit = settings.FANZHA_MAX_FAMILY_MEMBERS
    data: dict[str, Any] = {
        "family-TOTAL_FORMS": str(limit),
        "family-INITIAL_FORMS": "0",
        "family-MIN_NUM_FORMS": "0",
        "family-MAX_NUM_FORMS": str(limit),
    }
    for i, member in enumerate(members):
        data[f"family-{i}-name"] = member.name
        data[f"family-{i}-relation"] = member.relation
        data[f"family-{i}-phone"] = member.phone
    return data


@router.post(
    "/registrations",
    response={201: PortalRegisteredOut, **ERRORS},
    summary="注册预警（含家庭成员）",
)
@decorate_view(ip_limited("register"))
def register(request: HttpRequest, payload: PortalRegisterIn) -> Any:
    """Register for fraud warnings with up to 8 family members; the code sent to ``phone``
    proves the number. Nothing personal is returned."""
    phone = _phone(payload.phone)
    index = phone_index(phone)
    if not hit("register", index, "FANZHA_PORTAL_RATE_PHONE"):
        return rate_limited("FANZHA_PORTAL_RATE_PHONE")
    form = RegisterForm(
        {
            "code": payload.code,
            "name": payload.name,
            "id_number": payload.id_number,
            "community": payload.community_id,
            "consent": "on",
            "consent_version": payload.consent_version,
        }
    )
    family = family_formset(_family_data(payload.family))
    if not form.is_valid():
        raise invalid(
            form.errors, names={"community": "community_id", "consent": "consent_version"}
        )
    if not family.is_valid():
        detail = invalid({"family": family.non_form_errors()}).errors
        for i, member_errors in enumerate(cast(list[dict[str, Any]], family.errors)):
            for field, errors in member_errors.items():
                for message in errors:
                    detail.append({"loc": ["body", "family", i, field], "msg": str(message)})
        raise ValidationError(detail)
    if not codes.verify(index, form.cleaned_data["code"]):
        raise ValidationError(
            [{"loc": ["body", "code"], "msg": "验证码错误或已过期", "type": "code"}]
        )
    officer = None
    if payload.officer_token:
        officer = services.officer_by_pk(services.officer_id_from_token(payload.officer_token))
    try:
        result = services.register_resident(
            phone=phone,
            name=form.cleaned_data["name"],
            id_number=form.cleaned_data["id_number"],
            community=form.cleaned_data["community"],
            family=family.members(),
            consent_version=form.cleaned_data["consent_version"],
            officer=officer,
        )
    except DjangoValidationError as exc:
        raise refused(exc) from None
    return Status(201, {"registered": True, "protected": result.protected})


# -- communities ----------------------------------------------------------------------------------


class PortalOfficeOut(Schema):
    id: int
    name: str


class PortalCommunityOut(Schema):
    id: int
    name: str
    office_id: int | None
    office_name: str
    distance_m: int | None = Field(None, description="与所给位置的距离（米）")


def _communities(choices: list[communities.Choice]) -> list[dict[str, Any]]:
    return [
        {
            "id": c.pk,
            "name": c.community.name,
            "office_id": c.community.parent_id,
            "office_name": c.community.parent.name if c.community.parent else "",
            "distance_m": c.distance_m,
        }
        for c in choices
    ]


@router.get("/offices", response=list[PortalOfficeOut], summary="街道办事处列表")
def list_offices(request: HttpRequest) -> Any:
    return list(communities.offices())


@router.get("/communities", response=list[PortalCommunityOut], summary="查找社区/村居")
def list_communities(
    request: HttpRequest,
    q: str = Query("", max_length=50, description="名称中的字词"),
    office_id: int | None = Query(None, ge=1, le=2**31 - 1, description="只列此办事处的"),
) -> Any:
    """Communities by name (``q``), or a sub-district's five nearest its seat (``office_id``),
    or all of them (by sub-district and name)."""
    if office_id is not None:
        office = communities.offices().filter(pk=office_id).first()
        return _communities(communities.in_office(office)) if office else []
    if q.strip():
        return _communities(communities.search(q))
    return _communities([communities.Choice(unit) for unit in communities.communities()])


class PortalLocationIn(Schema):
    latitude: float = Field(..., ge=-90, le=90)
    longitude: float = Field(..., ge=-180, le=180)


@router.post(
    "/communities/nearest", response=list[PortalCommunityOut], summary="离我最近的五个社区"
)
def nearest_communities(request: HttpRequest, payload: PortalLocationIn) -> Any:
    """The five communities nearest the given position (sent in the body so it stays out of
    URLs and logs; not kept)."""
    point = communities.Point.parse(payload.latitude, payload.longitude)
    return _communities(communities.nearest(point))


# -- lookup, report, check, pledge ----------------------------------------------------------------


class PortalLookupIn(Schema):
    kind: ReportKindName  # type: ignore[valid-type]
    value: str = Field(..., min_length=1, max_length=300)


class PortalRiskOut(Schema):
    level: str
    level_label: str
    known: bool
    sightings: int


@router.post(
    "/lookups",
    response={200: PortalRiskOut, **ERRORS},
    summary="查询号码、账号或链接的风险",
)
@decorate_view(ip_limited("lookup"))
def lookup(request: HttpRequest, payload: PortalLookupIn) -> Any:
    form = LookupForm({"kind": payload.kind, "value": payload.value})
    if not form.is_valid():
        raise invalid(form.errors)
    try:
        answer = services.lookup(form.cleaned_data["kind"], form.cleaned_data["value"])
    except DjangoValidationError as exc:
        raise refused(exc, "value") from None
    return {
        "level": str(answer.level),
        "level_label": str(answer.level_label),
        "known": bool(answer.known),
        "sightings": int(answer.sightings),
    }


class PortalReportIn(Schema):
    kind: ReportKindName  # type: ignore[valid-type]
    value: str = Field(..., min_length=1, max_length=300, description="号码、账号或链接")
    what_happened: str = Field(..., min_length=1, max_length=1000)
    community_id: int | None = Field(None, ge=1, le=2**31 - 1)


class PortalReceivedOut(Schema):
    received: bool


@router.post(
    "/reports",
    response={201: PortalReceivedOut, **ERRORS},
    summary="举报诈骗（可附截图）",
)
@decorate_view(ip_limited("report"))
def report(
    request: HttpRequest,
    payload: Form[PortalReportIn],
    screenshot: File[UploadedFile | None] = None,
) -> Any:
    """A fraud report (multipart form), recorded as a sighting of the reported contact. The
    screenshot (JPEG or PNG) is checked and re-encoded without metadata, as on the page."""
    data = {
        "kind": payload.kind,
        "value": payload.value,
        "what_happened": payload.what_happened,
        "community": payload.community_id or "",
    }
    form = ReportForm(data, {"screenshot": screenshot} if screenshot is not None else None)
    if not form.is_valid():
        raise invalid(form.errors, names={"community": "community_id"})
    try:
        services.report_fraud(**form.cleaned_data)
    except DjangoValidationError as exc:
        raise refused(exc, "value") from None
    return Status(201, {"received": True})


class PortalCheckIn(Schema):
    text: str = Field(..., min_length=1, max_length=2000, description="可疑短信或聊天内容")


class PortalCheckOut(Schema):
    is_fraud: bool
    label_name: str
    explanation: str
    advice: str
    signs: list[str] = Field(..., description="发现的诈骗特征")


@router.post(
    "/checks",
    response={200: PortalCheckOut, **ERRORS},
    summary="检查可疑消息",
)
@decorate_view(ip_limited("check"))
def check(request: HttpRequest, payload: PortalCheckIn) -> Any:
    form = CheckForm({"text": payload.text})
    if not form.is_valid():
        raise invalid(form.errors)
    verdict, from_detector = services.check_message(form.cleaned_data["text"])
    signs = (
        [str(c.description) for c in verdict.cues]
        if from_detector
        else [str(c) for c in verdict.cues]
    )
    return {
        "is_fraud": bool(verdict.is_fraud),
        "label_name": str(verdict.label_name),
        "explanation": str(verdict.explanation),
        "advice": str(getattr(verdict, "advice", "") or ""),
        "signs": list(dict.fromkeys(signs)),
    }


class PortalPledgeIn(Schema):
    name: str = Field(..., max_length=50)
    id_number: str = Field(..., max_length=20)
    agree: bool = Field(..., description="须为 true")


class PortalSignedOut(Schema):
    signed: bool


@router.post(
    "/pledges",
    response={201: PortalSignedOut, **ERRORS},
    summary="签署家庭反诈承诺书",
)
@decorate_view(ip_limited("pledge"))
def pledge(request: HttpRequest, payload: PortalPledgeIn) -> Any:
    data = {"name": payload.name, "id_number": payload.id_number}
    if payload.agree:
        data["agree"] = "on"
    form = PledgeForm(data)
    if not form.is_valid():
        raise invalid(form.errors)
    try:
        services.sign_pledge(
            name=form.cleaned_data["name"].strip(), id_number=form.cleaned_data["id_number"]
        )
    except DjangoValidationError as exc:
        raise refused(exc) from None
    return Status(201, {"signed": True})


# -- quizzes --------------------------------------------------------------------------------------


class PortalQuizChoiceOut(Schema):
    index: int
    text: str


class PortalQuizOut(Schema):
    index: int
    slug: str
    fraud_type: str
    title: str
    story: str
    choices: list[PortalQuizChoiceOut]


@router.get("/quizzes", response=list[PortalQuizOut], summary="体验式答题：全部情景")
def list_quizzes(request: HttpRequest) -> Any:
    """The scenarios with their choices (which one is right is told only on answering)."""
    return [
        {
            "index": i,
            "slug": s.slug,
            "fraud_type": s.fraud_type,
            "title": str(s.title),
            "story": str(s.story),
            "choices": [{"index": k, "text": str(c.text)} for k, c in enumerate(s.choices)],
        }
        for i, s in enumerate(quizzes.SCENARIOS)
    ]


class PortalAnswerIn(Schema):
    choice: int = Field(..., ge=0, le=100)


class PortalFeedbackOut(Schema):
    correct: bool
    why: str


@router.post(
    "/quizzes/{index}/answers",
    response={200: PortalFeedbackOut, 404: PortalNotFoundOut, **ERRORS},
    summary="回答一个情景",
)
@decorate_view(ip_limited("quiz"))
def answer_quiz(request: HttpRequest, index: int, payload: PortalAnswerIn) -> Any:
    if quizzes.scenario(index) is None:
        return Status(404, {"error": "not_found", "detail": "没有这个情景"})
    chosen = quizzes.answer(index, payload.choice)
    if chosen is None:
        raise ValidationError(
            [{"loc": ["body", "choice"], "msg": "没有这个选项", "type": "invalid_choice"}]
        )
    return {"correct": chosen.correct, "why": str(chosen.why)}


class PortalResultIn(Schema):
    answers: dict[int, int] = Field(..., description="情景序号 → 所选选项序号")


class PortalResultOut(Schema):
    score: int
    total: int


@router.post(
    "/quizzes/results",
    response={200: PortalResultOut, **ERRORS},
    summary="提交答题结果并得分",
)
@decorate_view(ip_limited("quiz"))
def quiz_result(request: HttpRequest, payload: PortalResultIn) -> Any:
    """The score for a finished quiz (recorded for the staff side, without the answers)."""
    total = len(quizzes.SCENARIOS)
    unknown = [i for i, c in payload.answers.items() if quizzes.answer(i, c) is None]
    if not payload.answers or unknown:
        raise ValidationError(
            [{"loc": ["body", "answers"], "msg": "答案须对应已有情景和选项", "type": "invalid"}]
        )
    score = quizzes.score(payload.answers)
    services.record_quiz_result(score, total)
    return {"score": score, "total": total}
