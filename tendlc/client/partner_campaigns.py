"""Partner campaigns (reference §2.5, S1-S5): campaigns other CSPs shared with Telnyx, and ours shared out."""

from tendlc.client.campaigns import CampaignSharingStatus
from tendlc.client.fields import to_wire
from tendlc.client.http import path_segment
from tendlc.client.objects import TenDLCObject
from tendlc.client.pagination import CountedPage
from tendlc.client.resource import Resource


class TelnyxDownstreamCampaign(TenDLCObject):
    """§2.1.5: a campaign shared with Telnyx (S1 records, S2, S3); it has TCR ids only."""

    tcr_brand_id: str
    tcr_campaign_id: str
    age_gated: bool | None
    assigned_phone_numbers_count: float | None
    brand_display_name: str | None
    campaign_status: str | None
    created_at: str | None
    description: str | None
    direct_lending: bool | None
    embedded_link: bool | None
    embedded_link_sample: str | None
    embedded_phone: bool | None
    failure_reasons: str | None
    help_keywords: str | None
    help_message: str | None
    is_number_pooling_enabled: bool | None
    message_flow: str | None
    number_pool: bool | None
    optin_keywords: str | None
    optin_message: str | None
    optout_keywords: str | None
    optout_message: str | None
    privacy_policy_link: str | None
    sample1: str | None
    sample2: str | None
    sample3: str | None
    sample4: str | None
    sample5: str | None
    sub_usecases: list[str] | None
    subscriber_optin: bool | None
    subscriber_optout: bool | None
    terms_and_conditions: bool | None
    terms_and_conditions_link: str | None
    updated_at: str | None
    usecase: str | None
    webhook_failover_url: str | None
    webhook_url: str | None


class SharedCampaign(TenDLCObject):
    """§2.1.6: one of our campaigns shared with a partner (S4 records)."""

    brand_id: str
    campaign_id: str
    usecase: str
    create_date: str | None
    status: str | None


class PartnerCampaignSharing(TenDLCObject):
    """S5: sharing statuses under keys the reference does not document."""

    values_class = CampaignSharingStatus


class PartnerCampaignsResource(Resource):
    def list(
        self, *, page: int | None = None, records_per_page: int | None = None, sort: str | None = None
    ) -> CountedPage[TelnyxDownstreamCampaign]:
        """S1: the shared campaigns Telnyx has accepted."""
        return self._counted_page(
            TelnyxDownstreamCampaign,
            "/10dlc/partner_campaigns",
            to_wire({"sort": sort}),
            page=page,
            records_per_page=records_per_page,
        )

    def retrieve(self, campaign_id: str) -> TelnyxDownstreamCampaign:
        """S2."""
        return self._object(
            TelnyxDownstreamCampaign,
            "GET",
            f"/10dlc/partner_campaigns/{path_segment(campaign_id, 'campaign_id')}",
        )

    def update(
        self, campaign_id: str, *, webhook_failover_url: str | None = None, webhook_url: str | None = None
    ) -> TelnyxDownstreamCampaign:
        """S3: only the webhook URLs can change (a PATCH, retried like PUT: see ``retries``)."""
        return self._object(
            TelnyxDownstreamCampaign,
            "PATCH",
            f"/10dlc/partner_campaigns/{path_segment(campaign_id, 'campaign_id')}",
            body=to_wire({"webhook_failover_url": webhook_failover_url, "webhook_url": webhook_url}),
        )

    def list_shared_by_me(
        self, *, page: int | None = None, records_per_page: int | None = None
    ) -> CountedPage[SharedCampaign]:
        """S4."""
        return self._counted_page(
            SharedCampaign,
            "/10dlc/partnerCampaign/sharedByMe",
            {},
            page=page,
            records_per_page=records_per_page,
        )

    def retrieve_sharing_status(self, campaign_id: str) -> PartnerCampaignSharing:
        """S5."""
        return self._object(
            PartnerCampaignSharing,
            "GET",
            f"/10dlc/partnerCampaign/{path_segment(campaign_id, 'campaign_id')}/sharing",
        )
