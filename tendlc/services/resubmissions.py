"""Turning a rejected campaign into a fixed resubmission: which paths its status allows, what each costs, and
each path's work. This module owns that decision, so the builder's page and the submission cannot disagree.

| path                 | allowed when                                               | what it sends                     | costs |
|----------------------|------------------------------------------------------------|-----------------------------------|-------|
| update and re-review | Telnyx rejected it (TELNYX_FAILED) and only fields an       | C5 with the changed fields; Telnyx | review |
|                      | update may change were changed                              | reviews the campaign again        |       |
| appeal               | Telnyx or a carrier rejected it (TELNYX_FAILED,             | for a carrier's rejection, C5 with | review |
|                      | MNO_REJECTED), a Compliance admin asks, and only fields an  | the changed fields first; then C7 |       |
|                      | update may change were changed                              | with the fix described            |       |
| new campaign         | the brand may build another campaign                       | C2 with the fixed content; the old | three months, review |
|                      |                                                            | campaign's numbers move to it once | (and the number pool) |
|                      |                                                            | the carriers approve it           |       |

The 10DLC API has no operation that sends a carrier-rejected campaign back to the carriers: an update of an
MNO_REJECTED campaign changes its record and nothing else (reference C5, §5.6), so for a carrier's rejection
the update goes with the appeal. An update of a TELNYX_FAILED campaign sends it back to review by itself,
which an appeal would only pay for again. A campaign the registry refused (TCR_FAILED) has neither way back.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Field

from tendlc import fees
from tendlc.choices import APPEALABLE_CAMPAIGN_STATUSES, CampaignStatus, OperationStatus, label_of
from tendlc.client import TenDLCClient
from tendlc.models import Campaign, CampaignAppeal, NumberMove
from tendlc.models.campaign_content import CAMPAIGN_UPDATABLE_FIELDS, CONTENT_FIELDS, FLAG_FIELDS
from tendlc.services.audit import User, audited, user_may, user_recorded
from tendlc.services.campaign_actions import (
    APPEAL_PERMISSION,
    campaign_appeal,
    campaign_change_refusal,
    campaign_update,
)
from tendlc.services.campaign_builder import (
    UsecaseQualification,
    brand_builder_refusal,
    campaign_builder_submit,
)
from tendlc.services.errors import WorkflowError
from tendlc.services.number_moves import MOVE_STATUSES, number_moves_queue

UPDATE = "update"
APPEAL = "appeal"
NEW = "new"
REJECTED_STATUSES = (*APPEALABLE_CAMPAIGN_STATUSES, CampaignStatus.TCR_FAILED)


@dataclass(frozen=True)
class ResubmitPath:
    """One way back to review: what it does, what it costs, and why it is closed ("" while it is open)."""

    name: str
    title: str
    what: str
    cost: Decimal
    cost_words: str
    refusal: str = ""

    @property
    def allowed(self) -> bool:
        return not self.refusal


def campaign_is_rejected(campaign: Campaign) -> bool:
    """Rejected by the registry, Telnyx or a carrier: by its status, or by one carrier's operation status."""
    if campaign.campaign_status in REJECTED_STATUSES:
        return True
    return campaign.mno_statuses.filter(operation_status=OperationStatus.REJECTED).exists()


def resubmission_content(campaign: Campaign) -> dict[str, Any]:
    """The campaign's content as the builder's content page takes it: every field, blanks as blanks."""
    content: dict[str, Any] = {}
    for name in CONTENT_FIELDS:
        value = getattr(campaign, name)
        if name in FLAG_FIELDS:
            content[name] = bool(value)
        elif name == "sub_usecases":
            content[name] = list(value or ())
        else:
            content[name] = value or ""
    return content


def _comparable(name: str, value: Any) -> Any:
    if name in FLAG_FIELDS:
        return bool(value)
    if name == "sub_usecases":
        return sorted(value or ())
    return (value or "").strip() if isinstance(value, str) or value is None else value


def resubmission_changes(campaign: Campaign, content: Mapping[str, Any]) -> list[str]:
    """The content fields ``content`` changes from the campaign, in the builder's order."""
    stored = resubmission_content(campaign)
    return [
        name
        for name in CONTENT_FIELDS
        if name in content and _comparable(name, content[name]) != _comparable(name, stored[name])
    ]


def field_label(name: str) -> str:
    """A content field's name as the builder's pages label it."""
    field = Campaign._meta.get_field(name)
    return str(field.verbose_name) if isinstance(field, Field) else name.replace("_", " ")


def _labels(names: list[str]) -> str:
    labels = [field_label(name) for name in names]
    return labels[0] if len(labels) == 1 else f"{', '.join(labels[:-1])} and {labels[-1]}"


def _fixed_only_anew(changes: list[str]) -> list[str]:
    """The changed fields no update may change: only a new campaign registers them."""
    return [name for name in changes if name not in CAMPAIGN_UPDATABLE_FIELDS]


def _update_refusal(campaign: Campaign, changes: list[str]) -> str:
    refusal = campaign_change_refusal(campaign)
    if refusal:
        return refusal
    status = campaign.campaign_status
    if status == CampaignStatus.MNO_REJECTED:
        return (
            "The 10DLC API has no way to send a campaign a carrier rejected back to the carriers: an update"
            " would change its record, but no carrier would review it again. Appeal instead: the appeal"
            " carries the same update."
        )
    if status == CampaignStatus.TCR_FAILED:
        return (
            "The Campaign Registry refused this campaign: no update brings it back. Register a new campaign."
        )
    if status != CampaignStatus.TELNYX_FAILED:
        return (
            "Only a campaign Telnyx rejected goes back to review when it is updated; this one is"
            f" {label_of(CampaignStatus, status) or 'of unknown status'}."
        )
    anew = _fixed_only_anew(changes)
    if anew:
        return (
            "An update may change only the sample messages, message flow, help message, auto-renewal and"
            f" webhooks; you changed the {_labels(anew)}, which only a new campaign registers."
        )
    if not changes:
        return "Nothing has changed yet: an update sends the campaign back to review only with a change."
    return ""


def _appeal_refusal(campaign: Campaign, changes: list[str], user: User) -> str:
    refusal = campaign_change_refusal(campaign)
    if refusal:
        return refusal
    if campaign.campaign_status not in APPEALABLE_CAMPAIGN_STATUSES:
        return (
            "Only a campaign Telnyx or a carrier rejected can be appealed; this one is"
            f" {label_of(CampaignStatus, campaign.campaign_status) or 'of unknown status'}."
        )
    if not user_may(user, APPEAL_PERMISSION):
        return "Only a Compliance admin may appeal a campaign."
    anew = _fixed_only_anew(changes)
    if anew:
        return (
            f"An appeal cannot register the {_labels(anew)}: only the fields an update may change go with it."
            " Register a new campaign for those."
        )
    if campaign.campaign_status == CampaignStatus.TELNYX_FAILED and changes:
        return (
            "Updating a campaign Telnyx rejected sends it back to review by itself, at the same cost: choose"
            " Update and re-review."
        )
    return ""


def _new_refusal(campaign: Campaign, qualification: UsecaseQualification | None) -> str:
    refusal = brand_builder_refusal(campaign.brand)
    if refusal is not None:
        return refusal
    if qualification is None or not qualification.eligible:
        reason = qualification.refusal if qualification is not None else "its qualification was not read"
        return f"The brand does not qualify for {campaign.usecase} now: {reason}"
    return ""


def _review_cost(campaign: Campaign) -> tuple[Decimal, str]:
    if campaign.mock:
        return Decimal("0.00"), "Nothing: mock campaigns cost nothing."
    amount = fees.CAMPAIGN_REVIEW.amount
    return amount, f"${amount}: the campaign review, charged again."


def _new_cost(campaign: Campaign, content: Mapping[str, Any]) -> tuple[Decimal, str]:
    if campaign.mock:
        return Decimal("0.00"), "Nothing: mock campaigns cost nothing."
    monthly = fees.monthly_fee(campaign.usecase)
    amount = fees.upfront_fee(campaign.usecase) + fees.CAMPAIGN_REVIEW.amount
    words = (
        f"${amount}: three months up front at ${monthly} a month and the campaign review"
        f" (${fees.CAMPAIGN_REVIEW.amount})"
    )
    if content.get("number_pool"):
        amount += fees.NUMBER_POOL.amount
        words = f"${amount}: {words.split(': ', 1)[1]}, and the number pool (${fees.NUMBER_POOL.amount})"
    return amount, f"{words}; then ${monthly} a month."


def resubmission_paths(
    *,
    campaign: Campaign,
    content: Mapping[str, Any],
    qualification: UsecaseQualification | None,
    user: User,
) -> tuple[ResubmitPath, ...]:
    """The three paths for ``campaign`` with ``content`` as fixed, each open or closed with its reason."""
    changes = resubmission_changes(campaign, content)
    review, review_words = _review_cost(campaign)
    new, new_words = _new_cost(campaign, content)
    return (
        ResubmitPath(
            UPDATE,
            "Update and re-review",
            "Change this campaign in place: Telnyx reviews it again with the fields changed.",
            review,
            review_words,
            _update_refusal(campaign, changes),
        ),
        ResubmitPath(
            APPEAL,
            "Appeal with the fix described",
            "Ask Telnyx to review the rejection again, saying what was fixed (fields an update may change"
            " are updated first).",
            review,
            review_words,
            _appeal_refusal(campaign, changes, user),
        ),
        ResubmitPath(
            NEW,
            "Register a new campaign",
            "Submit the fixed content as a new campaign; this campaign's numbers move to it once the"
            " carriers approve it.",
            new,
            new_words,
            _new_refusal(campaign, qualification),
        ),
    )


def appeal_reason_describe(campaign: Campaign, content: Mapping[str, Any]) -> str:
    """A first draft of the appeal's reason: the fields changed since the rejection and what they say now."""
    changes = resubmission_changes(campaign, content)
    if not changes:
        return (
            "The campaign's registration is unchanged: what was fixed is outside it (describe the website,"
            " privacy policy or opt-in page as they are now)."
        )
    lines = ["Fixed since the rejection:"]
    for name in changes:
        value = content.get(name)
        if name in FLAG_FIELDS:
            now = "yes" if value else "no"
        elif name == "sub_usecases":
            now = ", ".join(value or ()) or "none"
        else:
            now = f'"{value}"' if value else "removed"
        lines.append(f"- {field_label(name)}: now {now}")
    return "\n".join(lines)


def _open_path(
    name: str,
    *,
    campaign: Campaign,
    content: Mapping[str, Any],
    qualification: UsecaseQualification | None,
    user: User,
) -> None:
    path = next(
        path
        for path in resubmission_paths(
            campaign=campaign, content=content, qualification=qualification, user=user
        )
        if path.name == name
    )
    if not path.allowed:
        raise WorkflowError(path.refusal, field="path")


def _updatable_changes(campaign: Campaign, content: Mapping[str, Any]) -> dict[str, Any]:
    return {
        name: content[name]
        for name in resubmission_changes(campaign, content)
        if name in CAMPAIGN_UPDATABLE_FIELDS
    }


def campaign_resubmit_update(
    *, campaign: Campaign, content: Mapping[str, Any], user: User, client: TenDLCClient
) -> Campaign:
    """Update the rejected campaign in place (C5): Telnyx reviews it again, charged again."""
    changes = _updatable_changes(campaign, content)
    with audited(
        user=user,
        action="campaign.resubmit",
        target=campaign,
        summary={"path": UPDATE, "changed": list(changes), "status_before": campaign.campaign_status},
    ):
        _open_path(UPDATE, campaign=campaign, content=content, qualification=None, user=user)
        return campaign_update(campaign=campaign, values=changes, user=user, client=client)


def campaign_resubmit_appeal(
    *, campaign: Campaign, content: Mapping[str, Any], reason: str, user: User, client: TenDLCClient
) -> CampaignAppeal:
    """Appeal the rejection (C7) with the fix described; for a carrier's rejection the fields an update may
    change are updated first (C5), since no update alone sends the campaign back to the carriers."""
    changes = _updatable_changes(campaign, content)
    with audited(
        user=user,
        action="campaign.resubmit",
        target=campaign,
        summary={"path": APPEAL, "changed": list(changes), "status_before": campaign.campaign_status},
    ):
        _open_path(APPEAL, campaign=campaign, content=content, qualification=None, user=user)
        if not reason.strip():
            raise WorkflowError(
                "Say what changed and why the campaign should pass now.", field="appeal_reason"
            )
        if changes:
            campaign_update(campaign=campaign, values=changes, user=user, client=client)
        return campaign_appeal(campaign=campaign, reason=reason, user=user, client=client)


def campaign_resubmit_new(
    *,
    campaign: Campaign,
    qualification: UsecaseQualification,
    content: Mapping[str, Any],
    run_id: str,
    override_reason: str,
    user: User,
    client: TenDLCClient,
) -> NumberMove:
    """Submit the fixed content as a new campaign (C2, through the builder's submission and its checks) and
    record the pending move of the rejected campaign's numbers to it."""
    with audited(
        user=user,
        action="campaign.resubmit",
        target=campaign,
        summary={"path": NEW, "changed": resubmission_changes(campaign, content)},
    ) as audit:
        _open_path(NEW, campaign=campaign, content=content, qualification=qualification, user=user)
        new = campaign_builder_submit(
            brand=campaign.brand,
            qualification=qualification,
            content=content,
            run_id=run_id,
            override_reason=override_reason,
            user=user,
            client=client,
        )
        move = NumberMove.objects.create(
            from_campaign=campaign, to_campaign=new, requested_by=user_recorded(user)
        )
        audit.summary.update(new_campaign=new.campaign_id, number_move=move.pk)
    number_moves_queue([new.campaign_id] if new.campaign_status in MOVE_STATUSES else [])
    return move
