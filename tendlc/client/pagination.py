"""Pages of list operations, one class per pagination style of reference §1.8, and iteration across pages.

Every page has ``records``, ``page`` (1-based) and ``total_records`` (None where the style has no total),
``has_next_page()``, ``get_next_page()``, ``iter_pages()`` and, as in the SDK, ``auto_paging_iter()`` over
the records of this page and all after it. A page is deliberately not iterable itself: ``for x in page``
would have to choose between this page and all of them, and the SDK's choice (all) hides the requests it makes.

When to stop:
* P1 (``{records, page, totalRecords}``) and P3 (paginated enums): after an empty page, a page shorter than
  the page size, or once the records seen reach ``totalRecords``. (The SDK compares the page *number* with
  ``totalRecords``, a record count, and so asks for pages past the end.)
* P2 (``{records}`` only): after an empty page or one shorter than the page size.
* P4 (a bare array): there is one page, and it is a sequence of its records.

The page size is the ``records_per_page`` asked for; without one it is the size of the first page, since the
server's default is the reference's to state and ours to guess (a first page shorter than the server's size
is the last page anyway).
"""

from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any, Generic, TypeVar, overload

from tendlc.client.objects import TenDLCObject

T = TypeVar("T", bound=TenDLCObject)

# Fetches the JSON of a given page number of one list operation, its other parameters fixed.
PageFetcher = Callable[[int], Any]


class Page(ABC, Generic[T]):
    def __init__(
        self,
        *,
        records: list[T],
        page: int,
        total_records: int | None,
        raw: Any,
        per_page: int | None,
        next_page: Callable[[], "Page[T]"] | None,
    ) -> None:
        self.records = records
        self.page = page
        self.total_records = total_records
        self.raw = raw
        self.per_page = per_page
        self._next_page = next_page

    @abstractmethod
    def has_next_page(self) -> bool: ...

    def get_next_page(self) -> "Page[T]":
        if self._next_page is None or not self.has_next_page():
            raise RuntimeError(f"page {self.page} is the last page")
        return self._next_page()

    def iter_pages(self) -> Iterator["Page[T]"]:
        page: Page[T] = self
        yield page
        while page.has_next_page():
            page = page.get_next_page()
            yield page

    def auto_paging_iter(self) -> Iterator[T]:
        for page in self.iter_pages():
            yield from page.records

    def _is_short(self) -> bool:
        return not self.records or (self.per_page is not None and len(self.records) < self.per_page)

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(page={self.page}, records={len(self.records)},"
            f" total_records={self.total_records})"
        )


class CountedPage(Page[T]):
    """P1 and P3: ``{"records": [...], "page": n, "totalRecords": n}``."""

    def __init__(self, *, records_before: int, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.records_before = records_before

    @classmethod
    def parse(
        cls,
        raw: Mapping[str, Any],
        item_class: type[T],
        *,
        per_page: int | None,
        fetch: PageFetcher,
        records_before: int = 0,
    ) -> "CountedPage[T]":
        records = [item_class(record) for record in raw.get("records") or []]
        page = int(raw.get("page") or 1)
        per_page = per_page or len(records) or None
        return cls(
            records=records,
            page=page,
            total_records=int(raw.get("totalRecords") or 0),
            raw=raw,
            per_page=per_page,
            next_page=lambda: cls.parse(
                fetch(page + 1),
                item_class,
                per_page=per_page,
                fetch=fetch,
                records_before=records_before + len(records),
            ),
            records_before=records_before,
        )

    def has_next_page(self) -> bool:
        seen = self.records_before + len(self.records)
        return not self._is_short() and seen < (self.total_records or 0)


class RecordsPage(Page[T]):
    """P2: ``{"records": [...]}`` with no page number or total; ``page`` is the number asked for."""

    @classmethod
    def parse(
        cls,
        raw: Mapping[str, Any],
        item_class: type[T],
        *,
        page: int,
        per_page: int | None,
        fetch: PageFetcher,
    ) -> "RecordsPage[T]":
        records = [item_class(record) for record in raw.get("records") or []]
        per_page = per_page or len(records) or None
        return cls(
            records=records,
            page=page,
            total_records=None,
            raw=raw,
            per_page=per_page,
            next_page=lambda: cls.parse(
                fetch(page + 1), item_class, page=page + 1, per_page=per_page, fetch=fetch
            ),
        )

    def has_next_page(self) -> bool:
        return not self._is_short()


class ArrayPage(Page[T], Sequence[T]):
    """P4: a bare JSON array, the whole list at once; also a sequence of its records."""

    @classmethod
    def parse(cls, raw: Sequence[Any], item_class: type[T]) -> "ArrayPage[T]":
        records = [item_class(item) for item in raw]
        return cls(
            records=records, page=1, total_records=len(records), raw=raw, per_page=None, next_page=None
        )

    def has_next_page(self) -> bool:
        return False

    @overload
    def __getitem__(self, index: int) -> T: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[T]: ...

    def __getitem__(self, index: int | slice) -> T | Sequence[T]:
        return self.records[index]

    def __len__(self) -> int:
        return len(self.records)

    def __iter__(self) -> Iterator[T]:
        return iter(self.records)
