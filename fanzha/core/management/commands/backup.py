"""``fanzha backup [--output FILE]``: database and uploads in one archive (keys excluded)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from fanzha.core.backup import BackupError, backup


class Command(BaseCommand):
    help = "Back up the database and uploaded files (the encryption keys are NOT included)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--output", help="Archive path (.tar.gz)")

    def handle(self, *args: Any, **opts: Any) -> None:
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
        output = Path(
            opts["output"] or Path(settings.FANZHA_DATA_DIR) / "backups" / f"fanzha-{stamp}.tar.gz"
        )
        try:
            manifest = backup(output)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(f"Backup written to {output} ({manifest['vendor']})."))
        self.stdout.write(
            "Remember: back up the key file separately; without it the "
            "identifiers in this backup cannot be read."
        )
