"""Checking a resident's screenshot: type by content, size and pixel limits, EXIF stripped by
re-encoding (the same rules the staff side applies to photos)."""

from __future__ import annotations

import io
import secrets
import warnings

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

_SIGNATURES = {b"\xff\xd8\xff": ("JPEG", ".jpg"), b"\x89PNG\r\n\x1a\n": ("PNG", ".png")}


def clean_screenshot(upload: object) -> ContentFile:
    """The upload re-encoded without metadata, under a random name; ``ValidationError`` with a
    message for a person on anything wrong."""
    from PIL import Image

    limit = settings.FANZHA_PORTAL_MAX_UPLOAD_BYTES
    size = getattr(upload, "size", None) or 0
    if size > limit:
        raise ValidationError(
            _("The screenshot is too large (at most %(size)s).") % {"size": filesizeformat(limit)}
        )
    data = upload.read(limit + 1)  # type: ignore[attr-defined]
    if len(data) > limit:
        raise ValidationError(
            _("The screenshot is too large (at most %(size)s).") % {"size": filesizeformat(limit)}
        )
    kind = next((v for sig, v in _SIGNATURES.items() if data.startswith(sig)), None)
    if kind is None:
        raise ValidationError(_("Only JPEG or PNG screenshots are accepted."))
    image_format, extension = kind
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as probe:
                if probe.format != image_format:
                    raise ValidationError(_("Only JPEG or PNG screenshots are accepted."))
                if probe.width * probe.height > settings.FANZHA_PORTAL_MAX_IMAGE_PIXELS:
                    raise ValidationError(_("The screenshot has too many pixels."))
                probe.verify()
            with Image.open(io.BytesIO(data)) as image:
                image.load()
                pixels = (
                    image if image.mode in ("RGB", "RGBA", "L", "LA") else image.convert("RGBA")
                )
                # A new image from the pixels alone: EXIF (GPS), XMP and text chunks stay behind.
                clean = Image.new(pixels.mode, pixels.size)
                clean.paste(pixels)
                out = io.BytesIO()
                if image_format == "JPEG":
                    clean.convert("RGB").save(out, "JPEG", quality=90)
                else:
                    clean.save(out, "PNG", optimize=True)
    except ValidationError:
        raise
    except Exception as exc:
        raise ValidationError(_("The screenshot could not be read as an image.")) from exc
    return ContentFile(out.getvalue(), name=f"{secrets.token_hex(12)}{extension}")
