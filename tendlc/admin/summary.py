"""The summary at the top of a record's page: its status in words on a coloured chip, each carrier's view of
it (a campaign's), its key ids, and what needs doing next (``tendlc.selectors.next_steps`` decides that).

A ModelAdmin of the portal answers one from ``summary(request, obj)`` (``tendlc.admin.panels.PortalAdmin``);
``templates/admin/tendlc/summary.html`` shows it above the form, under the object's buttons.
"""

from dataclasses import dataclass, field

from django.db.models import TextChoices
from django.utils.safestring import SafeString

from tendlc.admin.display import choice_badge
from tendlc.choices import OperationStatus
from tendlc.models import CampaignMnoStatus


@dataclass(frozen=True)
class Fact:
    label: str
    value: str | SafeString | int


@dataclass(frozen=True)
class Summary:
    statuses: list[Fact]
    next_steps: list[str]
    carriers: list[Fact] = field(default_factory=list)
    ids: list[Fact] = field(default_factory=list)


def status_fact(label: str, value: str, choices: type[TextChoices]) -> Fact:
    """A status in words (the enum's label) on the chip of its tone."""
    return Fact(label, choice_badge(value, choices))


def carrier_facts(rows: list[CampaignMnoStatus]) -> list[Fact]:
    """Each carrier's operation status of a campaign, by carrier name."""
    return [
        Fact(row.mno or f"Network {row.network_id}", choice_badge(row.operation_status, OperationStatus))
        for row in rows
    ]


def known(*facts: Fact) -> list[Fact]:
    """The facts that hold a value: an id not given yet is left out rather than shown as a dash."""
    return [fact for fact in facts if fact.value not in ("", "-", None)]
