"""Showing a failed workflow on its form: each message at the field it concerns, the user's input kept.

This module owns one decision: which failures are about what the user typed and which are the API's own.
A refusal about the input (a 4xx naming fields, or a state the request does not fit) goes at its fields or
above the form. A failure of the API itself (a server error, no answer, an answer that cannot be read, a
rate limit, the portal's API key refused) is not the user's mistake: it is kept apart as the form's
``api_failure`` (``API_FAILURE`` code), so a page says what failed, what was changed, whether to try again
and the request id, instead of "Please correct the error below".

The client names the field of each API error by our snake_case name (``tendlc.client.errors``), which is the
form's field name wherever the form mirrors the model. A message about a field the form does not show goes
above the form, with the field's name, so that nothing the API said is dropped. A time in the API's words
(ISO 8601, as in a revet refused until three months after the last) is shown in the user's time zone.
"""

import re
from datetime import UTC, datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format

from tendlc.client import APIConnectionError, TenDLCError
from tendlc.client.errors import (
    APIStatusError,
    AuthenticationError,
    InternalServerError,
    PermissionDeniedError,
    RateLimitError,
    UnexpectedResponseError,
)
from tendlc.services.errors import WorkflowError

ISO_TIME = re.compile(r"\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?")
# The code of a form error that is the API's failure, not the input's.
API_FAILURE = "api_failure"
UNREACHABLE = (
    "The 10DLC API could not be reached ({detail}). Nothing was changed there that we know of; "
    "your input is kept: submit again."
)
# What a workflow service raises to refuse: shown at the form or in a message, never as a server error.
SUBMIT_ERRORS = (TenDLCError, WorkflowError)
MAYBE_REACHED = (
    "The 10DLC API did not answer ({detail}). The request may have been carried out: check the object's "
    "status (a sync shows it) before submitting again."
)
SERVER_FAILED = (
    "The 10DLC API failed (HTTP {status}{said}). It reported the failure, so nothing was changed at Telnyx; "
    "your input is kept: submit again in a minute.{reference}"
)
RATE_LIMITED = (
    "The 10DLC API is busy: it refused more requests for now (HTTP 429). Nothing was changed; your input is "
    "kept: submit again {when}.{reference}"
)
KEY_REFUSED = (
    "The 10DLC API refused the portal's API key (HTTP {status}). Nothing was changed; trying again will not "
    "help until an administrator checks the key (TELNYX_API_KEY).{reference}"
)
UNREADABLE = (
    "The 10DLC API answered, but not in a form the portal can read (HTTP {status}). The request may have "
    "been carried out: check the object's status (a sync shows it) before submitting again.{reference}"
)


def error_apply(form: forms.BaseForm, error: Exception) -> None:
    """Add ``error`` (an API error or a WorkflowError) to ``form``."""
    if isinstance(error, WorkflowError):
        form.add_error(error.field if error.field in form.fields else None, error.message)
        return
    failure = api_failure_message(error)
    if failure is not None:
        form.add_error(None, ValidationError(failure, code=API_FAILURE))
        return
    if isinstance(error, APIStatusError) and (error.field_errors or error.non_field_errors):
        for name, messages in error.field_errors.items():
            for message in messages:
                if name in form.fields:
                    form.add_error(name, local_times(message))
                else:
                    form.add_error(None, f"{name.replace('_', ' ')}: {local_times(message)}")
        for message in error.non_field_errors:
            form.add_error(None, local_times(message))
        return
    form.add_error(None, error_message(error))


def api_failure(form: forms.BaseForm) -> str:
    """The API's failure ``error_apply`` put on ``form``, or "" when its errors (if any) are the input's."""
    if not form.is_bound:
        return ""
    return " ".join(
        message
        for error in form.non_field_errors().as_data()
        if error.code == API_FAILURE
        for message in error.messages
    )


def input_errors(form: forms.BaseForm) -> bool:
    """Whether ``form`` has errors the user can correct (any besides the API's failure)."""
    return (
        any(error.code != API_FAILURE for errors in form.errors.as_data().values() for error in errors)
        if form.is_bound
        else False
    )


def error_message(error: Exception) -> str:
    """One line for a message banner: what failed and what the user can do."""
    if isinstance(error, WorkflowError):
        return error.message
    failure = api_failure_message(error)
    if failure is not None:
        return failure
    if isinstance(error, APIStatusError):
        details = "; ".join(
            [f"{name}: {'; '.join(messages)}" for name, messages in error.field_errors.items()]
            + error.non_field_errors
        )
        reference = f" (request id {error.request_id})" if error.request_id else ""
        said = local_times(details or error.message)
        return f"The 10DLC API refused it (HTTP {error.status}): {said}{reference}"
    if isinstance(error, TenDLCError):
        return error.message
    return str(error)


def api_failure_message(error: Exception) -> str | None:
    """What to say of a failure of the API itself, or None when ``error`` is a refusal of the input."""
    if isinstance(error, APIConnectionError):
        template = MAYBE_REACHED if error.reached_server else UNREACHABLE
        return template.format(
            detail=type(error).__name__.removeprefix("API").replace("Error", " error").strip()
        )
    if isinstance(error, InternalServerError):
        said = "; ".join(error.non_field_errors).rstrip(".")
        return SERVER_FAILED.format(
            status=error.status, said=f": {said}" if said else "", reference=_reference(error)
        )
    if isinstance(error, RateLimitError):
        when = f"in {round(error.retry_after)} seconds" if error.retry_after else "in a minute"
        return RATE_LIMITED.format(when=when, reference=_reference(error))
    if isinstance(error, AuthenticationError | PermissionDeniedError):
        return KEY_REFUSED.format(status=error.status, reference=_reference(error))
    if isinstance(error, UnexpectedResponseError):
        return UNREADABLE.format(status=error.status, reference=_reference(error))
    return None


def _reference(error: APIStatusError | UnexpectedResponseError) -> str:
    return f" Request id: {error.request_id}." if error.request_id else ""


def local_times(text: str) -> str:
    """``text`` with each ISO 8601 time in it written as a date and time of the user's time zone."""

    def plain(match: re.Match[str]) -> str:
        try:
            moment = datetime.fromisoformat(match.group())
        except ValueError:
            return match.group()
        if timezone.is_naive(moment):
            moment = moment.replace(tzinfo=UTC)  # the API writes its times in UTC
        return date_format(timezone.localtime(moment), "j F Y, H:i T")

    return ISO_TIME.sub(plain, text)
