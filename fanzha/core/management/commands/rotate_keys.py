"""``fanzha rotate_keys``: re-encrypt every stored identifier under the newest data key.

Rotation, step by step (README, "Key rotation"):
1. ``fanzha genkeys --key-id k2`` and put the new ``k2=…`` line FIRST in the key spec, keeping
   the old ``k1=…`` line and the ``index=…`` line;
2. restart the web server and the worker (new values are now encrypted with k2, old ones still
   decrypt with k1);
3. run ``fanzha rotate_keys``: it rewrites every ciphertext not under k2, in batches, each batch
   in its own transaction, and can be interrupted and re-run;
4. when it reports 0 remaining, remove the k1 line and restart.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import models, transaction

from fanzha.lib import crypto


def cipher_fields(model: type[models.Model]) -> list[str]:
    return [f.attname for f in model._meta.concrete_fields if f.attname.endswith("_cipher")]


class Command(BaseCommand):
    help = "Re-encrypt identifiers under the first (newest) data key."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--batch", type=int, default=2000)
        parser.add_argument("--dry-run", action="store_true")

    def handle(self, *args: Any, **opts: Any) -> None:
        crypto.reset_keyring()
        primary = crypto.keyring().primary_id
        prefix = f"{primary}$"
        total = 0
        for model in apps.get_models():
            fields = cipher_fields(model)
            if not fields:
                continue
            manager = model._base_manager
            stale = models.Q()
            for name in fields:
                stale |= ~models.Q(**{name: ""}) & ~models.Q(**{f"{name}__startswith": prefix})
            while True:
                rows = list(manager.filter(stale).order_by("pk")[: opts["batch"]])
                if not rows:
                    break
                if opts["dry_run"]:
                    total += manager.filter(stale).count()
                    break
                with transaction.atomic():
                    for row in rows:
                        for name in fields:
                            value = getattr(row, name)
                            if value and not value.startswith(prefix):
                                setattr(row, name, crypto.encrypt(crypto.decrypt(value)))
                    manager.bulk_update(rows, fields, batch_size=500)
                total += len(rows)
            self.stdout.write(f"{model._meta.label}: done")
        verb = "to re-encrypt" if opts["dry_run"] else "re-encrypted"
        self.stdout.write(self.style.SUCCESS(f"{total} rows {verb} under key {primary}."))
