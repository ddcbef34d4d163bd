"""Which time zone a page's times are shown in: the user's, as their browser reports it
(static/tendlc/timezone.js stores it in the ``tendlc_tz`` cookie), on the admin's pages only.

The cookie is the client's word, so only a name the zone database knows is activated; anything else leaves
the server's TIME_ZONE. The REST API and webhooks keep answering in UTC whatever the cookie says.
"""

import zoneinfo
from collections.abc import Callable
from functools import cache

from django.http import HttpRequest, HttpResponse
from django.utils import timezone

COOKIE = "tendlc_tz"
ADMIN_PREFIX = "/admin/"


@cache
def known_zones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def zone_of(request: HttpRequest) -> zoneinfo.ZoneInfo | None:
    name = request.COOKIES.get(COOKIE, "")
    if name not in known_zones():
        return None
    return zoneinfo.ZoneInfo(name)


class UserTimeZoneMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        zone = zone_of(request) if request.path.startswith(ADMIN_PREFIX) else None
        if zone is None:
            return self.get_response(request)
        timezone.activate(zone)
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()
