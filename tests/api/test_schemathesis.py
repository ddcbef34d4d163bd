"""A bounded property run of the API against its own OpenAPI schema: whatever schemathesis sends within the
schema (ids, filters, search terms, page sizes, bodies), the portal answers without a server error.

Requests go through the portal's WSGI application in this process and test transaction, as a Compliance
admin (the role that may call the most), over a few rows of every resource so lists and retrieves find data;
actions reach the 10DLC sandbox, served live, as the portal's settings point at it.
"""

import json

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, settings
from rest_framework.utils.encoders import JSONEncoder
from schemathesis.checks import not_a_server_error

from tendlc import models
from tendlc.services.api_tokens import api_token_issue
from tests import factories
from tests.api import read_factories

# Seconds per operation, hundreds of requests: out of `make test-fast`'s inner loop.
pytestmark = pytest.mark.slow

# Small: every operation is its own test; the whole run stays well under a minute on two shared cores.
EXAMPLES = 12


@pytest.fixture
def admin_token(api_compliance_admin) -> str:
    return api_token_issue(token=models.ApiToken(user=api_compliance_admin, name="schemathesis"))


@pytest.fixture
def some_of_everything(db) -> None:
    campaign = factories.CampaignFactory()
    models.CampaignMnoStatus.objects.create(campaign=campaign, network_id=10035, operation_status="REJECTED")
    factories.PhoneNumberAssignmentFactory(campaign=campaign)
    factories.AssignmentTaskFactory(campaign=campaign).numbers.create(
        phone_number="+12025550100", status="pending"
    )
    factories.SmsOtpVerificationFactory(brand=campaign.brand)
    read_factories.SyncRunFactory()
    read_factories.WebhookEventFactory()
    read_factories.AuditEntryFactory()


@pytest.fixture
def connections_kept():
    """Requests go straight to the WSGI app, not through Django's test client, which is what normally stops
    a request's end from closing the database connection. Closed, PostgreSQL's would take the test's
    transaction with it (SQLite's in-memory one ignores the close), so the signal is held off, as the test
    client does."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


def api_schema() -> schemathesis.BaseSchema:
    """The schema /api/schema/ serves (generating it reads no database), calls going to the WSGI app.

    Loaded at collection rather than via ``schemathesis.pytest.from_fixture``: its lazy schemas read
    ``request.node._nodeid``, which pytest 9 no longer has.
    """
    document = SchemaGenerator().get_schema(request=None, public=True)
    loaded = schemathesis.openapi.from_dict(json.loads(json.dumps(document, cls=JSONEncoder)))
    loaded.app = get_wsgi_application()
    return loaded


schema = api_schema()


@pytest.mark.django_db
@pytest.mark.usefixtures("portal_api", "connections_kept")
@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
    ],
)
def test_no_request_within_the_schema_causes_a_server_error(case, admin_token, some_of_everything):
    headers = {"Authorization": f"Token {admin_token}"}

    response = case.call(headers=headers)

    case.validate_response(response, checks=[not_a_server_error], headers=headers)
