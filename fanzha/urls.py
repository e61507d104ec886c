"""URL roots. Each app owns its ``urls.py``; the API is one django-ninja instance (fanzha.api)."""

from importlib import import_module
from importlib.util import find_spec

from django.urls import include, path

from fanzha.api import api

urlpatterns = [
    path("", include("fanzha.core.urls")),
    path("accounts/", include("fanzha.accounts.urls")),
    path("api/v1/", api.urls),
]

# Staff apps mount under their own prefix when they ship a urls module.
_APP_PREFIXES = {
    "audit": "audit/",
    "org": "org/",
    "places": "places/",
    "people": "people/",
    "registrations": "registrations/",
    "imports": "imports/",
    "notifications": "notifications/",
    "alerts": "alerts/",
    "cases": "cases/",
    "indicators": "indicators/",
    "notices": "notices/",
    "cards": "cards/",
    "outreach": "outreach/",
    "baobao": "baobao/",
    "assessment": "assessment/",
    "detect": "detect/",
    "dashboard": "dashboard/",
    "portal": "portal/",
}
for _app, _prefix in _APP_PREFIXES.items():
    if find_spec(f"fanzha.{_app}.urls") is not None:
        urlpatterns.append(path(_prefix, include(import_module(f"fanzha.{_app}.urls"))))

# Chinese pages (JSON under /api/) instead of Django's English ones.
handler400 = "fanzha.core.errors.bad_request"
handler403 = "fanzha.core.errors.permission_denied"
handler404 = "fanzha.core.errors.page_not_found"
handler500 = "fanzha.core.errors.server_error"
