"""Reads of the pending number moves a resubmission records (``tendlc.services.number_moves``)."""

from django.db.models import Q

from tendlc.models import Campaign, NumberMove


def number_move_list_for_campaign(*, campaign: Campaign) -> list[NumberMove]:
    """The moves from or to ``campaign``, newest first, with both campaigns and the people named."""
    return list(
        NumberMove.objects.filter(Q(from_campaign=campaign) | Q(to_campaign=campaign)).select_related(
            "from_campaign", "to_campaign", "requested_by", "ended_by"
        )
    )
