from tests.sandbox.conftest import sandbox  # noqa: F401 - sandbox documents stand in for real API payloads
