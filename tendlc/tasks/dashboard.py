"""The home page's counts that a worker keeps: a thin wrapper of ``tendlc.services.dashboard_counts``."""

from celery import shared_task

from tendlc.services.dashboard_counts import numbers_assigned_count_record


# Every few minutes, and nobody reads its result: the count's own row is the record.
@shared_task(name="tendlc.count_numbers_assigned", ignore_result=True, soft_time_limit=240, time_limit=280)
def count_numbers_assigned() -> int:
    return numbers_assigned_count_record().count
