"""Storing and processing events against the sandbox's API: re-fetch, never trust the payload or its order."""

import json
from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from tendlc.client import InternalServerError
from tendlc.mapping.records import (
    brand_values,
    campaign_values,
    partner_campaign_values,
    phone_number_assignment_values,
)
from tendlc.models import (
    Brand,
    Campaign,
    CampaignMnoStatus,
    PartnerCampaign,
    PhoneNumberAssignment,
    WebhookEvent,
    WebhookEventState,
)
from tendlc.sandbox.phone_numbers.lifecycle import ASSIGNMENT_SECONDS, UNASSIGNMENT_SECONDS
from tendlc.services.webhooks import (
    MAX_ATTEMPTS,
    SWEEP_GRACE,
    webhook_event_process,
    webhook_event_replay,
    webhook_event_store,
    webhook_events_due,
)
from tests.factories import BrandFactory, CampaignFactory
from tests.sandbox.campaign_payloads import PROVISION_SECONDS, submit
from tests.sandbox.factories import insert_brand, insert_campaign, insert_partner_campaign
from tests.webhooks.conftest import encode, envelope

pytestmark = pytest.mark.django_db

NUMBER = "+12025550142"


def store(document) -> WebhookEvent:
    event, created = webhook_event_store(body=encode(document).decode(), document=document)
    assert created
    return event


def campaign_event(campaign_id: str, **payload) -> WebhookEvent:
    return store(envelope({"campaignId": campaign_id, **payload}))


def assert_mirrors(instance, values: dict) -> None:
    """Every column the mapping takes from the remote payload holds the remote value."""
    assert {name: getattr(instance, name) for name in values} == values


def remote(api, path: str) -> dict:
    response = api.get(path)
    assert response.status_code == 200, response.json
    return response.json


# --- campaigns -------------------------------------------------------------------------------------


def test_a_campaign_event_mirrors_the_campaign_the_api_answers_not_the_payload(
    sandbox_api, tendlc_client, sandbox, acme_brand
):
    doc = insert_campaign(sandbox, acme_brand, campaignStatus="MNO_PROVISIONED")
    local = CampaignFactory(
        campaign_id=doc["campaignId"],
        brand=BrandFactory(brand_id=acme_brand["brandId"]),
        campaign_status="MNO_PENDING",
    )
    # The payload claims a rejection; the API, which is the truth, says provisioned.
    event = campaign_event(doc["campaignId"], type="MNO_REVIEW", status="REJECTED")

    webhook_event_process(event=event, client=tendlc_client)

    local.refresh_from_db()
    answer = remote(sandbox_api, f"/10dlc/campaign/{doc['campaignId']}")
    assert local.campaign_status == "MNO_PROVISIONED"
    assert_mirrors(local, campaign_values(answer))
    assert local.raw == answer
    assert local.synced_at is not None
    event.refresh_from_db()
    assert (event.state, event.attempts, event.error, event.next_attempt_at) == (
        WebhookEventState.PROCESSED,
        1,
        "",
        None,
    )
    assert event.processed_at >= event.last_attempt_at


def test_events_processed_out_of_order_never_roll_the_campaign_back(
    sandbox_api, tendlc_client, sandbox, acme_brand
):
    campaign_id = submit(sandbox_api, acme_brand)["campaignId"]
    sandbox.advance(PROVISION_SECONDS)
    rows = sandbox.store.all("SELECT payload FROM webhook_deliveries ORDER BY id")
    events = [store({"data": json.loads(row["payload"]), "meta": {"attempt": 1}}) for row in rows]
    assert [event.payload_type for event in events] == [
        "TCR_EVENT",
        "TELNYX_REVIEW",
        "MNO_REVIEW",
        "TCR_EVENT",
        "VERIFIED",
    ]

    # The newest event first, then the older ones, late.
    statuses = []
    for event in [events[4], events[0], events[3], events[2], events[1]]:
        webhook_event_process(event=event, client=tendlc_client)
        statuses.append(Campaign.objects.get(campaign_id=campaign_id).campaign_status)

    assert statuses == ["MNO_PROVISIONED"] * 5
    assert list(WebhookEvent.objects.values_list("state", flat=True)) == [WebhookEventState.PROCESSED] * 5
    assert_mirrors(
        Campaign.objects.get(), campaign_values(remote(sandbox_api, f"/10dlc/campaign/{campaign_id}"))
    )


def test_an_event_for_an_unknown_campaign_fetches_it_and_its_unknown_brand(
    sandbox_api, tendlc_client, sandbox, acme_brand
):
    doc = insert_campaign(sandbox, acme_brand)
    event = campaign_event(doc["campaignId"], type="TCR_EVENT", eventType="CAMPAIGN_ADD")

    webhook_event_process(event=event, client=tendlc_client)

    campaign = Campaign.objects.get()
    assert_mirrors(campaign, campaign_values(remote(sandbox_api, f"/10dlc/campaign/{doc['campaignId']}")))
    assert campaign.brand_id == acme_brand["brandId"]
    assert_mirrors(
        Brand.objects.get(), brand_values(remote(sandbox_api, f"/10dlc/brand/{acme_brand['brandId']}"))
    )


def test_a_known_brand_is_not_fetched_again_for_its_new_campaign(tendlc_client, sandbox, acme_brand):
    doc = insert_campaign(sandbox, acme_brand)
    BrandFactory(brand_id=acme_brand["brandId"], display_name="Acme (as we last read it)")

    webhook_event_process(event=campaign_event(doc["campaignId"], type="VERIFIED"), client=tendlc_client)

    assert Campaign.objects.get().campaign_id == doc["campaignId"]
    assert Brand.objects.get().display_name == "Acme (as we last read it)"


def test_a_campaign_the_api_no_longer_knows_is_marked_gone_and_kept(tendlc_client):
    local = CampaignFactory(campaign_status="MNO_PROVISIONED")

    webhook_event_process(event=campaign_event(local.campaign_id, type="TELNYX_EVENT"), client=tendlc_client)

    local.refresh_from_db()
    assert local.remote_deleted_at is not None
    assert local.campaign_status == "MNO_PROVISIONED"
    assert WebhookEvent.objects.get().state == WebhookEventState.PROCESSED


def test_an_event_for_a_campaign_nobody_knows_changes_nothing(tendlc_client):
    event = campaign_event("4b300000-0000-0000-0000-000000000000", type="TELNYX_EVENT", status="DORMANT")

    webhook_event_process(event=event, client=tendlc_client)

    assert Campaign.objects.count() == 0
    event.refresh_from_db()
    assert event.state == WebhookEventState.PROCESSED


def test_a_read_that_began_before_the_last_write_does_not_overwrite_it(tendlc_client, sandbox, acme_brand):
    doc = insert_campaign(sandbox, acme_brand, campaignStatus="MNO_PROVISIONED")
    later = timezone.now() + timedelta(minutes=1)
    local = CampaignFactory(
        campaign_id=doc["campaignId"],
        brand=BrandFactory(brand_id=acme_brand["brandId"]),
        campaign_status="MNO_REJECTED",
        synced_at=later,
    )

    webhook_event_process(event=campaign_event(doc["campaignId"], type="MNO_REVIEW"), client=tendlc_client)

    local.refresh_from_db()
    assert (local.campaign_status, local.synced_at) == ("MNO_REJECTED", later)


def test_a_nudge_refreshes_the_partner_campaign_named_by_its_tcr_id(sandbox_api, tendlc_client, sandbox):
    doc = insert_partner_campaign(sandbox)
    event = campaign_event(
        doc["tcrCampaignId"], type="CAMPAIGN_NUDGE", nudgeIntent="APPEAL_REJECTION", cspId="SANDBOX"
    )

    webhook_event_process(event=event, client=tendlc_client)

    partner = PartnerCampaign.objects.get()
    assert_mirrors(
        partner,
        partner_campaign_values(remote(sandbox_api, f"/10dlc/partner_campaigns/{doc['tcrCampaignId']}")),
    )
    assert Campaign.objects.count() == 0


# --- brands ----------------------------------------------------------------------------------------


def test_a_brand_event_refreshes_the_brand(sandbox_api, tendlc_client, sandbox):
    doc = insert_brand(sandbox, identityStatus="VETTED_VERIFIED")
    local = BrandFactory(brand_id=doc["brandId"], identity_status="VERIFIED")
    event = store(
        envelope(
            {"brandId": doc["brandId"], "type": "REVET", "status": "success"}, event_type="10dlc.brand.update"
        )
    )

    webhook_event_process(event=event, client=tendlc_client)

    local.refresh_from_db()
    assert local.identity_status == "VETTED_VERIFIED"
    assert_mirrors(local, brand_values(remote(sandbox_api, f"/10dlc/brand/{doc['brandId']}")))


def test_a_brand_the_api_no_longer_knows_is_marked_gone(tendlc_client):
    local = BrandFactory()
    event = store(envelope({"brandId": local.brand_id, "type": "REVET"}, event_type="10dlc.brand.update"))

    webhook_event_process(event=event, client=tendlc_client)

    local.refresh_from_db()
    assert local.remote_deleted_at is not None


# --- phone numbers ---------------------------------------------------------------------------------


def number_event(kind: str, campaign_id: str) -> WebhookEvent:
    payload = {
        "campaignId": campaign_id,
        "phoneNumber": NUMBER,
        "status": "success",
        "type": kind,
        "reasons": [],
    }
    return store(envelope(payload, event_type="10dlc.phone_number.update"))


def test_assignment_then_deletion_events_mirror_the_number_and_then_mark_it_gone(
    sandbox_api, tendlc_client, sandbox, acme_brand
):
    doc = insert_campaign(sandbox, acme_brand)
    assert (
        sandbox_api.post(
            "/10dlc/phone_number_campaigns", {"phoneNumber": NUMBER, "campaignId": doc["campaignId"]}
        ).status_code
        == 200
    )
    sandbox.advance(ASSIGNMENT_SECONDS)

    webhook_event_process(event=number_event("ASSIGNMENT", doc["campaignId"]), client=tendlc_client)

    assignment = PhoneNumberAssignment.objects.get()
    assert_mirrors(
        assignment,
        phone_number_assignment_values(remote(sandbox_api, f"/10dlc/phone_number_campaigns/{NUMBER}")),
    )
    assert assignment.assignment_status == "ASSIGNED"
    # The number's campaign was unknown: it was fetched, and the assignment points at it.
    assert assignment.campaign == Campaign.objects.get(campaign_id=doc["campaignId"])
    assert assignment.remote_deleted_at is None

    assert sandbox_api.delete(f"/10dlc/phone_number_campaigns/{NUMBER}").status_code == 200
    sandbox.advance(UNASSIGNMENT_SECONDS)
    webhook_event_process(event=number_event("DELETION", doc["campaignId"]), client=tendlc_client)

    assignment.refresh_from_db()
    assert assignment.remote_deleted_at is not None
    assert assignment.phone_number == NUMBER


# --- failures, the sweep's choice, replay ----------------------------------------------------------


def test_a_failure_is_kept_on_the_event_and_raised_and_the_next_try_succeeds(
    sandbox_control, tendlc_client, sandbox, acme_brand
):
    doc = insert_campaign(sandbox, acme_brand)
    # A read: the client's three tries all meet the 500.
    sandbox_control.post(
        "/faults", {"status": 500, "count": 3, "retryAfter": 0, "pathPattern": "/10dlc/campaign/"}
    )
    event = campaign_event(doc["campaignId"], type="MNO_REVIEW")

    with pytest.raises(InternalServerError):
        webhook_event_process(event=event, client=tendlc_client)

    event.refresh_from_db()
    assert (event.state, event.attempts) == (WebhookEventState.FAILED, 1)
    assert event.error.startswith("InternalServerError: ")
    assert event.next_attempt_at - event.last_attempt_at == pytest.approx(
        timedelta(seconds=30) + SWEEP_GRACE, abs=timedelta(seconds=1)
    )
    assert Campaign.objects.count() == 0

    webhook_event_process(event=event, client=tendlc_client)

    event.refresh_from_db()
    assert (event.state, event.attempts, event.error) == (WebhookEventState.PROCESSED, 2, "")
    assert Campaign.objects.get().campaign_id == doc["campaignId"]


def test_the_sweep_takes_unprocessed_events_that_are_due_with_tries_left():
    now = datetime(2026, 9, 21, 12, 0, tzinfo=UTC)
    due, not_yet = now - timedelta(seconds=1), now + timedelta(seconds=1)
    expected = []
    for name, state, attempts, next_attempt_at in [
        ("received, due", WebhookEventState.RECEIVED, 0, due),
        ("received, awaiting its task", WebhookEventState.RECEIVED, 0, not_yet),
        ("failed, due", WebhookEventState.FAILED, MAX_ATTEMPTS - 1, due),
        ("failed, no tries left", WebhookEventState.FAILED, MAX_ATTEMPTS, due),
        ("failed, backing off", WebhookEventState.FAILED, 2, not_yet),
        ("processed", WebhookEventState.PROCESSED, 1, None),
        ("kept no next attempt", WebhookEventState.RECEIVED, 0, None),
    ]:
        event = campaign_event(name, type="MNO_REVIEW")
        WebhookEvent.objects.filter(pk=event.pk).update(
            state=state, attempts=attempts, next_attempt_at=next_attempt_at
        )
        if name in {"received, due", "failed, due", "kept no next attempt"}:
            expected.append(name)

    chosen = webhook_events_due(now=now, limit=10)

    assert sorted(event.campaign_id for event in chosen) == sorted(expected)
    assert len(webhook_events_due(now=now, limit=2)) == 2


def test_replay_processes_a_processed_event_again(tendlc_client, sandbox, acme_brand):
    doc = insert_campaign(sandbox, acme_brand)
    event = campaign_event(doc["campaignId"], type="VERIFIED")
    webhook_event_process(event=event, client=tendlc_client)
    Campaign.objects.update(campaign_status="TCR_ACCEPTED", synced_at=None)

    replayed = webhook_event_replay(event=event, client=tendlc_client)

    assert (replayed.state, replayed.attempts) == (WebhookEventState.PROCESSED, 2)
    assert Campaign.objects.get().campaign_status == "MNO_PROVISIONED"


def test_a_failed_replay_is_kept_on_the_event_not_raised(sandbox_control, tendlc_client, sandbox, acme_brand):
    doc = insert_campaign(sandbox, acme_brand)
    # A read: the client's three tries all meet the 500.
    sandbox_control.post(
        "/faults", {"status": 500, "count": 3, "retryAfter": 0, "pathPattern": "/10dlc/campaign/"}
    )

    replayed = webhook_event_replay(
        event=campaign_event(doc["campaignId"], type="VERIFIED"), client=tendlc_client
    )

    assert (replayed.state, replayed.attempts) == (WebhookEventState.FAILED, 1)
    assert replayed.error.startswith("InternalServerError: ")


@pytest.mark.parametrize(
    ("event_type", "payload"),
    [
        ("10dlc.something.new", {"campaignId": "c", "type": "VERIFIED"}),
        ("10dlc.campaign.update", {"campaignId": "c", "type": "SOMETHING_NEW"}),
        ("10dlc.campaign.update", {"campaignId": "c", "type": "TCR_EVENT", "eventType": "CAMPAIGN_NEW"}),
        ("10dlc.brand.update", {"brandId": "b", "type": "TCR_BRAND_UPDATE"}),
    ],
    ids=["event type", "payload type", "registry event", "registry event missing"],
)
def test_an_event_of_a_kind_the_portal_does_not_know_is_kept_for_review_not_processed(
    tendlc_client, caplog, event_type, payload
):
    event = store(envelope(payload, event_type=event_type))

    with caplog.at_level("INFO", logger="tendlc.client"):
        webhook_event_process(event=event, client=tendlc_client)

    event.refresh_from_db()
    assert (event.state, event.processed_at, event.next_attempt_at, event.attempts) == (
        WebhookEventState.NEEDS_REVIEW,
        None,
        None,
        1,
    )
    assert [record for record in caplog.records if record.name == "tendlc.client"] == []
    assert list(webhook_events_due(now=timezone.now() + timedelta(days=1), limit=10)) == []


@pytest.mark.parametrize(("payload_type", "reads_carriers"), [("MNO_REVIEW", True), ("TELNYX_REVIEW", False)])
def test_a_carrier_review_event_reads_each_carriers_status(
    sandbox_api, tendlc_client, sandbox, acme_brand, payload_type, reads_carriers
):
    campaign_id = submit(sandbox_api, acme_brand)["campaignId"]
    sandbox.advance(PROVISION_SECONDS)

    webhook_event_process(event=campaign_event(campaign_id, type=payload_type), client=tendlc_client)

    carriers = remote(sandbox_api, f"/10dlc/campaign/{campaign_id}/operationStatus")
    assert carriers, "the provisioned campaign has carriers"
    stored = dict(CampaignMnoStatus.objects.values_list("network_id", "operation_status"))
    assert stored == (
        {int(network): status for network, status in carriers.items()} if reads_carriers else {}
    )
