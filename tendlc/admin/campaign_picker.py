"""The campaign box of the numbers pages (assign, move, assign a messaging profile's numbers): chosen by typing
part of a campaign's id or its brand's name, answered 20 at a time by ``campaign_choices_view``, instead of a
list of every campaign that takes numbers, which grows with the account (ten thousand campaigns made each page
heavy). It is the admin's own select2, as the autocomplete of related fields, over a view of our own because
the box holds two kinds of campaign (ours and partners') by the id the API takes."""

from typing import Any, TypeVar

from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteSelect
from django.http import HttpRequest, JsonResponse
from django.urls import reverse_lazy

from tendlc.selectors.campaigns import campaign_search_taking_numbers
from tendlc.services.numbers import campaign_label, campaign_wire_id

# Enough to see that a few more letters are needed; the box asks again as they are typed.
CHOICES_SHOWN = 20

CHOICES_URL_NAME = "tendlc_campaign_choices"


class CampaignPicker(forms.Select):
    """A select showing the chosen campaign, which select2 turns into a box asking ``campaign_choices_view``."""

    def __init__(self) -> None:
        super().__init__(
            attrs={
                "class": "admin-autocomplete",
                "data-theme": "admin-autocomplete",
                "data-ajax--url": reverse_lazy(f"admin:{CHOICES_URL_NAME}"),
                "data-ajax--cache": "true",
                "data-ajax--delay": 250,
                "data-ajax--type": "GET",
                "data-placeholder": "Type a campaign id or brand name",
                "data-allow-clear": "false",
            }
        )

    @property
    def media(self) -> forms.Media:
        # The admin's select2 with its translations, as its related-field autocomplete loads them.
        widget_media: forms.Media = AutocompleteSelect(None, admin.site).media
        return widget_media


def campaigns_found_by_typing(form: forms.BaseForm) -> None:
    """Show ``form``'s ``campaign_id`` field (``tendlc.forms.numbers.CampaignChoiceField``) as the box."""
    field = form.fields["campaign_id"]
    widget = CampaignPicker()
    widget.choices = field.choices  # type: ignore[attr-defined]
    widget.is_required = field.required
    field.widget = widget


FormT = TypeVar("FormT", bound=forms.BaseForm)


def with_campaign_picker(form_class: type[FormT]) -> type[FormT]:
    """``form_class`` (a form of ``tendlc.forms.numbers``) with its campaign shown as the box."""

    def __init__(self: forms.BaseForm, *args: Any, **kwargs: Any) -> None:
        form_class.__init__(self, *args, **kwargs)
        campaigns_found_by_typing(self)

    return type(form_class.__name__, (form_class,), {"__init__": __init__})


def campaign_choices_view(request: HttpRequest) -> JsonResponse:
    """select2's answer: the campaigns that take numbers matching ``term``, ours then partners'."""
    ours, theirs = campaign_search_taking_numbers(term=request.GET.get("term", ""), limit=CHOICES_SHOWN)
    groups: list[dict[str, Any]] = [
        {"text": title, "children": [{"id": campaign_wire_id(c), "text": campaign_label(c)} for c in found]}
        for title, found in (("Our campaigns", ours), ("Shared with us", theirs))
        if found
    ]
    return JsonResponse({"results": groups, "pagination": {"more": False}})
