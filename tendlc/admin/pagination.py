"""Pages of a big admin list without counting every row: the paginator counts at most ``COUNT_CAP`` rows, so
a page costs the same whether the list holds a hundred rows or a million.

Past the cap the list says so in plain words ("more than 10,000") and offers the pages up to it. Each of those
pages is read from the list's ordering index with an OFFSET of at most the cap, which stays fast; rows beyond
it are reached the way people look for them anyway, by searching, filtering, or sorting the other way (the
oldest first), never by paging through ten thousand rows. Use it with ``show_full_result_count = False`` so the
changelist does not count the whole table a second time.
"""

from functools import cached_property

from django.core.paginator import Paginator
from django.utils.formats import number_format

# A hundred pages of a hundred rows: more than anyone pages through, and counted in a few milliseconds.
COUNT_CAP = 10_000


class CappedPaginator(Paginator):
    """A paginator whose count stops at ``COUNT_CAP``; ``more`` says whether rows were left uncounted."""

    @cached_property
    def counted(self) -> int:
        # A COUNT over a LIMITed subquery of ids, unordered: it stops reading at the first row past the cap.
        return int(self.object_list.order_by().values("pk")[: COUNT_CAP + 1].count())

    @cached_property
    def count(self) -> int:
        return min(self.counted, COUNT_CAP)

    @property
    def more(self) -> bool:
        return self.counted > COUNT_CAP

    @property
    def count_words(self) -> str:
        """The list's size as a person reads it: "2,500", or "more than 10,000"."""
        if self.more:
            return f"more than {number_format(COUNT_CAP, force_grouping=True)}"
        return str(number_format(self.count, force_grouping=True))
