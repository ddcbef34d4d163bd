"""Assignment of a messaging profile's numbers in the admin against the live sandbox: the form, the task's
page with its progress panel, the JSON its script polls (which polls the API when due), and permissions."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tendlc.models import AssignmentTask, AuditEntry
from tests.factories import AssignmentTaskFactory, CampaignFactory

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/tendlc/assignmenttask/"
ADD = f"{CHANGELIST}add/"
PROFILE = "4001767e-ce0f-4cae-9d5f-0d5e636e7809"
NUMBERS = ["+13125550101", "+13125550102", "+13125550103", "+13125550000"]  # 0000: not in the account
# Sandbox seconds after the task starts: its numbers are submitted at 3 and settled at 6.
SUBMITTED, SETTLED = 3, 6


def progress_url(task: AssignmentTask) -> str:
    return f"{CHANGELIST}{task.pk}/progress/"


@pytest.fixture
def started_from_page(staff_client, our_campaign, set_profile_numbers) -> AssignmentTask:
    set_profile_numbers(PROFILE, NUMBERS)
    response = staff_client.post(
        ADD, {"messaging_profile_id": PROFILE.upper(), "campaign_id": our_campaign.campaign_id}
    )
    task = AssignmentTask.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{CHANGELIST}{task.pk}/change/"
    return task


def test_starting_a_profile_assignment_creates_the_task_remotely(
    staff_client, started_from_page, our_campaign, sandbox_control
):
    remote = sandbox_control.get(f"/assignment_tasks/{started_from_page.task_id}").json
    assert (remote["messagingProfileId"], remote["campaignId"]) == (PROFILE, our_campaign.campaign_id)
    assert (started_from_page.messaging_profile_id, started_from_page.campaign, started_from_page.status) == (
        PROFILE,
        our_campaign,
        "pending",
    )
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.outcome, entry.request_summary, entry.target_repr) == (
        "assignment_task.start",
        "succeeded",
        {"messaging_profile_id": PROFILE, "campaign_id": our_campaign.campaign_id},
        f"Task {started_from_page.task_id}",  # no status, which would stay "pending" in the log
    )
    page = staff_client.get(f"{CHANGELIST}{started_from_page.pk}/change/")
    assert [str(m) for m in page.context["messages"]] == [
        f"Task {started_from_page.task_id} started: the numbers of messaging profile {PROFILE} are being assigned."
        " This page follows its progress."
    ]


@pytest.mark.parametrize(
    ("posted", "errors"),
    [
        (
            {"messaging_profile_id": "profile-1"},
            {
                "messaging_profile_id": [
                    "Enter the messaging profile's id, a UUID such as 4001767e-ce0f-4cae-9d5f-0d5e636e7809."
                ]
            },
        ),
        ({"messaging_profile_id": ""}, {"messaging_profile_id": ["This field is required."]}),
        ({"campaign_id": ""}, {"campaign_id": ["This field is required."]}),
    ],
)
def test_the_form_refuses_bad_input_at_its_field_and_keeps_it(staff_client, our_campaign, posted, errors):
    data = {"messaging_profile_id": PROFILE, "campaign_id": our_campaign.campaign_id, **posted}

    response = staff_client.post(ADD, data)

    assert response.status_code == 200
    assert dict(response.context["adminform"].form.errors) == errors
    assert response.context["adminform"].form.data.dict() == data
    assert not AssignmentTask.objects.exists()


def test_the_task_page_shows_its_progress_and_loads_the_polling_script(staff_client, started_from_page):
    page = staff_client.get(f"{CHANGELIST}{started_from_page.pk}/change/")

    panel = next(panel for panel in page.context["object_panels"] if panel.title == "Progress").context
    assert panel["progress_url"] == progress_url(started_from_page)
    assert (panel["progress"]["status"], panel["progress"]["finished"], panel["progress"]["total"]) == (
        "pending",
        False,
        0,
    )
    html = page.content.decode()
    followed = 'data-progress-interval="2000" data-progress-finished="false"'
    assert f'data-progress-url="{progress_url(started_from_page)}" {followed}' in html
    assert "/static/tendlc/progress.js" in html
    assert page.context["has_change_permission"] is False


def test_the_progress_endpoint_polls_the_api_when_due_and_answers_counts(
    staff_client, started_from_page, advance
):
    advance(SETTLED)

    progress = staff_client.get(progress_url(started_from_page)).json()

    assert progress == {
        "status": "completed",
        "status_label": "Completed",
        "status_tone": "good",
        "finished": True,
        "total": 4,
        "done": 4,
        "percent": 100,
        "counts": [
            {"status": "failed", "count": 1, "tone": "bad"},
            {"status": "success", "count": 3, "tone": "good"},
        ],
        "numbers": [
            {
                "phone_number": "+13125550000",
                "status": "failed",
                "failure_reason": "Number is not in your account",
            },
            {"phone_number": "+13125550101", "status": "success", "failure_reason": ""},
            {"phone_number": "+13125550102", "status": "success", "failure_reason": ""},
            {"phone_number": "+13125550103", "status": "success", "failure_reason": ""},
        ],
        "more": False,
        "error": "",
    }
    started_from_page.refresh_from_db()
    assert started_from_page.status == "completed"


def test_every_numbers_status_downloads_as_csv(staff_client, started_from_page, advance):
    advance(SETTLED)
    staff_client.get(progress_url(started_from_page))

    response = staff_client.get(f"{CHANGELIST}{started_from_page.pk}/numbers.csv")

    assert (
        response["Content-Disposition"]
        == f'attachment; filename="task-{started_from_page.task_id}-numbers.csv"'
    )
    # Every cell is quoted (tendlc.services.csv_cells).
    assert response.content.decode().replace('"', "").splitlines() == [
        "phone_number,status,failure_reason",
        "+13125550000,failed,Number is not in your account",
        "+13125550101,success,",
        "+13125550102,success,",
        "+13125550103,success,",
    ]


def test_the_task_page_shows_why_a_number_failed(staff_client, started_from_page, advance):
    advance(SETTLED)
    staff_client.get(progress_url(started_from_page))

    page = staff_client.get(f"{CHANGELIST}{started_from_page.pk}/change/").content.decode()

    assert "<th>Why it failed</th>" in page
    assert "<tr><td>+13125550000</td><td>failed</td><td>Number is not in your account</td></tr>" in page


def test_a_number_another_campaign_holds_is_named_as_the_reason(
    staff_client, our_campaign, set_profile_numbers, make_seeded_campaign, dlc, advance
):
    other = make_seeded_campaign()
    dlc.phone_number_campaigns.create(phone_number=NUMBERS[0], campaign_id=other.campaign_id)
    advance(SETTLED)
    set_profile_numbers(PROFILE, NUMBERS[:2])
    staff_client.post(ADD, {"messaging_profile_id": PROFILE, "campaign_id": our_campaign.campaign_id})
    task = AssignmentTask.objects.get()
    advance(SETTLED)

    numbers = staff_client.get(progress_url(task)).json()["numbers"]

    assert numbers[0] == {
        "phone_number": NUMBERS[0],
        "status": "failed",
        "failure_reason": f"Already on campaign {other.tcr_campaign_id} (ASSIGNED): remove or move it there first.",
    }


def test_the_api_is_polled_at_most_once_per_interval(staff_client, started_from_page, advance):
    advance(SUBMITTED)
    assert staff_client.get(progress_url(started_from_page)).json()["counts"] == [
        {"status": "processing", "count": 4, "tone": "pending"}
    ]
    advance(SETTLED - SUBMITTED)

    assert staff_client.get(progress_url(started_from_page)).json()["status"] == "processing"
    cache.clear()
    assert staff_client.get(progress_url(started_from_page)).json()["status"] == "completed"


def test_a_failed_poll_is_shown_and_the_last_known_progress_kept(
    staff_client, started_from_page, settings, closed_port_url
):
    settings.TELNYX_API_BASE_URL = closed_port_url

    progress = staff_client.get(progress_url(started_from_page)).json()

    assert progress["status"] == "pending"
    assert progress["error"].startswith("The 10DLC API could not be reached (")


def test_a_finished_task_is_not_polled(staff_client, settings, closed_port_url):
    settings.TELNYX_API_BASE_URL = closed_port_url
    task = AssignmentTaskFactory(status="completed")

    assert staff_client.get(progress_url(task)).json()["error"] == ""


@pytest.mark.parametrize("url", ["list", "add", "change", "progress", "numbers.csv"])
def test_anonymous_users_are_sent_to_the_login_page(client, url):
    task = AssignmentTaskFactory()
    target = {
        "list": CHANGELIST,
        "add": ADD,
        "change": f"{CHANGELIST}{task.pk}/change/",
        "progress": progress_url(task),
        "numbers.csv": f"{CHANGELIST}{task.pk}/numbers.csv",
    }[url]

    response = client.get(target)

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


@pytest.mark.parametrize("url", ["add", "change", "progress", "numbers.csv"])
def test_staff_without_a_portal_role_are_refused(plain_staff_client, url):
    task = AssignmentTaskFactory()
    target = {
        "add": ADD,
        "change": f"{CHANGELIST}{task.pk}/change/",
        "progress": progress_url(task),
        "numbers.csv": f"{CHANGELIST}{task.pk}/numbers.csv",
    }[url]

    assert plain_staff_client.get(target).status_code == 403


def test_both_roles_start_tasks_and_follow_them_and_nobody_edits_or_deletes_them(
    login, staff_user, compliance_admin
):
    task = AssignmentTaskFactory(status="completed")
    for client in (login(staff_user), login(compliance_admin)):
        assert client.get(ADD).status_code == 200
        assert client.get(progress_url(task)).status_code == 200
        assert client.post(f"{CHANGELIST}{task.pk}/change/", {}).status_code == 403
        assert client.get(f"{CHANGELIST}{task.pk}/delete/").status_code == 403


def test_an_unknown_task_has_no_progress(staff_client):
    assert staff_client.get(f"{CHANGELIST}999999/progress/").status_code == 404


def test_the_list_shows_progress_at_a_constant_query_count(staff_client, django_assert_max_num_queries):
    campaign = CampaignFactory()

    def make(count: int) -> None:
        for _ in range(count):
            task = AssignmentTaskFactory(campaign=campaign, status="processing")
            for number, status in (("+13125550101", "success"), ("+13125550102", "processing")):
                task.numbers.create(phone_number=number, status=status)

    make(10)
    with CaptureQueriesContext(connection) as few:
        response = staff_client.get(CHANGELIST)
    assert "1 of 2 numbers done" in response.content.decode()
    make(110)

    with django_assert_max_num_queries(len(few)):
        assert staff_client.get(CHANGELIST).status_code == 200
