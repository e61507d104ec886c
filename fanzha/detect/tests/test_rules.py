"""The cue rules: each fires on its example, warnings do not count, the file is editable."""

from __future__ import annotations

import pytest

from fanzha.detect.conf import PACKAGE_DATA
from fanzha.detect.engine import Detector, reset_detector
from fanzha.detect.normalize import normalize
from fanzha.detect.rules import FRAUD_TYPES, RuleFileError, RuleSet
from fanzha.detect.tests.rule_examples import RULE_EXAMPLES

RULES = RuleSet.load(PACKAGE_DATA / "rules.toml")


def fired(text: str, rules: RuleSet = RULES) -> dict[str, bool]:
    """Rule id → negated?, for every rule that matched ``text``."""
    return {m.rule.id: m.negated for m in rules.match(normalize(text))}


def test_every_rule_has_an_example():
    assert {r.id for r in RULES.rules} == set(RULE_EXAMPLES)


@pytest.mark.parametrize(("rule_id", "text"), sorted(RULE_EXAMPLES.items()))
def test_each_rule_fires_on_its_example(rule_id, text):
    assert fired(text).get(rule_id) is False, fired(text)


def test_every_type_has_a_name_advice_and_at_least_one_rule():
    for code in FRAUD_TYPES:
        assert RULES.types[code].name and RULES.types[code].advice
        assert any(r.type == code for r in RULES.rules), code


def test_the_three_always_fraud_cues_are_marked():
    always = {r.id for r in RULES.rules if r.always_fraud}
    assert always == {"safe_account", "loan_pays_first", "screen_share", "code_request"}


@pytest.mark.parametrize(
    "text",
    [
        "公安机关不会要求转账到安全账户",
        "凡是要求转账到安全账户的，都是诈骗",
        "不要向任何人透露验证码，不要把验证码告诉别人",
        "切勿将验证码告知他人",
        "千万不要开启屏幕共享",
        "正规贷款放款前不会要求先交保证金",
    ],
)
def test_it_treats_cues_inside_anti_fraud_reminders_as_negated(text):
    assert all(fired(text).values()), fired(text)


def test_a_negation_in_an_earlier_clause_does_not_cancel_a_request():
    assert fired("请勿慌张，立即将资金转入安全账户")["safe_account"] is False


def test_phishing_rules_ignore_links_to_official_sites():
    assert "mckf_account_phishing" not in fired("您的网银证书已过期，请登录 www.icbc.com.cn 更新")
    assert "mckf_account_phishing" in fired("您的网银证书已过期，请登录 www.icbc-vip.cc 更新")


def test_it_reports_a_broken_rule_file_clearly():
    with pytest.raises(RuleFileError, match="bad pattern"):
        RuleSet.from_toml(
            (PACKAGE_DATA / "rules.toml").read_text(encoding="utf-8")
            + '\n[[rules]]\nid = "broken"\ntype = "SDFL"\npattern = "("\n'
        )
    with pytest.raises(RuleFileError, match="unknown type"):
        RuleSet.from_toml(
            (PACKAGE_DATA / "rules.toml").read_text(encoding="utf-8")
            + '\n[[rules]]\nid = "x"\ntype = "NOPE"\npattern = "a"\n'
        )


def test_a_rule_file_in_the_data_directory_overrides_the_packaged_one(settings, tmp_path):
    settings.FANZHA_DATA_DIR = tmp_path
    custom = (PACKAGE_DATA / "rules.toml").read_text(encoding="utf-8") + (
        '\n[[rules]]\nid = "local_word"\ntype = "SDFL"\nweight = 3.0\n'
        'description = "本地新话术"\npattern = "躺赚计划"\n'
    )
    (tmp_path / "detect").mkdir()
    (tmp_path / "detect" / "rules.toml").write_text(custom, encoding="utf-8")
    try:
        rules = RuleSet.load()
        assert "local_word" in fired("加入躺赚计划", rules)
        verdict = Detector(rules, None).check("加入躺赚计划，轻松月入过万")
        assert any(c.rule_id == "local_word" for c in verdict.cues)
    finally:
        reset_detector()
