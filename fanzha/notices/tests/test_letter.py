from datetime import date

import pytest

from fanzha.cases.choices import CaseStatus
from fanzha.cases.tests.factories import CaseFactory
from fanzha.notices import documents
from fanzha.notices.choices import NoticeKind, NoticeStatus
from fanzha.notices.models import Notice

pytestmark = pytest.mark.django_db


def test_it_drafts_one_letter_when_a_case_is_saved(world, east_case):
    letters = Notice.objects.filter(kind=NoticeKind.LETTER, case=east_case)
    assert letters.count() == 1
    east_case.save()
    assert letters.count() == 1
    letter = letters.get()
    assert letter.status == NoticeStatus.DRAFT
    assert letter.number is None
    assert letter.addressee == "east测试企业有限公司"  # the victim's employer
    assert letter.title == "关于张*t0被电信网络诈骗案件的函告".replace(
        "张*t0", east_case.masked_victim
    )


def test_it_addresses_the_village_committee_without_an_employer(world):
    case = CaseFactory(victim=world.residents["west"][1])
    letter = Notice.objects.get(case=case)
    assert letter.addressee == "西苑村村民委员会"
    assert letter.addressee_unit == world.communities["west"]


def test_it_addresses_the_unit_for_an_internal_staff_case(world):
    case = CaseFactory(
        victim=world.residents["east"][1], internal_staff=True, victim_unit=world.sectors["finance"]
    )
    assert Notice.objects.get(case=case).addressee == "财政分局"


def test_it_masks_the_victim_in_the_letter(world, east_case):
    letter = Notice.objects.get(case=east_case)
    body = documents.render_body(letter)
    full_name = world.residents["east"][0].name
    assert full_name not in body
    assert east_case.masked_victim in body
    assert east_case.victim_id_mask in body
    assert "10,000.00" in body
    assert "刷单返利" in body


def test_it_numbers_per_kind_and_year_without_gaps(world, east_case, west_case):
    first = documents.issue(Notice.objects.get(case=east_case), on=date(2021, 5, 1))
    second = documents.issue(Notice.objects.get(case=west_case), on=date(2021, 5, 2))
    quarterly = documents.issue(documents.quarterly_notice(2021, 1), on=date(2021, 5, 3))
    assert (first.number, second.number, quarterly.number) == (1, 2, 1)
    assert first.document_number == "开公反诈函〔2021〕1号"
    assert quarterly.document_number == "开反诈通〔2021〕1号"
    third_case = CaseFactory(victim=world.residents["east"][1])
    third = documents.issue(Notice.objects.get(case=third_case), on=date(2022, 1, 4))
    assert third.document_number == "开公反诈函〔2022〕1号"


def test_it_refuses_to_issue_twice(world, east_case):
    letter = documents.issue(Notice.objects.get(case=east_case))
    with pytest.raises(documents.DocumentError):
        documents.issue(letter)


def test_it_freezes_the_text_of_an_issued_letter(world, east_case, west_case):
    issued = documents.issue(Notice.objects.get(case=east_case))
    documents.save_version(NoticeKind.LETTER, "<h1>新版本 {{ title }}</h1>", world.user("admin"))
    issued.refresh_from_db()
    assert "新版本" not in documents.render_body(issued)
    assert issued.document_number in documents.render_body(issued)
    draft = Notice.objects.get(case=west_case)
    assert documents.render_body(draft).startswith("<h1>新版本")


def test_it_gives_the_number_back_when_issuing_fails(world, east_case, west_case):
    from fanzha.notices.models import DocumentTemplate, NumberCounter

    documents.active_template(NoticeKind.LETTER)
    # A template that parses but fails while rendering ("for" over a number).
    DocumentTemplate.objects.filter(kind=NoticeKind.LETTER, is_active=True).update(
        body="{% for x in 5 %}{{ x }}{% endfor %}"
    )
    with pytest.raises(documents.TemplateProblem, match="第 1 行"):
        documents.issue(Notice.objects.get(case=east_case))
    assert not NumberCounter.objects.filter(last__gt=0).exists()
    assert Notice.objects.get(case=east_case).status == NoticeStatus.DRAFT
    DocumentTemplate.objects.filter(kind=NoticeKind.LETTER, is_active=True).update(
        body=documents.default_body(NoticeKind.LETTER)
    )
    letter = documents.issue(Notice.objects.get(case=west_case))
    assert letter.number == 1


def test_it_does_not_draft_a_letter_for_a_void_case(world):
    case = CaseFactory(victim=world.residents["east"][1], status=CaseStatus.VOID)
    assert not Notice.objects.filter(case=case).exists()
