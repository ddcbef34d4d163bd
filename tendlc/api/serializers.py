"""Read serializers: our snake_case field names, local ids linking the resources, status values with their
display labels, and no secrets (no OTP PIN, no vetting token, no sync lock token, no raw wire payload).

``id`` is the local id that retrieve URLs take; the 10DLC ids (``brand_id``, ``campaign_id``, ...) sit beside
it, since a brand draft has none yet. The error format every failure uses is ``ErrorSerializer``.
"""

from rest_framework import serializers

from tendlc.models import (
    AssignmentTask,
    AssignmentTaskNumber,
    AuditEntry,
    Brand,
    Campaign,
    CampaignMnoStatus,
    PhoneNumberAssignment,
    SmsOtpVerification,
    SyncRun,
    WebhookEvent,
)


def label(field: str) -> serializers.CharField:
    """The display label of a choice field, e.g. "Assignment pending" for PENDING_ASSIGNMENT."""
    return serializers.CharField(source=f"get_{field}_display", read_only=True)


class ErrorItemSerializer(serializers.Serializer):
    field = serializers.CharField(
        allow_null=True, help_text="Our field name (dotted when nested); null for the request as a whole."
    )
    code = serializers.CharField(
        help_text="What kind of error, e.g. required, invalid, not_found, throttled."
    )
    message = serializers.CharField(help_text="What went wrong, as the admin shows it.")


class ErrorSerializer(serializers.Serializer):
    """The one error format of the API."""

    errors = ErrorItemSerializer(many=True)
    status = serializers.IntegerField(help_text="The HTTP status.")
    upstream_request_id = serializers.CharField(
        required=False,
        allow_null=True,
        help_text="The 10DLC API's request id, when it refused or failed the call.",
    )


class BrandSerializer(serializers.ModelSerializer):
    entity_type_label = label("entity_type")
    status_label = label("status")
    identity_status_label = label("identity_status")
    is_submitted = serializers.BooleanField(
        read_only=True, help_text="Whether the API has created the brand."
    )

    class Meta:
        model = Brand
        fields = [
            "id",
            "brand_id",
            "tcr_brand_id",
            "reference_id",
            "csp_id",
            "is_submitted",
            "entity_type",
            "entity_type_label",
            "display_name",
            "company_name",
            "first_name",
            "last_name",
            "ein",
            "universal_ein",
            "alt_business_id",
            "alt_business_id_type",
            "phone",
            "mobile_phone",
            "email",
            "business_contact_email",
            "street",
            "city",
            "state",
            "postal_code",
            "country",
            "website",
            "stock_symbol",
            "stock_exchange",
            "ip_address",
            "vertical",
            "is_reseller",
            "mock",
            "identity_status",
            "identity_status_label",
            "status",
            "status_label",
            "brand_relationship",
            "failure_reasons",
            "optional_attributes",
            "assigned_campaigns_count",
            "webhook_url",
            "webhook_failover_url",
            "created_at",
            "updated_at",
            "last_error",
            "synced_at",
            "remote_deleted_at",
        ]
        read_only_fields = fields


class CarrierStatusSerializer(serializers.ModelSerializer):
    class Meta:
        model = CampaignMnoStatus
        fields = ["network_id", "mno", "operation_status", "qualify", "mno_review", "refreshed_at"]
        read_only_fields = fields


class CampaignSerializer(serializers.ModelSerializer):
    brand = serializers.IntegerField(source="brand.pk", read_only=True, help_text="The brand's id.")
    brand_id = serializers.CharField(read_only=True, help_text="The brand's Telnyx id (brandId).")
    campaign_status_label = label("campaign_status")
    status_label = label("status")
    carriers = CarrierStatusSerializer(
        source="mno_statuses", many=True, read_only=True, help_text="Each carrier's operation status."
    )

    class Meta:
        model = Campaign
        fields = [
            "id",
            "campaign_id",
            "tcr_campaign_id",
            "brand",
            "brand_id",
            "tcr_brand_id",
            "brand_display_name",
            "reference_id",
            "csp_id",
            "reseller_id",
            "usecase",
            "sub_usecases",
            "description",
            "message_flow",
            "sample1",
            "sample2",
            "sample3",
            "sample4",
            "sample5",
            "help_message",
            "help_keywords",
            "optin_message",
            "optin_keywords",
            "optout_message",
            "optout_keywords",
            "privacy_policy_link",
            "terms_and_conditions_link",
            "embedded_link_sample",
            "terms_and_conditions",
            "age_gated",
            "direct_lending",
            "embedded_link",
            "embedded_phone",
            "number_pool",
            "subscriber_optin",
            "subscriber_optout",
            "subscriber_help",
            "auto_renewal",
            "mock",
            "campaign_status",
            "campaign_status_label",
            "status",
            "status_label",
            "submission_status",
            "failure_reasons",
            "carriers",
            "is_t_mobile_registered",
            "is_t_mobile_suspended",
            "is_t_mobile_number_pooling_enabled",
            "webhook_url",
            "webhook_failover_url",
            "assigned_phone_numbers_count",
            "create_date",
            "billed_date",
            "next_renewal_or_expiration_date",
            "synced_at",
            "remote_deleted_at",
        ]
        read_only_fields = fields


class PhoneNumberAssignmentSerializer(serializers.ModelSerializer):
    campaign = serializers.IntegerField(
        source="campaign_id", read_only=True, allow_null=True, help_text="Our campaign's id, if one."
    )
    brand = serializers.SerializerMethodField(help_text="Our brand's id, when the campaign is ours.")
    partner_campaign = serializers.IntegerField(
        source="partner_campaign_id",
        read_only=True,
        allow_null=True,
        help_text="The partner campaign's id, if one.",
    )
    assignment_status_label = label("assignment_status")

    class Meta:
        model = PhoneNumberAssignment
        fields = [
            "id",
            "phone_number",
            "campaign",
            "brand",
            "partner_campaign",
            "telnyx_campaign_id",
            "tcr_campaign_id",
            "brand_id",
            "tcr_brand_id",
            "assignment_status",
            "assignment_status_label",
            "failure_reasons",
            "tmobile_number_mapping_status",
            "non_tmobile_number_mapping_status",
            "created_at",
            "updated_at",
            "synced_at",
            "remote_deleted_at",
        ]
        read_only_fields = fields

    def get_brand(self, assignment: PhoneNumberAssignment) -> int | None:
        return assignment.campaign.brand.pk if assignment.campaign else None


class AssignmentTaskNumberSerializer(serializers.ModelSerializer):
    class Meta:
        model = AssignmentTaskNumber
        fields = ["phone_number", "status", "updated_at"]
        read_only_fields = fields


class AssignmentTaskSerializer(serializers.ModelSerializer):
    campaign = serializers.IntegerField(
        source="campaign.pk", read_only=True, allow_null=True, help_text="Our campaign's id."
    )
    campaign_id = serializers.CharField(
        read_only=True, allow_null=True, help_text="The campaign's Telnyx id (campaignId)."
    )
    status_label = label("status")
    is_finished = serializers.BooleanField(
        read_only=True, help_text="Completed or failed: polling has ended."
    )
    numbers = AssignmentTaskNumberSerializer(
        many=True, read_only=True, help_text="Each number's status in the task."
    )

    class Meta:
        model = AssignmentTask
        fields = [
            "id",
            "task_id",
            "messaging_profile_id",
            "campaign",
            "campaign_id",
            "tcr_campaign_id",
            "status",
            "status_label",
            "is_finished",
            "numbers",
            "created_at",
            "updated_at",
            "synced_at",
        ]
        read_only_fields = fields


class SmsOtpVerificationSerializer(serializers.ModelSerializer):
    brand = serializers.IntegerField(source="brand.pk", read_only=True, help_text="The brand's id.")
    brand_id = serializers.CharField(
        source="brand.brand_id", read_only=True, allow_null=True, help_text="The brand's Telnyx id."
    )
    delivery_status_label = label("delivery_status")

    class Meta:
        model = SmsOtpVerification
        fields = [
            "id",
            "reference_id",
            "brand",
            "brand_id",
            "mobile_phone",
            "request_date",
            "delivery_status",
            "delivery_status_label",
            "delivery_status_date",
            "delivery_status_details",
            "verify_date",
            "synced_at",
        ]
        read_only_fields = fields


class SyncRunSerializer(serializers.ModelSerializer):
    state_label = label("state")
    progress = serializers.FloatField(
        read_only=True,
        allow_null=True,
        help_text="Pages done of pages known so far, 0 to 1; null before any.",
    )

    class Meta:
        model = SyncRun
        fields = [
            "id",
            "started_at",
            "finished_at",
            "heartbeat_at",
            "state",
            "state_label",
            "trigger",
            "phase",
            "pages_done",
            "pages_known",
            "progress",
            "units_pending",
            "counts",
            "errors",
        ]
        read_only_fields = fields


class WebhookEventSerializer(serializers.ModelSerializer):
    state_label = label("state")

    class Meta:
        model = WebhookEvent
        # The payload is what an admin investigates; the raw signed body adds nothing to it.
        fields = [
            "id",
            "event_id",
            "body_hash",
            "event_type",
            "payload_type",
            "campaign_id",
            "brand_id",
            "phone_number",
            "occurred_at",
            "received_at",
            "deliveries",
            "state",
            "state_label",
            "processed_at",
            "error",
            "attempts",
            "last_attempt_at",
            "next_attempt_at",
            "payload",
        ]
        read_only_fields = fields


class AuditEntrySerializer(serializers.ModelSerializer):
    user = serializers.IntegerField(
        source="user_id", read_only=True, allow_null=True, help_text="The user's id; null for the system."
    )
    target_type = serializers.SerializerMethodField(help_text="The kind of object acted on, e.g. brand.")
    outcome_label = label("outcome")

    class Meta:
        model = AuditEntry
        fields = [
            "id",
            "at",
            "user",
            "username",
            "action",
            "target_type",
            "target_id",
            "target_repr",
            "request_summary",
            "outcome",
            "outcome_label",
            "error",
            "api_request_id",
        ]
        read_only_fields = fields

    def get_target_type(self, entry: AuditEntry) -> str | None:
        return entry.target_type.model if entry.target_type else None
