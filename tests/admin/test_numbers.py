"""Number assignments in the admin against the live sandbox: assign one, move and remove (confirmed), with
errors at their fields and input kept, permissions checked on the server, and a changelist whose query count
does not grow with its rows."""

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tendlc.client import NotFoundError
from tendlc.models import AuditEntry, PhoneNumberAssignment
from tests.factories import (
    BrandFactory,
    CampaignFactory,
    PartnerCampaignFactory,
    PhoneNumberAssignmentFactory,
)

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/tendlc/phonenumberassignment/"
ADD = f"{CHANGELIST}add/"
NUMBER = "+13125550101"
SETTLE = 3


def change_url(assignment: PhoneNumberAssignment) -> str:
    return f"{CHANGELIST}{assignment.pk}/change/"


def remove_url(assignment: PhoneNumberAssignment) -> str:
    return f"{CHANGELIST}{assignment.pk}/remove/"


def action_labels(page) -> list[str]:
    return [action["label"] for action in page.context["object_actions"]]


def form_errors(response) -> dict[str, list[str]]:
    return {name: list(errors) for name, errors in response.context["adminform"].form.errors.items()}


# --- assign one -------------------------------------------------------------------------------------------


CHOICES = f"{CHANGELIST}campaign-choices/"


def offered(client, term: str = "") -> list[tuple[str, list[tuple[str, str]]]]:
    response = client.get(CHOICES, {"term": term})
    assert response.status_code == 200
    return [
        (group["text"], [(c["id"], c["text"]) for c in group["children"]])
        for group in response.json()["results"]
    ]


def test_the_campaign_box_offers_only_campaigns_that_take_numbers(staff_client, our_campaign):
    CampaignFactory(tcr_campaign_id="CPEND01", campaign_status="TCR_PENDING")
    PartnerCampaignFactory(tcr_campaign_id="CPART01", brand_display_name="Partner Co")

    assert offered(staff_client) == [
        (
            "Our campaigns",
            [
                (
                    our_campaign.campaign_id,
                    f"{our_campaign.tcr_campaign_id} ({our_campaign.brand_display_name})",
                )
            ],
        ),
        ("Shared with us", [("CPART01", "CPART01 (Partner Co, shared with us)")]),
    ]
    assert offered(staff_client, "partner co") == [
        ("Shared with us", [("CPART01", "CPART01 (Partner Co, shared with us)")])
    ]
    assert offered(staff_client, our_campaign.campaign_id[:8].upper()) == offered(staff_client)[:1]


def test_the_campaign_box_answers_twenty_and_the_pages_list_none(staff_client, our_campaign):
    CampaignFactory.create_batch(25, brand=our_campaign.brand)
    assignment = PhoneNumberAssignmentFactory(phone_number=NUMBER, campaign=our_campaign)

    assert [len(choices) for _, choices in offered(staff_client)] == [20]
    add = staff_client.get(ADD)
    move = staff_client.get(change_url(assignment))

    assert list(add.context["adminform"].form.fields["campaign_id"].choices) == [("", "---------")]
    assert list(move.context["adminform"].form.fields["campaign_id"].choices) == [
        ("", "---------"),
        (our_campaign.campaign_id, f"{our_campaign.tcr_campaign_id} ({our_campaign.brand_display_name})"),
    ]
    assert f'data-ajax--url="{CHOICES}"' in move.content.decode()
    assert "admin/js/vendor/select2/select2.full" in move.content.decode()


def test_assigning_a_number_through_the_admin(portal_api, staff_client, staff_user, our_campaign, dlc):
    response = staff_client.post(
        ADD, {"phone_number": "+1 (312) 555-0101", "campaign_id": our_campaign.campaign_id}
    )

    assignment = PhoneNumberAssignment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == change_url(assignment)
    record = dlc.phone_number_campaigns.retrieve(NUMBER)
    assert (record.campaign_id, record.assignment_status) == (our_campaign.campaign_id, "PENDING_ASSIGNMENT")
    assert (assignment.phone_number, assignment.campaign, assignment.assignment_status) == (
        NUMBER,
        our_campaign,
        "PENDING_ASSIGNMENT",
    )
    entry = AuditEntry.objects.get()
    assert (entry.user, entry.action, entry.outcome, entry.target_repr) == (
        staff_user,
        "number.assign",
        "succeeded",
        NUMBER,
    )
    page = staff_client.get(response["Location"])
    assert [str(m) for m in page.context["messages"]] == [
        "Assignment of +13125550101 requested: the API answered PENDING_ASSIGNMENT."
    ]


@pytest.mark.parametrize(
    ("posted", "errors"),
    [
        (
            {"phone_number": "312 555 CALL"},
            {
                "phone_number": [
                    "Enter the number in E.164 format (+ and the country code, e.g. +13125550101) or as a US number of 10 digits, e.g. (312) 555-0101."
                ]
            },
        ),
        ({"phone_number": ""}, {"phone_number": ["This field is required."]}),
        (
            {"campaign_id": "4b30-not-offered"},
            {"campaign_id": ["Select a valid choice. 4b30-not-offered is not one of the available choices."]},
        ),
        ({"campaign_id": ""}, {"campaign_id": ["This field is required."]}),
    ],
)
def test_the_form_refuses_bad_input_at_its_field_and_keeps_it(
    portal_api, staff_client, our_campaign, posted, errors
):
    data = {"phone_number": NUMBER, "campaign_id": our_campaign.campaign_id, **posted}

    response = staff_client.post(ADD, data)

    assert response.status_code == 200
    assert form_errors(response) == errors
    assert response.context["adminform"].form.data.dict() == data
    assert not PhoneNumberAssignment.objects.exists()
    assert not AuditEntry.objects.exists()


def test_a_number_already_on_the_campaign_is_refused_at_the_phone_number(
    portal_api, staff_client, our_campaign
):
    PhoneNumberAssignmentFactory(phone_number=NUMBER, campaign=our_campaign)

    response = staff_client.post(ADD, {"phone_number": NUMBER, "campaign_id": our_campaign.campaign_id})

    assert response.status_code == 200
    label = f"{our_campaign.tcr_campaign_id} ({our_campaign.brand_display_name})"
    assert form_errors(response) == {"phone_number": [f"{NUMBER} is already on campaign {label} (ASSIGNED)."]}
    assert AuditEntry.objects.get().outcome == "failed"


def test_the_apis_refusal_shows_at_the_phone_number(
    portal_api, staff_client, our_campaign, other_campaign, dlc
):
    dlc.phone_number_campaigns.create(campaign_id=other_campaign.campaign_id, phone_number=NUMBER)

    response = staff_client.post(ADD, {"phone_number": NUMBER, "campaign_id": our_campaign.campaign_id})

    assert response.status_code == 200
    assert form_errors(response) == {
        "phone_number": [
            f"Phone number {NUMBER} is already assigned to campaign {other_campaign.campaign_id} (PENDING_ASSIGNMENT);"
            f" move it with PUT /10dlc/phone_number_campaigns/{NUMBER} or remove it with DELETE first."
        ]
    }
    assert response.context["adminform"].form.data["phone_number"] == NUMBER


def test_without_api_settings_the_form_says_so_and_keeps_the_input(settings, staff_client, our_campaign):
    settings.TELNYX_API_KEY = ""

    response = staff_client.post(ADD, {"phone_number": NUMBER, "campaign_id": our_campaign.campaign_id})

    assert response.status_code == 200
    assert form_errors(response) == {
        "__all__": ["The 10DLC API is not configured (api_key is required): ask an administrator."]
    }


# --- move and remove ----------------------------------------------------------------------------------------


@pytest.fixture
def assigned(portal_api, our_campaign, dlc, advance) -> PhoneNumberAssignment:
    payload = dlc.phone_number_campaigns.create(campaign_id=our_campaign.campaign_id, phone_number=NUMBER).raw
    advance(SETTLE)
    return PhoneNumberAssignmentFactory(
        phone_number=NUMBER, campaign=our_campaign, assignment_status="ASSIGNED", raw=payload
    )


def test_moving_a_number_through_its_change_page(staff_client, assigned, other_campaign, dlc):
    page = staff_client.get(change_url(assigned))
    assert page.context["adminform"].form.initial["campaign_id"] == assigned.campaign.campaign_id

    response = staff_client.post(change_url(assigned), {"campaign_id": other_campaign.campaign_id})

    assert response.status_code == 302
    assert dlc.phone_number_campaigns.retrieve(NUMBER).campaign_id == other_campaign.campaign_id
    assigned.refresh_from_db()
    assert (assigned.campaign, assigned.assignment_status) == (other_campaign, "PENDING_ASSIGNMENT")
    assert AuditEntry.objects.get().action == "number.move"


def test_moving_to_the_same_campaign_is_refused_at_the_campaign(staff_client, assigned):
    response = staff_client.post(change_url(assigned), {"campaign_id": assigned.campaign.campaign_id})

    label = f"{assigned.campaign.tcr_campaign_id} ({assigned.campaign.brand_display_name})"
    assert form_errors(response) == {"campaign_id": [f"{NUMBER} is already on campaign {label}."]}


def test_removing_asks_for_confirmation_then_removes_through_the_api(staff_client, assigned, dlc):
    confirmation = staff_client.get(remove_url(assigned))

    assert confirmation.status_code == 200
    assert confirmation.context["assignments"] == [assigned]
    assert dlc.phone_number_campaigns.retrieve(NUMBER).assignment_status == "ASSIGNED"

    response = staff_client.post(remove_url(assigned), {"post": "yes"})

    assert response.status_code == 302
    assert response["Location"] == change_url(assigned)
    assert dlc.phone_number_campaigns.retrieve(NUMBER).assignment_status == "PENDING_UNASSIGNMENT"
    assigned.refresh_from_db()
    assert assigned.assignment_status == "PENDING_UNASSIGNMENT"
    assert AuditEntry.objects.get().action == "number.remove"


def test_the_remove_action_confirms_the_selection_then_removes_each(
    staff_client, assigned, dlc, advance, our_campaign
):
    second = "+13125550102"
    dlc.phone_number_campaigns.create(campaign_id=our_campaign.campaign_id, phone_number=second)
    advance(SETTLE)
    other_row = PhoneNumberAssignmentFactory(phone_number=second, campaign=our_campaign)
    selection = {"action": "remove_selected", "_selected_action": [assigned.pk, other_row.pk]}

    confirmation = staff_client.post(CHANGELIST, selection)

    assert confirmation.status_code == 200
    assert set(confirmation.context["assignments"]) == {assigned, other_row}
    assert dlc.phone_number_campaigns.retrieve(NUMBER).assignment_status == "ASSIGNED"

    response = staff_client.post(CHANGELIST, {**selection, "post": "yes"})

    assert response.status_code == 302
    assert [dlc.phone_number_campaigns.retrieve(n).assignment_status for n in (NUMBER, second)] == [
        "PENDING_UNASSIGNMENT",
        "PENDING_UNASSIGNMENT",
    ]
    page = staff_client.get(CHANGELIST)
    assert [str(m) for m in page.context["messages"]] == ["Removal of 2 numbers requested."]
    assert sorted(AuditEntry.objects.values_list("action", flat=True)) == ["number.remove", "number.remove"]


def test_a_removal_the_api_refuses_is_reported_per_number(staff_client, assigned, dlc):
    dlc.phone_number_campaigns.delete(NUMBER)

    staff_client.post(remove_url(assigned), {"post": "yes"})

    page = staff_client.get(change_url(assigned))
    messages = [str(m) for m in page.context["messages"]]
    assert len(messages) == 1
    assert messages[0].startswith(
        f"Not removed: {NUMBER}: The 10DLC API refused it (HTTP 400): Phone number {NUMBER} is already being"
        " removed from its campaign. (request id "
    )


def test_a_removed_number_is_read_only_and_offers_no_removal(staff_client, our_campaign):
    removed = PhoneNumberAssignmentFactory(
        phone_number=NUMBER, campaign=our_campaign, remote_deleted_at="2026-01-01T00:00Z"
    )

    page = staff_client.get(change_url(removed))

    assert page.status_code == 200
    assert "Remove from campaign" not in action_labels(page)
    assert "campaign_id" not in page.context["adminform"].form.fields
    assert (
        staff_client.post(change_url(removed), {"campaign_id": our_campaign.campaign_id}).status_code == 403
    )


# --- permissions -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("url", ["list", "add", "change", "remove"])
def test_anonymous_users_are_sent_to_the_login_page(client, our_campaign, url):
    assignment = PhoneNumberAssignmentFactory(campaign=our_campaign)
    target = {
        "list": CHANGELIST,
        "add": ADD,
        "change": change_url(assignment),
        "remove": remove_url(assignment),
    }[url]

    response = client.get(target)

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


@pytest.mark.parametrize(
    ("method", "url"), [("get", "add"), ("get", "remove"), ("post", "remove"), ("get", "list")]
)
def test_staff_without_a_portal_role_are_refused(plain_staff_client, our_campaign, method, url):
    assignment = PhoneNumberAssignmentFactory(campaign=our_campaign)
    target = {"list": CHANGELIST, "add": ADD, "remove": remove_url(assignment)}[url]

    response = getattr(plain_staff_client, method)(target, {"post": "yes"} if method == "post" else None)

    assert response.status_code == 403
    assert PhoneNumberAssignment.objects.get().remote_deleted_at is None


def test_both_roles_may_assign_move_and_remove(login, staff_user, compliance_admin, our_campaign):
    assignment = PhoneNumberAssignmentFactory(campaign=our_campaign)
    for client in (login(staff_user), login(compliance_admin)):
        assert client.get(ADD).status_code == 200
        page = client.get(change_url(assignment))
        assert page.status_code == 200
        assert "Remove from campaign" in action_labels(page)
        assert "campaign_id" in page.context["adminform"].form.fields
        assert client.get(remove_url(assignment)).status_code == 200


def test_djangos_own_delete_is_not_offered(staff_client, our_campaign):
    assignment = PhoneNumberAssignmentFactory(campaign=our_campaign)

    assert staff_client.get(f"{CHANGELIST}{assignment.pk}/delete/").status_code == 403
    actions = [
        name for name, _ in staff_client.get(CHANGELIST).context["action_form"].fields["action"].choices
    ]
    assert actions == ["", "export_csv", "remove_selected"]


# --- the list -------------------------------------------------------------------------------------------


def rows(count: int) -> None:
    brands = [BrandFactory(), BrandFactory()]
    campaigns = [CampaignFactory(brand=brands[n % 2]) for n in range(4)]
    partner = PartnerCampaignFactory()
    for n in range(count):
        if n % 5 == 4:
            PhoneNumberAssignmentFactory(
                campaign=None,
                partner_campaign=partner,
                telnyx_campaign_id="",
                brand_id="",
                tcr_campaign_id=partner.tcr_campaign_id,
            )
        else:
            PhoneNumberAssignmentFactory(campaign=campaigns[n % 4])


def list_queries(client, query: str = "") -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(CHANGELIST + query)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize("query", ["", "?assignment_status__exact=ASSIGNED", "?q=%2B1202"])
def test_the_list_costs_the_same_queries_for_10_or_120_rows(
    staff_client, query, django_assert_max_num_queries
):
    rows(10)
    few = list_queries(staff_client, query)
    rows(110)

    with django_assert_max_num_queries(few):
        staff_client.get(CHANGELIST + query)
    assert list_queries(staff_client, query) == few


def test_the_list_links_campaign_and_brand_and_shows_a_status_badge(staff_client, our_campaign):
    PhoneNumberAssignmentFactory(
        phone_number=NUMBER, campaign=our_campaign, assignment_status="FAILED_ASSIGNMENT"
    )

    html = staff_client.get(CHANGELIST).content.decode()

    assert f'<a href="/admin/tendlc/campaign/{our_campaign.pk}/change/">' in html
    assert f'<a href="/admin/tendlc/brand/{our_campaign.brand.pk}/change/">' in html
    assert (
        'class="tendlc-badge tendlc-badge-bad" data-status="FAILED_ASSIGNMENT">Assignment failed</span>'
        in html
    )


def test_the_export_writes_the_selected_assignments(staff_client, our_campaign):
    assignment = PhoneNumberAssignmentFactory(phone_number=NUMBER, campaign=our_campaign)

    response = staff_client.post(CHANGELIST, {"action": "export_csv", "_selected_action": [assignment.pk]})

    # Every cell is quoted (tendlc.services.csv_cells): read as a spreadsheet reads it.
    header, row = csv.reader(io.StringIO(response.content.decode()))
    assert ",".join(header) == (
        "phone_number,status,telnyx_campaign_id,tcr_campaign_id,brand_id,tcr_brand_id,failure_reasons,updated_at,removed_at"
    )
    assert ",".join(row) == (
        f"{NUMBER},ASSIGNED,{our_campaign.campaign_id},{our_campaign.tcr_campaign_id},{our_campaign.brand_id},,,,"
    )


def test_removal_of_a_number_the_api_does_not_know(staff_client, portal_api, our_campaign, dlc):
    stale = PhoneNumberAssignmentFactory(phone_number=NUMBER, campaign=our_campaign)

    staff_client.post(remove_url(stale), {"post": "yes"})

    stale.refresh_from_db()
    assert stale.remote_deleted_at is not None
    with pytest.raises(NotFoundError):
        dlc.phone_number_campaigns.retrieve(NUMBER)
