"""Staff accounts: a user has one role and belongs to one unit (and, for grid workers, grids)."""

from __future__ import annotations

from typing import Any, ClassVar

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils.translation import gettext_lazy as _

from fanzha.accounts.choices import Role


class StaffManager(UserManager["User"]):
    """``createsuperuser`` makes a district administrator: any other role needs a unit, which a
    first account on an empty database cannot have yet."""

    def create_superuser(
        self, username: str, email: str | None = None, password: str | None = None, **extra: Any
    ) -> Any:  # type: ignore[override]
        extra.setdefault("role", Role.ADMIN)
        return super().create_superuser(username, email, password, **extra)


class User(AbstractUser):
    """A staff member. ``role`` and ``unit`` drive access scoping (``fanzha.core.scoping``);
    grid workers are linked to their grids through ``Grid.workers``."""

    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.LIAISON)
    unit = models.ForeignKey(
        "org.Unit",
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="staff",
    )
    display_name = models.CharField(_("name"), max_length=50, blank=True)
    # The staff member's own mobile number (the one they are reached on when a warning task
    # escalates to them), sealed like every phone number: ciphertext, blind index and the mask
    # every screen shows. Empty when they keep none; each person keeps it on their account page.
    duty_phone_cipher = models.TextField(blank=True, default="", editable=False)
    duty_phone_index = models.CharField(max_length=32, blank=True, default="", editable=False)
    duty_phone_mask = models.CharField(_("duty phone"), max_length=20, blank=True, editable=False)
    badge_number = models.CharField(_("badge number"), max_length=20, blank=True)
    capacity = models.PositiveSmallIntegerField(
        _("三包 capacity"), default=5, help_text=_("How many areas this person can take on.")
    )
    is_demo = models.BooleanField(_("demo account"), default=False)
    # Set when an administrator gives the password (a new account, a reset): the person must
    # choose their own before anything else, so the administrator no longer knows it.
    password_change_required = models.BooleanField(
        _("must change password at next sign-in"), default=False, editable=False
    )

    objects: ClassVar[StaffManager] = StaffManager()

    class Meta:
        verbose_name = _("staff member")
        verbose_name_plural = _("staff members")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(role__in=["admin", "leader"]) | models.Q(unit__isnull=False),
                name="user_unit_required_for_scoped_roles",
            )
        ]

    def __str__(self) -> str:
        return self.display_name or self.username

    def get_absolute_url(self) -> str:
        """The account as the administrator keeps it (others get 403 there)."""
        from django.urls import reverse

        return reverse("accounts:staff_detail", args=[self.pk])

    def grid_ids(self) -> list[int]:
        """The grids this user works in (cached per instance: one query per request)."""
        cached: list[int] | None = getattr(self, "_grid_ids", None)
        if cached is None:
            cached = list(self.grids.values_list("pk", flat=True))
            self._grid_ids = cached
        return cached

    @property
    def role_label(self) -> str:
        return str(Role(self.role).label)

    @property
    def has_duty_phone(self) -> bool:
        return bool(self.duty_phone_cipher)

    def set_duty_phone(self, number: str, save: bool = True) -> None:
        """Seal ``number`` (any accepted form of a mainland mobile number; ValidationError
        else) as this person's duty phone, or forget it when ``number`` is empty."""
        if number:
            from fanzha.lib.sealed import seal_phone

            sealed = seal_phone(number)
            cipher, index, mask = sealed.cipher, sealed.index, sealed.mask
        else:
            cipher = index = mask = ""
        self.duty_phone_cipher, self.duty_phone_index, self.duty_phone_mask = cipher, index, mask
        if save:
            self.save(update_fields=["duty_phone_cipher", "duty_phone_index", "duty_phone_mask"])

    def duty_phone_sealed(self) -> Any:
        """The duty phone as a ``Sealed`` (for the notification outbox), or None."""
        if not self.duty_phone_cipher:
            return None
        from fanzha.lib.sealed import Sealed

        return Sealed(self.duty_phone_cipher, self.duty_phone_index, self.duty_phone_mask)


class ApiKey(models.Model):
    """A key for an upstream system. Only a SHA-256 hash is stored; the key is shown once.

    ``scopes`` limits what the key may do (e.g. ``alerts:ingest``); ``source`` ties an alert
    ingest key to one alert source so a bank's key cannot pose as the national push."""

    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(_("key prefix"), max_length=12, unique=True)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    scopes = models.CharField(_("scopes"), max_length=200, default="alerts:ingest")
    source = models.CharField(_("alert source"), max_length=20, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("API key")
        verbose_name_plural = _("API keys")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def scope_list(self) -> list[str]:
        return [s.strip() for s in self.scopes.split(",") if s.strip()]

    def has_scope(self, scope: str) -> bool:
        return scope in self.scope_list

    @classmethod
    def issue(
        cls, name: str, scopes: str, source: str = "", created_by: User | None = None
    ) -> tuple[ApiKey, str]:
        """Create a key; returns the row and the plaintext key (never stored)."""
        import hashlib
        import secrets

        prefix = secrets.token_hex(4)
        plaintext = f"fz_{prefix}_{secrets.token_urlsafe(32)}"
        key = cls.objects.create(
            name=name,
            prefix=prefix,
            scopes=scopes,
            source=source,
            created_by=created_by,
            key_hash=hashlib.sha256(plaintext.encode()).hexdigest(),
        )
        return key, plaintext
