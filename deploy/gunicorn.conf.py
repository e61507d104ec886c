"""gunicorn settings for `make serve` and the systemd unit (overridable by environment)."""

import multiprocessing
import os

bind = os.environ.get("FANZHA_BIND", f"127.0.0.1:{os.environ.get('PORT', '8000')}")
workers = int(os.environ.get("FANZHA_WEB_WORKERS", max(2, multiprocessing.cpu_count())))
# Requests spend most of their time waiting for PostgreSQL: threads overlap those waits.
threads = int(os.environ.get("FANZHA_WEB_THREADS", "8"))
timeout = int(os.environ.get("FANZHA_WEB_TIMEOUT", "60"))
# nginx (deploy/nginx.conf) opens a connection per request (HTTP/1.0 upstream, no keep-alive):
# closing right after the response saves each request a turn through gunicorn's poller.
keepalive = int(os.environ.get("FANZHA_WEB_KEEPALIVE", "0"))
graceful_timeout = 30
# Recycle workers now and then (leaks), rarely enough that it costs nothing under load.
max_requests = int(os.environ.get("FANZHA_WEB_MAX_REQUESTS", "50000"))
max_requests_jitter = max_requests // 10
# "-" is standard output (journald under systemd); FANZHA_ACCESS_LOG="" turns the access log off.
accesslog = os.environ.get("FANZHA_ACCESS_LOG", "-") or None
errorlog = os.environ.get("FANZHA_ERROR_LOG", "-")
# One JSON object per line; fanzha.lib.access_log escapes every value, the client's included.
logger_class = "fanzha.lib.access_log.JsonAccessLogger"
access_log_format = (
    '{"time": "%(t)s", "remote": "%(h)s", "forwarded": "%({x-forwarded-for}i)s", '
    '"request": "%(r)s", "status": %(s)s, "bytes": %(B)s, "ms": %(M)s}'
)
forwarded_allow_ips = os.environ.get("FANZHA_FORWARDED_ALLOW_IPS", "127.0.0.1")
# gunicorn 25+ opens a control socket under $HOME by default; nothing here uses it.
control_socket_disable = True
