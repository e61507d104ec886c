"""Reporting fraud, the risk lookup, the message check, the pledge and the quizzes."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from fanzha.portal import cues, quizzes
from fanzha.portal.models import Screenshot, Submission

pytestmark = pytest.mark.django_db


def _jpeg_with_exif() -> bytes:
    from PIL import Image

    image = Image.new("RGB", (64, 48), (200, 30, 30))
    exif = Image.Exif()
    exif[0x010F] = "SpyCam"  # Make
    exif[0x010E] = "home 36.07N 120.38E"  # ImageDescription with a location
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif.tobytes())
    return out.getvalue()


def test_it_turns_a_report_into_a_sighting(world):
    from fanzha.indicators.models import Indicator, Sighting

    response = Client().post(
        "/portal/report/",
        {
            "kind": "phone",
            "value": "133 1234 5678",
            "what_happened": "冒充客服要求屏幕共享",
            "community": world.communities["west"].pk,
        },
    )
    assert response.status_code == 302
    indicator = Indicator.objects.get(kind="phone")
    from fanzha.indicators.normalize import normalize

    assert indicator.value == normalize("phone", "13312345678")
    sighting = Sighting.objects.get(indicator=indicator)
    assert sighting.source == "resident_report"
    submission = Submission.objects.get(kind="report")
    assert sighting.ref == f"portal:{submission.pk}"
    assert submission.ref == f"indicator:{indicator.pk}"
    assert submission.community == world.communities["west"]
    assert "13312345678" not in Client().get("/portal/report/").content.decode()


def test_it_strips_exif_from_a_screenshot(world):
    from PIL import Image

    data = _jpeg_with_exif()
    assert Image.open(io.BytesIO(data)).getexif()
    upload = SimpleUploadedFile("shot.jpg", data, content_type="image/jpeg")
    response = Client().post(
        "/portal/report/",
        {
            "kind": "wechat",
            "value": "wxid_fraud01",
            "what_happened": "刷单",
            "screenshot": upload,
        },
    )
    assert response.status_code == 302
    stored = Screenshot.objects.get()
    with stored.file.open("rb") as handle:
        clean = handle.read()
    assert not Image.open(io.BytesIO(clean)).getexif()
    assert b"SpyCam" not in clean and b"36.07N" not in clean
    assert not stored.file.name.endswith("shot.jpg")  # a random name, not the resident's


def test_it_rejects_a_file_that_is_not_an_image_and_writes_nothing(world):
    from fanzha.indicators.models import Indicator

    fake = SimpleUploadedFile("shot.png", b"<?php echo 1; ?>", content_type="image/png")
    response = Client().post(
        "/portal/report/",
        {
            "kind": "qq",
            "value": "123456789",
            "what_happened": "x",
            "screenshot": fake,
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["screenshot"]
    assert not Submission.objects.exists()
    assert not Indicator.objects.exists()


def test_it_rejects_an_oversized_screenshot(world, settings):
    settings.FANZHA_PORTAL_MAX_UPLOAD_BYTES = 1024
    big = SimpleUploadedFile("big.jpg", _jpeg_with_exif() + b"\0" * 2048)
    response = Client().post(
        "/portal/report/",
        {
            "kind": "qq",
            "value": "123456789",
            "what_happened": "x",
            "screenshot": big,
        },
    )
    assert response.context["form"].errors["screenshot"]
    assert not Submission.objects.exists()


def test_it_rejects_an_invalid_value_and_writes_nothing(world):
    response = Client().post(
        "/portal/report/",
        {
            "kind": "phone",
            "value": "12",
            "what_happened": "x",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["value"]
    assert not Submission.objects.exists()


def test_it_looks_up_the_risk_of_a_reported_number(world):
    from fanzha.indicators.sightings import record_sighting

    record_sighting("phone", "13312345678", "staff")
    html = Client().post("/portal/lookup/", {"kind": "phone", "value": "13312345678"})
    assert html.status_code == 200
    answer = html.context["answer"]
    assert answer.level == "reported"
    assert answer.sightings == 1
    assert "13312345678" not in html.content.decode()
    unknown = Client().post("/portal/lookup/", {"kind": "phone", "value": "13312340000"})
    assert unknown.context["answer"].level == "unknown"


def test_it_checks_a_message_without_keeping_its_text(world):
    text = "您好，我是公安局民警，您涉嫌洗钱，请把资金转到安全账户并保密"
    response = Client().post("/portal/check/", {"text": text})
    assert response.status_code == 200
    assert response.context["verdict_html"]
    submission = Submission.objects.get(kind="check")
    assert submission.outcome.startswith(("Fraud", "诈骗"))
    assert text not in submission.outcome and not submission.note


def test_it_falls_back_to_rule_based_cues():
    verdict = cues.check("客服说快递丢失要理赔，请开启屏幕共享")
    assert verdict.is_fraud
    assert "屏幕共享" in verdict.cues
    assert not cues.check("今晚一起吃饭吗").is_fraud


def test_it_signs_the_household_pledge(world):
    from fanzha.lib.crypto import decrypt
    from fanzha.outreach.models import Pledge

    resident = world.residents["east"][1]
    data = {"name": resident.name, "id_number": decrypt(resident.id_cipher), "agree": "on"}
    response = Client().post("/portal/pledge/", data)
    assert response.status_code == 200
    pledge = Pledge.objects.get()
    assert pledge.household == world.households["east"]
    assert pledge.method == "electronic" and pledge.channel == "portal"
    assert Submission.objects.get(kind="pledge").ref == f"pledge:{pledge.pk}"
    again = Client().post("/portal/pledge/", data)
    assert again.context["form"].non_field_errors()
    assert Pledge.objects.count() == 1


def test_it_does_not_sign_for_a_name_that_does_not_match(world):
    from fanzha.lib.crypto import decrypt
    from fanzha.outreach.models import Pledge

    resident = world.residents["east"][1]
    response = Client().post(
        "/portal/pledge/",
        {
            "name": "别人",
            "id_number": decrypt(resident.id_cipher),
            "agree": "on",
        },
    )
    assert response.context["form"].non_field_errors()
    assert not Pledge.objects.exists()


def test_it_has_at_least_five_quiz_scenarios_with_one_right_answer_each():
    assert len(quizzes.SCENARIOS) >= 5
    assert len({s.fraud_type for s in quizzes.SCENARIOS}) >= 5
    for scenario in quizzes.SCENARIOS:
        assert sum(c.correct for c in scenario.choices) == 1
        assert all(str(c.why) for c in scenario.choices)


def test_it_scores_the_quiz_at_the_end(world):
    client = Client()
    right = 0
    for index, scenario in enumerate(quizzes.SCENARIOS):
        pick = (
            next(i for i, c in enumerate(scenario.choices) if c.correct)
            if index % 2 == 0
            else next(i for i, c in enumerate(scenario.choices) if not c.correct)
        )
        right += index % 2 == 0
        response = client.post(f"/portal/quiz/{index}/", {"choice": str(pick)})
        assert response.context["chosen"].correct == (index % 2 == 0)
        assert str(scenario.choices[pick].why) in response.content.decode().replace("&#x27;", "'")
    result = client.get("/portal/quiz/result/")
    assert result.context["score"] == right
    assert result.context["total"] == len(quizzes.SCENARIOS)
    assert Submission.objects.get(kind="quiz").outcome == f"{right}/{len(quizzes.SCENARIOS)}"


def test_it_refuses_an_answer_that_is_not_offered(world):
    response = Client().post("/portal/quiz/0/", {"choice": "7"})
    assert response.status_code == 200
    assert response.context["form"].errors["choice"]
