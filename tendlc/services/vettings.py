"""External vettings of a brand as the API reports them (reference §2.3): storing one, and the scheduled poll
that reads the brands whose vettings are under way until they complete.

Which vettings are worth polling is the selector ``vetting_list_pending``'s decision. A poll reads the brand's
valid vettings (V1) and, when one of them completed since, the brand (B3) too: a completed vetting changes the
brand's identity (VETTED_VERIFIED), which decides the use cases the campaign builder offers. Every read of a
brand happens before its writes, which are one transaction.
"""

from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils import timezone

from tendlc.client import NotFoundError, TenDLCClient
from tendlc.mapping.records import brand_values, external_vetting_values
from tendlc.models import Brand, ExternalVetting
from tendlc.selectors.vettings import vetting_brands_pending
from tendlc.services.mirror import remote_record_gone, remote_record_update


def vetting_store(brand: Brand, payload: Mapping[str, Any]) -> ExternalVetting:
    """Mirror one vetting of ``brand`` as the API answered it."""
    values = external_vetting_values(payload)
    # Created whole, not created blank and then updated: a vetting first stored has no status change to
    # record on its timeline.
    vetting, created = ExternalVetting.objects.get_or_create(
        brand=brand,
        evp_id=values.get("evp_id", ""),
        vetting_id=values.get("vetting_id", ""),
        defaults={**values, "raw": dict(payload), "synced_at": timezone.now()},
    )
    if not created:
        remote_record_update(vetting, values, payload)
    return vetting


def brand_vettings_poll(*, brand: Brand, client: TenDLCClient) -> int:
    """Read the brand's valid vettings (V1) into its rows, and the brand once one of them completed since the
    last read; answer how many completed. A brand the API no longer knows is marked gone."""
    resource = client.messaging_10dlc.brand
    brand_id = brand.brand_id or ""
    try:
        listed = [vetting.raw for vetting in resource.external_vetting.list(brand_id)]
    except NotFoundError:
        remote_record_gone(brand)
        return 0
    waiting = {(vetting.evp_id, vetting.vetting_id) for vetting in brand.vettings.filter(vetted_date=None)}
    completed = [
        values
        for values in map(external_vetting_values, listed)
        if values.get("vetted_date") is not None
        and (values.get("evp_id", ""), values.get("vetting_id", "")) in waiting
    ]
    brand_payload = resource.retrieve(brand_id).raw if completed else None
    with transaction.atomic():
        for payload in listed:
            vetting_store(brand, payload)
        if brand_payload is not None:
            remote_record_update(brand, brand_values(brand_payload), brand_payload)
    return len(completed)


def brand_vettings_read(*, brand: Brand, client: TenDLCClient) -> int:
    """Read the brand's valid vettings (V1) into its rows, after a vetting finished (the brand itself is read
    by the caller); answer how many the API listed."""
    listed = [
        vetting.raw for vetting in client.messaging_10dlc.brand.external_vetting.list(brand.brand_id or "")
    ]
    with transaction.atomic():
        for payload in listed:
            vetting_store(brand, payload)
    return len(listed)


def vettings_poll_pending(*, client: TenDLCClient) -> int:
    """Poll every brand with a vetting under way; answer how many of its vettings completed. With none under
    way this is one query and no request, so the schedule can run every minute for good."""
    completed = 0
    for brand in vetting_brands_pending():
        completed += brand_vettings_poll(brand=brand, client=client)
    return completed
