"""What every resource shares: sending an operation and reading its answer into the promised shape."""

from collections.abc import Mapping
from typing import Any, TypeVar

from tendlc.client.errors import UnexpectedResponseError
from tendlc.client.http import Reply, Transport
from tendlc.client.objects import TenDLCObject
from tendlc.client.pagination import ArrayPage, CountedPage, RecordsPage

ObjectT = TypeVar("ObjectT", bound=TenDLCObject)


class Resource:
    def __init__(self, transport: Transport) -> None:
        self._transport = transport

    def _object(
        self,
        object_class: type[ObjectT],
        method: str,
        path: str,
        *,
        params: Mapping[str, Any] | None = None,
        body: Mapping[str, Any] | None = None,
        idempotent: bool | None = None,
    ) -> ObjectT:
        reply = self._transport.request(method, path, params=params, body=body, idempotent=idempotent)
        return object_class(_expect(dict, reply, method, path))

    def _no_content(
        self, method: str, path: str, *, body: Mapping[str, Any] | None = None, idempotent: bool | None = None
    ) -> None:
        """An operation that answers with no body (B5, B8, B12); a body, if one comes anyway, is ignored."""
        self._transport.request(method, path, body=body, idempotent=idempotent, expect_body=False)

    def _counted_page(
        self,
        item_class: type[ObjectT],
        path: str,
        query: Mapping[str, Any],
        *,
        page: int | None,
        records_per_page: int | None,
    ) -> CountedPage[ObjectT]:
        """P1: the first page as asked for; later pages repeat the query with the next page number."""
        per_page = {} if records_per_page is None else {"recordsPerPage": records_per_page}

        def fetch(number: int) -> Any:
            return self._json(dict, "GET", path, {**query, **per_page, "page": number})

        first = self._json(
            dict, "GET", path, {**query, **per_page, **({} if page is None else {"page": page})}
        )
        return CountedPage.parse(first, item_class, per_page=records_per_page, fetch=fetch)

    def _records_page(
        self,
        item_class: type[ObjectT],
        path: str,
        *,
        page: int | None,
        records_per_page: int | None,
    ) -> RecordsPage[ObjectT]:
        """P2: no totals come back, so the page number and size asked for are kept to find the next."""
        per_page = {} if records_per_page is None else {"recordsPerPage": records_per_page}

        def fetch(number: int) -> Any:
            return self._json(dict, "GET", path, {**per_page, "page": number})

        first = self._json(dict, "GET", path, {**per_page, **({} if page is None else {"page": page})})
        return RecordsPage.parse(first, item_class, page=page or 1, per_page=records_per_page, fetch=fetch)

    def _array_page(self, item_class: type[ObjectT], path: str) -> ArrayPage[ObjectT]:
        return ArrayPage.parse(self._json(list, "GET", path, None), item_class)

    def _json(self, shape: type, method: str, path: str, params: Mapping[str, Any] | None) -> Any:
        reply = self._transport.request(method, path, params=params)
        return _expect(shape, reply, method, path)


def _expect(shape: type, reply: Reply, method: str, path: str) -> Any:
    """The reply's JSON if it has the shape the operation documents; a clear error otherwise."""
    if isinstance(reply.data, shape):
        return reply.data
    found = "an empty body" if reply.data is None else f"a JSON {type(reply.data).__name__}"
    raise UnexpectedResponseError(
        f"HTTP {reply.status} from {method} {path}: expected a JSON {shape.__name__}, got {found}",
        method=method,
        path=path,
        status=reply.status,
        request_id=reply.request_id,
        body=reply.data,
        attempts=reply.attempts,
    )
