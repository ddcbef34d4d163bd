"""A record's page in tabs: the form's fieldsets and the panels under it, one section shown at a time.

Tabs, in the order a reader wants them: "Details" (every fieldset no other tab claims), the tabs a ModelAdmin
names for other fieldsets in its ``fieldset_tabs`` (``{fieldset name: tab title}``), one tab per panel (the
audit history last of them), then "Technical" (ids and mirror times few people need) at the very end.

A tab holding a field with an error is marked, and static/tendlc/tabs.js opens the first marked tab after a
failed save whatever the address's hash says: an error is never left in a closed tab. Without the script every
section stands one under another, the tab list being a list of links to them.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.contrib.admin.helpers import AdminForm, Fieldset
from django.contrib.admin.utils import flatten
from django.utils.text import slugify

DETAILS = "Details"
TECHNICAL = "Technical"


@dataclass(frozen=True)
class Tab:
    title: str
    # The form's fieldsets this tab shows, each with its index in the form (Django's heading ids use it);
    # empty for a panel's tab.
    fieldsets: tuple[tuple[int, Fieldset], ...] = ()
    error: bool = False

    @property
    def slug(self) -> str:
        """The tab's section is ``#panel-<slug>``: a panel keeps the id it has always had."""
        return slugify(self.title)


def record_tabs(
    adminform: AdminForm, panel_titles: Iterable[str], fieldset_tabs: Mapping[str, str]
) -> list[Tab]:
    errors = set(adminform.form.errors)
    grouped: dict[str, list[tuple[int, Fieldset]]] = {DETAILS: []}
    erring: set[str] = set()
    # The fieldsets as declared (name, options) beside the ones the template renders, in the same order.
    for index, ((name, options), fieldset) in enumerate(zip(adminform.fieldsets, adminform, strict=True)):
        title = fieldset_tabs.get(name or "", DETAILS)
        grouped.setdefault(title, []).append((index, fieldset))
        fields: Any = options.get("fields", ())  # names, or tuples of names sharing a line
        if errors.intersection(flatten(fields)):
            erring.add(title)
    form_tabs = {
        title: Tab(title, tuple(fieldsets), error=title in erring)
        for title, fieldsets in grouped.items()
        if fieldsets
    }
    technical = form_tabs.pop(TECHNICAL, None)
    return [
        *form_tabs.values(),
        *(Tab(title) for title in panel_titles),
        *([technical] if technical is not None else []),
    ]
