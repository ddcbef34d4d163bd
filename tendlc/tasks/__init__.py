"""Celery tasks, thin wrappers that each call one service; Celery's autodiscovery imports this package."""

from tendlc.tasks import (
    dashboard,  # noqa: F401 - registers the count of numbers assigned
    link_checks,  # noqa: F401 - registers the link checks
    notifications,  # noqa: F401 - registers the notifications' fan-out, sending and digests
    number_uploads,  # noqa: F401 - registers the upload's sending
    polling,  # noqa: F401 - registers the polling tasks
    reactivations,  # noqa: F401 - registers the reactivation follow-up
    retention,  # noqa: F401 - registers the daily prune of old records
    sync,  # noqa: F401 - registers the sync tasks
    webhooks,  # noqa: F401 - registers the webhook tasks
)
