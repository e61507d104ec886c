"""The Chinese fonts documents are set in. They come from a pip package
(``pylopdf-fonts-zh-cn``: Noto Sans SC and Noto Serif SC, SIL OFL 1.1), so a PDF renders Chinese
on a machine where only pip ran, whatever fonts the system has. ``FANZHA_NOTICES_FONT_DIR`` may
point at another directory holding files of the same names."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

SERIF = "NotoSerifSC-Regular.otf"
SANS = "NotoSansSC-Regular.otf"


def _font_dir() -> Path:
    configured = getattr(settings, "FANZHA_NOTICES_FONT_DIR", "")
    if configured:
        return Path(configured)
    try:
        import pylopdf_fonts_zh_cn
    except ImportError as exc:
        raise ImproperlyConfigured(
            "Documents need the pylopdf-fonts-zh-cn package (pip install pylopdf-fonts-zh-cn) "
            "or FANZHA_NOTICES_FONT_DIR"
        ) from exc
    return Path(pylopdf_fonts_zh_cn.serif_path()).parent


def serif_font_path() -> Path:
    return _font_dir() / SERIF


def sans_font_path() -> Path:
    return _font_dir() / SANS
