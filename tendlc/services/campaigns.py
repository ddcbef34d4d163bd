"""Refreshing our campaigns from the API: the campaign (C4), each carrier's terms (C8) and each carrier's
operation status (C9).

Campaigns still in review are refreshed on a schedule. Webhooks announce the campaign's own status changes,
but no event carries the carriers' view (C9), and a webhook lost on the way would leave a campaign showing
"in review" until the next full sync. The three reads come before the writes, which are one transaction.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import QuerySet

from tendlc.client import NotFoundError, TenDLCClient
from tendlc.mapping.records import campaign_values, mno_status_values
from tendlc.models import Campaign, CampaignMnoStatus
from tendlc.selectors.campaigns import IN_REVIEW, campaign_list_in_stage
from tendlc.services.mirror import remote_record_gone, remote_record_update, rows_upsert


@dataclass(frozen=True)
class CampaignRefresh:
    """What one refresh found and wrote."""

    campaign_status: str
    campaign_fields_written: int
    carriers_written: int


def campaign_list_in_review() -> QuerySet[Campaign]:
    return campaign_list_in_stage(IN_REVIEW).order_by("pk")


def campaigns_refresh_in_review(*, client: TenDLCClient) -> int:
    """Refresh every campaign still in review; answer how many were refreshed."""
    campaigns = list(campaign_list_in_review())
    for campaign in campaigns:
        campaign_refresh(campaign=campaign, client=client)
    return len(campaigns)


def campaign_refresh(*, campaign: Campaign, client: TenDLCClient) -> CampaignRefresh:
    """Read the campaign, its carriers' terms and their operation status into Campaign and CampaignMnoStatus
    rows (one per carrier). A campaign the API no longer knows is marked gone."""
    resource = client.messaging_10dlc.campaign
    try:
        payload = resource.retrieve(campaign.campaign_id).raw
    except NotFoundError:
        remote_record_gone(campaign)
        return CampaignRefresh(campaign.campaign_status, 0, 0)
    metadata = resource.get_mno_metadata(campaign.campaign_id).raw
    operation_status = resource.get_operation_status(campaign.campaign_id).raw
    with transaction.atomic():
        written = remote_record_update(campaign, campaign_values(payload), payload)
        carriers = _mno_statuses_write(campaign, metadata, operation_status)
    return CampaignRefresh(campaign.campaign_status, len(written), carriers)


def campaign_carriers_refresh(*, campaign: Campaign, client: TenDLCClient) -> int:
    """Read each carrier's terms (C8) and operation status (C9) into CampaignMnoStatus rows; answer how many
    rows were written."""
    resource = client.messaging_10dlc.campaign
    metadata = resource.get_mno_metadata(campaign.campaign_id).raw
    operation_status = resource.get_operation_status(campaign.campaign_id).raw
    with transaction.atomic():
        return _mno_statuses_write(campaign, metadata, operation_status)


def _mno_statuses_write(
    campaign: Campaign, metadata: Mapping[str, Any], operation_status: Mapping[str, Any]
) -> int:
    """One row per carrier either read names, upserted when new or changed. A carrier in C9 but not in C8
    gets its status and no terms; one in C8 but not yet in C9 gets its terms and no status."""
    stored = {row.network_id: row for row in campaign.mno_statuses.all()}
    rows = []
    for network_id in sorted({*metadata, *operation_status}, key=int):
        values = mno_status_values(
            network_id, metadata.get(network_id) or {}, operation_status.get(network_id)
        )
        rows.append((stored.get(values["network_id"]), {**values, "campaign_id": campaign.pk}))
    return rows_upsert(CampaignMnoStatus, rows, unique_fields=["campaign", "network_id"])
