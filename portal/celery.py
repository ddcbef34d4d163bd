"""The Celery application: configured from Django settings (``CELERY_*``), tasks found in installed apps.

Its logging is Django's ``LOGGING`` (the worker would otherwise replace the root logger's handlers with its own
and drop the JSON format and the log context). Each task's lines carry its task id, and the request id and
webhook event id of whatever enqueued it, sent along as message headers.
"""

import logging.config
import os
from typing import Any

from celery import Celery, Task
from celery.signals import before_task_publish, setup_logging, task_postrun, task_prerun

from tendlc import log_context as context

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

app = Celery("portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# Per running task: how to restore the log context it found (a task run eagerly runs inside its caller's).
_restore: dict[str, Any] = {}


@setup_logging.connect
def configure_logging(**kwargs: Any) -> None:
    from django.conf import settings

    logging.config.dictConfig(settings.LOGGING)


@before_task_publish.connect
def send_log_context(headers: dict[str, Any], **kwargs: Any) -> None:
    headers.update(context.task_headers())


@task_prerun.connect
def enter_log_context(task_id: str, task: Task[Any, Any], **kwargs: Any) -> None:
    scope = context.bound(task_id=task_id, **context.from_task_headers(task.request))
    scope.__enter__()
    _restore[task_id] = scope


@task_postrun.connect
def leave_log_context(task_id: str, **kwargs: Any) -> None:
    scope = _restore.pop(task_id, None)
    if scope is not None:
        scope.__exit__(None, None, None)
