"""``fanzha genkeys``: print a new key spec (or write it to a file) for FANZHA_KEYS."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from fanzha.lib.crypto import new_key


class Command(BaseCommand):
    help = "Generate encryption keys for identifiers (keep them out of the repository)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--output", help="Write to this file (mode 600) instead of stdout.")
        parser.add_argument("--key-id", default="k1")

    def handle(self, *args: Any, **opts: Any) -> None:
        spec = f"index={new_key()}\n{opts['key_id']}={new_key()}\n"
        if not opts["output"]:
            self.stdout.write(spec)
            return
        path = Path(opts["output"])
        if path.exists():
            raise CommandError(f"{path} exists; refusing to overwrite keys")
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as fh:
            fh.write(spec)
        self.stdout.write(f"Keys written to {path}")
