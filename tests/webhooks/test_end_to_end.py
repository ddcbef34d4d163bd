"""The sandbox's campaign lifecycle reaches a live portal as signed webhooks, and a real worker mirrors it.

The sandbox POSTs each event over HTTP to Django's live server; the view stores it and hands it to the
broker; the module's worker re-fetches the campaign from the sandbox's API. Nothing in between is faked.
"""

import pytest

from tendlc.mapping.records import brand_values, campaign_values
from tendlc.models import Brand, Campaign, WebhookEvent, WebhookEventState
from tests.sandbox.campaign_payloads import PROVISION_SECONDS, submit
from tests.waiting import wait_for
from tests.webhooks.conftest import URL, all_processed

pytestmark = pytest.mark.django_db(transaction=True)

LIFECYCLE = ["TCR_EVENT", "TELNYX_REVIEW", "MNO_REVIEW", "TCR_EVENT", "VERIFIED"]


@pytest.fixture
def portal_url(portal_server, webhook_worker) -> str:
    return portal_server.url + URL


def mirrored(api, campaign_id: str) -> dict:
    return campaign_values(api.get(f"/10dlc/campaign/{campaign_id}").json)


def deliveries(control) -> list[tuple[str, str, int | None]]:
    """(payload type, state, last status code) of every delivery the sandbox made, oldest first."""
    records = reversed(control.get("/webhooks").json["records"])
    return [(r["event"]["payload"]["type"], r["state"], r["attempts"][-1]["statusCode"]) for r in records]


def test_each_stage_of_a_campaign_reaches_the_portal_once(
    sandbox_api, sandbox_control, acme_brand, portal_url
):
    campaign_id = submit(sandbox_api, acme_brand, webhookURL=portal_url, webhookFailoverURL=None)[
        "campaignId"
    ]

    for seconds, status, events in [
        (2, "TCR_ACCEPTED", 1),
        (10, "MNO_PENDING", 2),
        (20, "MNO_PROVISIONED", 5),
    ]:
        sandbox_control.post("/clock/advance", {"seconds": seconds})
        wait_for(all_processed(events))
        assert Campaign.objects.get(campaign_id=campaign_id).campaign_status == status

    campaign = Campaign.objects.get()
    assert {name: getattr(campaign, name) for name in mirrored(sandbox_api, campaign_id)} == mirrored(
        sandbox_api, campaign_id
    )
    # The campaign and its brand were unknown to the portal: the first event fetched both.
    brand_row = Brand.objects.get()
    expected_brand = brand_values(sandbox_api.get(f"/10dlc/brand/{acme_brand['brandId']}").json)
    assert {name: getattr(brand_row, name) for name in expected_brand} == expected_brand
    events = WebhookEvent.objects.order_by("id")
    assert [(e.payload_type, e.campaign_id, e.deliveries, e.state, e.attempts) for e in events] == [
        (kind, campaign_id, 1, WebhookEventState.PROCESSED, 1) for kind in LIFECYCLE
    ]
    assert deliveries(sandbox_control) == [(kind, "delivered", 202) for kind in LIFECYCLE]


def test_reordered_and_duplicated_deliveries_store_each_event_once(
    sandbox_api, sandbox_control, acme_brand, portal_url
):
    sandbox_control.post("/faults", {"webhooks": {"duplicate": 1.0, "reorder": True}})
    campaign_id = submit(sandbox_api, acme_brand, webhookURL=portal_url, webhookFailoverURL=None)[
        "campaignId"
    ]

    # One advance: the five events fall due together and arrive newest first, each twice.
    sandbox_control.post("/clock/advance", {"seconds": PROVISION_SECONDS})
    wait_for(all_processed(5))

    assert Campaign.objects.get(campaign_id=campaign_id).campaign_status == "MNO_PROVISIONED"
    events = WebhookEvent.objects.order_by("id")
    assert [(e.payload_type, e.deliveries, e.state, e.attempts) for e in events] == [
        (kind, 2, WebhookEventState.PROCESSED, 1) for kind in reversed(LIFECYCLE)
    ]
    assert sorted(deliveries(sandbox_control)) == sorted(
        [(kind, "delivered", 202) for kind in LIFECYCLE] + [(kind, "delivered", 200) for kind in LIFECYCLE]
    )
