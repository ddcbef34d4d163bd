"""The Telnyx 10DLC API client: every operation of the reference, named and called as in the official SDK.

    from tendlc.client import TenDLCClient

    client = TenDLCClient(api_key=..., base_url="https://api.telnyx.com/v2", timeout=30, max_retries=2)
    page = client.messaging_10dlc.brand.list()
    page.records[0].identity_status

No Django here: settings are passed in. One client holds one pooled ``requests.Session``; share the client,
do not build one per call, and ``close()`` it (or use it as a context manager) when done.
"""

from functools import cached_property
from types import TracebackType

from tendlc.client.brands import BrandResource
from tendlc.client.campaign_builder import CampaignBuilderResource
from tendlc.client.campaigns import CampaignResource
from tendlc.client.errors import (
    TRANSIENT_ERRORS,
    APIConnectionError,
    APIError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    ConflictError,
    ErrorDetail,
    InternalServerError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    TenDLCError,
    UnexpectedResponseError,
    UnprocessableEntityError,
)
from tendlc.client.http import Pacer, Timeouts, Transport, path_segment
from tendlc.client.objects import TenDLCObject
from tendlc.client.pagination import CountedPage
from tendlc.client.partner_campaigns import PartnerCampaignsResource
from tendlc.client.phone_numbers import PhoneNumberAssignmentByProfileResource, PhoneNumberCampaignsResource
from tendlc.client.resource import Resource
from tendlc.client.retries import RetryPolicy

__all__ = [
    "DEFAULT_BASE_URL",
    "TRANSIENT_ERRORS",
    "APIConnectionError",
    "APIError",
    "APIStatusError",
    "APITimeoutError",
    "AuthenticationError",
    "BadRequestError",
    "ConflictError",
    "ErrorDetail",
    "InternalServerError",
    "Messaging10DLC",
    "NotFoundError",
    "PermissionDeniedError",
    "RateLimitError",
    "TenDLCClient",
    "TenDLCError",
    "TenDLCObject",
    "UnexpectedResponseError",
    "UnprocessableEntityError",
]

DEFAULT_BASE_URL = "https://api.telnyx.com/v2"
USER_AGENT = "tendlc-portal (python-requests)"

# What GET /10dlc/enum/{endpoint} answers: one of five shapes (reference §2.8), by endpoint.
EnumValues = list[str] | list[TenDLCObject] | TenDLCObject | CountedPage[TenDLCObject]


class Messaging10DLC(Resource):
    """``client.messaging_10dlc``: the resources, as the SDK groups them, and the enumerations."""

    @cached_property
    def brand(self) -> BrandResource:
        return BrandResource(self._transport)

    @cached_property
    def campaign(self) -> CampaignResource:
        return CampaignResource(self._transport)

    @cached_property
    def campaign_builder(self) -> CampaignBuilderResource:
        return CampaignBuilderResource(self._transport)

    @cached_property
    def partner_campaigns(self) -> PartnerCampaignsResource:
        return PartnerCampaignsResource(self._transport)

    @cached_property
    def phone_number_campaigns(self) -> PhoneNumberCampaignsResource:
        return PhoneNumberCampaignsResource(self._transport)

    @cached_property
    def phone_number_assignment_by_profile(self) -> PhoneNumberAssignmentByProfileResource:
        return PhoneNumberAssignmentByProfileResource(self._transport)

    def get_enum(self, endpoint: str) -> EnumValues:
        """E1: a list of strings or of objects, a map, or (large enums such as ``approvedPublicCompany``) a
        page whose ``auto_paging_iter()`` asks for the next ``page`` numbers."""
        path = f"/10dlc/enum/{path_segment(endpoint, 'endpoint')}"
        values = self._transport.request("GET", path).data
        if isinstance(values, list):
            return [TenDLCObject(value) if isinstance(value, dict) else value for value in values]
        if isinstance(values, dict) and "records" in values and "totalRecords" in values:
            return CountedPage.parse(
                values,
                TenDLCObject,
                per_page=None,
                fetch=lambda number: self._transport.request("GET", path, params={"page": number}).data,
            )
        return TenDLCObject(values or {})


class TenDLCClient:
    def __init__(
        self,
        *,
        api_key: str,
        base_url: str = DEFAULT_BASE_URL,
        timeout: float = 30.0,
        connect_timeout: float = 5.0,
        max_retries: int = 2,
        max_retry_time: float = 60.0,
        backoff_factor: float = 0.5,
        max_backoff: float = 8.0,
        pool_size: int = 10,
    ) -> None:
        """
        api_key: the Telnyx API key, sent as ``Authorization: Bearer``; never logged.
        base_url: the API root; every path of the reference is appended to it.
        timeout: seconds to wait for the server to answer (the read timeout, per socket read).
        connect_timeout: seconds to open the connection.
        max_retries: tries after the first, for the failures ``retries`` lists.
        max_retry_time: no retry starts later than this many seconds after the first try began.
        backoff_factor, max_backoff: the first wait between tries, and the longest.
        pool_size: connections kept open to the API (threads sharing the client beyond it wait for one).
        """
        if not api_key or not api_key.strip():
            raise ValueError("api_key is required")
        self.base_url = base_url
        self._transport = Transport(
            api_key=api_key,
            base_url=base_url,
            timeouts=Timeouts(connect=connect_timeout, read=timeout),
            retry_policy=RetryPolicy(
                max_retries=max_retries,
                max_retry_time=max_retry_time,
                backoff_factor=backoff_factor,
                max_backoff=max_backoff,
            ),
            pool_size=pool_size,
            user_agent=USER_AGENT,
        )

    @cached_property
    def messaging_10dlc(self) -> Messaging10DLC:
        return Messaging10DLC(self._transport)

    def pace(self, pacer: Pacer | None) -> None:
        """Send every request of this client, retries included, at ``pacer``'s pace, and tell it what each
        answer says of the rate limit; None sends them as they come."""
        self._transport.pacer = pacer

    def close(self) -> None:
        self._transport.close()

    def __enter__(self) -> "TenDLCClient":
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, traceback: TracebackType | None
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"TenDLCClient(base_url={self.base_url!r})"
