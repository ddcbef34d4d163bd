"""Fix and resubmit a rejected campaign: the campaign builder opened on its content, and its review page
offering the ways back to review that the campaign's status allows (``tendlc.services.resubmissions`` decides
which, and what each costs). Also the cancel of a pending move of the rejected campaign's numbers.

Starting reads the use cases and the brand's qualification from the API, as the builder's own pages do; the
brand and use case stay the campaign's, so the builder opens at the content page with the findings shown.
"""

from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.urls import URLPattern, path

from tendlc.admin.campaigns.builder_runs import BuilderRun, run_end, run_save, run_start
from tendlc.admin.errors import SUBMIT_ERRORS, error_apply, error_message
from tendlc.admin.form_tokens import form_token_claim, form_token_done, form_token_free, form_token_new
from tendlc.conf import api_session
from tendlc.forms.campaigns import LONG_TEXT
from tendlc.models import Brand, Campaign, IdempotencyKey, NumberMove
from tendlc.services.campaign_builder import (
    UsecaseQualification,
    usecase_list,
    usecase_qualification_read,
)
from tendlc.services.errors import WorkflowError
from tendlc.services.idempotency import Answered
from tendlc.services.number_moves import number_move_cancel
from tendlc.services.resubmissions import (
    APPEAL,
    NEW,
    UPDATE,
    ResubmitPath,
    appeal_reason_describe,
    campaign_is_rejected,
    campaign_resubmit_appeal,
    campaign_resubmit_new,
    campaign_resubmit_update,
    resubmission_content,
    resubmission_paths,
)

if TYPE_CHECKING:
    from tendlc.admin.campaigns.builder import CampaignBuilder


class ResubmitForm(forms.Form):
    path = forms.ChoiceField(
        label="Way back to review", choices=[(UPDATE, UPDATE), (APPEAL, APPEAL), (NEW, NEW)]
    )
    appeal_reason = forms.CharField(
        label="Appeal reason",
        required=False,
        widget=LONG_TEXT,
        help_text="For an appeal: what changed since the rejection and why the campaign should pass now.",
    )
    override_reason = forms.CharField(
        label="Reason to submit despite the errors",
        required=False,
        widget=LONG_TEXT,
        help_text="Compliance admins only, for a new campaign: why these errors may go to review.",
    )

    def __init__(self, *args: Any, paths: tuple[ResubmitPath, ...], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.paths = {item.name: item for item in paths}

    def clean_path(self) -> str:
        chosen: str = self.cleaned_data["path"]
        refusal = self.paths[chosen].refusal
        if refusal:
            raise forms.ValidationError(refusal)
        return chosen


class Resubmission:
    """The builder's resubmission: its start, its review page and the cancel of a pending number move."""

    def __init__(self, builder: "CampaignBuilder") -> None:
        self.builder = builder
        self.model_admin = builder.model_admin

    def urls(self) -> list[URLPattern]:
        wrap = self.builder.admin_site.admin_view
        return [
            path("build/from/<int:campaign_pk>/", wrap(self.start), name="tendlc_campaign_resubmit"),
            path(
                "number-moves/<int:move_pk>/cancel/",
                wrap(self.cancel_move),
                name="tendlc_campaign_number_move_cancel",
            ),
        ]

    def start(self, request: HttpRequest, campaign_pk: int) -> HttpResponse:
        """One click from the rejected campaign's page: the builder at its content, prefilled."""
        self.builder._allowed(request)
        campaign = get_object_or_404(Campaign.objects.select_related("brand"), pk=campaign_pk)
        if not campaign_is_rejected(campaign):
            messages.warning(request, f"Campaign {campaign} was not rejected: there is nothing to resubmit.")
            return redirect("admin:tendlc_campaign_change", campaign.pk)
        try:
            with api_session() as client:
                usecases = usecase_list(client=client)
                qualification = usecase_qualification_read(
                    brand=campaign.brand, usecase=campaign.usecase, client=client
                )
        except SUBMIT_ERRORS as error:
            messages.error(request, f"The builder could not be opened: {error_message(error)}")
            return redirect("admin:tendlc_campaign_change", campaign.pk)
        run = run_start(request)
        run.resubmission_start(
            campaign_pk=campaign.pk,
            brand_pk=campaign.brand.pk,
            usecases=usecases,
            qualification=qualification,
            content=resubmission_content(campaign),
        )
        run_save(request, run)
        return redirect("admin:tendlc_campaign_build_step", run_id=run.run_id, step="content")

    def campaign(self, run: BuilderRun) -> Campaign | None:
        """The campaign ``run`` fixes, if it still exists (None too for a run that fixes none)."""
        if run.resubmitting is None:
            return None
        return Campaign.objects.select_related("brand").filter(pk=run.resubmitting).first()

    def review_step(
        self, request: HttpRequest, run: BuilderRun, brand: Brand, qualification: UsecaseQualification
    ) -> HttpResponse:
        campaign = self.campaign(run)
        if campaign is None:
            run_end(request, run)
            messages.warning(request, "The campaign being fixed no longer exists here.")
            return redirect("admin:tendlc_campaign_changelist")
        content = run.content
        paths = resubmission_paths(
            campaign=campaign, content=content, qualification=qualification, user=request.user
        )
        open_paths = [item.name for item in paths if item.allowed]
        form = ResubmitForm(
            request.POST if request.method == "POST" else None,
            paths=paths,
            initial={
                "path": open_paths[0] if open_paths else None,
                "appeal_reason": appeal_reason_describe(campaign, content),
            },
        )
        if request.method == "POST" and form.is_valid():
            done = self._submit(request, run, campaign, qualification, form)
            if done is not None:
                return done
        return self.builder.review_render(
            request,
            run,
            brand,
            qualification,
            {
                "form": form,
                "form_token": form_token_new(),
                "resubmitting": campaign,
                "paths": paths,
                "chosen_path": form["path"].value(),
            },
        )

    def _submit(
        self,
        request: HttpRequest,
        run: BuilderRun,
        campaign: Campaign,
        qualification: UsecaseQualification,
        form: ResubmitForm,
    ) -> HttpResponse | None:
        """Send the chosen path; None when it was refused (the refusal is on the form)."""
        chosen = form.cleaned_data["path"]
        claimed: IdempotencyKey | None = None
        try:
            if chosen == NEW:
                # A new campaign pays three months: a double click lands on the campaign the first submitted.
                claim = form_token_claim(request)
                if isinstance(claim, Answered):
                    return self.builder._campaign_submitted(request, claim)
                claimed = claim
            with api_session() as client:
                if chosen == UPDATE:
                    campaign_resubmit_update(
                        campaign=campaign, content=run.content, user=request.user, client=client
                    )
                    message = f"Campaign {campaign} was updated: Telnyx reviews it again."
                    target = campaign
                elif chosen == APPEAL:
                    campaign_resubmit_appeal(
                        campaign=campaign,
                        content=run.content,
                        reason=form.cleaned_data["appeal_reason"],
                        user=request.user,
                        client=client,
                    )
                    message = f"Campaign {campaign} was appealed with the fix described."
                    target = campaign
                else:
                    move = campaign_resubmit_new(
                        campaign=campaign,
                        qualification=qualification,
                        content=run.content,
                        run_id=run.run_id,
                        override_reason=form.cleaned_data["override_reason"],
                        user=request.user,
                        client=client,
                    )
                    target = move.to_campaign
                    form_token_done(claimed, object_id=target.pk)
                    message = (
                        f"Campaign {target} submitted: its review has started. The numbers of campaign"
                        f" {campaign} move to it once the carriers approve it."
                    )
        except SUBMIT_ERRORS as error:
            form_token_free(claimed)
            content_errors = self.builder._content_errors(error)
            if content_errors:
                run.api_errors = content_errors
                run_save(request, run)
                messages.error(request, "Nothing was sent: correct the fields marked below.")
                return self.builder._go(run, "content")
            error_apply(form, error)
            return None
        except BaseException:
            form_token_free(claimed)
            raise
        run_end(request, run)
        messages.success(request, message)
        return redirect("admin:tendlc_campaign_change", target.pk)

    def cancel_move(self, request: HttpRequest, move_pk: int) -> HttpResponse:
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not self.model_admin.has_change_permission(request):
            raise PermissionDenied
        move = get_object_or_404(
            NumberMove.objects.select_related("from_campaign", "to_campaign"), pk=move_pk
        )
        try:
            number_move_cancel(move=move, user=request.user)
        except WorkflowError as error:
            messages.warning(request, error.message)
        else:
            messages.success(request, f"Moving the numbers of campaign {move.from_campaign} was cancelled.")
        # Back to the page the button was on: either campaign's shows the move.
        back = move.from_campaign if request.POST.get("page") == "from" else move.to_campaign
        return redirect("admin:tendlc_campaign_change", back.pk)
