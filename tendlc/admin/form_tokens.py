"""One-time form tokens: a form that pays or sends something (a brand registration, a vetting order, a PIN
texted) does it once per rendering, however often it is posted. A double click, a reload that posts again,
or the back button and a second submit all carry the same token.

Each rendering of such a form carries a fresh token (a hidden ``form_token`` input); its POST claims the token
as an idempotency key of the user for that address (``tendlc.services.idempotency``). The first POST runs and
records where it ended (``form_token_done``); a second one waits for the first, up to ``WAIT`` seconds, and
lands where the first did, with a message rather than an error. A POST that ended in a refusal shown on the
form frees its token (``form_token_free``): the form is shown again, with a new token, to be corrected.
``SUBMIT_ONCE_SCRIPT`` also disables the submit buttons after the first click, where scripts run.

A POST without a token (a page rendered before this existed) is handled as before.
"""

import secrets
from typing import Any

from django.http import HttpRequest

from tendlc.models import IdempotencyKey
from tendlc.services.errors import WorkflowError
from tendlc.services.idempotency import (
    MAX_KEY_LENGTH,
    Answered,
    KeyInFlight,
    idempotency_key_claim_waiting,
    idempotency_key_complete,
    idempotency_key_release,
)

FIELD = "form_token"
SUBMIT_ONCE_SCRIPT = "tendlc/submit_once.js"
# A double click's second request waits this long for the first (a registration takes a few seconds).
WAIT = 30.0
STILL_RUNNING = (
    "This form is still being submitted from an earlier click: wait a moment, then look for the result before"
    " submitting again."
)
SUBMITTED_BEFORE = "This form was already submitted: nothing was sent again."


def form_token_new() -> str:
    return secrets.token_urlsafe(24)


def form_token_claim(request: HttpRequest) -> IdempotencyKey | Answered | None:
    """The POST's token claimed for it to run (then ``form_token_done`` or ``form_token_free``), the outcome
    of the POST that ran it before, or None without a token. Raises a WorkflowError when the first POST is
    still running after ``WAIT`` seconds."""
    token = request.POST.get(FIELD, "")
    if not token or len(token) > MAX_KEY_LENGTH:
        return None
    try:
        return idempotency_key_claim_waiting(
            user=request.user,
            endpoint=f"{request.method} {request.path}",
            key=token,
            fingerprint="",
            wait=WAIT,
        )
    except KeyInFlight:
        raise WorkflowError(STILL_RUNNING) from None


def form_token_done(claimed: IdempotencyKey | None, **outcome: Any) -> None:
    """Record where the POST that claimed the token ended (e.g. ``object_id``, ``message``)."""
    if claimed is not None:
        idempotency_key_complete(claimed=claimed, status=200, body=outcome)


def form_token_free(claimed: IdempotencyKey | None) -> None:
    if claimed is not None:
        idempotency_key_release(claimed=claimed)


def form_token_outcome(answered: Answered) -> dict[str, Any]:
    """What ``form_token_done`` recorded."""
    return answered.body if isinstance(answered.body, dict) else {}
