"""API of the message check, mounted at ``/api/v1/detect``.

``POST /api/v1/detect`` with ``{"text": "…"}`` returns the verdict. Authentication is applied by
the project-wide API configuration (fanzha/api.py), not here.
"""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Field, Router, Schema

from fanzha.detect.engine import check

router = Router(tags=["detect"])

#: Longest text accepted: a long case narrative fits, a pasted book does not.
MAX_INPUT_CHARS = 10_000


class CheckIn(Schema):
    text: str = Field(
        ..., min_length=1, max_length=MAX_INPUT_CHARS, description="要检查的短信、聊天内容或案情"
    )


class CueOut(Schema):
    rule_id: str
    type: str
    type_name: str
    description: str
    text: str
    start: int = Field(..., description="在原文中的起始位置（字符）")
    end: int = Field(..., description="在原文中的结束位置（字符，不含）")
    weight: float
    always_fraud: bool


class VerdictOut(Schema):
    label: str = Field(..., description="诈骗类型代码，或 NORMAL")
    label_name: str
    is_fraud: bool
    score: float = Field(..., description="诈骗可能性，0–1")
    cues: list[CueOut]
    reminders: list[CueOut] = Field(..., description="出现在防骗提醒中、未计入的特征")
    explanation: str
    advice: str
    type_scores: dict[str, float]


@router.post("", response=VerdictOut, summary="检查一条消息是否为诈骗")
def check_message(request: HttpRequest, payload: CheckIn) -> dict[str, object]:
    """Judge one message or case narrative: fraud or not, which type, how sure, and why."""
    if not payload.text.strip():
        # min_length passes "   "; blank text has nothing to judge.
        from ninja.errors import ValidationError

        raise ValidationError([{"loc": ["body", "payload", "text"], "msg": "内容不能为空"}])
    return check(payload.text).to_dict()
