"""The sharing status of a campaign, as both lists of shared campaigns show it."""

from typing import Any

from tendlc.admin.display import badge
from tendlc.models import PartnerCampaign, SharedCampaign


def sharing_badge(obj: PartnerCampaign | SharedCampaign) -> Any:
    return badge(obj.sharing_status, obj.sharing_status.capitalize() if obj.sharing_status else None)
