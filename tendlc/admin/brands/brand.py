"""Brands in the admin: the list, the add and change forms submitted through the brand services, deletion at
Telnyx behind a confirmation, the object actions (``actions``) and the panels under the form (``panels``).

The forms show compliance findings beside their fields as the user types (``live_findings.js`` posts the
form to ``findings/``); they never block saving, and each saved brand's findings are kept for its page. What
the form itself refuses in a typed value does block saving: it is answered apart and shown at its field, once.

A draft (a create the API refused) is listed as not submitted and opens on the create form, so saving it
submits it again. A brand deleted at Telnyx stays listed, marked deleted, and opens read-only.
"""

import copy
from typing import Any

from django.contrib import admin, messages
from django.contrib.admin.utils import flatten_fieldsets
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.forms import ModelForm
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseNotAllowed,
    HttpResponseRedirect,
    JsonResponse,
)
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, URLPattern, path, reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString

from tendlc.admin.attention import attention_filter
from tendlc.admin.brands.actions import ACTIONS
from tendlc.admin.brands.panels import brand_panels, sms_otp_progress, vettings_progress
from tendlc.admin.display import BadgeColumn, badge
from tendlc.admin.errors import SUBMIT_ERRORS, error_message
from tendlc.admin.export import csv_export_action
from tendlc.admin.findings import LIVE_FINDINGS_SCRIPT, findings_response
from tendlc.admin.form_tokens import SUBMIT_ONCE_SCRIPT
from tendlc.admin.object_actions import object_or_404
from tendlc.admin.panels import Panel, PortalAdmin
from tendlc.admin.service_form import ServiceFormAdmin
from tendlc.admin.summary import Fact, Summary, known, status_fact
from tendlc.admin.tabs import TECHNICAL
from tendlc.admin.timeline import timeline_panels
from tendlc.choices import BrandStatus, CampaignActivity, IdentityStatus, SubmissionStatus
from tendlc.conf import api_session, webhook_url_default
from tendlc.forms.brands import ENTITY_RULES, BrandForm
from tendlc.models import Brand
from tendlc.selectors import search
from tendlc.selectors.brands import search_variants
from tendlc.selectors.next_steps import brand_next_steps
from tendlc.services.brands import brand_create, brand_delete, brand_update
from tendlc.services.compliance import brand_compliance_record, brand_compliance_result

IDENTITY_FIELDSET = (
    "Identity",
    {"fields": ("entity_type", "display_name", "company_name", "ein", "vertical", "is_reseller", "mock")},
)
PUBLIC_COMPANY_FIELDSET = (
    "Public company",
    {
        "fields": ("stock_symbol", "stock_exchange", "business_contact_email"),
        "description": "Public companies verify their identity through an e-mail to the business contact.",
    },
)
CONTACT_FIELDSET = ("Contact", {"fields": ("first_name", "last_name", "email", "phone", "mobile_phone")})
ADDRESS_FIELDSET = ("Address", {"fields": ("street", "city", "state", "postal_code", "country")})
WEB_FIELDSET = (
    "Web and webhooks",
    {"fields": ("website", "webhook_url", "webhook_failover_url", "ip_address")},
)
ALT_ID_FIELDSET = (
    "Alternative business id",
    {"fields": ("alt_business_id_type", "alt_business_id"), "description": "A DUNS, GIIN or LEI, if any."},
)
CREATE_FIELDSETS = (
    IDENTITY_FIELDSET,
    PUBLIC_COMPANY_FIELDSET,
    CONTACT_FIELDSET,
    ADDRESS_FIELDSET,
    WEB_FIELDSET,
)
REGISTRATION_FIELDS = (
    "brand_id", "tcr_brand_id", "status", "identity_status", "brand_relationship", "universal_ein_code",
    "failure_reasons", "assigned_campaigns_count", "created_at", "updated_at", "synced_at", "last_error",
)  # fmt: skip
UPDATE_FIELDSETS = (
    *CREATE_FIELDSETS,
    ALT_ID_FIELDSET,
    ("Registration", {"fields": REGISTRATION_FIELDS, "description": "As Telnyx last reported it."}),
)
# Set at registration and not accepted by an update (reference B4).
CREATE_ONLY_FIELDS = ("mock", "mobile_phone")
DRAFT_FIELDSETS = (*CREATE_FIELDSETS, ("Not submitted", {"fields": ("last_error",)}))
# A brand's page: who the brand is in Details, how to reach it in a tab of its own, the registry's record last.
FIELDSET_TABS = {
    **{name: "Contact and web" for name, _ in (CONTACT_FIELDSET, ADDRESS_FIELDSET, WEB_FIELDSET)},
    "Registration": TECHNICAL,
}


def submission(brand: Brand) -> str:
    if brand.remote_deleted_at is not None:
        return "Deleted"
    return "Submitted" if brand.is_submitted else "Not submitted"


# Shown with the tones of these statuses: a draft is a failed submission, a deleted brand is over.
SUBMISSION_TONES = {
    "Submitted": SubmissionStatus.CREATED,
    "Not submitted": SubmissionStatus.FAILED,
    "Deleted": CampaignActivity.EXPIRED,
}


class SubmissionFilter(admin.SimpleListFilter):
    title = "submission"
    parameter_name = "submission"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin[Brand]) -> list[tuple[str, str]]:
        return [("submitted", "Submitted"), ("draft", "Not submitted"), ("deleted", "Deleted")]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Brand]) -> QuerySet[Brand]:
        if self.value() == "submitted":
            return queryset.filter(brand_id__isnull=False, remote_deleted_at=None)
        if self.value() == "draft":
            return queryset.filter(brand_id=None)
        if self.value() == "deleted":
            return queryset.exclude(remote_deleted_at=None)
        return queryset


def typed_brand(form: ModelForm[Brand]) -> Brand:
    """The brand a bound form holds, valid or not: its cleaned values where a field is valid (the form's own
    normalisation, so E.164 phones and bare EINs match stored brands, and fields that do not apply to the
    entity type are emptied), and as typed where it is not, so a malformed EIN is still checked."""
    form.is_valid()
    brand: Brand = form.instance
    for name in form.errors:
        if name in form.fields:
            setattr(brand, name, form[name].value())
    return brand


def typed_and_refused(form: ModelForm[Brand]) -> dict[str, list[str]]:
    """The form's own errors (they block saving) at the fields the user has typed into, by field. A field
    left empty is not reported while the user types: its "required" is said when the form is saved."""
    return {
        name: [str(message) for message in messages]
        for name, messages in form.errors.items()
        if name in form.fields and form[name].value() not in (None, "")
    }


@admin.register(Brand)
class BrandAdmin(ServiceFormAdmin[Brand], PortalAdmin[Brand]):
    form = BrandForm
    object_actions_declared = ACTIONS
    object_action_prefix = "actions/"
    change_form_template = "admin/tendlc/brands/change_form.html"
    fieldset_tabs = FIELDSET_TABS
    delete_confirmation_template = "admin/tendlc/brands/delete_confirmation.html"
    # The TCR brand id is searched, exported and on the brand's page: the list keeps the width for statuses.
    list_display = (
        "display_name",
        "entity_type",
        "identity_status_badge",
        "status_badge",
        "submission_badge",
        "campaigns",
        "created_at",
    )
    list_filter = (
        attention_filter(Brand),
        "entity_type",
        "status",
        "identity_status",
        "vertical",
        SubmissionFilter,
    )
    search_fields = search.BRANDS
    actions = [
        csv_export_action(
            [
                ("Display name", "display_name"),
                ("Entity type", "entity_type"),
                ("Company name", "company_name"),
                ("Brand id", "brand_id"),
                ("TCR brand id", "tcr_brand_id"),
                ("EIN", "ein"),
                ("E-mail", "email"),
                ("Phone", "phone"),
                ("Mobile phone", "mobile_phone"),
                ("Vertical", "vertical"),
                ("Status", "status"),
                ("Identity status", "identity_status"),
                ("Submission", submission),
                ("Campaigns", "assigned_campaigns_count"),
                ("Created", "created_at"),
            ]
        )
    ]

    # A registration is paid: a double click or a second POST of the page registers once.
    submit_once = True

    class Media:
        js = ["tendlc/brand_form.js", LIVE_FINDINGS_SCRIPT, SUBMIT_ONCE_SCRIPT, "tendlc/progress.js"]
        css = {"all": ["tendlc/brands.css"]}

    # --- the list -----------------------------------------------------------------------------------------

    identity_status_badge = BadgeColumn("identity_status", IdentityStatus, description="identity")
    status_badge = BadgeColumn("status", BrandStatus, description="status")

    @admin.display(description="universal EIN")
    def universal_ein_code(self, brand: Brand) -> SafeString | str:
        # An identifier, like the TCR ids: shown as one, not read as a word.
        return format_html("<code>{}</code>", brand.universal_ein) if brand.universal_ein else "-"

    @admin.display(description="submitted")
    def submission_badge(self, brand: Brand) -> SafeString:
        label = submission(brand)
        return badge(SUBMISSION_TONES[label], label)

    @admin.display(description="campaigns", ordering="assigned_campaigns_count")
    def campaigns(self, brand: Brand) -> SafeString | str:
        if not brand.brand_id or brand.assigned_campaigns_count is None:
            return "-"
        try:
            url = reverse("admin:tendlc_campaign_changelist")
        except NoReverseMatch:  # the campaigns admin is its own module; without it the count stands alone
            return str(brand.assigned_campaigns_count)
        return format_html(
            '<a href="{}?brand__brand_id__exact={}">{}</a>',
            url,
            brand.brand_id,
            brand.assigned_campaigns_count,
        )

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[Brand], search_term: str
    ) -> tuple[QuerySet[Brand], bool]:
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        phones, eins = search_variants(search_term)
        if phones or eins:
            results |= queryset.filter(Q(phone__in=phones) | Q(mobile_phone__in=phones) | Q(ein__in=eins))
        return results, may_have_duplicates

    def get_actions(self, request: HttpRequest) -> dict[str, Any]:
        # Deleting removes the brand at Telnyx, one brand at a time behind its confirmation (delete_view).
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    # --- the form -----------------------------------------------------------------------------------------

    def get_fieldsets(self, request: HttpRequest, obj: Brand | None = None) -> Any:
        if obj is None:
            return CREATE_FIELDSETS
        return UPDATE_FIELDSETS if obj.is_submitted else DRAFT_FIELDSETS

    def get_readonly_fields(self, request: HttpRequest, obj: Brand | None = None) -> Any:
        if obj is None:
            return ()
        return (*CREATE_ONLY_FIELDS, *REGISTRATION_FIELDS) if obj.is_submitted else ("last_error",)

    def get_changeform_initial_data(self, request: HttpRequest) -> dict[str, Any]:
        defaults = {"country": "US", "webhook_url": webhook_url_default()}
        return {**defaults, **super().get_changeform_initial_data(request)}

    def has_change_permission(self, request: HttpRequest, obj: Brand | None = None) -> bool:
        return super().has_change_permission(request, obj) and (obj is None or obj.remote_deleted_at is None)

    def has_delete_permission(self, request: HttpRequest, obj: Brand | None = None) -> bool:
        return super().has_delete_permission(request, obj) and (obj is None or obj.remote_deleted_at is None)

    def form_submit(self, request: HttpRequest, form: ModelForm[Brand], obj: Brand | None) -> Brand:
        with api_session() as client:
            if obj is not None and obj.is_submitted:
                brand = brand_update(user=request.user, brand=form.instance, client=client)
            else:
                brand = brand_create(user=request.user, brand=form.instance, client=client)
        check = brand_compliance_record(brand=brand, user=request.user)
        if check.error_count or check.warning_count:
            self.message_user(
                request,
                f"Compliance: {check.error_count} error(s), {check.warning_count} warning(s), shown in the"
                " Compliance panel. They did not block saving; the registry may reject what they name.",
                messages.WARNING,
            )
        return brand

    def render_change_form(
        self,
        request: HttpRequest,
        context: dict[str, Any],
        add: bool = False,
        change: bool = False,
        form_url: str = "",
        obj: Brand | None = None,
    ) -> HttpResponse:
        context.update(
            brand_entity_rules=ENTITY_RULES,
            brand_findings_url=self.findings_url(request, obj),
        )
        return super().render_change_form(request, context, add, change, form_url, obj)

    def object_panels(self, request: HttpRequest, obj: Brand) -> list[Panel]:
        return [*brand_panels(obj), *timeline_panels(request, obj)]

    def summary(self, request: HttpRequest, obj: Brand) -> Summary:
        submitted = submission(obj)
        statuses = [Fact("Submission", badge(SUBMISSION_TONES[submitted], submitted))]
        if submitted == "Submitted":
            statuses = [
                status_fact("Registration", obj.status, BrandStatus),
                status_fact("Identity", obj.identity_status, IdentityStatus),
            ]
        return Summary(
            statuses=statuses,
            next_steps=brand_next_steps(brand=obj),
            ids=known(
                Fact("Entity type", obj.get_entity_type_display()),
                Fact("TCR brand id", obj.tcr_brand_id),
                Fact("Campaigns", self.campaigns(obj)),
                Fact("Failure reasons", obj.failure_reasons),
            ),
        )

    # --- deletion and object actions ------------------------------------------------------------------------

    def object_actions_offered(self, request: HttpRequest, obj: Brand) -> bool:
        # A draft is submitted by saving its form, and a brand deleted at Telnyx is only a record.
        return obj.is_submitted and obj.remote_deleted_at is None

    def get_urls(self) -> list[URLPattern]:
        # Before the admin's own: its "<path:object_id>/" would take these addresses.
        findings = self.admin_site.admin_view(self.findings_view)
        return [
            path("findings/", findings, name="tendlc_brand_findings"),
            path("<path:object_id>/findings/", findings, name="tendlc_brand_findings"),
            path(
                "<path:object_id>/vettings/progress/",
                self.admin_site.admin_view(self.vettings_progress_view),
                name="tendlc_brand_vettings_progress",
            ),
            path(
                "<path:object_id>/sms-otp/progress/",
                self.admin_site.admin_view(self.sms_otp_progress_view),
                name="tendlc_brand_sms_otp_progress",
            ),
            *super().get_urls(),
        ]

    # --- live panels ----------------------------------------------------------------------------------------

    def _viewed(self, request: HttpRequest, object_id: str) -> Brand:
        brand = object_or_404(self, request, object_id)
        if not self.has_view_permission(request, brand):
            raise PermissionDenied
        return brand

    def vettings_progress_view(self, request: HttpRequest, object_id: str) -> JsonResponse:
        """The vettings panel's rows for its polling, from the mirrored rows."""
        return JsonResponse(vettings_progress(self._viewed(request, object_id)))

    def sms_otp_progress_view(self, request: HttpRequest, object_id: str) -> JsonResponse:
        """The SMS OTP panel's status for its polling, from the mirrored rows."""
        return JsonResponse(sms_otp_progress(self._viewed(request, object_id)))

    # --- live compliance findings ---------------------------------------------------------------------------

    def findings_allowed(self, request: HttpRequest, brand: Brand | None) -> bool:
        """Whether the user may fill the form the findings are about: the add form, or this brand's."""
        return (
            self.has_add_permission(request) if brand is None else self.has_change_permission(request, brand)
        )

    def findings_url(self, request: HttpRequest, brand: Brand | None) -> str:
        """Where the page posts its form for findings; empty on a page that cannot be edited."""
        if not self.findings_allowed(request, brand):
            return ""
        args = [] if brand is None else [brand.pk]
        return reverse("admin:tendlc_brand_findings", args=args)

    def findings_view(self, request: HttpRequest, object_id: str | None = None) -> HttpResponse:
        """The findings of the brand form's values (``findings_response``), by the page's field names. Nothing
        is saved. A brand being changed is left out of its own counts (brands sharing the EIN or the mobile)."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        brand = object_or_404(self, request, object_id) if object_id is not None else None
        if not self.findings_allowed(request, brand):
            raise PermissionDenied
        shown = flatten_fieldsets(self.get_fieldsets(request, brand))
        form_class = self.get_form(request, brand, change=brand is not None, fields=shown)
        # A copy: the form writes the posted values onto its instance, the stored brand stays as it is.
        form = form_class(request.POST, instance=copy.copy(brand))
        result = brand_compliance_result(brand=typed_brand(form))
        return findings_response(result, shown, typed_and_refused(form))

    def delete_model(self, request: HttpRequest, obj: Brand) -> None:
        with api_session() as client:
            brand_delete(user=request.user, brand=obj, client=client)

    def delete_view(
        self, request: HttpRequest, object_id: str, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        brand = object_or_404(self, request, object_id)
        if not self.has_delete_permission(request, brand):
            raise PermissionDenied
        error = ""
        if request.method == "POST":
            name, submitted = str(brand), brand.is_submitted
            try:
                self.delete_model(request, brand)
            except SUBMIT_ERRORS as exc:
                error = error_message(exc)
            else:
                if not submitted:
                    self.message_user(request, f"The draft {name} was deleted.", messages.SUCCESS)
                    return HttpResponseRedirect(reverse("admin:tendlc_brand_changelist"))
                self.message_user(
                    request, f"{name} was deleted at Telnyx; its record is kept here.", messages.SUCCESS
                )
                return HttpResponseRedirect(reverse("admin:tendlc_brand_change", args=[brand.pk]))
        context = {
            **self.admin_site.each_context(request),
            "title": "Delete brand",
            "subtitle": str(brand),
            "opts": self.opts,
            "object": brand,
            "error": error,
            **(extra_context or {}),
        }
        return TemplateResponse(request, self.delete_confirmation_template, context)
