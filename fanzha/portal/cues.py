"""The message check used until the message-check issue supplies :func:`fanzha.detect.check`:
the rule-based cues of DOMAIN.md §4, each with the fraud type it points to."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

ALWAYS_FRAUD = ("安全账户", "屏幕共享", "共享屏幕", "验证码", "先交保证金", "解冻费")

CUES: dict[str, tuple[object, tuple[str, ...]]] = {
    "SDFL": (_("Order brushing for rebates"), ("点赞返佣", "做任务", "连单", "卡单", "返利")),
    "XJTZ": (_("Fake online investment"), ("内幕消息", "导师带单", "稳赚不赔", "平台漏洞")),
    "XJGW": (_("Fake shopping or services"), ("0元购", "私下交易", "代购", "关税")),
    "MCKF": (_("Impersonating customer service"), ("快递丢失", "理赔", "百万保障", "自动扣费")),
    "XJDK": (_("Fake online loans"), ("无抵押", "低利息", "刷流水", "账号错误")),
    "XJZX": (_("Fake credit repair"), ("影响征信", "注销校园贷", "逾期记录")),
    "MCLD": (_("Impersonating a leader or acquaintance"), ("不方便接电话", "加我新微信", "先转")),
    "MCGJF": (_("Impersonating police or officials"), ("涉嫌洗钱", "通缉令", "资金核查", "保密")),
    "WLHL": (_("Online romance scam"), ("带你投资", "急需周转")),
    "YXJY": (_("Fake game trading"), ("低价充值", "高价收号", "注册费")),
}


@dataclass(frozen=True)
class FallbackVerdict:
    """The same questions the message check answers, from keyword cues only."""

    is_fraud: bool
    label_name: str
    cues: tuple[str, ...]
    explanation: str


def check(text: str) -> FallbackVerdict:
    found: list[str] = []
    best: tuple[int, str] = (0, "")
    for label, words in CUES.values():
        hits = [w for w in words if w in text]
        found.extend(hits)
        if len(hits) > best[0]:
            best = (len(hits), str(label))
    always = [w for w in ALWAYS_FRAUD if w in text]
    found.extend(always)
    is_fraud = bool(always) or best[0] >= 2
    label = best[1] or (str(_("Suspected fraud")) if always else str(_("No known cue found")))
    explanation = (
        str(_("This message contains signs that are always fraud."))
        if always
        else str(_("This message matches several cues of a common fraud type."))
        if is_fraud
        else str(_("No strong cue was found; stay careful and ask 96110 if in doubt."))
    )
    return FallbackVerdict(is_fraud, label, tuple(dict.fromkeys(found)), explanation)
