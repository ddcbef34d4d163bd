"""Posting a notification to a chat channel's incoming webhook: Slack, Microsoft Teams, or a signed JSON POST.

Each is one POST of a small JSON document, written here with requests rather than through a library that
speaks many services (apprise): apprise rebuilds Slack's and Teams' addresses from tokens and posts to their
fixed hosts, so a channel could not be pointed at a relay or a test receiver, and it answers a failure with
False, without the status and body an admin needs to see as the channel's last error.

The generic JSON POST is signed so the receiver can tell it came from the portal: header
``X-Tendlc-Timestamp`` (Unix seconds) and ``X-Tendlc-Signature: sha256=<hex>``, the HMAC-SHA256, keyed with the
channel's shared secret, of ``<timestamp>.<body>`` (the body as sent, bytes). A receiver recomputes it,
compares in constant time, and refuses a timestamp more than a few minutes old.
"""

import hashlib
import hmac
import json
import time
from typing import Any

import requests

from tendlc.models import ChatChannel, ChatService
from tendlc.services.notification_content import Content

SIGNATURE_HEADER = "X-Tendlc-Signature"
TIMESTAMP_HEADER = "X-Tendlc-Timestamp"
TIMEOUT = (5.0, 15.0)  # seconds to connect, to read


class ChatError(Exception):
    """The channel did not take the message; the text is what an admin sees as its last error."""


def chat_post(*, channel: ChatChannel, content: Content) -> None:
    """POST ``content`` to ``channel``; raise ChatError unless it answered 2xx."""
    body = json.dumps(chat_document(channel.service, content), separators=(",", ":")).encode()
    headers = {"Content-Type": "application/json"}
    if channel.service == ChatService.JSON:
        headers.update(signature_headers(channel.secret, body))
    try:
        answer = requests.post(channel.url, data=body, headers=headers, timeout=TIMEOUT)
    except requests.RequestException as exc:
        raise ChatError(f"Could not reach the channel: {type(exc).__name__}") from exc
    if not 200 <= answer.status_code < 300:
        raise ChatError(f"The channel answered {answer.status_code}: {answer.text[:200]}")


def signature_headers(secret: str, body: bytes, *, timestamp: int | None = None) -> dict[str, str]:
    stamp = str(int(time.time()) if timestamp is None else timestamp)
    digest = hmac.new(secret.encode(), stamp.encode() + b"." + body, hashlib.sha256).hexdigest()
    return {TIMESTAMP_HEADER: stamp, SIGNATURE_HEADER: f"sha256={digest}"}


def chat_document(service: str, content: Content) -> dict[str, Any]:
    if service == ChatService.SLACK:
        return {"text": f"*{content.title}*\n{content.text}"}
    if service == ChatService.TEAMS:
        # A Teams workflow's incoming webhook ("Post to a channel when a webhook request is received") takes an
        # Adaptive Card in a message.
        return {
            "type": "message",
            "attachments": [
                {
                    "contentType": "application/vnd.microsoft.card.adaptive",
                    "content": {
                        "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
                        "type": "AdaptiveCard",
                        "version": "1.4",
                        "body": [
                            {"type": "TextBlock", "text": content.title, "weight": "Bolder", "wrap": True},
                            {"type": "TextBlock", "text": content.text, "wrap": True},
                        ],
                        "actions": [
                            {"type": "Action.OpenUrl", "title": link.label, "url": link.url}
                            for link in content.links
                            if link.url.startswith("http")
                        ],
                    },
                }
            ],
        }
    return {
        "kind": content.kind,
        "title": content.title,
        "text": content.text,
        "occurred_at": content.when.isoformat(),
        "about": {label.lower(): value for label, value in content.about},
        "why": content.why,
        "next_steps": content.next_steps,
        "links": [{"label": link.label, "url": link.url} for link in content.links],
    }
