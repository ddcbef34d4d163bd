"""The portal's REST API (``/api/v1/``) for other systems: what the admin offers, through the same services."""
