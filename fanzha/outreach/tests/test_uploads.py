import io
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from fanzha.outreach.choices import UploadKind
from fanzha.outreach.tests.helpers import jpeg_with_gps, pdf_with_author, png
from fanzha.outreach.uploads import check_upload, store


def test_it_strips_gps_and_exif_from_jpeg():
    original = jpeg_with_gps()
    assert Image.open(io.BytesIO(original.read())).getexif().get_ifd(0x8825)  # GPS is there
    clean = check_upload(original, UploadKind.ACTIVITY_PHOTO)
    image = Image.open(io.BytesIO(clean.content))
    assert clean.content_type == "image/jpeg"
    assert image.size == (64, 48)
    assert dict(image.getexif()) == {}
    assert "exif" not in image.info


def test_it_decides_the_type_by_content_not_name():
    fake = SimpleUploadedFile(
        "photo.jpg", b"<html><script>alert(1)</script></html>", content_type="image/jpeg"
    )
    with pytest.raises(ValidationError, match="JPEG"):
        check_upload(fake, UploadKind.ACTIVITY_PHOTO)
    renamed_png = png("photo.jpg")
    assert check_upload(renamed_png, UploadKind.ACTIVITY_PHOTO).content_type == "image/png"


def test_it_refuses_a_truncated_image():
    data = jpeg_with_gps().read()[:40]
    with pytest.raises(ValidationError):
        check_upload(SimpleUploadedFile("x.jpg", data), UploadKind.ACTIVITY_PHOTO)


def test_it_refuses_files_over_the_size_limit(settings):
    settings.FANZHA_OUTREACH_MAX_UPLOAD_BYTES = 1024
    big = SimpleUploadedFile("big.png", b"\x89PNG\r\n\x1a\n" + b"0" * 2000)
    with pytest.raises(ValidationError, match=r"1\.0"):
        check_upload(big, UploadKind.ACTIVITY_PHOTO)


def test_it_accepts_pdf_scans_without_their_metadata_but_not_as_photos():
    clean = check_upload(pdf_with_author(), UploadKind.PLEDGE_SCAN)
    assert clean.content_type == "application/pdf"
    assert b"Zhang San" not in clean.content
    with pytest.raises(ValidationError):
        check_upload(pdf_with_author(), UploadKind.ACTIVITY_PHOTO)


def test_it_stores_under_media_root_with_a_random_name(world, settings):
    from fanzha.outreach.pledges import sign_electronically

    pledge = sign_electronically(world.households["east"], "张三")
    row = store(
        check_upload(jpeg_with_gps("家门口.jpg"), UploadKind.PLEDGE_SCAN),
        UploadKind.PLEDGE_SCAN,
        pledge=pledge,
    )
    path = Path(row.file.path)
    assert path.is_relative_to(Path(settings.MEDIA_ROOT))
    assert "家门口" not in path.name and path.suffix == ".jpg" and len(path.stem) == 32
    assert row.size == path.stat().st_size
