from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Source(models.TextChoices):
    NATIONAL = "national", _("National push")
    PROVINCIAL = "provincial", _("Provincial push")
    HIT_12381 = "12381", _("12381 hit")
    JINZHONGZHAO = "jzz", _("金钟罩 collision")
    BANK = "bank", _("Bank fund alert")
    RESIDENT = "resident", _("Resident report")
    MANUAL = "manual", _("Manual entry")


class Level(models.TextChoices):
    HIGH = "high", _("High")
    MEDIUM = "medium", _("Medium")
    LOW = "low", _("Low")


class FraudType(models.TextChoices):
    """公安部's ten common types (DOMAIN.md §4)."""

    SDFL = "SDFL", _("Click-farming rebates (刷单返利)")
    XJTZ = "XJTZ", _("Fake investment (虚假网络投资理财)")
    XJGW = "XJGW", _("Fake shopping or services (虚假购物、服务)")
    MCKF = "MCKF", _("Fake e-commerce or courier service (冒充电商物流客服)")
    XJDK = "XJDK", _("Fake online loan (虚假网络贷款)")
    XJZX = "XJZX", _("Fake credit record (虚假征信)")
    MCLD = "MCLD", _("Impersonating a boss or acquaintance (冒充领导、熟人)")
    MCGJF = "MCGJF", _("Impersonating police or officials (冒充公检法及政府机关)")
    WLHL = "WLHL", _("Online romance (网络婚恋、交友)")
    YXJY = "YXJY", _("Fake game trading (网络游戏产品虚假交易)")
    UNKNOWN = "UNKNOWN", _("Unknown")


class ContactKind(models.TextChoices):
    PHONE = "phone", _("Phone number")
    ACCOUNT = "account", _("Account")
    URL = "url", _("URL")
    OTHER = "other", _("Other")


class TaskStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting acceptance")
    IN_PROGRESS = "in_progress", _("In progress")
    REVISIT = "revisit", _("Revisiting")
    CLOSED = "closed", _("Closed")


OPEN_STATUSES = [TaskStatus.PENDING, TaskStatus.IN_PROGRESS, TaskStatus.REVISIT]


class Tier(models.IntegerChoices):
    """Who holds the task: it moves up a tier each time it is overdue."""

    GRID = 0, _("Grid worker")
    STATION = 1, _("Police station")
    DISTRICT = 2, pgettext_lazy("tier", "District")


class MatchedVia(models.TextChoices):
    REGISTRATION = "registration", _("Warning registration")
    FAMILY = "family", _("Protected family member")
    RESIDENT = "resident", _("Resident record")
    NONE = "none", _("Not matched")


class Channel(models.TextChoices):
    PHONE = "phone", _("Phone call")
    SMS = "sms", _("SMS")
    VISIT = "visit", _("Visit")


class Outcome(models.TextChoices):
    """Outcome codes of a real police front end (DOMAIN.md §3)."""

    SELF_AWARE = "1", _("1 Reached, not defrauded, self-aware")
    UNREACHED = "2", _("2 Not reached")
    DISSUADED = "3", _("3 Reached, not defrauded, dissuaded in time")
    DEFRAUDED = "4", _("4 Reached, already defrauded")
    RELATIVE = "5", _("5 Reached a relative or friend")


class UnreachedReason(models.TextChoices):
    NO_ANSWER = "no_answer", _("No answer")
    POWERED_OFF = "powered_off", _("Phone switched off")
    BUSY = "busy", _("Busy or rejected")
    VACANT = "vacant", _("Number not in service")
    NOT_HOME = "not_home", _("Nobody at home")
    OTHER = "other", _("Other")


class Checklist(models.TextChoices):
    """The visit checklist 四查看、三询问、一保护."""

    LOOK_CALLS = "look_calls", _("Looked at call and SMS logs")
    LOOK_CHATS = "look_chats", _("Looked at chats")
    LOOK_APPS = "look_apps", _("Looked at installed apps")
    LOOK_TRANSFERS = "look_transfers", _("Looked at large transfers")
    ASK_WHY = "ask_why", _("Asked why money moved")
    ASK_WHO = "ask_who", _("Asked who asked for it")
    ASK_HOW = "ask_how", _("Asked how the contact began")
    PROTECT = "protect", _("Protected the account (bank limit)")


class EventKind(models.TextChoices):
    CREATED = "created", _("Created")
    ACCEPTED = "accepted", _("Accepted")
    ASSIGNED = "assigned", _("Assigned")
    ATTEMPT = "attempt", _("Contact attempt")
    ESCALATED = "escalated", _("Escalated")
    REVISIT = "revisit", _("Revisit scheduled")
    REVISIT_DUE = "revisit_due", _("Revisit due")
    CLOSED = "closed", _("Closed")


class StopPaymentStatus(models.TextChoices):
    REQUESTED = "requested", _("Stop-payment requested")
    FROZEN = "frozen", _("Frozen")
    RETURNED = "returned", _("Returned")
    EXPIRED = "expired", _("Expired")
