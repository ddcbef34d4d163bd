"""Phone numbers on campaigns: one at a time (reference §2.6, N1-N5) and a messaging profile's all at once
(§2.7, A1-A3)."""

from collections.abc import Mapping

from tendlc.client.fields import FILTER_PARAMETER_BY_KEY, to_wire
from tendlc.client.http import path_segment
from tendlc.client.objects import TenDLCObject
from tendlc.client.pagination import CountedPage, RecordsPage
from tendlc.client.resource import Resource

TASK_NUMBERS_PER_PAGE = 20


class PhoneNumberCampaign(TenDLCObject):
    """§2.1.7: a number's assignment to a campaign."""

    phone_number: str
    campaign_id: str
    created_at: str
    updated_at: str
    assignment_status: str | None
    brand_id: str | None
    failure_reasons: str | None
    non_tmobile_number_mapping_status: str | None
    tcr_brand_id: str | None
    tcr_campaign_id: str | None
    telnyx_campaign_id: str | None
    tmobile_number_mapping_status: str | None


class ProfileAssignment(TenDLCObject):
    """A1: the task that assigns a messaging profile's numbers."""

    messaging_profile_id: str
    task_id: str
    campaign_id: str | None
    tcr_campaign_id: str | None


class AssignmentTaskStatus(TenDLCObject):
    """A2: ``status`` is ``pending``, ``processing``, ``completed`` or ``failed``."""

    status: str
    task_id: str
    created_at: str | None
    updated_at: str | None


class AssignmentTaskPhoneNumber(TenDLCObject):
    """A3 records: one number of the task and how it went."""

    phone_number: str
    status: str
    task_id: str


def filter_query(filter: Mapping[str, str] | None) -> dict[str, str]:
    """N1's ``filter`` argument as bracketed query keys; an unknown key is refused rather than sent."""
    if not filter:
        return {}
    unknown = sorted(set(filter) - set(FILTER_PARAMETER_BY_KEY))
    if unknown:
        raise ValueError(f"unknown filter keys {unknown}; known: {sorted(FILTER_PARAMETER_BY_KEY)}")
    return {FILTER_PARAMETER_BY_KEY[key]: value for key, value in filter.items() if value is not None}


class PhoneNumberCampaignsResource(Resource):
    def list(
        self,
        *,
        filter: Mapping[str, str] | None = None,
        page: int | None = None,
        records_per_page: int | None = None,
        sort: str | None = None,
    ) -> CountedPage[PhoneNumberCampaign]:
        """N1: ``filter`` takes ``telnyx_campaign_id``, ``telnyx_brand_id``, ``tcr_campaign_id``,
        ``tcr_brand_id``."""
        return self._counted_page(
            PhoneNumberCampaign,
            "/10dlc/phone_number_campaigns",
            {**filter_query(filter), **to_wire({"sort": sort})},
            page=page,
            records_per_page=records_per_page,
        )

    def create(self, *, campaign_id: str, phone_number: str) -> PhoneNumberCampaign:
        """N2: put a number on a campaign (the Telnyx id, or the TCR id of a shared campaign)."""
        body = to_wire({"campaign_id": campaign_id, "phone_number": phone_number})
        return self._object(PhoneNumberCampaign, "POST", "/10dlc/phone_number_campaigns", body=body)

    def retrieve(self, phone_number: str) -> PhoneNumberCampaign:
        """N3."""
        return self._object(
            PhoneNumberCampaign,
            "GET",
            f"/10dlc/phone_number_campaigns/{path_segment(phone_number, 'phone_number')}",
        )

    def update(
        self, campaign_phone_number: str, *, campaign_id: str, phone_number: str
    ) -> PhoneNumberCampaign:
        """N4: move the number in the path (``campaign_phone_number``) to ``campaign_id``."""
        body = to_wire({"campaign_id": campaign_id, "phone_number": phone_number})
        return self._object(
            PhoneNumberCampaign,
            "PUT",
            f"/10dlc/phone_number_campaigns/{path_segment(campaign_phone_number, 'campaign_phone_number')}",
            body=body,
        )

    def delete(self, phone_number: str) -> PhoneNumberCampaign:
        """N5: answers 200 with the record, now being removed."""
        return self._object(
            PhoneNumberCampaign,
            "DELETE",
            f"/10dlc/phone_number_campaigns/{path_segment(phone_number, 'phone_number')}",
        )


class PhoneNumberAssignmentByProfileResource(Resource):
    def assign(
        self, *, messaging_profile_id: str, campaign_id: str | None = None, tcr_campaign_id: str | None = None
    ) -> ProfileAssignment:
        """A1: assign every number of the profile (answers 202). Give ``campaign_id`` for a Telnyx campaign
        or ``tcr_campaign_id`` for a shared one."""
        body = to_wire(
            {
                "messaging_profile_id": messaging_profile_id,
                "campaign_id": campaign_id,
                "tcr_campaign_id": tcr_campaign_id,
            }
        )
        return self._object(ProfileAssignment, "POST", "/10dlc/phoneNumberAssignmentByProfile", body=body)

    def retrieve_status(self, task_id: str) -> AssignmentTaskStatus:
        """A2."""
        return self._object(
            AssignmentTaskStatus,
            "GET",
            f"/10dlc/phoneNumberAssignmentByProfile/{path_segment(task_id, 'task_id')}",
        )

    def list_phone_number_status(
        self, task_id: str, *, page: int | None = None, records_per_page: int | None = None
    ) -> RecordsPage[AssignmentTaskPhoneNumber]:
        """A3: a page of the task's numbers and their statuses (records only: no totals)."""
        return self._records_page(
            AssignmentTaskPhoneNumber,
            f"/10dlc/phoneNumberAssignmentByProfile/{path_segment(task_id, 'task_id')}/phoneNumbers",
            page=page,
            records_per_page=records_per_page,
        )

    # The SDK has two names for A3; both are kept so code written for either runs.
    retrieve_phone_number_status = list_phone_number_status
