"""Evidence files behind hand scores: checked by content, stored privately, served only to
users who may see the score."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from fanzha.assessment.models import ManualScore, Period, UnitAssessment

pytestmark = pytest.mark.django_db


def png_with_exif() -> bytes:
    image = Image.new("RGB", (40, 30), (200, 30, 30))
    exif = Image.Exif()
    exif[0x010F] = "CameraMaker"  # Make
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", exif=exif)
    return buffer.getvalue()


def post_score(client: Any, row: UnitAssessment, upload: SimpleUploadedFile) -> Any:
    return client.post(
        f"/assessment/scores/{row.pk}/manual/system/",
        {
            "m-system-item_code": "system",
            "m-system-points": "9",
            "m-system-evidence": "会议纪要",
            "m-system-reason": "制度健全",
            "m-system-evidence_file": upload,
        },
        follow=True,
    )


def test_an_evidence_photo_is_stored_and_served_to_the_unit_only(
    period: Period, world: Any, client_for: Any
) -> None:
    row = UnitAssessment.objects.get(period=period, unit__code="east-office")
    post_score(
        client_for(world.user("admin")),
        row,
        SimpleUploadedFile("会议.png", png_with_exif(), content_type="image/png"),
    )
    score = ManualScore.objects.get(assessment=row)
    assert score.evidence_type == "image/png"
    assert "会议" not in score.evidence_path  # a random name on disk
    with default_storage.open(score.evidence_path, "rb") as fh:
        stored = fh.read()
    assert b"CameraMaker" not in stored  # metadata stripped
    url = f"/assessment/evidence/{score.pk}/"
    own = client_for(world.user("east_liaison")).get(url)
    assert own.status_code == 200 and b"".join(own.streaming_content).startswith(b"\x89PNG")
    assert client_for(world.user("west_liaison")).get(url).status_code == 404


def test_a_file_that_is_not_an_image_or_pdf_is_refused(
    period: Period, world: Any, client_for: Any
) -> None:
    row = UnitAssessment.objects.get(period=period, unit__code="east-office")
    response = post_score(
        client_for(world.user("admin")),
        row,
        SimpleUploadedFile("x.png", b"MZ\x90\x00 not an image", content_type="image/png"),
    )
    assert not ManualScore.objects.filter(assessment=row).exists()
    assert "JPEG" in response.content.decode()
