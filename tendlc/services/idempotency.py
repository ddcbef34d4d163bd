"""This module owns the one decision of what a request sent again under the same idempotency key gets: the
REST API's ``Idempotency-Key`` header (IETF draft "The Idempotency-Key HTTP Header Field", as Stripe does it)
and the admin's one-time form tokens are both claimed here.

    the key (same user, same endpoint) is    the request
    new, or older than KEY_LIFETIME          runs; its answer is kept under the key (``idempotency_key_claim``)
    answered, with the same values           is not run: the kept answer is given again (``Answered``)
    answered or running, with other values   is refused: ``KeyReused`` (the API's 422)
    running                                  is refused: ``KeyInFlight`` (the API's 409: retry shortly)
    running for over IN_FLIGHT_LIMIT         runs: the first request's process died before answering

The claim inserts the key first and lets the database's unique constraint pick the one request that runs, so
two requests arriving together on two processes (or machines) cannot both pass: no lock of ours, no window
between reading and writing. Whether an answer is kept or the key released is the caller's to say
(``idempotency_key_complete``, ``idempotency_key_release``): the REST API keeps decided answers only
(``tendlc.api.idempotency``). Expired keys are deleted as new ones are claimed.
"""

import time
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from tendlc.models import IdempotencyKey
from tendlc.services.audit import User, user_recorded
from tendlc.services.errors import WorkflowError

KEY_LIFETIME = timedelta(hours=24)
# Longer than any request runs (the API client's timeouts and retries included): a key still running after
# this belongs to a process that died.
IN_FLIGHT_LIMIT = timedelta(minutes=15)
MAX_KEY_LENGTH = 255


@dataclass(frozen=True)
class Answered:
    """The kept answer of the key's first request."""

    status: int
    body: Any


class KeyReused(WorkflowError):
    """The key was sent before with other values."""


class KeyInFlight(WorkflowError):
    """The key's first request is still being processed."""


REUSED_MESSAGE = (
    "This Idempotency-Key was already used for a request with other values: send a new key for a new request."
)
IN_FLIGHT_MESSAGE = (
    "A request with this Idempotency-Key is still being processed: retry in a few seconds to get its answer."
)


def idempotency_key_claim(
    *, user: User, endpoint: str, key: str, fingerprint: str
) -> IdempotencyKey | Answered:
    """The key, claimed for this request to run (an ``IdempotencyKey`` in flight), or the first request's
    kept answer. Raises ``KeyReused`` or ``KeyInFlight`` as the module's table says."""
    owner = user_recorded(user)
    if owner is None:
        raise WorkflowError("Idempotency keys are kept per user: sign in first.")
    idempotency_keys_purge()
    now = timezone.now()
    # A key released between the failed insert and the read is claimed on the next turn.
    while True:
        try:
            with transaction.atomic():
                return IdempotencyKey.objects.create(
                    user=owner, endpoint=endpoint, key=key, fingerprint=fingerprint, created_at=now
                )
        except IntegrityError:
            pass
        stored = IdempotencyKey.objects.filter(user=owner, endpoint=endpoint, key=key).first()
        if stored is None:
            continue
        if stored.fingerprint != fingerprint:
            raise KeyReused(REUSED_MESSAGE)
        if not stored.in_flight:
            return Answered(status=stored.response_status or 0, body=stored.response_body)
        abandoned = stored.created_at < now - IN_FLIGHT_LIMIT
        # Only one of several requests finding the same abandoned key takes it over: the update is conditional.
        if abandoned and IdempotencyKey.objects.filter(
            pk=stored.pk, response_status=None, created_at=stored.created_at
        ).update(created_at=now):
            stored.created_at = now
            return stored
        raise KeyInFlight(IN_FLIGHT_MESSAGE)


def idempotency_key_claim_waiting(
    *, user: User, endpoint: str, key: str, fingerprint: str, wait: float, interval: float = 0.2
) -> IdempotencyKey | Answered:
    """``idempotency_key_claim``, waiting up to ``wait`` seconds for a first request still running: its
    answer once kept, or the key if it was released. For a person's double click, who should see the
    first click's outcome rather than a refusal."""
    deadline = time.monotonic() + wait
    while True:
        try:
            return idempotency_key_claim(user=user, endpoint=endpoint, key=key, fingerprint=fingerprint)
        except KeyInFlight:
            if time.monotonic() >= deadline:
                raise
            time.sleep(interval)


def idempotency_key_complete(*, claimed: IdempotencyKey, status: int, body: Any) -> None:
    """Keep the answer of the request that claimed the key: a repeat now gets it."""
    IdempotencyKey.objects.filter(pk=claimed.pk).update(
        response_status=status, response_body=body, completed_at=timezone.now()
    )


def idempotency_key_release(*, claimed: IdempotencyKey) -> None:
    """Forget a key whose request did nothing that must not be repeated: the same key may run again."""
    IdempotencyKey.objects.filter(pk=claimed.pk, response_status=None).delete()


def idempotency_keys_purge() -> int:
    """Delete the keys older than ``KEY_LIFETIME``; the number deleted."""
    deleted, _ = IdempotencyKey.objects.filter(created_at__lt=timezone.now() - KEY_LIFETIME).delete()
    return deleted
