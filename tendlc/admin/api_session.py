"""The API client for one admin request. A portal without API settings refuses the action with a message
rather than failing the request: the form stays as typed."""

from collections.abc import Iterator
from contextlib import contextmanager

from tendlc.client import TenDLCClient
from tendlc.conf import api_client
from tendlc.services.errors import WorkflowError


@contextmanager
def api_session() -> Iterator[TenDLCClient]:
    try:
        client = api_client()
    except ValueError as error:
        raise WorkflowError(f"The 10DLC API is not configured ({error}): ask an administrator.") from error
    with client:
        yield client
