"""Campaigns (reference §2.4, C3-C13); creating one is the campaign builder's (C1, C2)."""

from functools import cached_property

from tendlc.client.fields import arguments_to_wire, to_wire
from tendlc.client.http import path_segment
from tendlc.client.objects import TenDLCObject
from tendlc.client.pagination import CountedPage
from tendlc.client.resource import Resource


class TelnyxCampaignCsp(TenDLCObject):
    """§2.1.3: returned by submit (C2), get (C4) and update (C5)."""

    brand_id: str
    campaign_id: str
    csp_id: str
    description: str
    mock: bool
    sub_usecases: list[str]
    terms_and_conditions: bool
    usecase: str
    age_gated: bool | None
    auto_renewal: bool | None
    billed_date: str | None
    brand_display_name: str | None
    campaign_status: str | None
    create_date: str | None
    direct_lending: bool | None
    embedded_link: bool | None
    embedded_link_sample: str | None
    embedded_phone: bool | None
    failure_reasons: str | None
    help_keywords: str | None
    help_message: str | None
    is_t_mobile_number_pooling_enabled: bool | None
    is_t_mobile_registered: bool | None
    is_t_mobile_suspended: bool | None
    message_flow: str | None
    next_renewal_or_expiration_date: str | None
    number_pool: bool | None
    optin_keywords: str | None
    optin_message: str | None
    optout_keywords: str | None
    optout_message: str | None
    privacy_policy_link: str | None
    reference_id: str | None
    reseller_id: str | None
    sample1: str | None
    sample2: str | None
    sample3: str | None
    sample4: str | None
    sample5: str | None
    status: str | None
    submission_status: str | None
    subscriber_help: bool | None
    subscriber_optin: bool | None
    subscriber_optout: bool | None
    tcr_brand_id: str | None
    tcr_campaign_id: str | None
    terms_and_conditions_link: str | None
    vertical: str | None
    webhook_failover_url: str | None
    webhook_url: str | None


class CampaignListItem(TelnyxCampaignCsp):
    """§2.1.4: a record of the campaign list (the same fields, none required, plus a number count)."""

    assigned_phone_numbers_count: float | None


class CampaignDeactivation(TenDLCObject):
    """C6 (``record_type`` is snake_case on the wire)."""

    time: float
    message: str | None
    record_type: str | None


class CampaignAppeal(TenDLCObject):
    """C7 (``appealed_at`` is snake_case on the wire)."""

    appealed_at: str


class MnoMetadataItem(TenDLCObject):
    """What one carrier requires of a campaign (C8; also the values of C1's ``mno_metadata``)."""

    qualify: bool
    mno: str
    no_embedded_link: bool
    no_embedded_phone: bool
    req_subscriber_help: bool
    req_subscriber_optin: bool
    req_subscriber_optout: bool
    mno_review: bool
    mno_support: bool
    min_msg_samples: int


class MnoMetadata(TenDLCObject):
    """C8: carriers by network id. ``metadata._10017`` or ``metadata["10017"]`` is one carrier's."""

    values_class = MnoMetadataItem


class CampaignOperationStatus(TenDLCObject):
    """C9: status by carrier network id, e.g. ``status._10017 == "APPROVED"``."""


class OsrAttributes(TenDLCObject):
    """C10: a free-form object; the reference's example carries these three."""

    msg_class: str | None
    status: str | None
    brand_id: str | None


class CampaignSharingStatus(TenDLCObject):
    """§2.1.10."""

    downstream_cnp_id: str | None
    shared_date: str | None
    sharing_status: str | None
    status_date: str | None
    upstream_cnp_id: str | None


class CampaignSharing(TenDLCObject):
    """C11."""

    nested = {"shared_by_me": CampaignSharingStatus, "shared_with_me": CampaignSharingStatus}

    shared_by_me: CampaignSharingStatus | None
    shared_with_me: CampaignSharingStatus | None


class UsecaseCost(TenDLCObject):
    """C13: amounts are strings on the wire, e.g. ``"30.00"``."""

    campaign_usecase: str
    description: str
    monthly_cost: str
    up_front_cost: str


class UsecaseResource(Resource):
    def get_cost(self, *, usecase: str) -> UsecaseCost:
        """C13."""
        return self._object(
            UsecaseCost, "GET", "/10dlc/campaign/usecase/cost", params=to_wire({"usecase": usecase})
        )


class OsrResource(Resource):
    def get_attributes(self, campaign_id: str) -> OsrAttributes:
        """C10."""
        return self._object(
            OsrAttributes, "GET", f"/10dlc/campaign/{path_segment(campaign_id, 'campaign_id')}/osr/attributes"
        )


class CampaignResource(Resource):
    @cached_property
    def usecase(self) -> UsecaseResource:
        return UsecaseResource(self._transport)

    @cached_property
    def osr(self) -> OsrResource:
        return OsrResource(self._transport)

    def list(
        self,
        *,
        brand_id: str,
        page: int | None = None,
        records_per_page: int | None = None,
        sort: str | None = None,
    ) -> CountedPage[CampaignListItem]:
        """C3: a page of one brand's campaigns."""
        return self._counted_page(
            CampaignListItem,
            "/10dlc/campaign",
            to_wire({"brand_id": brand_id, "sort": sort}),
            page=page,
            records_per_page=records_per_page,
        )

    def retrieve(self, campaign_id: str) -> TelnyxCampaignCsp:
        """C4."""
        return self._object(
            TelnyxCampaignCsp, "GET", f"/10dlc/campaign/{path_segment(campaign_id, 'campaign_id')}"
        )

    def update(
        self,
        campaign_id: str,
        *,
        auto_renewal: bool | None = None,
        help_message: str | None = None,
        message_flow: str | None = None,
        reseller_id: str | None = None,
        sample1: str | None = None,
        sample2: str | None = None,
        sample3: str | None = None,
        sample4: str | None = None,
        sample5: str | None = None,
        webhook_failover_url: str | None = None,
        webhook_url: str | None = None,
    ) -> TelnyxCampaignCsp:
        """C5: change what may change after submission (samples, help, flow, renewal, webhooks)."""
        body = arguments_to_wire(locals(), in_path=("campaign_id",))
        return self._object(
            TelnyxCampaignCsp, "PUT", f"/10dlc/campaign/{path_segment(campaign_id, 'campaign_id')}", body=body
        )

    def deactivate(self, campaign_id: str) -> CampaignDeactivation:
        """C6: irreversible; answers 200 with a body."""
        return self._object(
            CampaignDeactivation, "DELETE", f"/10dlc/campaign/{path_segment(campaign_id, 'campaign_id')}"
        )

    def submit_appeal(self, campaign_id: str, *, appeal_reason: str) -> CampaignAppeal:
        """C7: only for native campaigns in TELNYX_FAILED or MNO_REJECTED."""
        return self._object(
            CampaignAppeal,
            "POST",
            f"/10dlc/campaign/{path_segment(campaign_id, 'campaign_id')}/appeal",
            body=to_wire({"appeal_reason": appeal_reason}),
        )

    def get_mno_metadata(self, campaign_id: str) -> MnoMetadata:
        """C8."""
        return self._object(
            MnoMetadata, "GET", f"/10dlc/campaign/{path_segment(campaign_id, 'campaign_id')}/mnoMetadata"
        )

    def get_operation_status(self, campaign_id: str) -> CampaignOperationStatus:
        """C9."""
        return self._object(
            CampaignOperationStatus,
            "GET",
            f"/10dlc/campaign/{path_segment(campaign_id, 'campaign_id')}/operationStatus",
        )

    def get_sharing_status(self, campaign_id: str) -> CampaignSharing:
        """C11."""
        return self._object(
            CampaignSharing, "GET", f"/10dlc/campaign/{path_segment(campaign_id, 'campaign_id')}/sharing"
        )

    def accept_sharing(self, campaign_id: str) -> TenDLCObject:
        """C12: accept a campaign shared with Telnyx, by its TCR id; answers 202 with a free-form object."""
        return self._object(
            TenDLCObject, "POST", f"/10dlc/campaign/acceptSharing/{path_segment(campaign_id, 'campaign_id')}"
        )
