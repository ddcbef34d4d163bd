"""Who may read what: the admin's view permissions, per role, on every read endpoint, list and retrieve."""

import pytest

from tests import factories
from tests.api import read_factories

pytestmark = pytest.mark.django_db

READS = [
    "brands",
    "campaigns",
    "number-assignments",
    "assignment-tasks",
    "otp-verifications",
    "sync-runs",
    "webhook-events",
    "audit-log",
    "number-uploads",
]
# As in the admin: webhook events are for Compliance admins only (view_webhookevent).
ADMINS_ONLY = {"webhook-events"}


def expected_status(role: str, resource: str) -> int:
    if role == "anonymous":
        return 401
    if role == "nobody" or (role == "staff" and resource in ADMINS_ONLY):
        return 403
    return 200


@pytest.fixture
def one_of_each(db) -> dict[str, int]:
    """A row of every resource, by resource, its id."""
    campaign = factories.CampaignFactory()
    return {
        "brands": campaign.brand.pk,
        "campaigns": campaign.pk,
        "number-assignments": factories.PhoneNumberAssignmentFactory(campaign=campaign).pk,
        "assignment-tasks": factories.AssignmentTaskFactory(campaign=campaign).pk,
        "otp-verifications": factories.SmsOtpVerificationFactory(brand=campaign.brand).pk,
        "sync-runs": read_factories.SyncRunFactory().pk,
        "webhook-events": read_factories.WebhookEventFactory().pk,
        "audit-log": read_factories.AuditEntryFactory().pk,
        "number-uploads": read_factories.NumberUploadFactory().pk,
    }


@pytest.mark.parametrize("resource", READS)
@pytest.mark.parametrize("role", ["anonymous", "nobody", "staff", "admin"])
def test_list_and_retrieve_need_the_view_permission(api_as, role_user, one_of_each, role, resource):
    api = api_as(role_user(role))
    status = expected_status(role, resource)

    listed = api.get(f"/api/v1/{resource}/")
    retrieved = api.get(f"/api/v1/{resource}/{one_of_each[resource]}/")

    assert (listed.status_code, retrieved.status_code) == (status, status)
    if status == 200:
        assert [row["id"] for row in listed.json()["results"]] == [one_of_each[resource]]
        assert retrieved.json()["id"] == one_of_each[resource]
    else:
        code = "not_authenticated" if status == 401 else "permission_denied"
        message = (
            "Authentication credentials were not provided."
            if status == 401
            else "You do not have permission to perform this action."
        )
        expected = {"errors": [{"field": None, "code": code, "message": message}], "status": status}
        assert listed.json() == expected
        assert retrieved.json() == expected


# The writes the workflow actions offer (the resources' action mixins in tendlc.api); every other write is refused.
WRITES = {
    ("brands", "post"),
    ("brands", "patch"),
    ("campaigns", "post"),
    ("number-assignments", "post"),
    ("assignment-tasks", "post"),
    ("sync-runs", "post"),
}
REFUSED_WRITES = [
    (resource, method)
    for resource in READS
    for method in ("post", "put", "patch", "delete")
    if (resource, method) not in WRITES
]


@pytest.mark.parametrize(("resource", "method"), REFUSED_WRITES)
def test_reads_accept_no_other_writes(api_as, superuser, one_of_each, resource, method):
    # A superuser holds every permission, so the refusal is the endpoint's, not the role's.
    api = api_as(superuser)
    url = f"/api/v1/{resource}/" if method == "post" else f"/api/v1/{resource}/{one_of_each[resource]}/"

    response = getattr(api, method)(url, {}, format="json")

    assert response.status_code == 405
    assert response.json() == {
        "errors": [
            {
                "field": None,
                "code": "method_not_allowed",
                "message": f'Method "{method.upper()}" not allowed.',
            }
        ],
        "status": 405,
    }


def test_a_missing_object_is_a_404_in_the_one_error_format(api_as, api_staff_user):
    response = api_as(api_staff_user).get("/api/v1/brands/999999/")

    assert response.status_code == 404
    assert response.json() == {
        "errors": [{"field": None, "code": "not_found", "message": "No Brand matches the given query."}],
        "status": 404,
    }
