"""Forms of the campaign pages: the builder's steps, the change form's updatable fields, the appeal."""

# Django's Field is generic only to the type checker (django-stubs).
from __future__ import annotations

from typing import Any, cast

from django import forms
from django.db import models
from django.utils.text import capfirst

from tendlc.forms.fields import HttpsURLField
from tendlc.models import Brand, Campaign
from tendlc.models.campaign_content import (
    CAMPAIGN_UPDATABLE_FIELDS,
    CONTENT_FIELDS,
    CONTENT_GROUPS,
    LINK_FIELDS,
)
from tendlc.services.campaign_builder import (
    UsecaseOption,
    UsecaseQualification,
    brand_builder_refusal,
    brand_list_for_builder,
    sub_usecase_count_problem,
)

LONG_TEXT = forms.Textarea(attrs={"rows": 3, "cols": 80})


class BrandChoiceField(forms.ModelChoiceField[Brand]):
    def label_from_instance(self, obj: Brand) -> str:
        return f"{obj.display_name} ({obj.get_entity_type_display()}, {obj.tcr_brand_id or obj.brand_id})"

    def to_python(self, value: Any) -> Brand | None:
        """A brand left out of the list is refused saying why (five campaigns, say), not as an unknown choice."""
        try:
            return super().to_python(value)
        except forms.ValidationError:
            brand = Brand.objects.filter(pk=value).first() if str(value).isdigit() else None
            refusal = brand_builder_refusal(brand) if brand is not None else None
            if refusal is not None:
                raise forms.ValidationError(refusal, code="invalid_choice") from None
            raise


class BrandStepForm(forms.Form):
    brand = BrandChoiceField(
        queryset=Brand.objects.none(),
        help_text="Registered brands with a verified identity and fewer than five active campaigns; a sole"
        " proprietor only before its one campaign.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(BrandChoiceField, self.fields["brand"]).queryset = brand_list_for_builder()


class RefusedChoicesRadioSelect(forms.RadioSelect):
    """Radio buttons of which some are shown but cannot be chosen, each saying why beside its label."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.refusals: dict[str, str] = {}

    def create_option(self, name: str, value: Any, label: Any, *args: Any, **kwargs: Any) -> dict[str, Any]:
        refusal = self.refusals.get(str(value))
        if refusal is not None:
            label = f"{label} — {refusal}"
        option = super().create_option(name, value, label, *args, **kwargs)
        if refusal is not None:
            option["attrs"]["disabled"] = True
        return option


class UsecaseStepForm(forms.Form):
    """The use cases the API offers; those the brand may not register are shown disabled, with why, and
    refused if posted anyway (``refusals``: use case name -> why). The REST API passes none: its callers get
    the API's own qualification answer."""

    usecase = forms.ChoiceField(label="Use case", widget=RefusedChoicesRadioSelect)

    def __init__(
        self,
        *args: Any,
        usecases: list[UsecaseOption],
        refusals: dict[str, str] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.refusals = dict(refusals or {})
        field = cast(forms.ChoiceField, self.fields["usecase"])
        # Those the brand may have first, described; the disabled ones after, each named with why it is not.
        field.choices = [
            (option.name, option.display_name if option.name in self.refusals else option.label)
            for option in sorted(usecases, key=lambda option: option.name in self.refusals)
        ]
        cast(RefusedChoicesRadioSelect, field.widget).refusals = self.refusals

    def clean_usecase(self) -> str:
        usecase: str = self.cleaned_data["usecase"]
        refusal = self.refusals.get(usecase)
        if refusal is not None:
            raise forms.ValidationError(refusal)
        return usecase


# The builder asks for what the API requires of every submission (the live API refuses one without an opt-out
# message, though the docs list it as optional); the model leaves them blank, since a mirrored campaign holds
# what the API answered.
REQUIRED_CONTENT = ("description", "sample1", "optout_message")
# Prose that fits on one line.
SHORT_TEXT = ("embedded_link_sample",)


def content_formfield(field: models.Field[Any, Any], **kwargs: Any) -> forms.Field | None:
    """The builder's form field for a content column: links typed as URLs, flags as checkboxes (unticked is
    "no", and is said on submission), long text in a compact box, sub use cases ticked from the offered ones."""
    if isinstance(field, models.JSONField):
        return forms.MultipleChoiceField(
            label=capfirst(field.verbose_name),
            help_text=field.help_text,
            required=False,
            widget=forms.CheckboxSelectMultiple,
        )
    if field.name in LINK_FIELDS:
        kwargs["form_class"] = HttpsURLField
    elif isinstance(field, models.BooleanField):
        kwargs["form_class"] = forms.BooleanField
    elif field.name in SHORT_TEXT:
        kwargs["widget"] = forms.TextInput
    elif isinstance(field, models.TextField):
        kwargs["widget"] = LONG_TEXT
    return field.formfield(required=field.name in REQUIRED_CONTENT, **kwargs)


class ContentStepForm(forms.ModelForm[Campaign]):
    """What the campaign says and promises: the declared content fields, labelled and explained by the model.
    Every field is the client's submit argument of the same name; nothing is saved from this form (the
    campaign row mirrors the API's answer)."""

    fieldsets = tuple((group.title, group.fields) for group in CONTENT_GROUPS)

    class Meta:
        model = Campaign
        fields = CONTENT_FIELDS
        formfield_callback = content_formfield

    def __init__(
        self,
        *args: Any,
        qualification: UsecaseQualification,
        sub_usecases: list[UsecaseOption],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.qualification = qualification
        cast(forms.MultipleChoiceField, self.fields["sub_usecases"]).choices = [
            (option.name, option.display_name) for option in sub_usecases
        ]
        if qualification.max_sub_usecases == 0:
            self.fields["sub_usecases"].help_text = f"{qualification.usecase} takes no sub use cases."
        else:
            self.fields["sub_usecases"].help_text = (
                f"{qualification.usecase} takes {qualification.min_sub_usecases} to"
                f" {qualification.max_sub_usecases} of them."
            )

    def clean_sub_usecases(self) -> list[str]:
        chosen: list[str] = self.cleaned_data["sub_usecases"]
        problem = sub_usecase_count_problem(self.qualification, len(chosen))
        if problem is not None:
            raise forms.ValidationError(problem)
        return chosen

    def values(self) -> dict[str, Any]:
        """The values as typed, valid or not (for the live checks and for keeping a draft)."""
        return {name: self[name].value() for name in CONTENT_FIELDS}


class ReviewForm(forms.Form):
    override_reason = forms.CharField(
        label="Reason to submit despite the errors",
        required=False,
        widget=LONG_TEXT,
        help_text="Compliance admins only: why these errors may go to review. Kept with the compliance check.",
    )


class CampaignChangeForm(forms.ModelForm[Campaign]):
    """The change form: only what C5 updates is a form field; the admin shows everything else read-only."""

    class Meta:
        model = Campaign
        fields = CAMPAIGN_UPDATABLE_FIELDS
        field_classes = {name: HttpsURLField for name in LINK_FIELDS if name in CAMPAIGN_UPDATABLE_FIELDS}
        widgets = dict.fromkeys(field_classes, forms.URLInput)


class AppealForm(forms.Form):
    appeal_reason = forms.CharField(
        label="Reason",
        widget=forms.Textarea(attrs={"rows": 6, "cols": 80}),
        help_text="What changed since the rejection and why the campaign should pass now.",
    )
