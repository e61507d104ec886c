"""The combined verdict: rules + model, type, score, explanation, advice, highlighting."""

from __future__ import annotations

import pytest

import fanzha.detect
from fanzha.detect import check, check_many, suggest_type
from fanzha.detect.engine import Verdict


def test_it_flags_safe_account_request():
    v = check("我是市公安局民警，你涉嫌洗钱，请把存款转到安全账户配合资金核查")
    assert v.is_fraud and v.label == "MCGJF"
    assert v.score >= 0.97
    assert any(c.rule_id == "safe_account" and c.always_fraud for c in v.cues)
    assert "诈骗" in v.explanation and v.advice


def test_it_flags_a_loan_that_wants_money_first():
    v = check("您申请的5万元贷款已审批通过，需先交3000元保证金才能放款")
    assert v.is_fraud and v.label == "XJDK"


def test_it_flags_a_request_for_screen_sharing():
    v = check("为了给您办理快递丢失理赔，请下载会议软件并开启屏幕共享")
    assert v.is_fraud and v.label == "MCKF"


def test_it_flags_a_request_to_tell_the_verification_code():
    assert check("我是客服，请把您手机收到的验证码告诉我").is_fraud


@pytest.mark.parametrize(
    "text",
    [
        "验证码123456，请勿泄露",
        "【某银行】验证码：482913，您正在登录手机银行，请勿告诉任何人。",
        "您的验证码为6621，5分钟内有效，工作人员不会向您索要。",
    ],
)
def test_it_does_not_flag_a_legitimate_verification_code_sms(text):
    v = check(text)
    assert not v.is_fraud and v.label == "NORMAL", v.explanation


@pytest.mark.parametrize(
    "text",
    [
        "公安机关不会要求转账到安全账户",
        "不要向任何人透露验证码",
        "国家反诈中心提醒：凡是要求开启屏幕共享的都是诈骗，请立即挂断。",
        "反诈提醒：网上贷款放款前要求先交保证金的都是诈骗。",
    ],
)
def test_it_does_not_flag_anti_fraud_reminders(text):
    v = check(text)
    assert not v.is_fraud, v.explanation
    assert v.reminders, "the warned-about cue is reported as a reminder"
    assert "不计入" in v.explanation


@pytest.mark.parametrize(
    "text",
    [
        "妈，我今天加班，晚饭不回来吃了",
        "【某快递】您的快递已到小区驿站，取件码3-2-1108，请及时取件。",
        "【中国移动】您本月话费账单58.00元，已自动扣除，感谢您的使用。",
        "各位家长好，明天上午八点开家长会，请准时到校。",
    ],
)
def test_it_leaves_ordinary_messages_alone(text):
    assert check(text).label == "NORMAL"


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("兼职点赞返佣，一单3元，先垫付，完成后本金加佣金返还，系统提示连单需继续充值", "SDFL"),
        ("导师带单，内幕消息，这个平台稳赚不赔，提现要先交解冻费", "XJTZ"),
        ("低价出售全新手机，加微信私下交易省手续费，先付全款再发货", "XJGW"),
        ("我是淘宝客服，您的快递丢失，给您双倍理赔，需要您配合操作", "MCKF"),
        ("无抵押低利息贷款，放款前需要刷流水，银行卡号填写错误资金被冻结", "XJDK"),
        ("您大学期间的校园贷没有注销，会影响征信，请配合注销", "XJZX"),
        ("我是王总，明天到我办公室来一趟，现在开会不方便接电话，你先帮我转给对方", "MCLD"),
        ("你名下银行卡涉嫌洗钱，已发出通缉令，案件保密，需要资金核查", "MCGJF"),
        ("亲爱的，我们在婚恋网站认识，我带你投资赚钱，我最近急需周转", "WLHL"),
        ("王者荣耀低价充值，高价收号，交易前先交注册费，账户冻结要交解冻费", "YXJY"),
    ],
)
def test_it_names_the_type_of_each_fraud(text, code):
    v = check(text)
    assert v.is_fraud and v.label == code, (v.label, v.explanation)


def test_it_suggests_a_type_from_a_case_narrative():
    narrative = (
        "事主李某于3月2日接到自称市公安局民警的电话，称其身份证涉嫌洗钱案，"
        "对方通过视频出示通缉令，要求其将存款转入安全账户接受资金核查，共被骗8万元。"
    )
    assert suggest_type(narrative) == "MCGJF"
    assert suggest_type("今天天气很好，我们去公园散步吧") is None


def test_cue_spans_point_into_the_original_text():
    text = "請把資金轉到 安 全 帳 戶 ！"
    v = check(text)
    cue = next(c for c in v.cues if c.rule_id == "safe_account")
    assert text[cue.start : cue.end] == cue.text == "安 全 帳 戶"


def test_segments_rebuild_the_text_and_mark_the_cues():
    text = "请把验证码发给我，然后转到安全账户"
    v = check(text)
    segments = v.segments()
    assert "".join(s.text for s in segments) == text
    assert {s.text for s in segments if s.highlighted} >= {"安全账户"}


def test_every_verdict_is_explained_and_json_ready():
    texts = ["", "   ", "你好", "转账到安全账户", "a" * 30000]
    for v in check_many(texts):
        assert isinstance(v, Verdict)
        assert v.explanation and v.advice
        data = v.to_dict()
        assert set(data) >= {"label", "is_fraud", "score", "cues", "explanation", "advice"}
        assert 0.0 <= data["score"] <= 1.0


def test_batch_and_single_checks_agree():
    texts = ["转账到安全账户", "妈我到家了", "导师带单稳赚不赔", "验证码1234，请勿泄露"]
    batch = check_many(texts)
    for text, v in zip(texts, batch, strict=True):
        single = check(text)
        assert (single.label, single.is_fraud) == (v.label, v.is_fraud)
        assert abs(single.score - v.score) < 1e-3


def test_the_package_exports_the_capability():
    assert fanzha.detect.check is check
    assert fanzha.detect.Verdict is Verdict
