import pytest

from tests import reachability

# pytest takes ``pytest_plugins`` from the root conftest only: every shared fixture is registered here, once.
pytest_plugins = [
    "tests.fixtures.database",
    "tests.fixtures.sandbox",
    "tests.fixtures.tendlc_client",
    "tests.fixtures.scripted_server",
    "tests.fixtures.users",
    "tests.fixtures.brands",
    "tests.fixtures.campaigns",
    "tests.fixtures.evidence",
    "tests.fixtures.numbers",
    "tests.fixtures.partner_campaigns",
    "tests.fixtures.polling",
    "tests.fixtures.sync",
    "tests.fixtures.celery",
    "tests.fixtures.browser_workflow",
    "tests.fixtures.logs",
    "tests.fixtures.link_pages",
    "tests.fixtures.notifications",
    "tests.fixtures.webhook_buffer",
]


@pytest.fixture
def redis_url() -> str:
    return reachability.require("Redis", reachability.redis_url())
