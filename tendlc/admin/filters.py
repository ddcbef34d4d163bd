"""A list filter for a field that holds an enum's wire values without declaring the enum as its choices (a
use case, a webhook's type: free text on the wire): the values present, each named by the enum's label."""

from typing import Any

from django.contrib import admin
from django.db.models import TextChoices

from tendlc.choices import label_of


class LabelledValuesFilter(admin.AllValuesFieldListFilter):
    labels: type[TextChoices]

    @classmethod
    def of(cls, labels: type[TextChoices]) -> type["LabelledValuesFilter"]:
        return type(f"{labels.__name__}Filter", (cls,), {"labels": labels})

    def choices(self, changelist: Any) -> Any:
        values = {str(value) for value in self.lookup_choices}
        for choice in super().choices(changelist):
            if choice["display"] in values:
                choice = {**choice, "display": label_of(self.labels, choice["display"])}
            yield choice
