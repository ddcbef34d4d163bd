"""The campaign lifecycle: review stages on the sandbox clock, the content rules of the Telnyx and MNO
reviews, re-review after an update or an appeal, control-plane transitions, and the webhooks of each."""

import pytest
from telnyx.types.campaign_status_update import CampaignStatusUpdate

from tests.fixtures.sandbox import pointers
from tests.sandbox.campaign_payloads import (
    PROVISION_SECONDS,
    campaign_events,
    campaign_status,
    event_kinds,
    submit,
)
from tests.sandbox.factories import insert_brand, insert_campaign

CARRIER_IDS = ["10017", "10035", "10037", "10038", "10999"]
FORCED = "Rejected through the sandbox control plane."
OPT_OUT = "No sample message contains opt-out language (the word STOP, END, CANCEL, UNSUBSCRIBE or QUIT)."
NO_BRAND = "No sample message names the brand (Acme or Acme Inc.)."
NO_PRIVACY = "The message flow mentions a website but no privacyPolicyLink is given."
SHORTENER = "T-Mobile (10035): A message uses the public URL shortener {}; use a branded domain."
LINK = "AT&T (10017): 601: A sample message contains a URL but embeddedLink is false."
PHONE = "Verizon Wireless (10037): 601: A sample message contains a phone number but embeddedPhone is false."


def campaign(api, campaign_id: str) -> dict:
    return api.get(f"/10dlc/campaign/{campaign_id}").json


def operation_status(api, campaign_id: str) -> dict:
    return api.get(f"/10dlc/campaign/{campaign_id}/operationStatus").json


def pending_kinds(sandbox, campaign_id: str) -> list[str]:
    """The review steps the campaign waits for (its renewal, always pending, is test_renewal's subject)."""
    return [
        step["kind"] for step in sandbox.scheduler.pending(campaign_id) if step["kind"] != "campaign.renewal"
    ]


# --- the happy path -------------------------------------------------------------------------------


def test_each_stage_on_the_clock_with_its_webhook(sandbox, sandbox_api, acme_brand):
    submitted = submit(sandbox_api, acme_brand)
    campaign_id, tcr = submitted["campaignId"], submitted["tcrCampaignId"]

    sandbox.advance(1.9)
    assert campaign_status(sandbox_api, campaign_id) == "TCR_PENDING"
    sandbox.advance(0.1)
    accepted = campaign(sandbox_api, campaign_id)
    assert (accepted["campaignStatus"], accepted["submissionStatus"]) == ("TCR_ACCEPTED", "CREATED")
    sandbox.advance(10)
    assert campaign_status(sandbox_api, campaign_id) == "MNO_PENDING"
    sandbox.advance(20)
    provisioned = campaign(sandbox_api, campaign_id)
    assert provisioned["campaignStatus"] == "MNO_PROVISIONED"
    assert provisioned["isTMobileRegistered"] is True
    assert provisioned["failureReasons"] is None

    events = campaign_events(sandbox, campaign_id)
    for event in events:
        CampaignStatusUpdate.model_validate(event)
    assert events == [
        {"campaignId": campaign_id, "type": "TCR_EVENT", "eventType": "CAMPAIGN_ADD",
         "description": f"Campaign {tcr} successfully added to TCR"},
        {"campaignId": campaign_id, "type": "TELNYX_REVIEW", "status": "ACCEPTED",
         "description": f"{tcr} approved by Telnyx"},
        {"campaignId": campaign_id, "type": "MNO_REVIEW", "status": "ACCEPTED",
         "description": f"{tcr} provisioned by AT&T, T-Mobile, Verizon Wireless, US Cellular, Interop"},
        {"campaignId": campaign_id, "type": "TCR_EVENT", "eventType": "CAMPAIGN_DCA_COMPLETE",
         "description": f"Campaign {tcr} DCA review is complete"},
        {"brandId": acme_brand["brandId"], "campaignId": campaign_id, "createDate": submitted["createDate"],
         "cspId": submitted["cspId"], "isTMobileRegistered": True, "type": "VERIFIED"},
    ]  # fmt: skip


def test_one_large_clock_advance_plays_the_whole_lifecycle(sandbox, sandbox_api, acme_brand):
    campaign_id = submit(sandbox_api, acme_brand)["campaignId"]

    sandbox.advance(PROVISION_SECONDS)

    assert campaign_status(sandbox_api, campaign_id) == "MNO_PROVISIONED"
    assert event_kinds(sandbox, campaign_id) == [
        ("TCR_EVENT", "CAMPAIGN_ADD"),
        ("TELNYX_REVIEW", "ACCEPTED"),
        ("MNO_REVIEW", "ACCEPTED"),
        ("TCR_EVENT", "CAMPAIGN_DCA_COMPLETE"),
        ("VERIFIED", None),
    ]


def test_webhooks_go_to_the_campaigns_urls(
    sandbox, sandbox_api, sandbox_control, acme_brand, webhook_receiver
):
    campaign_id = submit(sandbox_api, acme_brand, webhookURL=webhook_receiver.url, webhookFailoverURL=None)[
        "campaignId"
    ]

    sandbox_control.post("/clock/advance", {"seconds": PROVISION_SECONDS})

    received = [hook.json["data"] for hook in webhook_receiver.received]
    assert [data["event_type"] for data in received] == ["10dlc.campaign.update"] * 5
    assert [data["payload"]["type"] for data in received] == [
        "TCR_EVENT",
        "TELNYX_REVIEW",
        "MNO_REVIEW",
        "TCR_EVENT",
        "VERIFIED",
    ]
    assert {data["payload"]["campaignId"] for data in received} == {campaign_id}


def test_number_pool_campaigns_get_t_mobile_number_pooling(sandbox, sandbox_api, acme_brand):
    campaign_id = submit(sandbox_api, acme_brand, numberPool=True)["campaignId"]

    sandbox.advance(PROVISION_SECONDS)

    assert campaign(sandbox_api, campaign_id)["isTMobileNumberPoolingEnabled"] is True


def test_without_t_mobile_the_campaign_is_not_t_mobile_registered(sandbox, sandbox_api, acme_brand):
    campaign_id = submit(sandbox_api, acme_brand, mnoIds=[10017, 10037])["campaignId"]

    sandbox.advance(PROVISION_SECONDS)

    assert campaign(sandbox_api, campaign_id)["isTMobileRegistered"] is False
    assert operation_status(sandbox_api, campaign_id) == {"10017": "APPROVED", "10037": "APPROVED"}


# --- Telnyx review --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("overrides", "reasons"),
    [
        ({"sample1": "Acme: your ticket was updated.", "sample2": "Acme: an agent answered."}, OPT_OUT),
        ({"sample1": "Acme: your order STOPPED at the backend.", "sample2": None}, OPT_OUT),
        ({"sample1": "Your ticket was updated. Reply STOP to opt out.", "sample2": "Reply HELP."}, NO_BRAND),
        ({"messageFlow": "Customers sign up on our website.", "privacyPolicyLink": None}, NO_PRIVACY),
        (
            {"messageFlow": "Customers opt in at https://acme.example/sms", "privacyPolicyLink": None},
            NO_PRIVACY,
        ),
        ({"messageFlow": "Customers opt in at acme.com/sms", "privacyPolicyLink": None}, NO_PRIVACY),
        (
            {"sample1": None, "sample2": None},
            f"{OPT_OUT} {NO_BRAND} 0 sample message(s) given; the carriers require at least 1.",
        ),
    ],
)
def test_telnyx_review_rejects_content(sandbox, sandbox_api, acme_brand, overrides, reasons):
    submitted = submit(sandbox_api, acme_brand, **overrides)
    campaign_id = submitted["campaignId"]

    sandbox.advance(12)

    failed = campaign(sandbox_api, campaign_id)
    assert failed["campaignStatus"] == "TELNYX_FAILED"
    assert failed["failureReasons"] == reasons
    assert campaign_events(sandbox, campaign_id)[-1] == {
        "campaignId": campaign_id,
        "type": "TELNYX_REVIEW",
        "status": "REJECTED",
        "description": f"{submitted['tcrCampaignId']} rejected by Telnyx: {reasons}",
    }
    sandbox.advance(PROVISION_SECONDS)
    assert campaign_status(sandbox_api, campaign_id) == "TELNYX_FAILED"
    assert operation_status(sandbox_api, campaign_id) == dict.fromkeys(CARRIER_IDS, "REVIEW")
    assert pending_kinds(sandbox, campaign_id) == []


@pytest.mark.parametrize(
    ("brand_overrides", "overrides"),
    [
        ({}, {"sample1": "Acme: your ticket was updated. Reply stop to opt out."}),
        ({}, {"sample1": "Acme: your ticket was updated. Text QUIT to end.", "sample2": None}),
        ({}, {"sample1": "ACME INC.: your ticket was updated. Reply END.", "sample2": None}),
        ({}, {"messageFlow": "Customers text START to 12345.", "privacyPolicyLink": None}),
        ({}, {"messageFlow": None, "privacyPolicyLink": None}),
        ({"entityType": "SOLE_PROPRIETOR", "companyName": None}, {"usecase": "SOLE_PROPRIETOR"}),
    ],
)
def test_telnyx_review_accepts_content(sandbox, sandbox_api, brand_overrides, overrides):
    brand = insert_brand(sandbox, **{"displayName": "Acme", "companyName": "Acme Inc.", **brand_overrides})
    campaign_id = submit(sandbox_api, brand, **overrides)["campaignId"]

    sandbox.advance(PROVISION_SECONDS)

    assert campaign_status(sandbox_api, campaign_id) == "MNO_PROVISIONED"


def test_a_sole_proprietor_campaign_needs_two_samples(sandbox, sandbox_api):
    brand = insert_brand(sandbox, entityType="SOLE_PROPRIETOR", displayName="Acme", companyName=None)
    campaign_id = submit(sandbox_api, brand, usecase="SOLE_PROPRIETOR", sample2=None)["campaignId"]

    sandbox.advance(12)

    assert campaign(sandbox_api, campaign_id)["failureReasons"] == (
        "1 sample message(s) given; the carriers require at least 2."
    )


# --- MNO review -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("overrides", "rejected_by"),
    [
        (
            {"sample1": "Acme: see https://bit.ly/x1 Reply STOP to opt out.", "embeddedLink": True},
            {"10035": SHORTENER.format("bit.ly")},
        ),
        (
            {"embeddedLink": True, "embeddedLinkSample": "https://tinyurl.com/acme"},
            {"10035": SHORTENER.format("tinyurl.com")},
        ),
        ({"sample1": "Acme: details at https://acme.example/t Reply STOP to opt out."}, {"10017": LINK}),
        ({"sample1": "Acme: track at www.acme.example Reply STOP to opt out."}, {"10017": LINK}),
        (
            {"sample1": "Acme: see t.co/abc Reply STOP to opt out."},
            {"10035": SHORTENER.format("t.co"), "10017": LINK},
        ),
        ({"sample1": "Acme: call (202) 555-0100. Reply STOP to opt out."}, {"10037": PHONE}),
        ({"sample1": "Acme: call +1 202 555 0100. Reply STOP to opt out."}, {"10037": PHONE}),
    ],
)
def test_mno_review_rejections_name_the_carrier(sandbox, sandbox_api, acme_brand, overrides, rejected_by):
    submitted = submit(sandbox_api, acme_brand, **overrides)
    campaign_id = submitted["campaignId"]

    sandbox.advance(PROVISION_SECONDS)

    rejected = campaign(sandbox_api, campaign_id)
    reasons = "; ".join(rejected_by.values())
    assert (rejected["campaignStatus"], rejected["failureReasons"]) == ("MNO_REJECTED", reasons)
    assert rejected["isTMobileRegistered"] is False
    assert campaign_events(sandbox, campaign_id)[-1] == {
        "campaignId": campaign_id,
        "type": "MNO_REVIEW",
        "status": "REJECTED",
        "description": f"{submitted['tcrCampaignId']} rejected by {reasons}",
    }
    expected = {
        network_id: "REJECTED" if network_id in rejected_by else "APPROVED" for network_id in CARRIER_IDS
    }
    assert operation_status(sandbox_api, campaign_id) == expected


@pytest.mark.parametrize(
    "overrides",
    [
        {"sample1": "Acme: details at https://acme.example/t Reply STOP to opt out.", "embeddedLink": True},
        {"sample1": "Acme: call (202) 555-0100. Reply STOP to opt out.", "embeddedPhone": True},
        {"sample1": "Acme: we moved to att.com and at.com. Reply STOP.", "embeddedLink": True},
        {"sample1": "Acme: see https://bit.ly/x Reply STOP.", "embeddedLink": True, "mnoIds": [10017, 10037]},
    ],
)
def test_mno_review_accepts_content(sandbox, sandbox_api, acme_brand, overrides):
    campaign_id = submit(sandbox_api, acme_brand, **overrides)["campaignId"]

    sandbox.advance(PROVISION_SECONDS)

    assert campaign_status(sandbox_api, campaign_id) == "MNO_PROVISIONED"


def test_a_carrier_that_does_not_carry_the_use_case_neither_reviews_nor_approves(sandbox, sandbox_api):
    brand = insert_brand(sandbox, displayName="Acme", identityStatus="VETTED_VERIFIED")
    sample = "Acme: enter at https://acme.example/win Reply STOP to opt out."
    campaign_id = submit(sandbox_api, brand, usecase="SWEEPSTAKE", sample1=sample)["campaignId"]

    sandbox.advance(PROVISION_SECONDS)

    assert campaign_status(sandbox_api, campaign_id) == "MNO_PROVISIONED"
    assert operation_status(sandbox_api, campaign_id) == {
        **dict.fromkeys(CARRIER_IDS, "APPROVED"),
        "10017": "REJECTED",
    }


# --- update and appeal ----------------------------------------------------------------------------


def test_updating_a_telnyx_failed_campaign_re_runs_the_review_with_the_new_content(
    sandbox, sandbox_api, acme_brand
):
    campaign_id = submit(sandbox_api, acme_brand, sample1="Acme: ticket updated.", sample2=None)["campaignId"]
    sandbox.advance(12)
    assert campaign_status(sandbox_api, campaign_id) == "TELNYX_FAILED"

    updated = sandbox_api.put(
        f"/10dlc/campaign/{campaign_id}", {"sample1": "Acme: ticket updated. Reply STOP to end."}
    )

    assert (updated.json["campaignStatus"], updated.json["failureReasons"]) == ("TCR_ACCEPTED", None)
    assert campaign_events(sandbox, campaign_id)[-1]["eventType"] == "CAMPAIGN_UPDATE"
    sandbox.advance(30)
    assert campaign_status(sandbox_api, campaign_id) == "MNO_PROVISIONED"


def test_an_empty_update_of_a_telnyx_failed_campaign_changes_nothing(sandbox, sandbox_api, acme_brand):
    campaign_id = submit(sandbox_api, acme_brand, sample1="Acme: ticket updated.", sample2=None)["campaignId"]
    sandbox.advance(12)
    events_before = campaign_events(sandbox, campaign_id)

    assert sandbox_api.put(f"/10dlc/campaign/{campaign_id}", {}).json["campaignStatus"] == "TELNYX_FAILED"
    assert campaign_events(sandbox, campaign_id) == events_before


def test_reviews_read_the_content_when_they_run(sandbox, sandbox_api, acme_brand):
    campaign_id = submit(sandbox_api, acme_brand)["campaignId"]

    sandbox_api.put(
        f"/10dlc/campaign/{campaign_id}", {"sample1": "Acme: no opt-out here.", "sample2": "Acme: none."}
    )
    sandbox.advance(12)

    assert campaign(sandbox_api, campaign_id)["failureReasons"] == OPT_OUT


def test_an_appeal_without_changes_fails_the_same_review_again(
    sandbox, sandbox_api, sandbox_control, acme_brand
):
    campaign_id = submit(sandbox_api, acme_brand, sample1="Acme: ticket updated.", sample2=None)["campaignId"]
    sandbox.advance(12)

    for reason in ("First try.", "Second try."):
        assert (
            sandbox_api.post(f"/10dlc/campaign/{campaign_id}/appeal", {"appeal_reason": reason}).status_code
            == 200
        )
        assert campaign_status(sandbox_api, campaign_id) == "TCR_ACCEPTED"
        sandbox.advance(10)
        assert campaign_status(sandbox_api, campaign_id) == "TELNYX_FAILED"

    assert event_kinds(sandbox, campaign_id)[2:] == [
        ("TCR_EVENT", "CAMPAIGN_RESUBMISSION"),
        ("TELNYX_REVIEW", "REJECTED"),
        ("TCR_EVENT", "CAMPAIGN_RESUBMISSION"),
        ("TELNYX_REVIEW", "REJECTED"),
    ]
    history = sandbox_control.get(f"/campaigns/{campaign_id}/appeals").json["records"]
    assert [(item["appealReason"], item["fromStatus"]) for item in history] == [
        ("First try.", "TELNYX_FAILED"),
        ("Second try.", "TELNYX_FAILED"),
    ]


def test_an_appeal_of_a_fixed_mno_rejected_campaign_provisions_it(sandbox, sandbox_api, acme_brand):
    campaign_id = submit(
        sandbox_api, acme_brand, sample1="Acme: see https://bit.ly/x Reply STOP.", embeddedLink=True
    )["campaignId"]
    sandbox.advance(PROVISION_SECONDS)
    fixed = sandbox_api.put(
        f"/10dlc/campaign/{campaign_id}", {"sample1": "Acme: see https://acme.example/x Reply STOP."}
    )
    assert fixed.json["campaignStatus"] == "MNO_REJECTED"

    sandbox_api.post(f"/10dlc/campaign/{campaign_id}/appeal", {"appeal_reason": "We use our own domain now."})

    assert operation_status(sandbox_api, campaign_id) == dict.fromkeys(CARRIER_IDS, "REVIEW")
    sandbox.advance(30)
    assert campaign_status(sandbox_api, campaign_id) == "MNO_PROVISIONED"
    assert operation_status(sandbox_api, campaign_id) == dict.fromkeys(CARRIER_IDS, "APPROVED")


# --- control-plane transitions --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "events", "next_step", "submission_status"),
    [
        ("TCR_PENDING", [("TCR_EVENT", "CAMPAIGN_RESUBMISSION")], "campaign.tcr_review", "PENDING"),
        ("TCR_ACCEPTED", [("TCR_EVENT", "CAMPAIGN_ADD")], "campaign.telnyx_review", "CREATED"),
        ("TCR_FAILED", [("REGISTRATION", "failed")], None, "FAILED"),
        ("TELNYX_ACCEPTED", [("TELNYX_REVIEW", "ACCEPTED")], "campaign.mno_review", "CREATED"),
        ("TELNYX_FAILED", [("TELNYX_REVIEW", "REJECTED")], None, "CREATED"),
        ("MNO_PENDING", [("TELNYX_REVIEW", "ACCEPTED")], "campaign.mno_review", "CREATED"),
        ("MNO_ACCEPTED", [("MNO_REVIEW", "ACCEPTED")], "campaign.provision", "CREATED"),
        ("MNO_REJECTED", [("MNO_REVIEW", "REJECTED")], None, "CREATED"),
        # A provisioned campaign with no numbers starts its 15 days towards dormancy.
        (
            "MNO_PROVISIONED",
            [("MNO_REVIEW", "ACCEPTED"), ("TCR_EVENT", "CAMPAIGN_DCA_COMPLETE"), ("VERIFIED", None)],
            "campaign.dormancy_check",
            "CREATED",
        ),
        ("MNO_PROVISIONING_FAILED", [("MNO_REVIEW", "REJECTED")], None, "CREATED"),
        ("TCR_SUSPENDED", [("TELNYX_EVENT", "DORMANT")], None, "CREATED"),
        ("TCR_EXPIRED", [("TCR_EVENT", "CAMPAIGN_EXPIRED")], None, "CREATED"),
    ],
)
def test_forced_transition_emits_the_webhook_and_schedules_the_next_step(
    sandbox, sandbox_api, sandbox_control, acme_brand, status, events, next_step, submission_status
):
    campaign_id = insert_campaign(sandbox, acme_brand, webhookURL="http://127.0.0.1:9/h")["campaignId"]

    response = sandbox_control.post(f"/campaigns/{campaign_id}/transition", {"campaignStatus": status})

    assert response.status_code == 200
    assert (response.json["campaignStatus"], response.json["submissionStatus"]) == (status, submission_status)
    assert sandbox_api.get(f"/10dlc/campaign/{campaign_id}").json == response.json
    assert event_kinds(sandbox, campaign_id) == events
    for event in campaign_events(sandbox, campaign_id):
        CampaignStatusUpdate.model_validate(event)
    assert pending_kinds(sandbox, campaign_id) == ([next_step] if next_step else [])
    delivery = sandbox.store.one("SELECT url FROM webhook_deliveries ORDER BY id DESC LIMIT 1")
    assert delivery["url"] == "http://127.0.0.1:9/h"


@pytest.mark.parametrize(
    ("status", "seconds"),
    [
        ("TCR_PENDING", 32),
        ("TCR_ACCEPTED", 30),
        ("TELNYX_ACCEPTED", 20),
        ("MNO_PENDING", 20),
        ("MNO_ACCEPTED", 5),
    ],
)
def test_a_forced_status_continues_on_the_clock(
    sandbox, sandbox_api, sandbox_control, acme_brand, status, seconds
):
    campaign_id = insert_campaign(sandbox, acme_brand)["campaignId"]
    sandbox_control.post(f"/campaigns/{campaign_id}/transition", {"campaignStatus": status})

    sandbox.advance(seconds - 0.5)
    assert campaign_status(sandbox_api, campaign_id) != "MNO_PROVISIONED"
    sandbox.advance(0.5)
    assert campaign_status(sandbox_api, campaign_id) == "MNO_PROVISIONED"


def test_a_forced_transition_cancels_the_pending_review(sandbox, sandbox_api, sandbox_control, acme_brand):
    campaign_id = submit(sandbox_api, acme_brand)["campaignId"]

    sandbox_control.post(f"/campaigns/{campaign_id}/transition", {"status": "MNO_PROVISIONED"})
    sandbox.advance(PROVISION_SECONDS * 2)

    assert campaign_status(sandbox_api, campaign_id) == "MNO_PROVISIONED"
    assert event_kinds(sandbox, campaign_id) == [
        ("MNO_REVIEW", "ACCEPTED"),
        ("TCR_EVENT", "CAMPAIGN_DCA_COMPLETE"),
        ("VERIFIED", None),
    ]


def test_forced_failures_name_the_rules_the_content_breaks(sandbox, sandbox_api, sandbox_control, acme_brand):
    good = insert_campaign(sandbox, acme_brand)["campaignId"]
    bad = insert_campaign(sandbox, acme_brand, sample1="Acme: hi.", sample2="Acme: bye.")["campaignId"]

    for campaign_id, reasons in ((good, FORCED), (bad, OPT_OUT)):
        forced = sandbox_control.post(
            f"/campaigns/{campaign_id}/transition", {"campaignStatus": "TELNYX_FAILED"}
        ).json
        assert forced["failureReasons"] == reasons
    rejected = sandbox_control.post(f"/campaigns/{good}/transition", {"campaignStatus": "MNO_REJECTED"}).json
    assert rejected["failureReasons"] == f"AT&T (10017): {FORCED}"
    assert operation_status(sandbox_api, good)["10017"] == "REJECTED"
    failed = sandbox_control.post(f"/campaigns/{good}/transition", {"campaignStatus": "TCR_FAILED"}).json
    assert failed["failureReasons"] == FORCED
    assert campaign_events(sandbox, good)[-1]["reasons"] == [{"fields": [], "description": FORCED}]


def test_a_forced_rejection_carries_the_reviewers_words(sandbox, sandbox_api, sandbox_control, acme_brand):
    campaign_id = submit(sandbox_api, acme_brand)["campaignId"]
    sandbox.advance(PROVISION_SECONDS)
    words = "805: the privacy policy does not say opt-in data is not shared."

    rejected = sandbox_control.post(
        f"/campaigns/{campaign_id}/transition", {"campaignStatus": "MNO_REJECTED", "reason": words}
    ).json
    assert rejected["failureReasons"] == f"AT&T (10017): {words}"
    assert campaign_events(sandbox, campaign_id)[-1]["description"].endswith(
        f"rejected by AT&T (10017): {words}"
    )
    failed = sandbox_control.post(
        f"/campaigns/{campaign_id}/transition", {"campaignStatus": "TELNYX_FAILED", "reason": "806"}
    ).json
    assert failed["failureReasons"] == "806"


@pytest.mark.parametrize(
    "body",
    [
        {"campaignStatus": "MNO_PROVISIONED", "reason": "805"},
        {"campaignStatus": "MNO_REJECTED", "reason": " "},
        {"campaignStatus": "MNO_REJECTED", "reason": 805},
    ],
)
def test_a_reason_is_words_and_only_for_a_rejection(sandbox_api, sandbox_control, acme_brand, body):
    campaign_id = submit(sandbox_api, acme_brand)["campaignId"]

    response = sandbox_control.post(f"/campaigns/{campaign_id}/transition", body)

    assert response.status_code == 422
    assert pointers(response) == ["/reason"]


def test_suspension_after_provisioning(sandbox, sandbox_api, sandbox_control, acme_brand):
    campaign_id = submit(sandbox_api, acme_brand)["campaignId"]
    sandbox.advance(PROVISION_SECONDS)

    suspended = sandbox_control.post(
        f"/campaigns/{campaign_id}/transition", {"campaignStatus": "TCR_SUSPENDED"}
    ).json

    assert (suspended["isTMobileRegistered"], suspended["isTMobileSuspended"]) == (True, True)
    assert campaign_events(sandbox, campaign_id)[-1] == {
        "campaignId": campaign_id,
        "type": "TELNYX_EVENT",
        "status": "DORMANT",
        "description": "Campaign has been marked as dormant",
    }
    assert operation_status(sandbox_api, campaign_id) == dict.fromkeys(CARRIER_IDS, "SUSPENDED")
    assert sandbox_api.get(f"/10dlc/campaign/{campaign_id}/osr/attributes").json["status"] == "0"


def test_forcing_tcr_expired_deactivates_the_campaign(sandbox, sandbox_api, sandbox_control, acme_brand):
    campaign_id = submit(sandbox_api, acme_brand)["campaignId"]

    expired = sandbox_control.post(
        f"/campaigns/{campaign_id}/transition", {"campaignStatus": "TCR_EXPIRED"}
    ).json

    assert expired["status"] == "EXPIRED"
    assert (
        sandbox.store.scalar("SELECT campaign_count FROM brands WHERE brand_id = ?", (acme_brand["brandId"],))
        == 0
    )
    again = sandbox_control.post(f"/campaigns/{campaign_id}/transition", {"campaignStatus": "TCR_ACCEPTED"})
    assert again.status_code == 400
    assert sandbox_api.delete(f"/10dlc/campaign/{campaign_id}").status_code == 400


@pytest.mark.parametrize(
    ("body", "pointer"),
    [
        ({}, "/campaignStatus"),
        ({"campaignStatus": "PROVISIONED"}, "/campaignStatus"),
        ({"status": "ACTIVE"}, "/status"),
        ({"campaignStatus": None}, "/campaignStatus"),
    ],
)
def test_transition_validation(sandbox, sandbox_control, acme_brand, body, pointer):
    campaign_id = insert_campaign(sandbox, acme_brand)["campaignId"]

    response = sandbox_control.post(f"/campaigns/{campaign_id}/transition", body)

    assert response.status_code == 422
    assert pointers(response) == [pointer]


def test_transition_of_an_unknown_campaign_is_404(sandbox_control):
    assert (
        sandbox_control.post("/campaigns/4b30nope/transition", {"campaignStatus": "TCR_ACCEPTED"}).status_code
        == 404
    )
