"""Forms of a campaign's evidence: one file added from the campaign's page, and the campaign builder's files
held until submission. What a file must be is the service's to check (``tendlc.services.evidence``); these
only collect the input."""

# Django's Field is generic only to the type checker (django-stubs).
from __future__ import annotations

from typing import Any, cast

from django import forms

from tendlc.models import EvidenceKind
from tendlc.services.evidence import USER_KINDS
from tendlc.services.evidence_files import KEPT_TYPES

KIND_CHOICES = [(kind.value, kind.label) for kind in USER_KINDS]
ACCEPT = ".png,.jpg,.jpeg,.gif,.webp,.pdf,.txt,.html,.htm"
FILE_HELP = f"{KEPT_TYPES[:1].upper()}{KEPT_TYPES[1:]}: the file's content is checked, not only its name."
DESCRIPTION = forms.Textarea(attrs={"rows": 2, "cols": 60})


class EvidenceForm(forms.Form):
    file = forms.FileField(
        label="File", help_text=FILE_HELP, widget=forms.ClearableFileInput(attrs={"accept": ACCEPT})
    )
    kind = forms.ChoiceField(
        label="What it shows", choices=KIND_CHOICES, initial=EvidenceKind.OPT_IN_SCREENSHOT.value
    )
    description = forms.CharField(
        label="Description",
        required=False,
        max_length=2000,
        widget=DESCRIPTION,
        help_text="Where the form or text is found and what it proves, e.g. “Sign-up page, checkbox unticked”.",
    )


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input (Django's documented pattern), each checked by the service."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ACCEPT}))
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return [single(data, initial)] if data else []


class BuilderEvidenceForm(forms.Form):
    """The builder's content page: files chosen now are held (shown under the field) until the campaign is
    submitted, then added to it; a held file can be let go before that."""

    evidence_files = MultipleFileField(
        label="Files",
        required=False,
        help_text=f"Screenshots of the opt-in form, the consent text or other proof. {FILE_HELP}",
    )
    # Needed only with files chosen: the service refuses a file without it, at this field.
    evidence_kind = forms.ChoiceField(
        label="What they show",
        choices=KIND_CHOICES,
        initial=EvidenceKind.OPT_IN_SCREENSHOT.value,
        required=False,
    )
    evidence_description = forms.CharField(
        label="Description", required=False, max_length=2000, widget=DESCRIPTION
    )
    evidence_drop = forms.MultipleChoiceField(label="Remove", required=False)

    def __init__(self, *args: Any, held: list[dict[str, Any]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The held files as the page lists them (by their place in this list, which the drop boxes name).
        self.held = held
        cast(forms.MultipleChoiceField, self.fields["evidence_drop"]).choices = [
            (str(index), item["name"]) for index, item in enumerate(held)
        ]
