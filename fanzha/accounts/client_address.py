"""The client's address for the sign-in lockout (django-axes' ``AXES_CLIENT_IP_CALLABLE``)."""

from __future__ import annotations

import ipaddress

from django.http import HttpRequest

from fanzha.portal.ratelimit import client_ip


def lockout_address(request: HttpRequest) -> str | None:
    """The address the portal's rate limits see: REMOTE_ADDR, or behind a reverse proxy the
    ``X-Forwarded-For`` entry ``FANZHA_PORTAL_TRUSTED_PROXIES`` hops from the right (nginx
    appends the client's address there). None when that is no IP address (a request built
    in-process, such as ``force_login``'s): axes stores it in an address column."""
    address = client_ip(request)
    try:
        ipaddress.ip_address(address)
    except ValueError:
        return None
    return address
