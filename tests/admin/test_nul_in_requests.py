"""A NUL in an admin page's query or form values is a 400 before the page runs, on every admin page; on
PostgreSQL, which keeps NUL in no text, a list filter given one (``?state=%00``) was a 500."""

import pytest

pytestmark = pytest.mark.django_db

REFUSED = b"The request contains a NUL character, which nothing here takes: remove it and try again."


@pytest.mark.parametrize(
    "url",
    [
        "/admin/tendlc/brand/?status=%00",
        "/admin/tendlc/webhookevent/?state=a%00",
        "/admin/tendlc/syncrun/?state=%00",
        "/admin/tendlc/auditentry/?q=%00",
        "/admin/tendlc/numberupload/?o=1%00",
        "/admin/tendlc/campaign/?campaign_status%00=ACTIVE",
        "/admin/?next=%00",
    ],
)
def test_a_nul_in_a_query_is_refused(admin_client, url):
    response = admin_client.get(url)

    assert (response.status_code, response.content) == (400, REFUSED)


def test_a_nul_in_posted_values_is_refused(admin_client):
    response = admin_client.post(
        "/admin/tendlc/webhookevent/", {"action": "replay_selected", "_selected_action": ["1\x00"]}
    )

    assert (response.status_code, response.content) == (400, REFUSED)


def test_the_same_pages_answer_without_a_nul(admin_client):
    assert admin_client.get("/admin/tendlc/webhookevent/?state=failed").status_code == 200
