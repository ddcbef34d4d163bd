"""Brands (reference §2.2, B1-B12) and their external vettings (§2.3, V1-V3)."""

from functools import cached_property

from tendlc.client.fields import arguments_to_wire, to_wire
from tendlc.client.http import path_segment
from tendlc.client.objects import TenDLCObject
from tendlc.client.pagination import ArrayPage, CountedPage
from tendlc.client.resource import Resource


class BrandOptionalAttributes(TenDLCObject):
    tax_exempt_status: str | None


class TelnyxBrand(TenDLCObject):
    """§2.1.1: returned by create, update and revet."""

    nested = {"optional_attributes": BrandOptionalAttributes}

    brand_relationship: str
    country: str
    display_name: str
    email: str
    entity_type: str
    vertical: str
    alt_business_id: str | None
    alt_business_id_type: str | None
    brand_id: str | None
    business_contact_email: str | None
    city: str | None
    company_name: str | None
    created_at: str | None
    csp_id: str | None
    ein: str | None
    failure_reasons: str | None
    first_name: str | None
    identity_status: str | None
    ip_address: str | None
    is_reseller: bool | None
    last_name: str | None
    mobile_phone: str | None
    mock: bool | None
    optional_attributes: BrandOptionalAttributes | None
    phone: str | None
    postal_code: str | None
    reference_id: str | None
    state: str | None
    status: str | None
    stock_exchange: str | None
    stock_symbol: str | None
    street: str | None
    tcr_brand_id: str | None
    universal_ein: str | None
    updated_at: str | None
    webhook_failover_url: str | None
    webhook_url: str | None
    website: str | None


class TelnyxBrandWithCampaignsCount(TelnyxBrand):
    """B3 (get brand): the brand and how many campaigns it has."""

    assigned_campaigns_count: float | None


class BrandListItem(TenDLCObject):
    """§2.1.2: a record of the brand list. The wire spells its count ``assignedCampaingsCount``."""

    assigned_campaigns_count: int | None
    brand_id: str | None
    company_name: str | None
    created_at: str | None
    display_name: str | None
    email: str | None
    entity_type: str | None
    failure_reasons: str | None
    identity_status: str | None
    status: str | None
    tcr_brand_id: str | None
    updated_at: str | None
    website: str | None

    @property
    def assigned_campaings_count(self) -> int | None:
        """The SDK's name for the count, misspelt as the wire is; ``assigned_campaigns_count`` is ours."""
        return self.assigned_campaigns_count


class BrandFeedbackCategory(TenDLCObject):
    id: str
    display_name: str
    description: str
    fields: list[str]


class BrandFeedback(TenDLCObject):
    """B6: why a brand's registration or revet did not go as planned."""

    nested = {"category": BrandFeedbackCategory}

    brand_id: str
    category: list[BrandFeedbackCategory]


class BrandSmsOtpStatus(TenDLCObject):
    """§2.1.9 (B7, B9)."""

    brand_id: str
    reference_id: str
    mobile_phone: str
    request_date: str
    delivery_status: str
    delivery_status_date: str | None
    delivery_status_details: str | None
    verify_date: str | None


class BrandSmsOtpTrigger(TenDLCObject):
    """B11: where the PIN went, and the reference to poll its status by."""

    brand_id: str
    reference_id: str


class ExternalVetting(TenDLCObject):
    """§2.1.8 (V1 items, V2, V3)."""

    create_date: str | None
    evp_id: str | None
    vetted_date: str | None
    vetting_class: str | None
    vetting_id: str | None
    vetting_score: int | None
    vetting_token: str | None


class ExternalVettingResource(Resource):
    def list(self, brand_id: str) -> ArrayPage[ExternalVetting]:
        """V1: the brand's valid vetting records, all at once (a bare array)."""
        return self._array_page(
            ExternalVetting, f"/10dlc/brand/{path_segment(brand_id, 'brand_id')}/externalVetting"
        )

    def order(self, brand_id: str, *, evp_id: str, vetting_class: str) -> ExternalVetting:
        """V2: order a new vetting from provider ``evp_id``."""
        return self._object(
            ExternalVetting,
            "POST",
            f"/10dlc/brand/{path_segment(brand_id, 'brand_id')}/externalVetting",
            body=to_wire({"evp_id": evp_id, "vetting_class": vetting_class}),
        )

    def imports(
        self, brand_id: str, *, evp_id: str, vetting_id: str, vetting_token: str | None = None
    ) -> ExternalVetting:
        """V3: import a vetting record done elsewhere."""
        return self._object(
            ExternalVetting,
            "PUT",
            f"/10dlc/brand/{path_segment(brand_id, 'brand_id')}/externalVetting",
            body=to_wire({"evp_id": evp_id, "vetting_id": vetting_id, "vetting_token": vetting_token}),
        )


class BrandResource(Resource):
    @cached_property
    def external_vetting(self) -> ExternalVettingResource:
        return ExternalVettingResource(self._transport)

    def list(
        self,
        *,
        brand_id: str | None = None,
        country: str | None = None,
        display_name: str | None = None,
        entity_type: str | None = None,
        page: int | None = None,
        records_per_page: int | None = None,
        sort: str | None = None,
        state: str | None = None,
        tcr_brand_id: str | None = None,
    ) -> CountedPage[BrandListItem]:
        """B1: a page of brands, filtered and sorted (``sort``: a field name, ``-`` first for descending)."""
        query = to_wire(
            {
                "brand_id": brand_id,
                "country": country,
                "display_name": display_name,
                "entity_type": entity_type,
                "sort": sort,
                "state": state,
                "tcr_brand_id": tcr_brand_id,
            }
        )
        return self._counted_page(
            BrandListItem,
            "/10dlc/brand",
            query,
            page=page,
            records_per_page=records_per_page,
        )

    def create(
        self,
        *,
        country: str,
        display_name: str,
        email: str,
        entity_type: str,
        vertical: str,
        business_contact_email: str | None = None,
        city: str | None = None,
        company_name: str | None = None,
        ein: str | None = None,
        first_name: str | None = None,
        ip_address: str | None = None,
        is_reseller: bool | None = None,
        last_name: str | None = None,
        mobile_phone: str | None = None,
        mock: bool | None = None,
        phone: str | None = None,
        postal_code: str | None = None,
        state: str | None = None,
        stock_exchange: str | None = None,
        stock_symbol: str | None = None,
        street: str | None = None,
        webhook_failover_url: str | None = None,
        webhook_url: str | None = None,
        website: str | None = None,
    ) -> TelnyxBrand:
        """B2: register a brand (a non-refundable fee is charged)."""
        body = arguments_to_wire(locals())
        return self._object(TelnyxBrand, "POST", "/10dlc/brand", body=body)

    def retrieve(self, brand_id: str) -> TelnyxBrandWithCampaignsCount:
        """B3."""
        return self._object(
            TelnyxBrandWithCampaignsCount, "GET", f"/10dlc/brand/{path_segment(brand_id, 'brand_id')}"
        )

    def update(
        self,
        brand_id: str,
        *,
        country: str,
        display_name: str,
        email: str,
        entity_type: str,
        vertical: str,
        alt_business_id: str | None = None,
        alt_business_id_type: str | None = None,
        business_contact_email: str | None = None,
        city: str | None = None,
        company_name: str | None = None,
        ein: str | None = None,
        first_name: str | None = None,
        identity_status: str | None = None,
        ip_address: str | None = None,
        is_reseller: bool | None = None,
        last_name: str | None = None,
        phone: str | None = None,
        postal_code: str | None = None,
        state: str | None = None,
        stock_exchange: str | None = None,
        stock_symbol: str | None = None,
        street: str | None = None,
        webhook_failover_url: str | None = None,
        webhook_url: str | None = None,
        website: str | None = None,
    ) -> TelnyxBrand:
        """B4: replace the brand's attributes (the five required ones every time)."""
        body = arguments_to_wire(locals(), in_path=("brand_id",))
        return self._object(
            TelnyxBrand, "PUT", f"/10dlc/brand/{path_segment(brand_id, 'brand_id')}", body=body
        )

    def delete(self, brand_id: str) -> None:
        """B5: answers 204; refused (400) while the brand has active campaigns."""
        self._no_content("DELETE", f"/10dlc/brand/{path_segment(brand_id, 'brand_id')}")

    def get_feedback(self, brand_id: str) -> BrandFeedback:
        """B6."""
        return self._object(
            BrandFeedback, "GET", f"/10dlc/brand/feedback/{path_segment(brand_id, 'brand_id')}"
        )

    def get_sms_otp_by_reference(
        self, reference_id: str, *, brand_id: str | None = None
    ) -> BrandSmsOtpStatus:
        """B7: the OTP's status by the ``reference_id`` that triggering it answered."""
        return self._object(
            BrandSmsOtpStatus,
            "GET",
            f"/10dlc/brand/smsOtp/{path_segment(reference_id, 'reference_id')}",
            params=to_wire({"brand_id": brand_id}),
        )

    def resend_2fa_email(self, brand_id: str) -> None:
        """B8: send the PUBLIC_PROFIT verification e-mail again."""
        self._no_content("POST", f"/10dlc/brand/{path_segment(brand_id, 'brand_id')}/2faEmail")

    def retrieve_sms_otp_status(self, brand_id: str) -> BrandSmsOtpStatus:
        """B9: the brand's latest OTP."""
        return self._object(
            BrandSmsOtpStatus, "GET", f"/10dlc/brand/{path_segment(brand_id, 'brand_id')}/smsOtp"
        )

    def revet(self, brand_id: str) -> TelnyxBrand:
        """B10: allowed once after registration, then every three months: never repeated by a retry."""
        return self._object(
            TelnyxBrand, "PUT", f"/10dlc/brand/{path_segment(brand_id, 'brand_id')}/revet", idempotent=False
        )

    def trigger_sms_otp(self, brand_id: str, *, pin_sms: str, success_sms: str) -> BrandSmsOtpTrigger:
        """B11: text a PIN to a sole proprietor brand's mobile phone (``pin_sms`` holds ``@OTP_PIN@``)."""
        return self._object(
            BrandSmsOtpTrigger,
            "POST",
            f"/10dlc/brand/{path_segment(brand_id, 'brand_id')}/smsOtp",
            body=to_wire({"pin_sms": pin_sms, "success_sms": success_sms}),
        )

    def verify_sms_otp(self, brand_id: str, *, otp_pin: str) -> None:
        """B12: answers 204. The PIN is used up on success, so this PUT is never repeated by a retry."""
        self._no_content(
            "PUT",
            f"/10dlc/brand/{path_segment(brand_id, 'brand_id')}/smsOtp",
            body=to_wire({"otp_pin": otp_pin}),
            idempotent=False,
        )
