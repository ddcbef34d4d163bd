"""The REST API answers in UTC whatever time zone the admin's cookie names (issue 18: the user's zone is
the admin's, tests/test_time_zones.py)."""

import datetime

from django.utils import timezone

from portal.timezones import COOKIE
from tests import factories

AT = datetime.datetime(2026, 12, 7, 2, 4, tzinfo=datetime.UTC)


def test_the_rest_api_answers_in_utc_whatever_the_cookie(admin_api):
    brand = factories.BrandFactory(created_at=AT)
    admin_api.cookies[COOKIE] = "America/New_York"

    assert admin_api.get(f"/api/v1/brands/{brand.pk}/").json()["created_at"] == "2026-12-07T02:04:00Z"
    assert timezone.get_current_timezone_name() == "UTC"
