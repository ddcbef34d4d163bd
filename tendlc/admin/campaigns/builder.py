"""The campaign builder: an admin workflow in five pages (brand, use case, qualification, content, review),
mounted under the campaigns' admin at ``build/``, and the JSON endpoint its content page calls for live
compliance findings.

Pages route input and show results; the rules and API calls are ``tendlc.services.campaign_builder``'s. Each
page can be reached only once the pages before it are done; an earlier page can always be opened again from
the step list, and what it held is shown again.

Submitting pays, so the review page carries a one-time token (``tendlc.admin.form_tokens``): a double click or
the page posted again after the run ended lands on the campaign the first POST submitted.
"""

from typing import Any

from django.contrib import messages
from django.contrib.admin import ModelAdmin
from django.core.exceptions import PermissionDenied
from django.forms import Media
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse

from tendlc.admin.campaigns.builder_runs import BuilderRun, run_end, run_get, run_save, run_start
from tendlc.admin.campaigns.links import findings_by_field as link_rows_by_field
from tendlc.admin.campaigns.links import run_context as link_check_context
from tendlc.admin.campaigns.resubmission import Resubmission
from tendlc.admin.errors import SUBMIT_ERRORS, error_apply, error_message
from tendlc.admin.findings import LIVE_FINDINGS_SCRIPT, findings_response
from tendlc.admin.form_tokens import (
    SUBMIT_ONCE_SCRIPT,
    SUBMITTED_BEFORE,
    form_token_claim,
    form_token_done,
    form_token_free,
    form_token_new,
    form_token_outcome,
)
from tendlc.client.errors import APIStatusError
from tendlc.compliance import Finding
from tendlc.conf import api_session, webhook_url_default
from tendlc.forms.campaigns import BrandStepForm, ContentStepForm, ReviewForm, UsecaseStepForm
from tendlc.forms.evidence import BuilderEvidenceForm
from tendlc.models import Brand, Campaign, IdempotencyKey
from tendlc.models.campaign_content import CONTENT_FIELDS
from tendlc.selectors.link_checks import link_check_latest_for_builder
from tendlc.services.campaign_builder import (
    UsecaseQualification,
    campaign_builder_compliance,
    campaign_builder_qualify,
    campaign_builder_submit,
    sub_usecase_options,
    usecase_list,
    usecase_refusals,
)
from tendlc.services.compliance import (
    GENERAL,
    ComplianceResult,
    compliance_override_allowed,
    findings_by_field,
)
from tendlc.services.errors import WorkflowError
from tendlc.services.evidence import evidence_held_attach, evidence_held_drop, evidence_hold
from tendlc.services.idempotency import Answered
from tendlc.services.link_checks import builder_link_check_start

STEPS = (
    ("brand", "Brand"),
    ("usecase", "Use case"),
    ("qualification", "Qualification and cost"),
    ("content", "Content"),
    ("review", "Review and submit"),
)
STEP_NAMES = tuple(name for name, _ in STEPS)
KEPT_STEPS = ("brand", "usecase")
TEMPLATES = "admin/tendlc/campaigns/builder"


class CampaignBuilder:
    def __init__(self, model_admin: ModelAdmin[Campaign]) -> None:
        self.model_admin = model_admin
        self.admin_site = model_admin.admin_site
        self.resubmission = Resubmission(self)

    def urls(self) -> list[URLPattern]:
        wrap = self.admin_site.admin_view
        return [
            # Before the steps': "build/<run_id>/<step>/" would take "build/from/<pk>/" for a run.
            *self.resubmission.urls(),
            path("build/", wrap(self.start), name="tendlc_campaign_build"),
            path("build/<str:run_id>/findings/", wrap(self.findings), name="tendlc_campaign_build_findings"),
            path("build/<str:run_id>/<str:step>/", wrap(self.step), name="tendlc_campaign_build_step"),
        ]

    # --- plumbing ---------------------------------------------------------------------------------------------

    def _allowed(self, request: HttpRequest) -> None:
        if not self.model_admin.has_add_permission(request):
            raise PermissionDenied

    def _brand(self, run: BuilderRun) -> Brand | None:
        return Brand.objects.filter(pk=run.brand_pk).first() if run.brand_pk is not None else None

    def _reachable(self, run: BuilderRun, brand: Brand | None) -> list[str]:
        """The steps that may be opened: each needs what the steps before it produced."""
        qualification = run.qualification
        ready = {
            "brand": True,
            "usecase": brand is not None,
            "qualification": brand is not None and qualification is not None,
            "content": brand is not None and qualification is not None and qualification.eligible,
            "review": brand is not None
            and qualification is not None
            and qualification.eligible
            and bool(run.content),
        }
        return [name for name in STEP_NAMES if ready[name]]

    def _go(self, run: BuilderRun, step: str) -> HttpResponse:
        return redirect("admin:tendlc_campaign_build_step", run_id=run.run_id, step=step)

    def _render(
        self, request: HttpRequest, run: BuilderRun, step: str, brand: Brand | None, context: dict[str, Any]
    ) -> TemplateResponse:
        # A resubmission keeps the rejected campaign's brand and use case: their pages are not opened again.
        reachable = [
            name for name in self._reachable(run, brand) if not (run.resubmitting and name in KEPT_STEPS)
        ]
        steps = [
            {
                "name": name,
                "label": label,
                "current": name == step,
                "url": reverse("admin:tendlc_campaign_build_step", args=[run.run_id, name])
                if name in reachable
                else None,
            }
            for name, label in STEPS
        ]
        return TemplateResponse(
            request,
            f"{TEMPLATES}/{step}.html",
            {
                **self.admin_site.each_context(request),
                "opts": Campaign._meta,
                "title": f"{'Fix and resubmit' if run.resubmitting else 'Build'} a campaign: {dict(STEPS)[step]}",
                "resubmitting": self.resubmission.campaign(run) if run.resubmitting else None,
                "run": run,
                "brand": brand,
                "qualification": run.qualification,
                "steps": steps,
                "step": step,
                **context,
            },
        )

    # --- views ----------------------------------------------------------------------------------------------

    def start(self, request: HttpRequest) -> HttpResponse:
        self._allowed(request)
        run = run_start(request)
        return self._go(run, "brand")

    def step(self, request: HttpRequest, run_id: str, step: str) -> HttpResponse:
        self._allowed(request)
        if step not in STEP_NAMES:
            raise Http404("No such step")
        run = run_get(request, run_id)
        if run is None:
            if request.method == "POST" and step == "review":
                submitted = self._submitted_before(request)
                if submitted is not None:
                    return submitted
            messages.warning(request, "That campaign builder has ended or expired: start again.")
            return redirect("admin:tendlc_campaign_build")
        brand = self._brand(run)
        reachable = self._reachable(run, brand)
        if step not in reachable:
            return self._go(run, reachable[-1])
        if run.resubmitting and step in KEPT_STEPS:
            return self._go(run, "content")
        # The reachable steps say what exists; the fallbacks below only narrow the types.
        qualification = run.qualification
        if step == "brand" or brand is None:
            return self.brand_step(request, run, brand)
        if step == "usecase" or qualification is None:
            return self.usecase_step(request, run, brand)
        if step == "qualification":
            return self._render(request, run, "qualification", brand, {})
        if step == "content":
            return self.content_step(request, run, brand, qualification)
        return self.review_step(request, run, brand, qualification)

    def brand_step(self, request: HttpRequest, run: BuilderRun, brand: Brand | None) -> HttpResponse:
        form = BrandStepForm(
            request.POST if request.method == "POST" else None, initial={"brand": run.brand_pk}
        )
        if request.method == "POST" and form.is_valid():
            run.brand_choose(form.cleaned_data["brand"].pk)
            run_save(request, run)
            return self._go(run, "usecase")
        return self._render(request, run, "brand", brand, {"form": form})

    def usecase_step(self, request: HttpRequest, run: BuilderRun, brand: Brand) -> HttpResponse:
        if not run.usecases:
            try:
                with api_session() as client:
                    run.usecases = usecase_list(client=client)
            except SUBMIT_ERRORS as error:
                return self._render(
                    request, run, "usecase", brand, {"form": None, "error": error_message(error)}
                )
            run_save(request, run)
        form = UsecaseStepForm(
            request.POST if request.method == "POST" else None,
            usecases=run.usecases,
            refusals=usecase_refusals(brand=brand, usecases=run.usecases),
            initial={"usecase": run.usecase},
        )
        if request.method == "POST" and form.is_valid():
            try:
                with api_session() as client:
                    qualification = campaign_builder_qualify(
                        brand=brand, usecase=form.cleaned_data["usecase"], client=client
                    )
            except SUBMIT_ERRORS as error:
                error_apply(form, error)
            else:
                run.qualification_set(qualification)
                run_save(request, run)
                return self._go(run, "qualification")
        return self._render(request, run, "usecase", brand, {"form": form})

    def _content_form(
        self, run: BuilderRun, qualification: UsecaseQualification, **kwargs: Any
    ) -> ContentStepForm:
        return ContentStepForm(
            qualification=qualification, sub_usecases=sub_usecase_options(run.usecases), **kwargs
        )

    def content_step(
        self, request: HttpRequest, run: BuilderRun, brand: Brand, qualification: UsecaseQualification
    ) -> HttpResponse:
        evidence = BuilderEvidenceForm(held=run.evidence)
        if request.method == "POST":
            form = self._content_form(run, qualification, data=request.POST)
            run.draft = form.values()
            evidence = self._evidence_hold(request, run)
            if "_back" in request.POST:
                run_save(request, run)
                return self._go(run, "qualification")
            if "_check_links" in request.POST:
                run_save(request, run)
                return self._links_check(request, run, brand)
            if form.is_valid() and not evidence.errors:
                run.content = {name: form.cleaned_data[name] for name in CONTENT_FIELDS}
                run_save(request, run)
                return self._go(run, "review")
            run_save(request, run)
        elif run.api_errors:
            # The API refused the submission: show its messages at the fields, on the content as submitted.
            form = self._content_form(run, qualification, data=run.draft)
            form.is_valid()
            for name, texts in run.api_errors.items():
                for text in texts:
                    if name in form.fields:
                        form.add_error(name, text)
                    else:
                        form.add_error(None, f"{name.replace('_', ' ')}: {text}" if name else text)
        else:
            form = self._content_form(
                run, qualification, initial={"webhook_url": webhook_url_default(), **run.draft}
            )
        # A page first shown, before anything was typed, shows no findings: each field's come once it is left.
        fresh = request.method == "GET" and not run.draft and not run.api_errors
        groups = {} if fresh else self._content_findings(run, brand, qualification, form)
        link_check = link_check_latest_for_builder(builder_run=run.run_id)
        links = link_rows_by_field(link_check)
        return self._render(
            request,
            run,
            "content",
            brand,
            {
                "form": form,
                "fieldsets": [
                    (title, [(form[name], groups.get(name, ()), links.get(name, ())) for name in names])
                    for title, names in form.fieldsets
                ],
                "general_findings": groups.get(GENERAL, ()),
                "link_check": link_check_context(
                    link_check,
                    progress_url=reverse("admin:tendlc_campaign_link_check", args=[link_check.pk])
                    if link_check
                    else "",
                ),
                "website_links": links.get("website", ()),
                "findings_left_only": fresh,
                "findings_url": reverse("admin:tendlc_campaign_build_findings", args=[run.run_id]),
                "media": Media(js=[LIVE_FINDINGS_SCRIPT, "tendlc/progress.js"]),
                "evidence": evidence,
            },
        )

    def _links_check(self, request: HttpRequest, run: BuilderRun, brand: Brand) -> HttpResponse:
        """Queue a check of the links typed so far (the draft, valid or not), then back to the content."""
        check = builder_link_check_start(
            brand=brand, content=run.draft, builder_run=run.run_id, user=request.user
        )
        if check.url_count:
            messages.info(
                request, f"Checking {check.url_count} link(s): the results show at their fields below."
            )
        else:
            messages.warning(
                request, "There are no links to check yet: the brand has no website and none is typed."
            )
        return self._go(run, "content")

    def _evidence_hold(self, request: HttpRequest, run: BuilderRun) -> BuilderEvidenceForm:
        """Let go of the held files ticked, then hold the files chosen: each is checked now, so a refused one
        is said at the field while the others (and everything typed) are kept."""
        form = BuilderEvidenceForm(request.POST, request.FILES, held=run.evidence)
        form.is_valid()
        held = run.evidence
        dropped = {int(index) for index in form.cleaned_data.get("evidence_drop", ())}
        for index in sorted(dropped):
            evidence_held_drop(held=held[index])
        held = [item for index, item in enumerate(held) if index not in dropped]
        for upload in form.cleaned_data.get("evidence_files", ()):
            try:
                held.append(
                    evidence_hold(
                        name=upload.name or "",
                        upload=upload,
                        kind=form.cleaned_data.get("evidence_kind", ""),
                        description=form.cleaned_data.get("evidence_description", ""),
                        user=request.user,
                    )
                )
            except WorkflowError as error:
                field = {"kind": "evidence_kind"}.get(error.field or "", "evidence_files")
                form.add_error(field, f"{upload.name}: {error.message}")
        run.evidence = form.held = held
        return form

    def _compliance(
        self, run: BuilderRun, brand: Brand, qualification: UsecaseQualification, content: dict[str, Any]
    ) -> ComplianceResult:
        return campaign_builder_compliance(
            brand=brand, qualification=qualification, content=content, fixing=self.resubmission.campaign(run)
        )

    def _content_findings(
        self, run: BuilderRun, brand: Brand, qualification: UsecaseQualification, form: ContentStepForm
    ) -> dict[str, tuple[Finding, ...]]:
        """The findings of the content in ``form``, by our field names (GENERAL for those about none)."""
        result = self._compliance(run, brand, qualification, form.values())
        return {group.field: group.findings for group in findings_by_field(result.findings, CONTENT_FIELDS)}

    def review_step(
        self, request: HttpRequest, run: BuilderRun, brand: Brand, qualification: UsecaseQualification
    ) -> HttpResponse:
        if run.resubmitting:
            return self.resubmission.review_step(request, run, brand, qualification)
        may_override = compliance_override_allowed(request.user)
        form = ReviewForm(request.POST if request.method == "POST" else None)
        if request.method == "POST":
            if form.data.get("override_reason", "").strip() and not may_override:
                raise PermissionDenied("Only a Compliance admin may submit despite compliance errors.")
            if form.is_valid():
                claimed: IdempotencyKey | None = None
                try:
                    claim = form_token_claim(request)
                    if isinstance(claim, Answered):
                        return self._campaign_submitted(request, claim)
                    claimed = claim
                    with api_session() as client:
                        campaign = campaign_builder_submit(
                            brand=brand,
                            qualification=qualification,
                            content=run.content,
                            run_id=run.run_id,
                            override_reason=form.cleaned_data["override_reason"],
                            user=request.user,
                            client=client,
                        )
                except SUBMIT_ERRORS as error:
                    form_token_free(claimed)
                    content_errors = self._content_errors(error)
                    if content_errors:
                        run.api_errors = content_errors
                        run_save(request, run)
                        messages.error(
                            request, "The campaign was not submitted: correct the fields marked below."
                        )
                        return self._go(run, "content")
                    error_apply(form, error)
                except BaseException:
                    form_token_free(claimed)
                    raise
                else:
                    form_token_done(claimed, object_id=campaign.pk)
                    self._evidence_attach(request, run, campaign)
                    run_end(request, run)
                    messages.success(request, f"Campaign {campaign} submitted: its review has started.")
                    return redirect("admin:tendlc_campaign_change", campaign.pk)
        return self.review_render(
            request, run, brand, qualification, {"form": form, "form_token": form_token_new()}
        )

    def review_render(
        self,
        request: HttpRequest,
        run: BuilderRun,
        brand: Brand,
        qualification: UsecaseQualification,
        context: dict[str, Any],
    ) -> TemplateResponse:
        """The review page: the content, its findings by field, and what ``context`` adds (the form)."""
        content = run.content
        result = self._compliance(run, brand, qualification, content)
        form_fields = self._content_form(run, qualification, initial=content)
        return self._render(
            request,
            run,
            "review",
            brand,
            {
                **context,
                "media": Media(js=[SUBMIT_ONCE_SCRIPT]),
                "may_override": compliance_override_allowed(request.user),
                "result": result,
                "fieldsets": [
                    (title, [(form_fields[name], content.get(name)) for name in names])
                    for title, names in form_fields.fieldsets
                ],
                "groups": [
                    (form_fields.fields[group.field].label if group.field else "The campaign", group.findings)
                    for group in findings_by_field(result.findings, CONTENT_FIELDS)
                ],
                "held_evidence": run.evidence,
            },
        )

    def _evidence_attach(self, request: HttpRequest, run: BuilderRun, campaign: Campaign) -> None:
        """The held files join the submitted campaign; one that cannot (it was checked when chosen) is said, as
        the campaign is submitted whatever happens to its files."""
        try:
            added = evidence_held_attach(campaign=campaign, held=run.evidence, user=request.user)
        except SUBMIT_ERRORS as error:
            messages.warning(
                request,
                f"The evidence files chosen in the builder could not all be added ({error_message(error)}):"
                " add them from the campaign's Evidence tab.",
            )
        else:
            if added:
                messages.info(request, f"{len(added)} evidence file(s) added to the campaign.")

    def _submitted_before(self, request: HttpRequest) -> HttpResponse | None:
        """The campaign a POST of the review page submitted before its run ended, if it did."""
        claim = form_token_claim(request)
        if isinstance(claim, Answered):
            return self._campaign_submitted(request, claim)
        form_token_free(claim)
        return None

    def _campaign_submitted(self, request: HttpRequest, answered: Answered) -> HttpResponse:
        campaign = Campaign.objects.filter(pk=form_token_outcome(answered).get("object_id", 0)).first()
        if campaign is None:
            messages.warning(request, SUBMITTED_BEFORE)
            return redirect("admin:tendlc_campaign_changelist")
        messages.warning(
            request, f"{SUBMITTED_BEFORE} Here is campaign {campaign}, as the first one submitted it."
        )
        return redirect("admin:tendlc_campaign_change", campaign.pk)

    def _content_errors(self, error: Exception) -> dict[str, list[str]]:
        """A refusal about the content's fields, by field, to be shown on the content page; empty when the
        refusal concerns no content field (then the review page shows it)."""
        if isinstance(error, WorkflowError):
            return {error.field: [error.message]} if error.field in CONTENT_FIELDS else {}
        if not isinstance(error, APIStatusError) or not set(error.field_errors) & set(CONTENT_FIELDS):
            return {}
        errors = dict(error.field_errors)
        if error.non_field_errors:
            errors[GENERAL] = error.non_field_errors
        return errors

    def findings(self, request: HttpRequest, run_id: str) -> HttpResponse:
        """The findings of the content typed so far (``findings_response``), by our field names. The typed
        content is kept as the draft."""
        self._allowed(request)
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        run = run_get(request, run_id)
        brand = self._brand(run) if run is not None else None
        qualification = run.qualification if run is not None else None
        if run is None or brand is None or qualification is None or not qualification.eligible:
            raise Http404("No such campaign builder, or it has not reached the content yet.")
        form = self._content_form(run, qualification, data=request.POST)
        values = form.values()
        run.draft = values
        run_save(request, run)
        result = self._compliance(run, brand, qualification, values)
        return findings_response(result, CONTENT_FIELDS)
