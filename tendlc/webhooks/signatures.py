"""Ed25519 verification of Telnyx webhooks (reference §4.5); pure, no Django.

Telnyx signs ``"{telnyx-timestamp}|{raw body}"`` with ed25519 and sends the base64 signature in
``telnyx-signature-ed25519`` and the Unix seconds in ``telnyx-timestamp``. A delivery is authentic when the
signature verifies with the account's public key and the timestamp is within ``TOLERANCE_SECONDS`` of now,
past or future (so a captured delivery cannot be replayed later).

This module owns the decision, and is stricter than the official SDK in two places that no genuine delivery
touches: base64 is decoded strictly (the SDK drops characters outside the alphabet) and the timestamp must be
ASCII digits (the SDK takes whatever ``int()`` takes, surrounding spaces and a sign included). Each failure
raises ``SignatureError`` with a ``Reason``, so the view can answer malformed requests apart from forged ones.
"""

import base64
import binascii
import enum
import re
import time
from collections.abc import Mapping

from nacl.exceptions import BadSignatureError
from nacl.signing import VerifyKey

SIGNATURE_HEADER = "telnyx-signature-ed25519"
TIMESTAMP_HEADER = "telnyx-timestamp"
TOLERANCE_SECONDS = 300
KEY_BYTES = 32
SIGNATURE_BYTES = 64

_DIGITS = re.compile(r"[0-9]{1,15}")


class Reason(enum.StrEnum):
    MISSING_HEADER = "missing_header"
    BAD_TIMESTAMP = "bad_timestamp"
    OUTSIDE_TOLERANCE = "outside_tolerance"
    BAD_KEY = "bad_key"
    MALFORMED_SIGNATURE = "malformed_signature"
    BAD_SIGNATURE = "bad_signature"


class SignatureError(Exception):
    def __init__(self, reason: Reason, message: str) -> None:
        super().__init__(message)
        self.reason = reason
        self.message = message


def header(headers: Mapping[str, str], name: str) -> str | None:
    """A header's value whatever its case; HTTP header names are case-insensitive."""
    wanted = name.lower()
    for key, value in headers.items():
        if key.lower() == wanted:
            return value
    return None


def _strict_b64decode(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)


def public_key_bytes(public_key: str) -> bytes:
    """The 32 raw bytes of a base64 ed25519 public key, or ``SignatureError(BAD_KEY)``."""
    try:
        raw = _strict_b64decode(public_key.strip())
    except (binascii.Error, UnicodeEncodeError) as exc:
        raise SignatureError(Reason.BAD_KEY, "The public key is not base64.") from exc
    if len(raw) != KEY_BYTES:
        raise SignatureError(
            Reason.BAD_KEY, f"The public key is {len(raw)} bytes; an ed25519 key is {KEY_BYTES}."
        )
    return raw


def verify(body: bytes, headers: Mapping[str, str], public_key: str, *, now: float | None = None) -> int:
    """Check that ``body`` with ``headers`` was signed by ``public_key`` within the tolerance; answer the
    signed timestamp. Raises ``SignatureError`` naming the first check that failed."""
    signature_text = header(headers, SIGNATURE_HEADER)
    if not signature_text:
        raise SignatureError(Reason.MISSING_HEADER, f"The {SIGNATURE_HEADER} header is missing.")
    timestamp_text = header(headers, TIMESTAMP_HEADER)
    if not timestamp_text:
        raise SignatureError(Reason.MISSING_HEADER, f"The {TIMESTAMP_HEADER} header is missing.")

    if not _DIGITS.fullmatch(timestamp_text):
        raise SignatureError(Reason.BAD_TIMESTAMP, f"The {TIMESTAMP_HEADER} header is not Unix seconds.")
    timestamp = int(timestamp_text)
    skew = abs((time.time() if now is None else now) - timestamp)
    if skew > TOLERANCE_SECONDS:
        raise SignatureError(
            Reason.OUTSIDE_TOLERANCE,
            f"The timestamp is {skew:.0f} s from now; at most {TOLERANCE_SECONDS} s is accepted.",
        )

    key = public_key_bytes(public_key)

    try:
        signature = _strict_b64decode(signature_text.strip())
    except (binascii.Error, UnicodeEncodeError) as exc:
        raise SignatureError(
            Reason.MALFORMED_SIGNATURE, f"The {SIGNATURE_HEADER} header is not base64."
        ) from exc
    if len(signature) != SIGNATURE_BYTES:
        raise SignatureError(
            Reason.MALFORMED_SIGNATURE,
            f"The signature is {len(signature)} bytes; an ed25519 signature is {SIGNATURE_BYTES}.",
        )

    try:
        VerifyKey(key).verify(timestamp_text.encode("ascii") + b"|" + body, signature)
    except BadSignatureError as exc:
        raise SignatureError(Reason.BAD_SIGNATURE, "The signature does not match the body.") from exc
    return timestamp
