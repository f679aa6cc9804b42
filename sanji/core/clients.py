"""Who is asking: the client's address, the one key of the login lockout and of the rate limits.

Behind ``SANJI_PROXY_COUNT`` trusted reverse proxies (0 by default: the server faces the clients itself), the
client is the address the nearest of them saw, read from the right of ``X-Forwarded-For``; the left of that header
is whatever the client chose to write and is never trusted.
"""

from django.conf import settings


def client_ip(request) -> str:
    """Return the address of the client that sent ``request`` ("" when unknown)."""
    proxies = settings.SANJI_PROXY_COUNT
    if proxies:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [part for part in forwarded if part]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")
