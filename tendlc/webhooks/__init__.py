"""Incoming Telnyx webhooks: signature verification (pure), the view that takes verified events in, and the
Redis buffer they may wait in to be stored."""
