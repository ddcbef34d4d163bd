"""Who may take which action over the API: the admin's permissions for each action, per role, checked on the
server before anything runs (nothing audited, nothing sent). Allowed roles get past the check to the input's
validation (400) or, for a sync while one runs, to the conflict (409)."""

from collections.abc import Callable

import pytest

from tendlc.models import AuditEntry
from tests.factories import BrandFactory, CampaignFactory

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.api.urls_actions")]

API = "/api/v1"
BOTH = ("staff", "admin")
ADMINS = ("admin",)

# (method, path with {brand} / {campaign}, the roles the admin lets take the action, status past the check)
ACTIONS = [
    ("post", "/brands/", BOTH, 400),
    ("patch", "/brands/{brand}/", BOTH, 400),
    ("post", "/brands/{brand}/otp/", BOTH, 400),
    ("post", "/brands/{brand}/otp/verify/", BOTH, 400),
    ("post", "/campaigns/qualify/", BOTH, 400),
    ("post", "/campaigns/", BOTH, 400),
    ("post", "/campaigns/{campaign}/appeal/", ADMINS, 400),
    ("post", "/campaigns/{campaign}/deactivate/", ADMINS, 400),
    ("post", "/number-assignments/", BOTH, 400),
    ("post", "/number-assignments/bulk/", BOTH, 400),
    ("post", "/assignment-tasks/", BOTH, 400),
    ("post", "/sync-runs/", BOTH, 409),
]
NOT_AUTHENTICATED = {
    "errors": [
        {
            "field": None,
            "code": "not_authenticated",
            "message": "Authentication credentials were not provided.",
        }
    ],
    "status": 401,
}
DENIED = {
    "errors": [
        {
            "field": None,
            "code": "permission_denied",
            "message": "You do not have permission to perform this action.",
        }
    ],
    "status": 403,
}


@pytest.fixture
def url(sync_holder) -> Callable[[str], str]:
    campaign = CampaignFactory(campaign_status="TELNYX_FAILED", brand__entity_type="SOLE_PROPRIETOR")
    # A sync running as one runs, holding the lease: starting another is refused with 409.
    sync_holder()
    return lambda path: API + path.format(brand=campaign.brand.pk, campaign=campaign.pk)


@pytest.mark.parametrize("role", ["anonymous", "nobody", "staff", "admin"])
@pytest.mark.parametrize(
    ("method", "path", "allowed", "passed"), ACTIONS, ids=[f"{m} {p}" for m, p, *_ in ACTIONS]
)
def test_each_role_may_take_what_the_admin_lets_it(
    api_as, role_user, url, role, method, path, allowed, passed
):
    response = getattr(api_as(role_user(role)), method)(url(path), {}, format="json")

    if role == "anonymous":
        assert (response.status_code, response.json()) == (401, NOT_AUTHENTICATED)
        assert response["WWW-Authenticate"] == "Token"
    elif role not in allowed:
        assert (response.status_code, response.json()) == (403, DENIED)
    else:
        assert response.status_code == passed
        assert {error["code"] for error in response.json()["errors"]}.isdisjoint(
            {"not_authenticated", "permission_denied"}
        )
    if response.status_code in (401, 403):
        assert not AuditEntry.objects.exists()


def test_view_permissions_alone_take_no_action(api_as, django_user_model):
    """A user who may see everything (every view permission) may change nothing."""
    from django.contrib.auth.models import Permission

    viewer = django_user_model.objects.create_user("viewer")
    viewer.user_permissions.set(
        Permission.objects.filter(content_type__app_label="tendlc", codename__startswith="view_")
    )
    brand = BrandFactory()

    response = api_as(viewer).patch(f"{API}/brands/{brand.pk}/", {"state": "NY"}, format="json")

    assert (response.status_code, response.json()) == (403, DENIED)
