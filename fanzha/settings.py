"""Django settings for fanzha.

Everything that differs between installations comes from environment variables read through the
typed helpers in ``fanzha.lib.env``; domain numbers (deadlines, targets, thresholds) are settings
too, never constants in code (DOMAIN.md). ``FANZHA_MODE`` is one of ``demo``, ``dev``, ``test`` or
``production``; production refuses to start with a default secret or missing keys.
"""

from __future__ import annotations

import sys
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from fanzha.lib.env import (  # noqa: F401 - apps below use the rest
    env_bool,
    env_choice,
    env_date,
    env_float,
    env_int,
    env_list,
    env_str,
)

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent

_testing = "pytest" in sys.modules or (len(sys.argv) > 1 and sys.argv[1] == "test")
FANZHA_MODE = env_choice(
    "FANZHA_MODE", "test" if _testing else "dev", ("demo", "dev", "test", "production")
)
PRODUCTION = FANZHA_MODE == "production"
DEMO = FANZHA_MODE == "demo"

FANZHA_DATA_DIR = Path(env_str("FANZHA_DATA_DIR", str(PROJECT_DIR / "var"))).resolve()
MEDIA_ROOT = Path(env_str("FANZHA_MEDIA_DIR", str(FANZHA_DATA_DIR / "media")))
# Uploads are private: served only through views that check access, never by the web server.
MEDIA_URL = "/media-private/"

_DEFAULT_SECRET = "dev-insecure-secret-do-not-use-in-production"  # noqa: S105 - refused in production
SECRET_KEY = env_str("FANZHA_SECRET_KEY", _DEFAULT_SECRET)
DEBUG = env_bool("FANZHA_DEBUG", FANZHA_MODE == "dev")
ALLOWED_HOSTS = env_list("FANZHA_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("FANZHA_CSRF_TRUSTED_ORIGINS", [])

# Encryption keys for identifiers (fanzha.lib.crypto): FANZHA_KEYS holds the spec inline, otherwise
# FANZHA_KEY_FILE names a file. Demo/dev/test generate a key file under the data dir on first use.
FANZHA_KEYS = env_str("FANZHA_KEYS", "")
FANZHA_KEY_FILE = env_str("FANZHA_KEY_FILE", str(FANZHA_DATA_DIR / "keys" / "fanzha.keys"))

if PRODUCTION:
    if SECRET_KEY == _DEFAULT_SECRET or len(SECRET_KEY) < 40:
        raise ImproperlyConfigured("Production needs FANZHA_SECRET_KEY (at least 40 characters)")
    if not FANZHA_KEYS and not Path(FANZHA_KEY_FILE).exists():
        raise ImproperlyConfigured("Production needs FANZHA_KEYS or an existing FANZHA_KEY_FILE")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_filters",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_tasks",
    "django_tasks_db",
    "fanzha.core",
    "fanzha.accounts",
    "fanzha.audit",
    "fanzha.org",
    "fanzha.places",
    "fanzha.people",
    "fanzha.registrations",
    "fanzha.imports",
    "fanzha.notifications",
    "fanzha.alerts",
    "fanzha.cases",
    "fanzha.indicators",
    "fanzha.notices",
    "fanzha.cards",
    "fanzha.outreach",
    "fanzha.baobao",
    "fanzha.assessment",
    "fanzha.detect",
    "fanzha.dashboard",
    "fanzha.portal",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Outside everything that touches the database: a 500 caused by an unreachable database
    # becomes a 503 (Chinese page, JSON under /api/); so does a session that cannot be saved.
    "fanzha.core.unavailable.DatabaseUnavailableMiddleware",
    "fanzha.core.unavailable.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "fanzha.core.input_guard.RejectNulMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "fanzha.accounts.middleware.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "fanzha.core.middleware.CurrentUserMiddleware",
    "fanzha.core.security.SecurityHeadersMiddleware",
    # Last, as django-axes requires: it turns a lockout into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "fanzha.urls"
WSGI_APPLICATION = "fanzha.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "fanzha.core.context_processors.fanzha",
            ],
        },
    },
]

_sqlite_path = FANZHA_DATA_DIR / "fanzha.sqlite3"
# Connections are kept between requests (FANZHA_DB_CONN_MAX_AGE seconds) and checked before
# reuse, so a restarted or briefly unreachable PostgreSQL costs the requests during the outage
# (503, fanzha.core.unavailable), never a restart of the web server or the worker.
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{_sqlite_path}"),
        conn_max_age=env_int("FANZHA_DB_CONN_MAX_AGE", 60, minimum=0),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Django's backend with a health check that needs no round trip on a quiet idle connection.
    DATABASES["default"]["ENGINE"] = "fanzha.core.pg"
    # Fail fast while the server is unreachable instead of holding a web thread.
    DATABASES["default"].setdefault("OPTIONS", {})["connect_timeout"] = env_int(
        "FANZHA_DB_CONNECT_TIMEOUT", 5, minimum=1
    )
    # Django's queries bind their values client-side and are never prepared whatever this says;
    # it enables the statements that ask for it (the single-alert intake, fanzha.alerts.fastpath).
    # Off (None) for a pooler that cannot keep prepared statements (PgBouncer in transaction
    # mode before 1.21, or without max_prepared_statements).
    DATABASES["default"]["OPTIONS"]["prepare_threshold"] = (
        5 if env_bool("FANZHA_DB_PREPARE", True) else None
    )
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # WAL lets the web server read while the worker writes; the busy timeout waits out the
    # short write locks instead of failing with "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # refuses locked-out logins before the password check
    "fanzha.accounts.backends.FanzhaBackend",
]
# Login throttling and lockout (django-axes): after this many failures for one username from one
# address, that pair is locked out for the cool-off period.
AXES_FAILURE_LIMIT = env_int("FANZHA_LOGIN_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = env_int("FANZHA_LOGIN_LOCKOUT_MINUTES", 15, minimum=1) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# The client address as the portal rate limits see it: behind a reverse proxy every request comes
# from the proxy, so FANZHA_PORTAL_TRUSTED_PROXIES says how many hops of X-Forwarded-For to trust.
AXES_CLIENT_IP_CALLABLE = "fanzha.accounts.client_address.lockout_address"
AXES_LOCKOUT_TEMPLATE = "accounts/locked.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
# Second factor (TOTP, django-otp): staff may turn it on; these roles must have it.
FANZHA_OTP_REQUIRED_ROLES = env_list("FANZHA_OTP_REQUIRED_ROLES", ["admin"] if PRODUCTION else [])
OTP_TOTP_ISSUER = "fanzha"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = env_str("FANZHA_TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]

STATIC_URL = "/static/"
STATIC_ROOT = FANZHA_DATA_DIR / "static"
# Outside production WhiteNoise serves straight from the apps' static folders (no collectstatic).
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = not PRODUCTION
if not PRODUCTION:
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

SESSION_COOKIE_AGE = env_int("FANZHA_SESSION_IDLE_MINUTES", 30, minimum=1) * 60
# Idle timeout: a signed-in request pushes the session's expiry forward, but saves it (one UPDATE)
# only when the last save is older than this many seconds (at most a tenth of the timeout), so a
# session ends between timeout - refresh and timeout after its last request
# (fanzha.core.unavailable.SessionMiddleware).
FANZHA_SESSION_REFRESH_SECONDS = env_int("FANZHA_SESSION_REFRESH_SECONDS", 60, minimum=0)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("FANZHA_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("FANZHA_HSTS_SECONDS", 31536000, minimum=0)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    # The preload flag only takes effect once the domain is submitted to the browsers list.
    SECURE_HSTS_PRELOAD = env_bool("FANZHA_HSTS_PRELOAD", True)

DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("FANZHA_MAX_BODY_BYTES", 10 * 1024 * 1024, minimum=1024)
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
FANZHA_MAX_UPLOAD_BYTES = env_int("FANZHA_MAX_UPLOAD_BYTES", 50 * 1024 * 1024, minimum=1024)

TASKS = {
    "default": {
        "BACKEND": (
            "django_tasks.backends.immediate.ImmediateBackend"
            if env_bool("FANZHA_TASKS_IMMEDIATE", FANZHA_MODE == "test")
            else "django_tasks_db.DatabaseBackend"
        ),
        "QUEUES": ["default", "imports", "notifications", "documents"],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {"()": "fanzha.lib.logs.JsonFormatter"},
    },
    "filters": {"refused_host": {"()": "fanzha.lib.logs.RefusedHost"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json" if env_bool("FANZHA_LOG_JSON", PRODUCTION) else "plain",
        }
    },
    "root": {"handlers": ["console"], "level": env_str("FANZHA_LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
        # WeasyPrint logs a line per page laid out: thousands for one print run.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        "django.security.DisallowedHost": {"filters": ["refused_host"]},
    },
}

# --- Domain settings (DOMAIN.md). Each is data; override through the environment. -------------

# Registration drive (DOMAIN.md §1.3): coverage targets as "MM-DD:percent" pairs, and the
# denominator: residents at least this old.
FANZHA_COVERAGE_TARGETS = env_list("FANZHA_COVERAGE_TARGETS", ["06-30:80", "07-31:100"])
FANZHA_COVERAGE_MIN_AGE = env_int("FANZHA_COVERAGE_MIN_AGE", 16, minimum=0)
# 金钟罩 protection circle: family members per registrant.
FANZHA_MAX_FAMILY_MEMBERS = env_int("FANZHA_MAX_FAMILY_MEMBERS", 8, minimum=1)
# Vulnerability tags beyond the built-in ones (code:label pairs).
FANZHA_EXTRA_TAGS = env_list("FANZHA_EXTRA_TAGS", [])
FANZHA_DEMO_PASSWORD = env_str("FANZHA_DEMO_PASSWORD", "fanzha-demo-2021")
FANZHA_PAGE_SIZE = env_int("FANZHA_PAGE_SIZE", 50, minimum=1)
FANZHA_MAX_PAGE_SIZE = env_int("FANZHA_MAX_PAGE_SIZE", 500, minimum=1)
FANZHA_IMPORT_BACKGROUND_ROWS = env_int("FANZHA_IMPORT_BACKGROUND_ROWS", 2000, minimum=1)
# -- imports (issue 2) --
# Rows per batch when an import file is checked and stored (one duplicate query per batch).
FANZHA_IMPORT_BATCH_ROWS = env_int("FANZHA_IMPORT_BATCH_ROWS", 5000, minimum=1)
# Bad cells kept in an import's report and its .xlsx error report (all of them are counted).
FANZHA_IMPORT_MAX_REPORTED_ERRORS = env_int("FANZHA_IMPORT_MAX_REPORTED_ERRORS", 5000, minimum=1)
# Uploaded files hold full ID and phone numbers (PIPL Art. 19: keep no longer than needed): a
# file is deleted when its import is over, a dry run's file this many hours after the check.
FANZHA_IMPORT_FILE_RETENTION_HOURS = env_int("FANZHA_IMPORT_FILE_RETENTION_HOURS", 72, minimum=1)
# No inline script anywhere. Styles allow 'unsafe-inline' because ECharts and htmx set element
# styles at run time; scripts, frames and form targets stay strict.
FANZHA_CONTENT_SECURITY_POLICY = env_str(
    "FANZHA_CONTENT_SECURITY_POLICY",
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'",
)
# Health endpoint: a worker heartbeat older than this is stale.
FANZHA_WORKER_STALE_SECONDS = env_int("FANZHA_WORKER_STALE_SECONDS", 120, minimum=5)
FANZHA_HEALTH_REQUIRES_WORKER = env_bool("FANZHA_HEALTH_REQUIRES_WORKER", PRODUCTION)
# Retention (PIPL Art. 19), in days.
FANZHA_AUDIT_RETENTION_DAYS = env_int("FANZHA_AUDIT_RETENTION_DAYS", 3 * 365, minimum=1)
# Uploaded import files and their reports.
FANZHA_IMPORT_RETENTION_DAYS = env_int("FANZHA_IMPORT_RETENTION_DAYS", 90, minimum=1)
# Closed warning tasks: days after closing until the lead's raw payload (it names the target)
# and the free-text notes of the contact attempts are cleared; the task and its figures stay.
FANZHA_ALERT_PAYLOAD_RETENTION_DAYS = env_int("FANZHA_ALERT_PAYLOAD_RETENTION_DAYS", 90, minimum=1)
FANZHA_ALERT_NOTE_RETENTION_DAYS = env_int("FANZHA_ALERT_NOTE_RETENTION_DAYS", 3 * 365, minimum=1)

# -- alerts (issue 3) --
# Minutes from an alert's arrival to the first contact, per level (DOMAIN.md §3: no national
# figure exists, so these are the district's own).
FANZHA_ALERT_DUE_MINUTES = {
    "high": env_int("FANZHA_ALERT_DUE_MINUTES_HIGH", 10, minimum=1),
    "medium": env_int("FANZHA_ALERT_DUE_MINUTES_MEDIUM", 30, minimum=1),
    "low": env_int("FANZHA_ALERT_DUE_MINUTES_LOW", 120, minimum=1),
}
# Minutes each escalation tier (station, then district) gets before the next one.
FANZHA_ALERT_ESCALATION_MINUTES = env_int("FANZHA_ALERT_ESCALATION_MINUTES", 10, minimum=1)
# Hours between revisits of a person who denies being targeted.
FANZHA_ALERT_REVISIT_HOURS = env_int("FANZHA_ALERT_REVISIT_HOURS", 24, minimum=1)
# Outcome codes that may close a task (DOMAIN.md §3: 2 = not reached never closes one).
FANZHA_ALERT_FINAL_OUTCOMES = env_list("FANZHA_ALERT_FINAL_OUTCOMES", ["1", "3", "4", "5"])
# Intake limits: items per batch call, bytes per request body, rows per import transaction.
FANZHA_ALERT_BATCH_MAX_ITEMS = env_int("FANZHA_ALERT_BATCH_MAX_ITEMS", 5000, minimum=1)
FANZHA_ALERT_MAX_BODY_BYTES = env_int("FANZHA_ALERT_MAX_BODY_BYTES", 5 * 1024 * 1024, minimum=1024)
# 10,000 rather than 2,000: bench/alerts.py at 300,000 alerts, 17,200-17,300 against
# 16,200-16,400 alerts/s and 68 against 73 us of PostgreSQL CPU per alert (fewer commits); the
# import's largest process peaked at 210 MB of the 400 MB allowed.
FANZHA_ALERT_IMPORT_CHUNK = env_int("FANZHA_ALERT_IMPORT_CHUNK", 10000, minimum=1)
# Import chunks stored at once on PostgreSQL, each in its own transaction and connection: two
# keep both cores busy (one chunk's statement runs while the other is shipped and committed).
FANZHA_ALERT_IMPORT_WRITERS = env_int("FANZHA_ALERT_IMPORT_WRITERS", 2, minimum=1)
# Stop-payment (紧急止付): validity in hours, requests per account, working days to return funds,
# and public holidays (YYYY-MM-DD) that are not working days.
FANZHA_STOP_PAYMENT_HOURS = env_int("FANZHA_STOP_PAYMENT_HOURS", 48, minimum=1)
FANZHA_STOP_PAYMENT_MAX_PER_ACCOUNT = env_int("FANZHA_STOP_PAYMENT_MAX_PER_ACCOUNT", 2, minimum=1)
FANZHA_FUNDS_RETURN_WORKING_DAYS = env_int("FANZHA_FUNDS_RETURN_WORKING_DAYS", 3, minimum=1)
FANZHA_HOLIDAYS = env_list("FANZHA_HOLIDAYS", [])
# Seconds between live-queue refreshes in the browser.
FANZHA_ALERT_QUEUE_POLL_SECONDS = env_int("FANZHA_ALERT_QUEUE_POLL_SECONDS", 3, minimum=1)
# Seconds between new alerts in `fanzha demo --live` (on average).
FANZHA_ALERT_LIVE_SECONDS = env_int("FANZHA_ALERT_LIVE_SECONDS", 8, minimum=1)
# Notification outbox: gateway backend (console, file, http), retries with exponential backoff,
# the lease a worker holds on a claimed message, and the batch a worker claims at once.
FANZHA_SMS_BACKEND = env_choice("FANZHA_SMS_BACKEND", "console", ("console", "file", "http"))
FANZHA_SMS_FILE_DIR = env_str("FANZHA_SMS_FILE_DIR", str(FANZHA_DATA_DIR / "sms"))
FANZHA_SMS_HTTP_URL = env_str("FANZHA_SMS_HTTP_URL", "")
FANZHA_SMS_HTTP_TOKEN = env_str("FANZHA_SMS_HTTP_TOKEN", "")
FANZHA_SMS_HTTP_TIMEOUT = env_int("FANZHA_SMS_HTTP_TIMEOUT", 10, minimum=1)
FANZHA_SMS_SIGNATURE = env_str("FANZHA_SMS_SIGNATURE", "反诈中心")
FANZHA_OUTBOX_MAX_ATTEMPTS = env_int("FANZHA_OUTBOX_MAX_ATTEMPTS", 8, minimum=1)
FANZHA_OUTBOX_BACKOFF_SECONDS = env_int("FANZHA_OUTBOX_BACKOFF_SECONDS", 30, minimum=1)
FANZHA_OUTBOX_BACKOFF_MAX_SECONDS = env_int("FANZHA_OUTBOX_BACKOFF_MAX_SECONDS", 3600, minimum=1)
FANZHA_OUTBOX_LEASE_SECONDS = env_int("FANZHA_OUTBOX_LEASE_SECONDS", 120, minimum=5)
FANZHA_OUTBOX_BATCH = env_int("FANZHA_OUTBOX_BATCH", 200, minimum=1)
# -- cases / notices / indicators / cards (issue 4) --
# cases: which unit a case counts for (fanzha.cases.attribution), in rule order; which date
# puts a case in a year; statuses that never count.
FANZHA_CASE_ATTRIBUTION_RULES = env_list(
    "FANZHA_CASE_ATTRIBUTION_RULES", ["residence_office", "employer_sector", "staff_unit"]
)
FANZHA_CASE_COUNT_DATE = env_choice(
    "FANZHA_CASE_COUNT_DATE", "reported_at", ("reported_at", "occurred_at")
)
FANZHA_CASE_UNCOUNTED_STATUSES = env_list("FANZHA_CASE_UNCOUNTED_STATUSES", ["void"])
# notices (三告): the issuing authority and the document-number prefixes per kind
# (开公反诈函〔2021〕12号), how many typical cases a quarterly notice shows.
FANZHA_NOTICES_AUTHORITY = env_str("FANZHA_NOTICES_AUTHORITY", "开发区公安分局")
FANZHA_NOTICES_LEADING_GROUP = env_str(
    "FANZHA_NOTICES_LEADING_GROUP", "开发区打击治理电信网络诈骗工作领导小组办公室"
)
FANZHA_NOTICES_NUMBER_PREFIX = {
    "letter": env_str("FANZHA_NOTICES_PREFIX_LETTER", "开公反诈函"),
    "quarterly": env_str("FANZHA_NOTICES_PREFIX_QUARTERLY", "开反诈通"),
    "annual": env_str("FANZHA_NOTICES_PREFIX_ANNUAL", "开反诈报"),
}
FANZHA_NOTICES_ANNUAL_RECIPIENTS = env_str(
    "FANZHA_NOTICES_ANNUAL_RECIPIENTS", "开发区党工委、管委会"
)
FANZHA_NOTICES_TYPICAL_CASES = env_int("FANZHA_NOTICES_TYPICAL_CASES", 3, minimum=0)
# Directory with NotoSerifSC-Regular.otf / NotoSansSC-Regular.otf; empty: the pip package's.
FANZHA_NOTICES_FONT_DIR = env_str("FANZHA_NOTICES_FONT_DIR", "")
# Processes that render documents in bulk (0: one per CPU core).
FANZHA_NOTICES_RENDER_PROCESSES = env_int("FANZHA_NOTICES_RENDER_PROCESSES", 0, minimum=0)
FANZHA_NOTICES_MAX_TEMPLATE_CHARS = env_int(
    "FANZHA_NOTICES_MAX_TEMPLATE_CHARS", 100_000, minimum=1000
)
# indicators: fraud accounts and contacts (涉诈线索), bans and the risk lookup.
# A ban "until" date is required for a short-term ban; this is the default length offered, in days.
FANZHA_INDICATOR_SHORT_BAN_DAYS = env_int("FANZHA_INDICATOR_SHORT_BAN_DAYS", 30, minimum=1)
# Largest platform-reply CSV accepted in one upload (rows).
FANZHA_INDICATOR_IMPORT_MAX_ROWS = env_int("FANZHA_INDICATOR_IMPORT_MAX_ROWS", 20000, minimum=1)
# cards (断卡): joint-punishment thresholds, durations and card quotas (DOMAIN.md §3).
FANZHA_CARDS_THRESHOLD_ITEMS = env_int("FANZHA_CARDS_THRESHOLD_ITEMS", 3, minimum=1)
FANZHA_CARDS_THRESHOLD_ACTS = env_int("FANZHA_CARDS_THRESHOLD_ACTS", 3, minimum=1)
FANZHA_CARDS_THRESHOLD_COUNTERPARTIES = env_int(
    "FANZHA_CARDS_THRESHOLD_COUNTERPARTIES", 3, minimum=1
)
FANZHA_CARDS_PUNISHMENT_YEARS = [
    int(y) for y in env_list("FANZHA_CARDS_PUNISHMENT_YEARS", ["2", "3"])
]
FANZHA_CARDS_DEFAULT_PUNISHMENT_YEARS = env_int(
    "FANZHA_CARDS_DEFAULT_PUNISHMENT_YEARS", 2, minimum=1
)
FANZHA_CARDS_MAX_CONSECUTIVE_YEARS = env_int("FANZHA_CARDS_MAX_CONSECUTIVE_YEARS", 5, minimum=1)
FANZHA_CARDS_APPEAL_CHANNEL = env_str(
    "FANZHA_CARDS_APPEAL_CHANNEL",
    "向开发区公安分局反诈中心书面申诉，或拨打申诉电话 0532-00000000（工作日 9:00–17:00）",
)
FANZHA_CARDS_MAX_PHONE_CARDS_PER_CARRIER = env_int(
    "FANZHA_CARDS_MAX_PHONE_CARDS_PER_CARRIER", 5, minimum=1
)
FANZHA_CARDS_MAX_DEBIT_CARDS_PER_BANK = env_int(
    "FANZHA_CARDS_MAX_DEBIT_CARDS_PER_BANK", 4, minimum=1
)
# -- outreach / baobao / assessment (issue 5) --
# 100-point assessment (DOMAIN.md §2): maximum points of the default scheme's items
# (FANZHA_ASSESSMENT_POINTS="system:10,publicity:30,..."), the year-on-year rule's numbers,
# and the red/yellow/green thresholds on the total.
FANZHA_ASSESSMENT_POINTS = {
    k: int(v)
    for k, v in (
        pair.split(":", 1)
        for pair in env_list(
            "FANZHA_ASSESSMENT_POINTS",
            [
                "system:10",
                "publicity:30",
                "cases_yoy:50",
                "card_publicity:2",
                "card_no_problem:3",
                "card_other:5",
            ],
        )
    )
}
FANZHA_ASSESSMENT_YOY_STABLE_POINTS = env_int("FANZHA_ASSESSMENT_YOY_STABLE_POINTS", 45, minimum=0)
FANZHA_ASSESSMENT_YOY_POINTS_PER_PERCENT = env_float(
    "FANZHA_ASSESSMENT_YOY_POINTS_PER_PERCENT", 1.0
)
FANZHA_ASSESSMENT_YOY_ZERO_AT_PERCENT = env_float("FANZHA_ASSESSMENT_YOY_ZERO_AT_PERCENT", 20.0)
FANZHA_ASSESSMENT_YOY_STABLE_BAND_PERCENT = env_float(
    "FANZHA_ASSESSMENT_YOY_STABLE_BAND_PERCENT", 0.0
)
FANZHA_ASSESSMENT_GREEN_AT = env_int("FANZHA_ASSESSMENT_GREEN_AT", 85, minimum=0)
FANZHA_ASSESSMENT_YELLOW_AT = env_int("FANZHA_ASSESSMENT_YELLOW_AT", 70, minimum=0)
from fanzha.lib.env import env_float  # noqa: E402  (issue 5 needs float weights)

# outreach: uploads (pledge scans, activity photos, banner proof) and venue banners.
FANZHA_OUTREACH_MAX_UPLOAD_BYTES = env_int(
    "FANZHA_OUTREACH_MAX_UPLOAD_BYTES", 8 * 1024 * 1024, minimum=1024
)
FANZHA_OUTREACH_MAX_IMAGE_PIXELS = env_int(
    "FANZHA_OUTREACH_MAX_IMAGE_PIXELS", 40_000_000, minimum=1
)
FANZHA_OUTREACH_MAX_PHOTOS = env_int("FANZHA_OUTREACH_MAX_PHOTOS", 10, minimum=1)
# The article's rule: at least this many banners per venue stating its own figures.
FANZHA_VENUE_MIN_BANNERS = env_int("FANZHA_VENUE_MIN_BANNERS", 3, minimum=1)
# Print runs (venue banners, pledge forms). Up to FANZHA_PRINT_INLINE_ITEMS rows render while
# the browser waits; more go to the worker, which renders FANZHA_PRINT_PART_ITEMS rows at a time
# (one part's layout in memory) and joins the parts into one PDF. A venue is about four pages:
# 500 venues (2,000 pages) in one request took 95 s on a slow 2-core server, past the web
# timeout of 60 s. A run holds at most FANZHA_PRINT_MAX_ITEMS rows; its file (residents' names
# and addresses) is deleted FANZHA_PRINT_RETENTION_HOURS after it was made; a worker that
# stops mid-render gives the job up when its lease (renewed after every part) runs out.
# Memory: the worker peaked at 190 MB for 400 venues (1,600 pages) and 445 MB for the demo
# district's 2,315 venues (9,260 pages, 15.9 MB, 3 min 53 s): pypdf holds the joined pages, so
# 2,500 items keep a run under about 500 MB.
FANZHA_PRINT_INLINE_ITEMS = env_int("FANZHA_PRINT_INLINE_ITEMS", 20, minimum=1)
FANZHA_PRINT_PART_ITEMS = env_int("FANZHA_PRINT_PART_ITEMS", 50, minimum=1)
FANZHA_PRINT_MAX_ITEMS = env_int("FANZHA_PRINT_MAX_ITEMS", 2500, minimum=1)
FANZHA_PRINT_RETENTION_HOURS = env_int("FANZHA_PRINT_RETENTION_HOURS", 24, minimum=1)
FANZHA_PRINT_JOB_RETENTION_DAYS = env_int("FANZHA_PRINT_JOB_RETENTION_DAYS", 30, minimum=1)
FANZHA_PRINT_LEASE_SECONDS = env_int("FANZHA_PRINT_LEASE_SECONDS", 300, minimum=10)
# Optional overrides of the built-in banner/slogan texts (placeholders: {venue} {year} {cases}
# {loss}); empty means the translated defaults in fanzha.outreach.banners.
FANZHA_VENUE_BANNER_TEXTS = env_list("FANZHA_VENUE_BANNER_TEXTS", [])
FANZHA_SCROLLING_SLOGANS = env_list("FANZHA_SCROLLING_SLOGANS", [])
FANZHA_PLEDGE_TARGET_PERCENT = env_int("FANZHA_PLEDGE_TARGET_PERCENT", 100, minimum=0)
# baobao (三包): risk = base + cases*w + loss(10k yuan)*w + vulnerable*w over a trailing window.
FANZHA_BAOBAO_BASE_RISK = env_float("FANZHA_BAOBAO_BASE_RISK", 1.0)
FANZHA_BAOBAO_WEIGHT_CASES = env_float("FANZHA_BAOBAO_WEIGHT_CASES", 10.0)
FANZHA_BAOBAO_WEIGHT_LOSS_PER_10K = env_float("FANZHA_BAOBAO_WEIGHT_LOSS_PER_10K", 1.0)
FANZHA_BAOBAO_WEIGHT_VULNERABLE = env_float("FANZHA_BAOBAO_WEIGHT_VULNERABLE", 0.1)
FANZHA_BAOBAO_VULNERABLE_TAGS = env_list(
    "FANZHA_BAOBAO_VULNERABLE_TAGS", ["elderly", "student", "finance"]
)
FANZHA_BAOBAO_CASE_WINDOW_DAYS = env_int("FANZHA_BAOBAO_CASE_WINDOW_DAYS", 365, minimum=1)
FANZHA_BAOBAO_AREA_KINDS = env_list(
    "FANZHA_BAOBAO_AREA_KINDS", ["village", "compound", "enterprise"]
)
FANZHA_BAOBAO_STAFF_ROLES = env_list("FANZHA_BAOBAO_STAFF_ROLES", ["liaison", "grid_worker"])
FANZHA_BAOBAO_SOLVER_SECONDS = env_float("FANZHA_BAOBAO_SOLVER_SECONDS", 20.0)
# -- dashboard / portal (issue 6) --
# Dashboard: weeks shown in trend charts, grids in "riskiest areas", the reference date of the
# picture ("" = today; the demo district uses its own today), and how often the rollups are
# fully rebuilt (bulk inserts bypass the change signals that mark a figure stale).
FANZHA_DASHBOARD_TREND_WEEKS = env_int("FANZHA_DASHBOARD_TREND_WEEKS", 26, minimum=1)
FANZHA_DASHBOARD_TOP_AREAS = env_int("FANZHA_DASHBOARD_TOP_AREAS", 10, minimum=1)
FANZHA_DASHBOARD_AS_OF = env_str("FANZHA_DASHBOARD_AS_OF", "")
FANZHA_DASHBOARD_REFRESH_SECONDS = env_int("FANZHA_DASHBOARD_REFRESH_SECONDS", 60, minimum=1)
FANZHA_DASHBOARD_FULL_REFRESH_SECONDS = env_int(
    "FANZHA_DASHBOARD_FULL_REFRESH_SECONDS", 3600, minimum=60
)
# How long a user's computed dashboard may stay in the cache (its key holds the rollup version,
# so it is never staler than the rollups; this bounds memory). 0 turns the cache off.
FANZHA_DASHBOARD_CACHE_SECONDS = env_int("FANZHA_DASHBOARD_CACHE_SECONDS", 600, minimum=0)
# Risk ranking: cases per this many residents.
FANZHA_DASHBOARD_RISK_PER = env_int("FANZHA_DASHBOARD_RISK_PER", 10000, minimum=1)
# Portal: verification codes (digits, minutes valid, wrong tries allowed), rate limits as
# "count/seconds" per IP and per phone number, upload limits, and where the officer's QR code
# points (the public base URL; "" = the request's own host).
FANZHA_PORTAL_CODE_DIGITS = env_int("FANZHA_PORTAL_CODE_DIGITS", 6, minimum=4)
FANZHA_PORTAL_CODE_MINUTES = env_int("FANZHA_PORTAL_CODE_MINUTES", 10, minimum=1)
FANZHA_PORTAL_CODE_MAX_TRIES = env_int("FANZHA_PORTAL_CODE_MAX_TRIES", 5, minimum=1)
FANZHA_PORTAL_RATE_IP = env_str("FANZHA_PORTAL_RATE_IP", "30/3600")
FANZHA_PORTAL_RATE_PHONE = env_str("FANZHA_PORTAL_RATE_PHONE", "5/3600")
FANZHA_PORTAL_RATE_CODE_IP = env_str("FANZHA_PORTAL_RATE_CODE_IP", "10/3600")
FANZHA_PORTAL_RATE_CODE_PHONE = env_str("FANZHA_PORTAL_RATE_CODE_PHONE", "3/900")
FANZHA_PORTAL_MAX_UPLOAD_BYTES = env_int(
    "FANZHA_PORTAL_MAX_UPLOAD_BYTES", 5 * 1024 * 1024, minimum=1024
)
FANZHA_PORTAL_MAX_IMAGE_PIXELS = env_int(
    "FANZHA_PORTAL_MAX_IMAGE_PIXELS", 40_000_000, minimum=10_000
)
FANZHA_PORTAL_PUBLIC_URL = env_str("FANZHA_PORTAL_PUBLIC_URL", "")
# Trust X-Forwarded-For from this many proxies in front of the app (0: use REMOTE_ADDR).
FANZHA_PORTAL_TRUSTED_PROXIES = env_int("FANZHA_PORTAL_TRUSTED_PROXIES", 0, minimum=0)
# -- detect (issue 7) --

if FANZHA_MODE == "test":
    # Tests create many users; a slow hash would dominate the suite's time.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
