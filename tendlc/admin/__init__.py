"""The admin, one module per subject; Django's autodiscovery imports this package."""

from tendlc.admin import audit, sync, webhooks  # noqa: F401 - registers their ModelAdmins
