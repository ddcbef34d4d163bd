"""Values in a signed webhook body that no database can store are refused as a 400 before anything is stored (a
lone surrogate was a 500, in hashing the event; 1e400 one on PostgreSQL, stored as Infinity); text that only
looks like a NUL in the raw body is stored."""

import pytest

from tendlc.models import WebhookEvent

pytestmark = pytest.mark.django_db

ENVELOPE = (
    '{"data":{"id":"e1","event_type":"10dlc.campaign.update","occurred_at":"2026-09-21T10:00:00Z",'
    '"payload":{"campaignId":"4b300178-131c-d902-d54e-72d90ba1620a",%s}}}'
)


@pytest.mark.parametrize(
    ("member", "detail"),
    [
        ('"description":"\\ud800"', "The body contains text that is not Unicode (a lone surrogate)."),
        ('"\\udfff":"x"', "The body contains text that is not Unicode (a lone surrogate)."),
        ('"description":["ok","a\\u0000b"]', "The body contains a NUL character."),
        ('"a\\u0000":"x"', "The body contains a NUL character."),
    ],
    ids=["surrogate", "surrogate in a name", "NUL in a list", "NUL in a name"],
)
def test_text_no_database_stores_is_refused_and_nothing_stored(post_webhook, member, detail):
    response = post_webhook((ENVELOPE % member).encode())

    assert (response.status_code, response.json()) == (400, {"error": "not_json", "detail": detail})
    assert not WebhookEvent.objects.exists()


@pytest.mark.parametrize("number", ["1e400", "-1e400"])
def test_a_number_beyond_a_float_is_refused_and_nothing_stored(post_webhook, number):
    response = post_webhook((ENVELOPE % f'"count":{number}').encode())

    assert (response.status_code, response.json()) == (
        400,
        {"error": "not_json", "detail": f"The body is not UTF-8 JSON: {number} is out of range for a number"},
    )
    assert not WebhookEvent.objects.exists()


def test_a_backslash_before_u0000_is_text_and_stored(post_webhook):
    response = post_webhook((ENVELOPE % '"description":"C:\\\\u0000 is a path"').encode())

    assert response.status_code == 202
    assert WebhookEvent.objects.get().payload["description"] == "C:\\u0000 is a path"
