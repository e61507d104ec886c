"""``fanzha demo``: build the synthetic demo district once; ``--live`` feeds new alerts."""

from __future__ import annotations

import contextlib
import importlib
import random
import time
from importlib.util import find_spec
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from fanzha.core.demo import DEMO_BUILDERS, DemoContext
from fanzha.core.models import DemoState


class Command(BaseCommand):
    help = "Build the synthetic demo district (deterministic for a seed and scale)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--seed", type=int, default=2021)
        parser.add_argument("--scale", type=float, default=1.0)
        parser.add_argument(
            "--live", action="store_true", help="After building, feed a slow stream of new alerts."
        )
        parser.add_argument("--live-seconds", type=float, default=None)
        parser.add_argument("--accounts", action="store_true", help="Only print the demo accounts.")
        parser.add_argument(
            "--force", action="store_true", help="Allow building outside demo mode (benchmarks)."
        )

    def handle(self, *args: Any, **opts: Any) -> None:
        if settings.FANZHA_MODE != "demo" and not opts["force"]:
            raise CommandError("The demo district is built only with FANZHA_MODE=demo.")
        if opts["scale"] <= 0:
            raise CommandError("--scale must be positive")
        ctx = DemoContext(
            seed=opts["seed"],
            scale=opts["scale"],
            rng=random.Random(opts["seed"]),
            log=lambda m: self.stdout.write(m),
        )
        if not opts["accounts"]:
            state = DemoState.objects.first()
            if state is not None:
                self.stdout.write(
                    f"Demo district already built (seed {state.seed}, scale "
                    f"{state.scale}, {state.seconds:.0f} s); reusing it."
                )
            else:
                self.build(ctx)
        self.print_accounts()
        if opts["live"]:
            self.live(ctx, opts["live_seconds"])

    def build(self, ctx: DemoContext) -> None:
        started = time.monotonic()
        self.stdout.write(f"Building the demo district (seed {ctx.seed}, scale {ctx.scale})…")
        with transaction.atomic():
            for module_name in DEMO_BUILDERS:
                if find_spec(module_name) is None:
                    continue
                module = importlib.import_module(module_name)
                step = time.monotonic()
                module.build(ctx)
                self.stdout.write(f"  {module_name}: {time.monotonic() - step:.1f} s")
            seconds = time.monotonic() - started
            DemoState.objects.create(seed=ctx.seed, scale=ctx.scale, seconds=seconds)
        self.stdout.write(self.style.SUCCESS(f"Demo district built in {seconds:.1f} s."))

    def print_accounts(self) -> None:
        from fanzha.accounts.models import User

        self.stdout.write("")
        self.stdout.write(
            "Demo accounts (password: FANZHA_DEMO_PASSWORD, default "
            f"'{settings.FANZHA_DEMO_PASSWORD}' unless you set it):"
        )
        shown: set[str] = set()
        for user in User.objects.filter(is_demo=True).select_related("unit").order_by("pk"):
            key = f"{user.role}:{user.unit.kind if user.unit else ''}"
            if key in shown and user.username not in ("admin", "leader"):
                continue
            shown.add(key)
            self.stdout.write(f"  {user.username:<24} {user.role_label}  {user.unit or ''}")
        self.stdout.write("  (more: every office has liaison-office-N, officer-N-K, worker-N-K)")

    def live(self, ctx: DemoContext, seconds: float | None) -> None:
        if find_spec("fanzha.alerts.demo") is None:
            raise CommandError("The alerts app is not installed: nothing to stream.")
        module = importlib.import_module("fanzha.alerts.demo")
        if not hasattr(module, "live"):
            raise CommandError("The alerts app has no live demo feed yet.")
        self.stdout.write("Feeding live alerts (Ctrl-C to stop)…")
        with contextlib.suppress(KeyboardInterrupt):
            module.live(ctx, seconds)
