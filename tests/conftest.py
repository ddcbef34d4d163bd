import pytest

from tests import services


@pytest.fixture
def redis_url() -> str:
    return services.require("Redis", services.redis_url())


@pytest.fixture
def postgres_url() -> str:
    return services.require("PostgreSQL", services.postgres_url())
