"""Record pages a person can scan (issue 18): the summary at the top (status in words, carrier chips, key ids,
what to do next) and the tabs the form's fieldsets and the panels are shown in.

"What to do next" follows ``tendlc.selectors.next_steps``' tables; each row is checked here on the page.
"""

import pytest
from django.utils import timezone
from django.utils.html import escape

from tendlc.admin.tabs import DETAILS, TECHNICAL
from tendlc.models import CampaignMnoStatus
from tests.admin.test_campaign_admin import change_data
from tests.factories import (
    AssignmentTaskFactory,
    BrandFactory,
    CampaignFactory,
    PartnerCampaignFactory,
    PhoneNumberAssignmentFactory,
    SmsOtpVerificationFactory,
)

pytestmark = pytest.mark.django_db


def change_page(obj) -> str:
    return f"/admin/tendlc/{obj._meta.model_name}/{obj.pk}/change/"


def next_steps(client, obj) -> list[str]:
    response = client.get(change_page(obj))
    assert response.status_code == 200
    steps = response.context["summary"].next_steps
    for step in steps:
        assert f"<p>{escape(step)}</p>" in response.content.decode()
    return steps


def no_campaign_yet(**fields):
    return BrandFactory(**fields)


def with_campaign(**fields):
    return CampaignFactory(brand=BrandFactory(**fields)).brand


@pytest.mark.parametrize(
    ("make", "fields", "steps"),
    [
        (
            with_campaign,
            {"remote_deleted_at": timezone.now()},
            ["Nothing: Telnyx deleted this brand; its record is kept for its history."],
        ),
        (
            no_campaign_yet,
            {"brand_id": None, "status": ""},
            ["Correct the brand and save it: saving submits it to Telnyx again."],
        ),
        (
            no_campaign_yet,
            {"status": "REGISTRATION_PENDING", "identity_status": ""},
            ["Wait for the registry to register the brand: its status arrives by itself."],
        ),
        (
            no_campaign_yet,
            {"status": "REGISTRATION_FAILED", "identity_status": "UNVERIFIED"},
            ["Fix what the registry feedback names, save the brand, then ask for a revet."],
        ),
        (
            no_campaign_yet,
            {"entity_type": "SOLE_PROPRIETOR", "identity_status": "UNVERIFIED", "ein": ""},
            ["Verify the brand by SMS OTP: send a PIN to its mobile phone (Send SMS OTP), then enter it."],
        ),
        (
            no_campaign_yet,
            {"entity_type": "PUBLIC_PROFIT", "identity_status": "UNVERIFIED"},
            [
                "Ask the business contact to answer the verification e-mail; resend it if it was lost"
                " (Resend 2FA e-mail)."
            ],
        ),
        (
            no_campaign_yet,
            {"entity_type": "NON_PROFIT", "identity_status": "UNVERIFIED"},
            [
                "Verify the brand's identity: fix what the registry feedback names and ask for a revet,"
                " or order an external vetting."
            ],
        ),
        (
            no_campaign_yet,
            {"identity_status": "VETTED_VERIFIED"},
            ["Build a campaign for this brand: it is registered and verified."],
        ),
        (with_campaign, {"identity_status": "VERIFIED"}, ["Nothing needs doing now."]),
    ],
)
def test_what_to_do_next_on_a_brand(staff_client, make, fields, steps):
    assert next_steps(staff_client, make(**fields)) == steps


@pytest.mark.parametrize(
    ("delivery_status", "step"),
    [
        ("PENDING", "Verify the brand by SMS OTP: enter the PIN sent to its mobile phone (Enter PIN)."),
        (
            "DELIVERED_HANDSET",
            "Verify the brand by SMS OTP: enter the PIN sent to its mobile phone (Enter PIN).",
        ),
        (
            "EXPIRED",
            "Verify the brand by SMS OTP: send a PIN to its mobile phone (Send SMS OTP), then enter it.",
        ),
    ],
)
def test_a_sole_proprietor_with_a_pin_sent_is_asked_for_the_pin(staff_client, delivery_status, step):
    otp = SmsOtpVerificationFactory(delivery_status=delivery_status)

    assert next_steps(staff_client, otp.brand) == [step]


WAITING = "Wait for the review: the registry and the carriers report by themselves."
ASSIGN_EARLY = "Assign numbers now: they go live once the carriers provision the campaign."


@pytest.mark.parametrize(
    ("fields", "numbers", "steps"),
    [
        (
            {"status": "EXPIRED"},
            1,
            ["Nothing: the campaign no longer runs. Build a new campaign to send again."],
        ),
        (
            {"remote_deleted_at": timezone.now()},
            0,
            ["Nothing: the campaign no longer runs. Build a new campaign to send again."],
        ),
        (
            {"campaign_status": "TELNYX_FAILED"},
            0,
            [
                "Telnyx rejected the campaign.",
                "Fix the campaign as the rejection asks, then appeal it (Appeal).",
            ],
        ),
        (
            {"campaign_status": "TCR_FAILED"},
            0,
            ["The registry rejected the campaign, which cannot be appealed: build a new one, fixed."],
        ),
        (
            {"campaign_status": "TCR_SUSPENDED", "is_t_mobile_suspended": True},
            0,
            [
                "Telnyx suspended the campaign for dormancy (no numbers for 15 days): bring it back with"
                " Reactivate, which assigns it a number."
            ],
        ),
        (
            {"campaign_status": "TCR_SUSPENDED"},
            1,
            ["The registry suspended the campaign: ask Telnyx support why and what it needs."],
        ),
        (
            {"campaign_status": "MNO_PROVISIONING_FAILED"},
            0,
            ["Refresh the campaign from the API; if provisioning still failed, ask Telnyx support."],
        ),
        ({"campaign_status": "TCR_PENDING"}, 0, [WAITING]),
        ({"campaign_status": "TCR_ACCEPTED"}, 0, [WAITING, ASSIGN_EARLY]),
        ({"campaign_status": "MNO_PENDING"}, 0, [WAITING, ASSIGN_EARLY]),
        ({"campaign_status": "MNO_PENDING"}, 1, [WAITING]),
        (
            {"campaign_status": "MNO_PROVISIONED"},
            0,
            ["Assign numbers to the campaign: it is provisioned and has none."],
        ),
        ({"campaign_status": "MNO_PROVISIONED"}, 2, ["Nothing needs doing now."]),
    ],
)
def test_what_to_do_next_on_a_campaign(staff_client, fields, numbers, steps):
    campaign = CampaignFactory(**fields)
    PhoneNumberAssignmentFactory.create_batch(numbers, campaign=campaign)

    assert next_steps(staff_client, campaign) == steps


@pytest.mark.parametrize(
    ("carriers", "t_mobile_flag", "named"),
    [
        ([(10017, "AT&T", "SUSPENDED"), (10035, "T-Mobile", "APPROVED")], False, "AT&T"),
        ([(10017, "AT&T", "SUSPENDED"), (10035, "T-Mobile", "SUSPENDED")], True, "AT&T, T-Mobile"),
        # The flag arrives with the campaign, before its carriers are read.
        ([(10035, "T-Mobile", "APPROVED")], True, "T-Mobile"),
    ],
)
def test_a_campaign_a_carrier_suspended_names_the_carriers_and_where_to_read_why(
    staff_client, carriers, t_mobile_flag, named
):
    campaign = CampaignFactory(campaign_status="MNO_PROVISIONED", is_t_mobile_suspended=t_mobile_flag)
    PhoneNumberAssignmentFactory(campaign=campaign)
    for network_id, mno, status in carriers:
        CampaignMnoStatus.objects.create(
            campaign=campaign, network_id=network_id, mno=mno, operation_status=status
        )

    assert next_steps(staff_client, campaign) == [
        f"Suspended by {named}: its messages there are blocked. The Timeline tab says why, in the carrier's"
        " words; fix what it names, then ask Telnyx support to have the suspension lifted."
    ]


def test_a_campaign_one_carrier_rejected_while_others_carry_it_says_so_not_assign_numbers(staff_client):
    campaign = CampaignFactory(campaign_status="MNO_PROVISIONED")
    for network_id, mno, status in [(10017, "AT&T", "APPROVED"), (10035, "T-Mobile", "REJECTED")]:
        CampaignMnoStatus.objects.create(
            campaign=campaign, network_id=network_id, mno=mno, operation_status=status
        )

    assert next_steps(staff_client, campaign) == [
        'Rejected by T-Mobile: its messages there are blocked. "Why it was rejected" above says what to change;'
        " then send it back with Fix and resubmit."
    ]


def test_a_campaign_rejected_by_carriers_names_them_and_shows_each_carriers_chip(staff_client):
    campaign = CampaignFactory(campaign_status="MNO_REJECTED")
    for network_id, mno, status in [
        (10017, "AT&T", "APPROVED"),
        (10035, "T-Mobile", "REJECTED"),
        (10037, "Verizon Wireless", "REVIEW"),
    ]:
        CampaignMnoStatus.objects.create(
            campaign=campaign, network_id=network_id, mno=mno, operation_status=status
        )

    response = staff_client.get(change_page(campaign))

    summary = response.context["summary"]
    assert summary.next_steps == [
        "Rejected by T-Mobile.",
        "Fix the campaign as the rejection asks, then appeal it (Appeal).",
    ]
    assert [(fact.label, str(fact.value)) for fact in summary.carriers] == [
        ("AT&T", '<span class="tendlc-badge tendlc-badge-good" data-status="APPROVED">Approved</span>'),
        ("T-Mobile", '<span class="tendlc-badge tendlc-badge-bad" data-status="REJECTED">Rejected</span>'),
        (
            "Verizon Wireless",
            '<span class="tendlc-badge tendlc-badge-pending" data-status="REVIEW">Review</span>',
        ),
    ]
    assert [(fact.label, str(fact.value)) for fact in summary.statuses] == [
        (
            "Campaign status",
            '<span class="tendlc-badge tendlc-badge-bad" data-status="MNO_REJECTED">Rejected by a carrier</span>',
        ),
        ("Status", '<span class="tendlc-badge tendlc-badge-good" data-status="ACTIVE">Active</span>'),
    ]


@pytest.mark.parametrize(
    ("fields", "numbers", "steps"),
    [
        ({"remote_deleted_at": timezone.now()}, 0, ["Nothing: the partner's campaign is gone from Telnyx."]),
        (
            {"sharing_status": "PENDING"},
            0,
            ["Accept the sharing (Accept sharing): then numbers can be assigned to the campaign."],
        ),
        ({"sharing_status": "DECLINED"}, 0, ["Nothing: the sharing was declined."]),
        (
            {"sharing_status": "ACCEPTED"},
            0,
            ["Assign numbers to the campaign: it takes numbers and has none here."],
        ),
        ({"sharing_status": "ACCEPTED"}, 1, ["Nothing needs doing now."]),
        ({"sharing_status": "ACCEPTED", "campaign_status": "MNO_REJECTED"}, 0, ["Nothing needs doing now."]),
    ],
)
def test_what_to_do_next_on_a_partner_campaign(staff_client, fields, numbers, steps):
    partner = PartnerCampaignFactory(**fields)
    PhoneNumberAssignmentFactory.create_batch(
        numbers,
        campaign=None,
        partner_campaign=partner,
        telnyx_campaign_id="",
        tcr_campaign_id="",
        brand_id="",
    )

    assert next_steps(staff_client, partner) == steps


@pytest.mark.parametrize(
    ("fields", "steps"),
    [
        (
            {"remote_deleted_at": timezone.now()},
            ["Nothing: the number was removed. Assign it again from the list if it should send."],
        ),
        (
            {"assignment_status": "PENDING_ASSIGNMENT"},
            ["Wait: Telnyx is assigning the number; its status arrives by itself."],
        ),
        (
            {"assignment_status": "PENDING_UNASSIGNMENT"},
            ["Wait: Telnyx is removing the number from its campaign; its status arrives by itself."],
        ),
        (
            {"assignment_status": "FAILED_ASSIGNMENT"},
            [
                "Read why the assignment failed, then move the number to a campaign that takes numbers"
                " or assign it again."
            ],
        ),
        (
            {"assignment_status": "FAILED_UNASSIGNMENT"},
            ["Remove the number again (Remove); if it fails again, ask Telnyx support."],
        ),
        ({"assignment_status": "ASSIGNED"}, ["Nothing needs doing now."]),
    ],
)
def test_what_to_do_next_on_a_number_assignment(staff_client, fields, steps):
    assert next_steps(staff_client, PhoneNumberAssignmentFactory(**fields)) == steps


def tab_titles(response) -> list[tuple[str, bool]]:
    return [(tab.title, tab.error) for tab in response.context["record_tabs"]]


def test_a_campaigns_page_is_in_tabs_technical_last(staff_client):
    response = staff_client.get(change_page(CampaignFactory()))

    assert tab_titles(response) == [
        (DETAILS, False),
        ("Content", False),
        ("Carriers", False),
        ("Registry and sharing", False),
        ("Phone numbers", False),
        ("Compliance checks", False),
        ("Evidence", False),
        ("Links", False),
        ("Appeals", False),
        ("Timeline", False),
        ("Audit history", False),
        (TECHNICAL, False),
    ]
    html = response.content.decode()
    # Without the script the tab list links to each section, the panels keeping their ids.
    for slug in ("details", "content", "carriers", "audit-history", "technical"):
        assert f'href="#panel-{slug}"' in html
        assert f'id="panel-{slug}"' in html


def test_a_failed_save_marks_the_tab_holding_the_error(staff_client):
    campaign = CampaignFactory()

    response = staff_client.post(change_page(campaign), change_data(campaign, webhook_url="not a url"))

    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {"webhook_url": ["Enter a valid URL."]}
    assert [title for title, error in tab_titles(response) if error] == ["Content"]
    assert 'data-tab="content" data-tab-error>Content<span class="tendlc-tab-flag"> (to correct)</span>' in (
        response.content.decode()
    )


def test_an_add_page_has_neither_summary_nor_tabs(staff_client):
    response = staff_client.get("/admin/tendlc/brand/add/")

    assert response.status_code == 200
    assert "summary" not in response.context
    assert "record_tabs" not in response.context
    assert "data-record-tabs" not in response.content.decode()


def test_a_tasks_page_shows_its_progress_whole_not_in_a_tab(staff_client):
    task = AssignmentTaskFactory()

    response = staff_client.get(change_page(task))

    assert response.status_code == 200
    assert "record_tabs" not in response.context
    html = response.content.decode()
    assert "data-record-tabs" not in html
    assert 'id="panel-progress"' in html
