"""gunicorn settings for `make serve` and the systemd unit (overridable by environment)."""

import multiprocessing
import os

bind = os.environ.get("FANZHA_BIND", f"127.0.0.1:{os.environ.get('PORT', '8000')}")
workers = int(os.environ.get("FANZHA_WEB_WORKERS", max(2, multiprocessing.cpu_count())))
threads = int(os.environ.get("FANZHA_WEB_THREADS", "2"))
timeout = int(os.environ.get("FANZHA_WEB_TIMEOUT", "60"))
graceful_timeout = 30
max_requests = 2000
max_requests_jitter = 200
accesslog = "-"
errorlog = "-"
access_log_format = (
    '{"time": "%(t)s", "remote": "%(h)s", "request": "%(r)s", "status": %(s)s, '
    '"bytes": %(B)s, "ms": %(M)s}'
)
forwarded_allow_ips = os.environ.get("FANZHA_FORWARDED_ALLOW_IPS", "127.0.0.1")
