"""The portal's access to its settings for the 10DLC API, in one place."""

from django.conf import settings
from django.urls import reverse

from tendlc.client import TenDLCClient


def api_client() -> TenDLCClient:
    """A client for the configured API. Build one per unit of work (a task, a request) and close it after:
    it holds a pooled session."""
    return TenDLCClient(api_key=settings.TELNYX_API_KEY, base_url=settings.TELNYX_API_BASE_URL)


def webhook_public_key() -> str:
    """Base64 ed25519 key that signs incoming webhooks."""
    return settings.TELNYX_PUBLIC_KEY


def webhook_url_default() -> str:
    """The portal's own webhook endpoint as Telnyx must call it, offered as the webhook URL of new brands and
    campaigns; empty when PORTAL_PUBLIC_URL does not say where the portal is reachable."""
    base = settings.PORTAL_PUBLIC_URL.rstrip("/")
    return f"{base}{reverse('telnyx-webhook')}" if base else ""
