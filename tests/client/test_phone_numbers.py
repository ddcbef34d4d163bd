"""Number assignments N1-N5 and bulk assignment by messaging profile A1-A3, against the sandbox."""

import pytest

from tendlc.client import BadRequestError, NotFoundError
from tendlc.client.phone_numbers import (
    AssignmentTaskPhoneNumber,
    AssignmentTaskStatus,
    PhoneNumberCampaign,
    ProfileAssignment,
)

NUMBER = "+12025550111"
PROFILE = "4001767e-ce0f-4cae-9d5f-0d5e636e7809"


def test_n2_n3_assign_then_read(dlc, advance, provisioned_campaign):
    created = dlc.phone_number_campaigns.create(
        campaign_id=provisioned_campaign.campaign_id, phone_number=NUMBER
    )
    advance(3)
    read = dlc.phone_number_campaigns.retrieve(NUMBER)

    assert isinstance(created, PhoneNumberCampaign)
    assert (created.phone_number, created.campaign_id, created.assignment_status) == (
        NUMBER,
        provisioned_campaign.campaign_id,
        "PENDING_ASSIGNMENT",
    )
    assert (
        read.assignment_status,
        read.tmobile_number_mapping_status,
        read.non_tmobile_number_mapping_status,
    ) == (
        "ASSIGNED",
        "ADDED",
        "ADDED",
    )
    assert (read.telnyx_campaign_id, read.brand_id, read.tcr_campaign_id) == (
        provisioned_campaign.campaign_id,
        provisioned_campaign.brand_id,
        provisioned_campaign.tcr_campaign_id,
    )


def test_n2_a_number_already_assigned_is_refused_on_its_field(dlc, provisioned_campaign):
    dlc.phone_number_campaigns.create(campaign_id=provisioned_campaign.campaign_id, phone_number=NUMBER)

    with pytest.raises(BadRequestError) as caught:
        dlc.phone_number_campaigns.create(campaign_id=provisioned_campaign.campaign_id, phone_number=NUMBER)

    assert list(caught.value.field_errors) == ["phone_number"]


def test_n4_move_a_number_to_another_campaign(dlc, verified_brand, make_campaign):
    first, second = make_campaign(verified_brand.brand_id), make_campaign(verified_brand.brand_id)
    dlc.phone_number_campaigns.create(campaign_id=first.campaign_id, phone_number=NUMBER)

    moved = dlc.phone_number_campaigns.update(NUMBER, campaign_id=second.campaign_id, phone_number=NUMBER)

    assert (moved.campaign_id, moved.assignment_status) == (second.campaign_id, "PENDING_ASSIGNMENT")


def test_n5_delete_answers_the_record_being_removed(dlc, advance, provisioned_campaign):
    dlc.phone_number_campaigns.create(campaign_id=provisioned_campaign.campaign_id, phone_number=NUMBER)
    advance(3)

    removed = dlc.phone_number_campaigns.delete(NUMBER)
    advance(3)

    assert isinstance(removed, PhoneNumberCampaign)
    assert removed.assignment_status == "PENDING_UNASSIGNMENT"
    with pytest.raises(NotFoundError):
        dlc.phone_number_campaigns.retrieve(NUMBER)


@pytest.mark.parametrize(
    ("filter_key", "attribute"),
    [
        ("telnyx_campaign_id", "campaign_id"),
        ("telnyx_brand_id", "brand_id"),
        ("tcr_campaign_id", "tcr_campaign_id"),
        ("tcr_brand_id", "tcr_brand_id"),
    ],
)
def test_n1_list_filters(dlc, make_brand, make_campaign, filter_key, attribute):
    campaigns = [
        make_campaign(make_brand(name).brand_id, brand_name=name) for name in ("Brand One", "Brand Two")
    ]
    for n, campaign in enumerate(campaigns):
        dlc.phone_number_campaigns.create(campaign_id=campaign.campaign_id, phone_number=f"+1202555012{n}")
    wanted = campaigns[1]

    page = dlc.phone_number_campaigns.list(
        filter={filter_key: getattr(wanted, attribute)}, sort="assignmentStatus"
    )

    assert [record.phone_number for record in page.records] == ["+12025550121"]
    assert page.total_records == 1


def test_a1_a2_a3_assign_a_messaging_profile(dlc, sandbox_control, advance, provisioned_campaign):
    numbers = ["+12025550301", "+12025550302", "+447700900303"]
    sandbox_control.post(f"/messaging_profiles/{PROFILE}/numbers", {"phoneNumbers": numbers})
    bulk = dlc.phone_number_assignment_by_profile

    task = bulk.assign(messaging_profile_id=PROFILE, campaign_id=provisioned_campaign.campaign_id)
    pending = bulk.retrieve_status(task.task_id)
    advance(10)
    done = bulk.retrieve_status(task.task_id)
    listed = bulk.list_phone_number_status(task.task_id)
    retrieved = bulk.retrieve_phone_number_status(task_id=task.task_id, page=1, records_per_page=20)

    assert isinstance(task, ProfileAssignment)
    assert (task.messaging_profile_id, task.campaign_id, task.tcr_campaign_id) == (
        PROFILE,
        provisioned_campaign.campaign_id,
        provisioned_campaign.tcr_campaign_id,
    )
    assert isinstance(pending, AssignmentTaskStatus)
    assert (pending.task_id, pending.status, done.status) == (task.task_id, "pending", "completed")
    assert all(isinstance(record, AssignmentTaskPhoneNumber) for record in listed.records)
    assert [(r.phone_number, r.status, r.task_id) for r in listed.records] == [
        ("+12025550301", "success", task.task_id),
        ("+12025550302", "success", task.task_id),
        ("+447700900303", "failed", task.task_id),
    ]
    assert retrieved.records == listed.records
    assert dlc.phone_number_campaigns.retrieve("+12025550302").assignment_status == "ASSIGNED"


def test_a1_a_shared_campaign_by_its_tcr_id(dlc, sandbox_control):
    tcr_campaign_id = sandbox_control.post("/partner_campaigns", {"accepted": True}).json["tcrCampaignId"]

    task = dlc.phone_number_assignment_by_profile.assign(
        messaging_profile_id=PROFILE, tcr_campaign_id=tcr_campaign_id
    )

    assert (task.tcr_campaign_id, task.campaign_id) == (tcr_campaign_id, None)
