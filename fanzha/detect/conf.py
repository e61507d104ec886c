"""Where the message check keeps its files."""

from __future__ import annotations

from pathlib import Path

PACKAGE_DATA = Path(__file__).resolve().parent / "data"


def data_dir() -> Path:
    """Return ``<FANZHA_DATA_DIR>/detect`` (``var/detect`` when the setting is absent).

    The detector also runs outside Django (benchmarks, scripts), so a missing or unconfigured
    settings module falls back to ``var/`` instead of failing.
    """
    base: Path | None = None
    try:
        from django.conf import settings

        if settings.configured:
            value = getattr(settings, "FANZHA_DATA_DIR", None)
            base = Path(value) if value else None
    except ImportError:  # pragma: no cover - Django is a hard dependency of the project
        base = None
    return (base or Path("var")) / "detect"
