"""The admin, one module per subject; Django's autodiscovery imports this package."""

from tendlc.admin import (  # noqa: F401 - registers their ModelAdmins  # noqa: F401 - registers their ModelAdmins  # noqa: F401 - registers their ModelAdmins
    audit,
    brand_records,
    brands,
    campaigns,
    numbers,
    partner_campaigns,
    sync,
    webhooks,
)
