"""Fixing a rejected campaign: its content prefilled, the paths its status allows with their costs and
reasons, and each path against the live sandbox: the update sends the campaign back to review, the appeal
sends the described fix, the new campaign takes the old one's numbers once (and only once) it is approved,
and a pending move can be cancelled."""

from decimal import Decimal

import pytest

from tendlc.models import AuditEntry, Campaign, CampaignAppeal, Charge, NumberMove, PhoneNumberAssignment
from tendlc.services.campaign_actions import campaign_reload
from tendlc.services.campaign_builder import UsecaseQualification
from tendlc.services.errors import WorkflowError
from tendlc.services.mirror import rows_upsert
from tendlc.services.number_moves import number_move_cancel, number_move_run
from tendlc.services.numbers import number_assign
from tendlc.services.resubmissions import (
    appeal_reason_describe,
    campaign_is_rejected,
    campaign_resubmit_appeal,
    campaign_resubmit_new,
    campaign_resubmit_update,
    resubmission_changes,
    resubmission_content,
    resubmission_paths,
)
from tendlc.tasks.number_moves import move_campaign_numbers
from tests.factories import CampaignFactory
from tests.fixtures.campaigns import CLEAN_CONTENT, qualify

pytestmark = pytest.mark.django_db

FIXED_SAMPLE = "Acme Mobile: your ticket 4821 is closed. Reply STOP to opt out, HELP for help."
NUMBERS = ("+13125550111", "+13125550112")
ELIGIBLE = UsecaseQualification(brand_id="", usecase="CUSTOMER_CARE", eligible=True)


@pytest.fixture
def force_status(sandbox_control):
    """Move a campaign to ``status`` in the sandbox, as a review would, and read it again here."""

    def move(campaign: Campaign, status: str, user=None, client=None) -> Campaign:
        response = sandbox_control.post(
            f"/campaigns/{campaign.campaign_id}/transition", {"campaignStatus": status}
        )
        assert response.status_code == 200, response.json
        if client is not None:
            campaign_reload(campaign=campaign, user=user, client=client)
        else:
            Campaign.objects.filter(pk=campaign.pk).update(campaign_status=status)
            campaign.refresh_from_db()
        return campaign

    return move


@pytest.fixture
def moves_run_at_once(monkeypatch, portal_api):
    """The move's task run in this process when it is queued, as a worker would run it (its client pointed at
    the sandbox)."""
    queued: list[int] = []

    def run(args, **options):
        queued.append(args[0])
        return move_campaign_numbers.apply(args)

    monkeypatch.setattr(move_campaign_numbers, "apply_async", run)
    return queued


def paths_of(campaign, content, user, qualification=ELIGIBLE) -> dict[str, str]:
    """Each path's refusal ("" when open), by name."""
    found = resubmission_paths(campaign=campaign, content=content, qualification=qualification, user=user)
    return {path.name: path.refusal for path in found}


def actions() -> list[tuple[str, str]]:
    return list(AuditEntry.objects.order_by("pk").values_list("action", "outcome"))


# --- prefill and paths -------------------------------------------------------------------------------------------


def test_the_prefill_is_every_content_field_of_the_campaign(db):
    campaign = CampaignFactory(
        campaign_status="TELNYX_FAILED", help_message="Acme: help at acme.example.", subscriber_optin=True
    )

    content = resubmission_content(campaign)

    assert content["description"] == "Acme answers customer questions by text."
    assert content["sample1"] == "Acme: your ticket was updated. Reply STOP to opt out."
    assert (content["help_message"], content["sample2"], content["subscriber_optin"]) == (
        "Acme: help at acme.example.",
        "",
        True,
    )
    assert (content["embedded_link"], content["sub_usecases"]) == (False, [])
    assert resubmission_changes(campaign, content) == []


@pytest.mark.parametrize(
    ("status", "operation", "rejected"),
    [
        ("TELNYX_FAILED", "", True),
        ("MNO_REJECTED", "REJECTED", True),
        ("TCR_FAILED", "", True),
        ("MNO_PENDING", "REJECTED", True),
        ("MNO_PROVISIONED", "APPROVED", False),
    ],
)
def test_a_campaign_is_rejected_by_its_status_or_by_one_carrier(db, status, operation, rejected):
    campaign = CampaignFactory(campaign_status=status)
    campaign.mno_statuses.create(network_id=10035, mno="T-Mobile", operation_status=operation)

    assert campaign_is_rejected(campaign) is rejected


@pytest.mark.parametrize(
    ("status", "changed", "expected"),
    [
        (
            "TELNYX_FAILED",
            {"sample2": FIXED_SAMPLE},
            {
                "update": "",
                "appeal": "Updating a campaign Telnyx rejected sends it back to review by itself, at the same"
                " cost: choose Update and re-review.",
                "new": "",
            },
        ),
        (
            "TELNYX_FAILED",
            {},
            {
                "update": "Nothing has changed yet: an update sends the campaign back to review only with a"
                " change.",
                "appeal": "",
                "new": "",
            },
        ),
        (
            "MNO_REJECTED",
            {"sample2": FIXED_SAMPLE},
            {
                "update": "The 10DLC API has no way to send a campaign a carrier rejected back to the carriers:"
                " an update would change its record, but no carrier would review it again. Appeal instead:"
                " the appeal carries the same update.",
                "appeal": "",
                "new": "",
            },
        ),
        (
            "TCR_FAILED",
            {"sample2": FIXED_SAMPLE},
            {
                "update": "The Campaign Registry refused this campaign: no update brings it back. Register a new"
                " campaign.",
                "appeal": "Only a campaign Telnyx or a carrier rejected can be appealed; this one is Rejected"
                " by TCR.",
                "new": "",
            },
        ),
        (
            "TELNYX_FAILED",
            {"description": "Acme answers support questions.", "optin_message": "Acme: subscribed."},
            {
                "update": "An update may change only the sample messages, message flow, help message,"
                " auto-renewal and webhooks; you changed the description and opt-in message, which only a"
                " new campaign registers.",
                "appeal": "An appeal cannot register the description and opt-in message: only the fields an"
                " update may change go with it. Register a new campaign for those.",
                "new": "",
            },
        ),
    ],
    ids=["telnyx-sample", "telnyx-unchanged", "carrier", "registry", "telnyx-description"],
)
def test_the_status_and_the_changes_decide_the_paths(compliance_admin, status, changed, expected):
    campaign = CampaignFactory(campaign_status=status)

    content = {**resubmission_content(campaign), **changed}

    assert paths_of(campaign, content, compliance_admin) == expected


def test_only_a_compliance_admin_may_take_the_appeal(staff_user):
    campaign = CampaignFactory(campaign_status="MNO_REJECTED")

    assert paths_of(campaign, resubmission_content(campaign), staff_user)["appeal"] == (
        "Only a Compliance admin may appeal a campaign."
    )


def test_a_new_campaign_is_closed_when_the_brand_may_build_no_other(compliance_admin):
    campaign = CampaignFactory(campaign_status="TELNYX_FAILED", brand__entity_type="SOLE_PROPRIETOR")

    refusal = paths_of(campaign, resubmission_content(campaign), compliance_admin)["new"]

    assert refusal == "A sole proprietor may have only one campaign, and this one has it already."


def test_each_path_says_what_it_costs(compliance_admin):
    campaign = CampaignFactory(campaign_status="TELNYX_FAILED")
    content = {**resubmission_content(campaign), "number_pool": True}

    found = resubmission_paths(
        campaign=campaign, content=content, qualification=ELIGIBLE, user=compliance_admin
    )

    assert [(path.name, path.cost, path.cost_words) for path in found] == [
        ("update", Decimal("15.00"), "$15.00: the campaign review, charged again."),
        ("appeal", Decimal("15.00"), "$15.00: the campaign review, charged again."),
        (
            "new",
            Decimal("95.00"),
            "$95.00: three months up front at $10.00 a month and the campaign review ($15.00), and the"
            " number pool ($50.00); then $10.00 a month.",
        ),
    ]


def test_the_appeal_reason_describes_the_fields_changed(db):
    campaign = CampaignFactory(campaign_status="MNO_REJECTED")
    content = {**resubmission_content(campaign), "sample2": FIXED_SAMPLE, "subscriber_help": True}

    assert appeal_reason_describe(campaign, content) == (
        f'Fixed since the rejection:\n- sample 2: now "{FIXED_SAMPLE}"\n- subscriber help: now yes'
    )


# --- the paths against the sandbox ----------------------------------------------------------------------------


def test_the_update_path_changes_the_campaign_and_sends_it_back_to_review(
    rejected_campaign, tendlc_client, dlc, compliance_admin
):
    content = {**resubmission_content(rejected_campaign), "sample2": FIXED_SAMPLE}

    campaign_resubmit_update(
        campaign=rejected_campaign, content=content, user=compliance_admin, client=tendlc_client
    )

    remote = dlc.campaign.retrieve(rejected_campaign.campaign_id)
    assert (remote.sample2, remote.campaign_status) == (FIXED_SAMPLE, "TCR_ACCEPTED")
    stored = Campaign.objects.get(pk=rejected_campaign.pk)
    assert (stored.sample2, stored.campaign_status) == (FIXED_SAMPLE, "TCR_ACCEPTED")
    assert actions() == [("campaign.update", "succeeded"), ("campaign.resubmit", "succeeded")]
    assert AuditEntry.objects.get(action="campaign.resubmit").request_summary == {
        "path": "update",
        "changed": ["sample2"],
        "status_before": "TELNYX_FAILED",
    }
    assert list(Charge.objects.values_list("kind", "amount")) == [("CAMPAIGN_REVIEW", Decimal("15.00"))]


def test_the_update_path_refuses_a_field_no_update_changes_and_sends_nothing(
    rejected_campaign, tendlc_client, dlc, compliance_admin
):
    content = {**resubmission_content(rejected_campaign), "description": "Acme answers support questions."}

    with pytest.raises(WorkflowError) as refused:
        campaign_resubmit_update(
            campaign=rejected_campaign, content=content, user=compliance_admin, client=tendlc_client
        )

    assert refused.value.field == "path"
    assert dlc.campaign.retrieve(rejected_campaign.campaign_id).campaign_status == "TELNYX_FAILED"
    assert actions() == [("campaign.resubmit", "failed")]


def test_the_appeal_path_updates_what_it_may_and_sends_the_described_fix(
    make_portal_campaign, force_status, tendlc_client, dlc, compliance_admin
):
    campaign = force_status(make_portal_campaign(), "MNO_REJECTED")
    content = {**resubmission_content(campaign), "sample2": FIXED_SAMPLE}
    reason = appeal_reason_describe(campaign, content)

    appeal = campaign_resubmit_appeal(
        campaign=campaign, content=content, reason=reason, user=compliance_admin, client=tendlc_client
    )

    remote = dlc.campaign.retrieve(campaign.campaign_id)
    assert (remote.sample2, remote.campaign_status) == (FIXED_SAMPLE, "TCR_ACCEPTED")
    assert CampaignAppeal.objects.get() == appeal
    assert (appeal.appeal_reason, appeal.status_before) == (
        f'Fixed since the rejection:\n- sample 2: now "{FIXED_SAMPLE}"',
        "MNO_REJECTED",
    )
    assert actions() == [
        ("campaign.update", "succeeded"),
        ("campaign.appeal", "succeeded"),
        ("campaign.resubmit", "succeeded"),
    ]


def test_an_appeal_without_a_reason_sends_nothing(
    make_portal_campaign, force_status, tendlc_client, dlc, compliance_admin
):
    campaign = force_status(make_portal_campaign(), "MNO_REJECTED")
    content = {**resubmission_content(campaign), "sample2": FIXED_SAMPLE}

    with pytest.raises(WorkflowError) as refused:
        campaign_resubmit_appeal(
            campaign=campaign, content=content, reason=" ", user=compliance_admin, client=tendlc_client
        )

    assert (refused.value.field, refused.value.message) == (
        "appeal_reason",
        "Say what changed and why the campaign should pass now.",
    )
    remote = dlc.campaign.retrieve(campaign.campaign_id)
    assert (remote.sample2 != FIXED_SAMPLE, remote.campaign_status) == (True, "MNO_REJECTED")
    assert CampaignAppeal.objects.count() == 0


@pytest.fixture
def rejected_with_numbers(make_portal_campaign, force_status, tendlc_client, compliance_admin, advance):
    """A carrier-rejected campaign holding two assigned numbers, there and here."""
    campaign = make_portal_campaign()
    for number in NUMBERS:
        number_assign(
            phone_number=number, campaign_id=campaign.campaign_id, user=compliance_admin, client=tendlc_client
        )
    advance(3)
    campaign = force_status(campaign, "MNO_REJECTED")
    AuditEntry.objects.all().delete()
    return campaign


def resubmit_new(campaign, user, client) -> NumberMove:
    return campaign_resubmit_new(
        campaign=campaign,
        qualification=qualify(campaign.brand, client),
        content={**CLEAN_CONTENT, "sample2": FIXED_SAMPLE},
        run_id="resubmit-run-1",
        override_reason="",
        user=user,
        client=client,
    )


def numbers_on(dlc, campaign: Campaign) -> list[str]:
    return sorted(
        number
        for number in NUMBERS
        if dlc.phone_number_campaigns.retrieve(number).campaign_id == campaign.campaign_id
    )


def test_the_new_campaign_path_moves_the_numbers_once_the_new_campaign_is_approved(
    rejected_with_numbers,
    tendlc_client,
    dlc,
    compliance_admin,
    force_status,
    moves_run_at_once,
    django_capture_on_commit_callbacks,
):
    move = resubmit_new(rejected_with_numbers, compliance_admin, tendlc_client)

    new = move.to_campaign
    assert (move.state, move.from_campaign, new.sample2) == ("pending", rejected_with_numbers, FIXED_SAMPLE)
    assert dlc.campaign.retrieve(new.campaign_id).sample2 == FIXED_SAMPLE
    assert numbers_on(dlc, rejected_with_numbers) == list(NUMBERS)

    with django_capture_on_commit_callbacks(execute=True):
        force_status(new, "MNO_PROVISIONED", compliance_admin, tendlc_client)

    move.refresh_from_db()
    assert (move.state, move.moved, move.refused) == ("done", list(NUMBERS), {})
    assert numbers_on(dlc, new) == list(NUMBERS)
    assert set(PhoneNumberAssignment.objects.values_list("campaign", flat=True)) == {new.pk}
    moves = AuditEntry.objects.filter(action="number.move")
    assert (moves.count(), moves.filter(user=compliance_admin).count()) == (2, 2)
    run = AuditEntry.objects.get(action="number_move.run")
    assert run.request_summary["moved"] == list(NUMBERS)
    assert moves_run_at_once == [move.pk]


def test_the_same_approval_seen_again_moves_nothing_twice(
    rejected_with_numbers,
    tendlc_client,
    dlc,
    compliance_admin,
    force_status,
    moves_run_at_once,
    django_capture_on_commit_callbacks,
):
    move = resubmit_new(rejected_with_numbers, compliance_admin, tendlc_client)
    new = move.to_campaign
    with django_capture_on_commit_callbacks(execute=True):
        force_status(new, "MNO_ACCEPTED", compliance_admin, tendlc_client)
    with django_capture_on_commit_callbacks(execute=True):
        force_status(new, "MNO_PROVISIONED", compliance_admin, tendlc_client)
    # A redelivered message of the task.
    move_campaign_numbers.apply((move.pk,))

    assert moves_run_at_once == [move.pk]
    assert AuditEntry.objects.filter(action="number.move").count() == 2
    assert AuditEntry.objects.filter(action="number_move.run").count() == 1
    assert numbers_on(dlc, new) == list(NUMBERS)


def test_a_cancelled_move_moves_nothing(
    rejected_with_numbers,
    tendlc_client,
    dlc,
    compliance_admin,
    staff_user,
    force_status,
    moves_run_at_once,
    django_capture_on_commit_callbacks,
):
    move = resubmit_new(rejected_with_numbers, compliance_admin, tendlc_client)

    number_move_cancel(move=move, user=staff_user)
    with django_capture_on_commit_callbacks(execute=True):
        force_status(move.to_campaign, "MNO_PROVISIONED", compliance_admin, tendlc_client)

    move.refresh_from_db()
    assert (move.state, move.ended_by, move.moved) == ("cancelled", staff_user, [])
    assert moves_run_at_once == []
    assert number_move_run(move=move, client=tendlc_client).state == "cancelled"
    assert numbers_on(dlc, rejected_with_numbers) == list(NUMBERS)
    cancel = AuditEntry.objects.get(action="number_move.cancel")
    assert (cancel.user, cancel.request_summary) == (staff_user, {"number_move": move.pk})
    with pytest.raises(WorkflowError, match=r"^This move is cancelled: there is nothing to cancel\.$"):
        number_move_cancel(move=move, user=staff_user)


def test_a_move_waits_while_the_new_campaign_is_not_approved(db, tendlc_client):
    move = NumberMove.objects.create(
        from_campaign=CampaignFactory(campaign_status="MNO_REJECTED"),
        to_campaign=CampaignFactory(campaign_status="MNO_PENDING"),
    )

    assert number_move_run(move=move, client=tendlc_client).state == "pending"
    assert AuditEntry.objects.count() == 0


@pytest.mark.parametrize(("status", "queued"), [("MNO_PROVISIONED", True), ("MNO_PENDING", False)])
def test_an_approval_written_by_a_sync_queues_the_move(
    db, monkeypatch, django_capture_on_commit_callbacks, status, queued
):
    new = CampaignFactory(campaign_status="TELNYX_ACCEPTED")
    move = NumberMove.objects.create(
        from_campaign=CampaignFactory(campaign_status="MNO_REJECTED"), to_campaign=new
    )
    published: list[tuple] = []
    monkeypatch.setattr(move_campaign_numbers, "apply_async", lambda args, **options: published.append(args))

    with django_capture_on_commit_callbacks(execute=True):
        rows_upsert(
            Campaign,
            [(new, {"campaign_id": new.campaign_id, "campaign_status": status})],
            unique_fields=["campaign_id"],
        )

    assert Campaign.objects.get(pk=new.pk).campaign_status == status
    assert published == ([(move.pk,)] if queued else [])
