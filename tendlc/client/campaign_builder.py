"""The campaign builder (reference §2.4 C1, C2): qualify a brand for a use case, then submit a campaign."""

from collections.abc import Sequence
from functools import cached_property

from tendlc.client.campaigns import MnoMetadata, TelnyxCampaignCsp
from tendlc.client.fields import arguments_to_wire
from tendlc.client.http import path_segment
from tendlc.client.objects import TenDLCObject
from tendlc.client.resource import Resource


class UsecaseMetadata(TenDLCObject):
    """C1: fees, sub use case bounds and per-carrier requirements (``mno_metadata._10017``)."""

    nested = {"mno_metadata": MnoMetadata}

    annual_fee: float | None
    monthly_fee: float | None
    quarterly_fee: float | None
    max_sub_usecases: int | None
    min_sub_usecases: int | None
    mno_metadata: MnoMetadata | None
    usecase: str | None


class CampaignBuilderBrandResource(Resource):
    def qualify_by_usecase(self, usecase: str, *, brand_id: str) -> UsecaseMetadata:
        """C1: whether the brand may run a campaign of ``usecase``, and at what cost."""
        return self._object(
            UsecaseMetadata,
            "GET",
            f"/10dlc/campaignBuilder/brand/{path_segment(brand_id, 'brand_id')}"
            f"/usecase/{path_segment(usecase, 'usecase')}",
        )


class CampaignBuilderResource(Resource):
    @cached_property
    def brand(self) -> CampaignBuilderBrandResource:
        return CampaignBuilderBrandResource(self._transport)

    def submit(
        self,
        *,
        brand_id: str,
        description: str,
        usecase: str,
        age_gated: bool | None = None,
        auto_renewal: bool | None = None,
        direct_lending: bool | None = None,
        embedded_link: bool | None = None,
        embedded_link_sample: str | None = None,
        embedded_phone: bool | None = None,
        help_keywords: str | None = None,
        help_message: str | None = None,
        message_flow: str | None = None,
        mno_ids: Sequence[int] | None = None,
        number_pool: bool | None = None,
        optin_keywords: str | None = None,
        optin_message: str | None = None,
        optout_keywords: str | None = None,
        optout_message: str | None = None,
        privacy_policy_link: str | None = None,
        reference_id: str | None = None,
        reseller_id: str | None = None,
        sample1: str | None = None,
        sample2: str | None = None,
        sample3: str | None = None,
        sample4: str | None = None,
        sample5: str | None = None,
        subscriber_help: bool | None = None,
        subscriber_optin: bool | None = None,
        subscriber_optout: bool | None = None,
        sub_usecases: Sequence[str] | None = None,
        tag: Sequence[str] | None = None,
        terms_and_conditions: bool | None = None,
        terms_and_conditions_link: str | None = None,
        webhook_failover_url: str | None = None,
        webhook_url: str | None = None,
    ) -> TelnyxCampaignCsp:
        """C2: submit a campaign (charges three months of the use case's fee; 402 when funds are short)."""
        body = arguments_to_wire(locals())
        return self._object(TelnyxCampaignCsp, "POST", "/10dlc/campaignBuilder", body=body)
