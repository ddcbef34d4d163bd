"""Recording workflow actions in the audit log.

A workflow service wraps its work in ``audited``: the entry is written when the work ends, with outcome
"failed" and the error when it raised (the error still propagates). It is written outside any transaction
the work used, so a rolled-back action is still on record. Secrets never reach the log: values under names
that hold PINs, tokens or keys are masked wherever they are nested.

The entry is read by compliance people, so its error says what went wrong in plain words: the message of our
own refusals and of the 10DLC API's, and for anything else only what kind of failure stopped the action (a
database error's text quotes SQL and the values it was given). Nothing an action was given can stop its
entry being written: a NUL, which PostgreSQL stores in neither text nor JSON, is recorded as U+FFFD.

The status changes an action makes (``tendlc.services.timeline``) are recorded while it runs, with the
action as their cause, and linked to its entry once that is written.

An action that succeeded on a record is also written to Django's own history (``LogEntry``), which the admin
shows as "Recent actions" and as each record's History. Written here, where every workflow is recorded, and
nowhere else, so the two cannot disagree and no page logs a workflow twice.
"""

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from django.contrib.admin.models import ADDITION, CHANGE, DELETION, LogEntry
from django.contrib.auth import get_user_model
from django.contrib.auth import models as auth_models
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, PermissionsMixin
from django.contrib.contenttypes.models import ContentType
from django.db import DatabaseError, models

from tendlc.client import TenDLCError
from tendlc.client.errors import APIStatusError
from tendlc.models import AuditEntry, AuditOutcome, ChangeCause
from tendlc.services.errors import DraftKept, WorkflowError
from tendlc.services.timeline import status_change_cause, status_changes_attribute

MASK = "***"
SECRET_NAME_PARTS = ("pin", "token", "secret", "password", "api_key", "apikey", "authorization")
# Long free text (a CSV upload, a sample message) is cut: the log says what was asked, not all of it.
MAX_TEXT = 500
MAX_ITEMS = 50
NUL_SHOWN_AS = "\ufffd"
# How Django's history counts an action, by the verb of its name (``<subject>.<verb>``); any other changes.
HISTORY_ADDITIONS = frozenset({"create", "start", "apply"})
HISTORY_DELETIONS = frozenset({"delete", "delete_draft"})

# Who acts: the request's user as the request carries it (signed in, or anonymous where a view lets anyone
# through), or None when the portal acts by itself (a task, a command). Callers pass ``request.user`` as it is;
# the two things a service asks of it are answered once, here: ``user_recorded`` and ``user_may``.
User = AbstractBaseUser | AnonymousUser | None


def user_recorded(user: User) -> auth_models.User | None:
    """The user row a record names as who acted: None for the portal itself or someone not signed in."""
    return user if isinstance(user, get_user_model()) else None


def user_may(user: User, permission: str) -> bool:
    """Whether ``user`` holds ``permission``; the portal acting by itself holds none."""
    return isinstance(user, PermissionsMixin | AnonymousUser) and user.has_perm(permission)


def is_secret(name: str) -> bool:
    lowered = name.lower()
    # pin_sms is the OTP message's template (with @OTP_PIN@), not a PIN.
    return any(part in lowered for part in SECRET_NAME_PARTS) and lowered not in {"pin_sms", "pinsms"}


def summary_clean(value: Any) -> Any:
    """``value`` with secrets masked and long text and lists cut, ready for a JSON column."""
    if isinstance(value, Mapping):
        return {
            _text(str(key)): MASK if is_secret(str(key)) and item not in (None, "") else summary_clean(item)
            for key, item in value.items()
        }
    if isinstance(value, list | tuple | set):
        items = list(value)
        cleaned = [summary_clean(item) for item in items[:MAX_ITEMS]]
        if len(items) > MAX_ITEMS:
            cleaned.append(f"... {len(items) - MAX_ITEMS} more")
        return cleaned
    if isinstance(value, str):
        return _text(value if len(value) <= MAX_TEXT else value[:MAX_TEXT] + "...")
    if value is None or isinstance(value, bool | int | float):
        return value
    return _text(str(value))


def _text(value: str) -> str:
    return value.replace("\x00", NUL_SHOWN_AS)


@dataclass
class AuditScope:
    """What the work tells the entry while it runs: the target, once known (a create makes it)."""

    target: models.Model | None = None
    summary: dict[str, Any] = field(default_factory=dict)


def audit_record(
    *,
    user: User,
    action: str,
    target: models.Model | None,
    summary: Mapping[str, Any],
    error: BaseException | None = None,
) -> AuditEntry:
    person = user_recorded(user)
    if error is None and person is not None and target is not None and target.pk is not None:
        _history_record(person, action, target)
    return AuditEntry.objects.create(
        user=person,
        username=person.get_username() if person is not None else "",
        action=action,
        target_type=ContentType.objects.get_for_model(target) if target is not None else None,
        target_id=str(target.pk) if target is not None and target.pk is not None else "",
        target_repr=_text(str(target)[:200]) if target is not None else "",
        request_summary=summary_clean(dict(summary)),
        outcome=AuditOutcome.FAILED if error is not None else AuditOutcome.SUCCEEDED,
        error=error_text(error) if error is not None else "",
        api_request_id=(error.request_id or "") if isinstance(error, APIStatusError) else "",
    )


def _history_record(person: auth_models.User, action: str, target: models.Model) -> None:
    verb = action.partition(".")[2] or action
    flag = ADDITION if verb in HISTORY_ADDITIONS else DELETION if verb in HISTORY_DELETIONS else CHANGE
    LogEntry.objects.create(
        user=person,
        content_type=ContentType.objects.get_for_model(target),
        object_id=str(target.pk),
        object_repr=_text(str(target)[:200]),
        action_flag=flag,
        # Plain text, which the admin shows as it is: "Workflow: refresh feedback."
        change_message=f"Workflow: {verb.replace('_', ' ')}.",
    )


def error_text(error: BaseException) -> str:
    """What stopped an action, as the people reading the log can use it."""
    if isinstance(error, DraftKept):
        return error_text(error.error)
    if isinstance(error, TenDLCError | WorkflowError):
        return _text(error.message)
    if isinstance(error, DatabaseError):
        return f"The database refused the action ({type(error).__name__}); the server log has the details."
    return _text(str(error) or type(error).__name__)


@contextmanager
def audited(
    *, user: User, action: str, target: models.Model | None = None, summary: Mapping[str, Any] | None = None
) -> Iterator[AuditScope]:
    scope = AuditScope(target=target, summary=dict(summary or {}))
    with status_change_cause(cause=ChangeCause.USER_ACTION, detail=action) as cause:
        try:
            yield scope
        except Exception as error:
            entry = audit_record(
                user=user, action=action, target=scope.target, summary=scope.summary, error=error
            )
            status_changes_attribute(cause=cause, entry=entry)
            raise
    entry = audit_record(user=user, action=action, target=scope.target, summary=scope.summary)
    status_changes_attribute(cause=cause, entry=entry)
