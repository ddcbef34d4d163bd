"""A bounded property run of the API against its own OpenAPI schema: whatever schemathesis sends, within the
schema or outside it (ids, filters, search terms, page sizes, bodies; NULs included), one operation at a time
or as sequences that feed one answer's ids into the next call, the portal answers without a server error.

Requests go through the portal's WSGI application in this process and test transaction, as a Compliance
admin (the role that may call the most), over a few rows of every resource so lists and retrieves find data;
actions reach the 10DLC sandbox, served live, as the portal's settings point at it.

How much is sent is set from the environment, and bounded in time either way: ``SCHEMATHESIS_MAX_EXAMPLES``
examples per operation (``LOCAL_EXAMPLES`` on a laptop, ``CI_EXAMPLES`` when ``CI=true``), within
``SCHEMATHESIS_SECONDS`` for the whole file (on two shared cores): each operation has its share of that, and
the examples generated after its share is spent are not sent. The sequences run half as many examples.
How many requests were sent, and in how long, is printed at the end.
"""

import json
import os
import time
from collections import Counter

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, settings
from rest_framework.utils.encoders import JSONEncoder
from schemathesis.checks import not_a_server_error
from schemathesis.generation import GenerationMode

from tendlc import models
from tendlc.services.api_tokens import api_token_issue
from tests import factories
from tests.api import read_factories

# Seconds per operation, hundreds of requests: out of `make test-fast`'s inner loop.
pytestmark = pytest.mark.slow

LOCAL_EXAMPLES = 12
CI_EXAMPLES = 60
EXAMPLES = int(
    os.environ.get("SCHEMATHESIS_MAX_EXAMPLES")
    or (CI_EXAMPLES if os.environ.get("CI", "").lower() == "true" else LOCAL_EXAMPLES)
)
SECONDS = float(os.environ.get("SCHEMATHESIS_SECONDS") or 150)
SEQUENCE_STEPS = 6
# Requests sent per operation ("sequences" for the stateful run), and the seconds spent sending them.
sent: Counter[str] = Counter()
spent: Counter[str] = Counter()


@pytest.fixture(scope="module", autouse=True)
def summary(request):
    """Print how many requests were sent, and in how long: the numbers CI's log keeps for each run."""
    yield
    reporter = request.config.pluginmanager.get_plugin("terminalreporter")
    capture = request.config.pluginmanager.get_plugin("capturemanager")
    if reporter is None or capture is None or not sent:
        return
    with capture.global_and_fixture_disabled():
        reporter.write_line(
            f"schemathesis: {sum(sent.values())} requests over {len(sent)} operations and sequences"
            f" ({EXAMPLES} examples per operation at most) in {sum(spent.values()):.0f} s"
        )


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
    read_factories.NumberUploadFactory()


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
    # Outside the schema too: what a careless or hostile client sends must be a 4xx, never a 5xx.
    loaded.config.generation.update(modes=[GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
    return loaded


schema = api_schema()
OPERATIONS = sum(1 for _ in schema.get_all_operations())
# The sequences count as two operations' worth of time.
OPERATION_SECONDS = SECONDS / (OPERATIONS + 2)
HYPOTHESIS = {
    "deadline": None,
    "derandomize": True,
    "suppress_health_check": [
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
    ],
}


def within_share(label: str, share: float) -> bool:
    return spent[label] < share


@pytest.mark.django_db
@pytest.mark.usefixtures("portal_api", "connections_kept")
@schema.parametrize()
@settings(max_examples=EXAMPLES, **HYPOTHESIS)
def test_no_request_causes_a_server_error(case, admin_token, some_of_everything):
    label = case.operation.label
    if not within_share(label, OPERATION_SECONDS):
        return
    headers = {"Authorization": f"Token {admin_token}"}
    started = time.monotonic()

    response = case.call(headers=headers)

    spent[label] += time.monotonic() - started
    sent[label] += 1
    case.validate_response(response, checks=[not_a_server_error], headers=headers)


@pytest.mark.django_db
@pytest.mark.usefixtures("portal_api", "connections_kept")
def test_no_sequence_of_calls_causes_a_server_error(admin_token, some_of_everything):
    """Sequences along the links schemathesis infers (an id a create answers, then read, changed, acted on)."""
    headers = {"Authorization": f"Token {admin_token}"}

    class Sequences(schema.as_state_machine()):
        def get_call_kwargs(self, case):
            return {"headers": headers}

        def step(self, input):
            if not within_share("sequences", 2 * OPERATION_SECONDS):
                return None
            started = time.monotonic()
            try:
                return super().step(input)
            finally:
                spent["sequences"] += time.monotonic() - started
                sent["sequences"] += 1

        def validate_response(self, response, case, additional_checks=None, **kwargs):
            case.validate_response(response, checks=[not_a_server_error], headers=headers)

    Sequences.run(
        settings=settings(
            max_examples=max(EXAMPLES // 2, 1), stateful_step_count=SEQUENCE_STEPS, **HYPOTHESIS
        )
    )
