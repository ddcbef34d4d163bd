"""The browser reaches the portal: log in as staff and see the dashboard."""

import pytest

from tests.browser.conftest import log_in, user_in

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_staff_log_in_and_see_the_dashboard(page, shot):
    user_in("Compliance staff", "stella")

    log_in(page, "stella")

    assert page.locator("#dashboard-counts").is_visible()
    assert page.locator("#sync-now").is_visible()
    shot(page, "dashboard")
