"""The portal's icon: every admin page names it, and /favicon.ico leads to it instead of a 404."""

import pytest
from django.contrib.staticfiles import finders

pytestmark = pytest.mark.django_db

ICON = "/static/tendlc/favicon.svg"


def test_admin_pages_name_the_icon(client, staff_client):
    link = f'<link rel="icon" href="{ICON}" type="image/svg+xml">'
    assert link in client.get("/admin/login/").content.decode()
    assert link in staff_client.get("/admin/").content.decode()


def test_favicon_ico_leads_to_the_icon(client):
    response = client.get("/favicon.ico")

    assert (response.status_code, response["Location"]) == (302, ICON)
    assert finders.find("tendlc/favicon.svg")
