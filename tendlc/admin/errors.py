"""Showing a failed workflow on its form: each message at the field it concerns, the user's input kept.

The client names the field of each API error by our snake_case name (``tendlc.client.errors``), which is the
form's field name wherever the form mirrors the model. A message about a field the form does not show goes
above the form, with the field's name, so that nothing the API said is dropped.
"""

from django import forms

from tendlc.client import APIConnectionError, TenDLCError
from tendlc.client.errors import APIStatusError
from tendlc.services.errors import WorkflowError

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


def error_apply(form: forms.BaseForm, error: Exception) -> None:
    """Add ``error`` (an API error or a WorkflowError) to ``form``."""
    if isinstance(error, WorkflowError):
        form.add_error(error.field if error.field in form.fields else None, error.message)
        return
    if isinstance(error, APIStatusError) and (error.field_errors or error.non_field_errors):
        for name, messages in error.field_errors.items():
            for message in messages:
                if name in form.fields:
                    form.add_error(name, message)
                else:
                    form.add_error(None, f"{name.replace('_', ' ')}: {message}")
        for message in error.non_field_errors:
            form.add_error(None, message)
        return
    form.add_error(None, error_message(error))


def error_message(error: Exception) -> str:
    """One line for a message banner: what failed and what the user can do."""
    if isinstance(error, WorkflowError):
        return error.message
    if isinstance(error, APIConnectionError):
        template = MAYBE_REACHED if error.reached_server else UNREACHABLE
        return template.format(
            detail=type(error).__name__.removeprefix("API").replace("Error", " error").strip()
        )
    if isinstance(error, APIStatusError):
        reference = f" (request id {error.request_id})" if error.request_id else ""
        details = "; ".join(
            [f"{name}: {'; '.join(messages)}" for name, messages in error.field_errors.items()]
            + error.non_field_errors
        )
        return f"The 10DLC API refused it (HTTP {error.status}): {details or error.message}{reference}"
    if isinstance(error, TenDLCError):
        return error.message
    return str(error)
