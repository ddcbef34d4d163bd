"""Incoming Telnyx webhooks: signature verification (pure) and the view that stores verified events."""
