import pytest

from tests import reachability


@pytest.fixture
def redis_url() -> str:
    return reachability.require("Redis", reachability.redis_url())
