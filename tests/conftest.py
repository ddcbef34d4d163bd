import pytest

from tests import services


@pytest.fixture
def redis_url() -> str:
    return services.require("Redis", services.redis_url())
