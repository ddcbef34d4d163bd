"""One campaign's number assignments read again outside a run (after a deactivation, whose effect on the
numbers Telnyx does not document), and written as a full sync writes them.

The API's list filtered by the campaign (N1, ``filter[telnyx_campaign_id]``) is read to its end, so what it
leaves out is no longer on the campaign: those rows are marked gone, as the sync marks a number its listing
no longer has. A number that moved to another campaign meanwhile is read again by the next sync, which
clears the mark, as for a number that moved between two pages of a run.
"""

from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

from tendlc.client import TenDLCClient
from tendlc.models import Campaign, PhoneNumberAssignment
from tendlc.services.sync._pages import mark_gone, page_write
from tendlc.services.sync._resources import NUMBERS, PER_PAGE, link_campaigns, mapped


@dataclass(frozen=True)
class CampaignNumbers:
    """What the API listed on a campaign, and how many rows here it no longer lists there."""

    listed: int
    no_longer_listed: int


def campaign_numbers_read(*, campaign: Campaign, client: TenDLCClient) -> CampaignNumbers:
    """Read every number the API lists on ``campaign`` and mirror them; mark the campaign's numbers here that
    it no longer lists."""
    resource = client.messaging_10dlc.phone_number_campaigns
    first = resource.list(filter={"telnyx_campaign_id": campaign.campaign_id}, records_per_page=PER_PAGE)
    seen: set[str] = set()
    for page in first.iter_pages():
        records = mapped(NUMBERS, page.records)
        seen.update(values["phone_number"] for _, values in records)
        link_campaigns(records)
        page_write(NUMBERS, records, now=timezone.now())
    here = PhoneNumberAssignment.objects.filter(
        Q(campaign=campaign) | Q(telnyx_campaign_id=campaign.campaign_id)
    )
    gone = mark_gone(NUMBERS, here, seen, now=timezone.now())
    return CampaignNumbers(listed=len(seen), no_longer_listed=gone)
