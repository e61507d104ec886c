"""Checking and storing uploads: pledge scans, activity photos, banner proof photos.

The type is decided by the file's content (magic bytes, then Pillow actually decoding it), never
by its name or the browser's Content-Type. Images are re-encoded, which drops EXIF (with GPS
location), XMP and text chunks. PDFs (pledge scans only) are rewritten without their document
information. The result is stored under MEDIA_ROOT with a random name.
"""

from __future__ import annotations

import hashlib
import io
import warnings
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from fanzha.outreach.choices import UploadKind

_JPEG = b"\xff\xd8\xff"
_PNG = b"\x89PNG\r\n\x1a\n"
_PDF = b"%PDF-"

IMAGE_TYPES = {"image/jpeg": ".jpg", "image/png": ".png"}
PDF_TYPE = "application/pdf"
# Pledge scans may be PDFs from a scanner; photos must be images.
ACCEPTED = {
    UploadKind.PLEDGE_SCAN: {*IMAGE_TYPES, PDF_TYPE},
    UploadKind.ACTIVITY_PHOTO: set(IMAGE_TYPES),
    UploadKind.BANNER_PROOF: set(IMAGE_TYPES),
}


@dataclass(frozen=True)
class CleanFile:
    """An upload after checking and cleaning, ready to store."""

    content: bytes
    content_type: str
    extension: str
    original_name: str

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.content).hexdigest()


def sniff(head: bytes) -> str | None:
    """The content type from the first bytes, or ``None`` for anything we do not accept."""
    if head.startswith(_JPEG):
        return "image/jpeg"
    if head.startswith(_PNG):
        return "image/png"
    if head.startswith(_PDF):
        return PDF_TYPE
    return None


def _read_limited(upload: Any) -> bytes:
    limit = settings.FANZHA_OUTREACH_MAX_UPLOAD_BYTES
    size = getattr(upload, "size", None)
    if size is not None and size > limit:
        raise ValidationError(
            _("The file is too large (%(size)s); the limit is %(limit)s.")
            % {"size": filesizeformat(size), "limit": filesizeformat(limit)}
        )
    if hasattr(upload, "seek"):
        upload.seek(0)
    data: bytes = upload.read(limit + 1)
    if len(data) > limit:
        raise ValidationError(
            _("The file is too large; the limit is %(limit)s.") % {"limit": filesizeformat(limit)}
        )
    if not data:
        raise ValidationError(_("The file is empty."))
    return data


def _clean_image(data: bytes, content_type: str) -> bytes:
    from PIL import Image, ImageOps

    max_pixels = settings.FANZHA_OUTREACH_MAX_IMAGE_PIXELS
    try:
        with warnings.catch_warnings():
            # A decompression bomb is refused, not decoded.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as probe:
                width, height = probe.size
                if width * height > max_pixels:
                    raise ValidationError(_("The image is too large in pixels."))
                probe.verify()
            image: Image.Image = Image.open(io.BytesIO(data))
            image.load()
    except ValidationError:
        raise
    except Exception as exc:  # Pillow raises many types for broken files
        raise ValidationError(_("The file is not a readable image.")) from exc
    # Apply the camera's rotation before the EXIF block (which holds it) is dropped.
    image = ImageOps.exif_transpose(image) or image
    # Drop everything that is not pixels: EXIF (GPS), XMP, ICC, text chunks.
    image.info = {}
    out = io.BytesIO()
    if content_type == "image/jpeg":
        if image.mode not in ("RGB", "L"):
            image = image.convert("RGB")
        image.save(out, format="JPEG", quality=88, optimize=True)
    else:
        image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def _clean_pdf(data: bytes) -> bytes:
    from pypdf import PdfReader, PdfWriter

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise ValidationError(_("Encrypted PDF files are not accepted."))
        writer = PdfWriter()
        for page in reader.pages:
            writer.add_page(page)
        # Author, producer, dates and any XMP packet are left behind.
        writer.add_metadata({"/Producer": "fanzha"})
        out = io.BytesIO()
        writer.write(out)
    except ValidationError:
        raise
    except Exception as exc:
        raise ValidationError(_("The file is not a readable PDF.")) from exc
    return out.getvalue()


def check_upload(upload: Any, kind: str) -> CleanFile:
    """Check one uploaded file for ``kind`` and return it cleaned; raises ``ValidationError``
    with a message for a person on anything wrong."""
    data = _read_limited(upload)
    content_type = sniff(data[:16])
    allowed = ACCEPTED[UploadKind(kind)]
    if content_type is None or content_type not in allowed:
        if kind == UploadKind.PLEDGE_SCAN:
            raise ValidationError(_("Only JPEG, PNG or PDF files are accepted."))
        raise ValidationError(_("Only JPEG or PNG photos are accepted."))
    if content_type == PDF_TYPE:
        content, extension = _clean_pdf(data), ".pdf"
    else:
        content, extension = _clean_image(data, content_type), IMAGE_TYPES[content_type]
    name = str(getattr(upload, "name", "") or "")[-120:]
    return CleanFile(content, content_type, extension, name)


def store(clean: CleanFile, kind: str, *, user: Any = None, **owner: Any) -> Any:
    """Save a cleaned file as an :class:`~fanzha.outreach.models.Upload` of ``owner`` (one of
    ``pledge=``, ``activity=``, ``hanging=``)."""
    from fanzha.outreach.models import Upload

    row = Upload(
        kind=kind,
        content_type=clean.content_type,
        size=len(clean.content),
        sha256=clean.sha256,
        original_name=clean.original_name,
        uploaded_by=user,
        **owner,
    )
    row.file.save(f"upload{clean.extension}", ContentFile(clean.content), save=False)
    row.save()
    return row
