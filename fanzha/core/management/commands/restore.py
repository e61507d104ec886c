"""``fanzha restore FILE --yes``: replace the database and uploads with a backup."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from fanzha.core.backup import BackupError, restore


class Command(BaseCommand):
    help = "Restore a backup made by `fanzha backup` (needs the same encryption keys)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("archive")
        parser.add_argument("--yes", action="store_true", help="Confirm replacing all data.")

    def handle(self, *args: Any, **opts: Any) -> None:
        archive = Path(opts["archive"])
        if not archive.exists():
            raise CommandError(f"{archive} does not exist")
        if not opts["yes"]:
            raise CommandError("This replaces all data: run again with --yes")
        try:
            manifest = restore(archive)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(f"Restored the backup of {manifest['created']}."))
