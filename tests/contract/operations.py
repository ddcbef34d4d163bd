"""The operations of the wire reference as contracts, and the checker that holds the SDK's answers to them.

``OPERATIONS`` mirrors the index of reference §2.0 (../shared/reference/10dlc-api.md): for each operation id,
its method and path, the SDK method(s) that call it, its success status, and the fields a real service fills
in its answer (§2.1). ``Conformance`` calls an operation through the official SDK and checks the raw answer:
it must validate, in pydantic's strict mode, against the type the SDK method declares it returns (the SDK
itself constructs its models without validating, so its parser would accept almost anything), and carry the
filled fields.
"""

import functools
import re
import typing
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

import httpx
import pydantic
import telnyx
from telnyx.types.messaging_10dlc.campaign_get_mno_metadata_response import MnoMetadataItem10999

# Fields a real service fills in (reference §2.1); dotted paths reach into nested objects.
BRAND_FILLED = (
    "brandId", "tcrBrandId", "referenceId", "cspId", "brandRelationship", "entityType", "displayName",
    "email", "country", "vertical", "isReseller", "mock", "identityStatus", "status", "createdAt", "updatedAt",
)  # fmt: skip
BRAND_LIST_FILLED = (
    "brandId", "tcrBrandId", "entityType", "displayName", "email", "identityStatus", "status", "createdAt",
    "updatedAt", "assignedCampaingsCount",  # sic: the wire name of B1 records
)  # fmt: skip
OTP_FILLED = (
    "brandId", "referenceId", "mobilePhone", "requestDate", "deliveryStatus", "deliveryStatusDate",
    "deliveryStatusDetails",
)  # fmt: skip
VETTING_FILLED = ("evpId", "vettingId", "vettingClass", "createDate")
CAMPAIGN_FILLED = (
    "campaignId", "tcrCampaignId", "brandId", "tcrBrandId", "cspId", "brandDisplayName", "usecase",
    "subUsecases", "description", "mock", "termsAndConditions", "campaignStatus", "submissionStatus", "status",
    "autoRenewal", "createDate", "billedDate", "nextRenewalOrExpirationDate", "isTMobileRegistered",
)  # fmt: skip
PARTNER_FILLED = (
    "tcrCampaignId", "tcrBrandId", "brandDisplayName", "usecase", "description", "campaignStatus",
    "createdAt", "updatedAt", "assignedPhoneNumbersCount",
)  # fmt: skip
NUMBER_FILLED = (
    "phoneNumber", "campaignId", "tcrCampaignId", "tcrBrandId", "assignmentStatus",
    "tmobileNumberMappingStatus", "nonTmobileNumberMappingStatus", "createdAt", "updatedAt",
)  # fmt: skip
USECASE_FILLED = ("usecase", "monthlyFee", "quarterlyFee", "annualFee", "minSubUsecases", "maxSubUsecases")


@dataclass(frozen=True)
class Operation:
    """A row of reference §2.0, and what a real service puts in its answer."""

    method: str
    path: str  # as the reference spells it
    sdk: tuple[str, ...]  # the SDK method(s), under ``client.messaging_10dlc``
    status: int = 200
    filled: tuple[str, ...] = ()  # on the answer, or on each record of a list
    records: str | None = None  # a list's records: under this key, or "" for a bare array
    alias: str | None = None  # the alias path the reference lists beside the canonical one (§1.7)
    # (where, model): each value of the object at ``where`` ("" for the answer) must validate against model.
    values: tuple[str, type[pydantic.BaseModel]] | None = None


def op(method: str, path: str, *sdk: str, **contract: Any) -> Operation:
    return Operation(method, path, sdk, **contract)


OPERATIONS: dict[str, Operation] = {
    "B1": op("GET", "/10dlc/brand", "brand.list", filled=BRAND_LIST_FILLED, records="records"),
    "B2": op("POST", "/10dlc/brand", "brand.create", filled=BRAND_FILLED),
    "B3": op("GET", "/10dlc/brand/{brandId}", "brand.retrieve", filled=(*BRAND_FILLED, "assignedCampaignsCount")),
    "B4": op("PUT", "/10dlc/brand/{brandId}", "brand.update", filled=BRAND_FILLED),
    "B5": op("DELETE", "/10dlc/brand/{brandId}", "brand.delete", status=204),
    "B6": op(
        "GET", "/10dlc/brand/feedback/{brandId}", "brand.get_feedback",
        filled=("brandId", "category"), alias="/10dlc/brand_feedback/{brandId}",
    ),
    "B7": op("GET", "/10dlc/brand/smsOtp/{referenceId}", "brand.get_sms_otp_by_reference", filled=OTP_FILLED),
    "B8": op("POST", "/10dlc/brand/{brandId}/2faEmail", "brand.resend_2fa_email"),
    "B9": op("GET", "/10dlc/brand/{brandId}/smsOtp", "brand.retrieve_sms_otp_status", filled=OTP_FILLED),
    "B10": op("PUT", "/10dlc/brand/{brandId}/revet", "brand.revet", filled=BRAND_FILLED),
    "B11": op("POST", "/10dlc/brand/{brandId}/smsOtp", "brand.trigger_sms_otp", filled=("brandId", "referenceId")),
    "B12": op("PUT", "/10dlc/brand/{brandId}/smsOtp", "brand.verify_sms_otp", status=204),
    "V1": op(
        "GET", "/10dlc/brand/{brandId}/externalVetting", "brand.external_vetting.list",
        # Only valid vettings are listed, so each has its score and the date it completed.
        filled=(*VETTING_FILLED, "vettedDate", "vettingScore"), records="",
    ),
    "V2": op("POST", "/10dlc/brand/{brandId}/externalVetting", "brand.external_vetting.order", filled=VETTING_FILLED),
    "V3": op("PUT", "/10dlc/brand/{brandId}/externalVetting", "brand.external_vetting.imports", filled=VETTING_FILLED),
    "C1": op(
        "GET", "/10dlc/campaignBuilder/brand/{brandId}/usecase/{usecase}",
        "campaign_builder.brand.qualify_by_usecase",
        # The reference (§2.4 C1) takes each mnoMetadata value to be a C8 item.
        filled=(*USECASE_FILLED, "mnoMetadata"), values=("mnoMetadata", MnoMetadataItem10999),
    ),
    "C2": op("POST", "/10dlc/campaignBuilder", "campaign_builder.submit", filled=CAMPAIGN_FILLED),
    "C3": op(
        "GET", "/10dlc/campaign", "campaign.list",
        filled=(*CAMPAIGN_FILLED, "assignedPhoneNumbersCount"), records="records",
    ),
    "C4": op("GET", "/10dlc/campaign/{campaignId}", "campaign.retrieve", filled=CAMPAIGN_FILLED),
    "C5": op("PUT", "/10dlc/campaign/{campaignId}", "campaign.update", filled=CAMPAIGN_FILLED),
    "C6": op("DELETE", "/10dlc/campaign/{campaignId}", "campaign.deactivate", filled=("time", "message", "record_type")),
    "C7": op("POST", "/10dlc/campaign/{campaignId}/appeal", "campaign.submit_appeal", filled=("appealed_at",)),
    "C8": op(
        "GET", "/10dlc/campaign/{campaignId}/mnoMetadata", "campaign.get_mno_metadata",
        # The SDK types key "10999" and allows others; every carrier's entry has the same required fields.
        values=("", MnoMetadataItem10999),
    ),
    "C9": op("GET", "/10dlc/campaign/{campaignId}/operationStatus", "campaign.get_operation_status"),
    "C10": op(
        "GET", "/10dlc/campaign/{campaignId}/osr/attributes", "campaign.osr.get_attributes",
        filled=("brandId", "campaignId", "msg_class", "status"),
        alias="/10dlc/campaign/{campaignId}/osr_attributes",
    ),
    "C11": op("GET", "/10dlc/campaign/{campaignId}/sharing", "campaign.get_sharing_status"),
    "C12": op("POST", "/10dlc/campaign/acceptSharing/{campaignId}", "campaign.accept_sharing", status=202),
    "C13": op(
        "GET", "/10dlc/campaign/usecase/cost", "campaign.usecase.get_cost",
        filled=("campaignUsecase", "description", "monthlyCost", "upFrontCost"),
        alias="/10dlc/campaign/usecase_cost",
    ),
    "S1": op("GET", "/10dlc/partner_campaigns", "partner_campaigns.list", filled=PARTNER_FILLED, records="records"),
    "S2": op("GET", "/10dlc/partner_campaigns/{campaignId}", "partner_campaigns.retrieve", filled=PARTNER_FILLED),
    "S3": op("PATCH", "/10dlc/partner_campaigns/{campaignId}", "partner_campaigns.update", filled=PARTNER_FILLED),
    "S4": op(
        "GET", "/10dlc/partnerCampaign/sharedByMe", "partner_campaigns.list_shared_by_me",
        filled=("brandId", "campaignId", "usecase", "createDate", "status"), records="records",
    ),
    "S5": op("GET", "/10dlc/partnerCampaign/{campaignId}/sharing", "partner_campaigns.retrieve_sharing_status"),
    "N1": op("GET", "/10dlc/phone_number_campaigns", "phone_number_campaigns.list", filled=NUMBER_FILLED, records="records"),
    "N2": op("POST", "/10dlc/phone_number_campaigns", "phone_number_campaigns.create", filled=NUMBER_FILLED),
    "N3": op("GET", "/10dlc/phone_number_campaigns/{phoneNumber}", "phone_number_campaigns.retrieve", filled=NUMBER_FILLED),
    "N4": op("PUT", "/10dlc/phone_number_campaigns/{phoneNumber}", "phone_number_campaigns.update", filled=NUMBER_FILLED),
    "N5": op("DELETE", "/10dlc/phone_number_campaigns/{phoneNumber}", "phone_number_campaigns.delete", filled=NUMBER_FILLED),
    "A1": op(
        "POST", "/10dlc/phoneNumberAssignmentByProfile", "phone_number_assignment_by_profile.assign",
        status=202, filled=("messagingProfileId", "taskId"),
    ),
    "A2": op(
        "GET", "/10dlc/phoneNumberAssignmentByProfile/{taskId}", "phone_number_assignment_by_profile.retrieve_status",
        filled=("status", "taskId", "createdAt", "updatedAt"),
    ),
    "A3": op(
        "GET", "/10dlc/phoneNumberAssignmentByProfile/{taskId}/phoneNumbers",
        # Two SDK methods for one operation (reference §2.0): both are driven.
        "phone_number_assignment_by_profile.list_phone_number_status",
        "phone_number_assignment_by_profile.retrieve_phone_number_status",
        filled=("phoneNumber", "status", "taskId"), records="records",
    ),
    "E1": op("GET", "/10dlc/enum/{endpoint}", "get_enum"),
}  # fmt: skip

TIMESTAMP_NAME = re.compile(r"(At|Date|_at)$")


def path_pattern(template: str) -> re.Pattern[str]:
    """The request paths of a path template: what the SDK sends for it, under the base URL's ``/v2``."""
    return re.compile("/v2" + re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(template)))


@functools.cache
def adapter(schema: Any) -> pydantic.TypeAdapter:
    return pydantic.TypeAdapter(schema)


def dig(document: Any, path: str) -> Any:
    """The value at a dotted ``path`` ("sharedWithMe.sharingStatus"); "" is the document itself."""
    for key in path.split(".") if path else ():
        document = document.get(key) if isinstance(document, dict) else None
    return document


def subjects_of(operation: Operation, body: Any) -> list[Any]:
    """What the filled fields are checked on: each record of a list, else the answer itself."""
    if operation.records is None:
        return [body]
    return body[operation.records] if operation.records else body


def check_answer(
    op_id: str, response: httpx.Response, template: str, returns: Any, expect: Iterable[str]
) -> Any:
    """Assert ``response`` is a conforming answer of operation ``op_id``; returns its JSON body (None if empty).

    ``returns`` is the type the SDK method declares; ``expect`` names more fields this scenario must see filled.
    """
    operation = OPERATIONS[op_id]
    request = response.request
    assert request.method == operation.method, f"{op_id} sent {request.method}"
    assert path_pattern(template).fullmatch(request.url.path), f"{op_id} sent {request.url.path}"
    assert response.status_code == operation.status, f"{op_id}: {response.status_code} {response.text}"
    if returns is type(None):
        assert response.content == b"", f"{op_id} must answer an empty body: {response.content!r}"
        return None
    assert response.headers["content-type"].startswith("application/json"), response.headers["content-type"]
    try:
        adapter(returns).validate_json(response.content, strict=True)
    except pydantic.ValidationError as error:
        raise AssertionError(
            f"{op_id} answer does not validate against the SDK's {returns}:\n{error}"
        ) from None
    body = response.json()
    for subject in subjects_of(operation, body):
        for path in (*operation.filled, *expect):
            value = dig(subject, path)
            assert value not in (None, ""), f"{op_id}: {path} is not filled in {subject}"
            # The SDK types most timestamps as plain strings; the reference gives them as ISO-8601.
            if TIMESTAMP_NAME.search(path) and isinstance(value, str):
                datetime.fromisoformat(value)
    if operation.values is not None:
        where, model = operation.values
        entries = dig(body, where)
        assert entries, f"{op_id}: {where or 'the answer'} is empty"
        for network_id, entry in entries.items():
            assert network_id.isdigit(), f"{op_id}: {network_id!r} is not an MNO network id"
            adapter(model).validate_python(entry, strict=True)
    return body


class Conformance:
    """Drives operations through the SDK and checks each answer against its row of ``OPERATIONS``."""

    def __init__(self, client: telnyx.Telnyx):
        self.client = client
        self.driven: set[str] = set()  # "B2", "A3:retrieve_phone_number_status", "B6:alias"

    def resolve(self, name: str) -> tuple[Any, str]:
        """The SDK resource and attribute of a method name such as "brand.external_vetting.list"."""
        *parents, attribute = name.split(".")
        resource = self.client.messaging_10dlc
        for parent in parents:
            resource = getattr(resource, parent)
        return resource, attribute

    def call(
        self, op_id: str, *args: Any, sdk_method: str | None = None, expect: Iterable[str] = (), **kwargs: Any
    ) -> Any:
        """Call the operation's SDK method (its first, or ``sdk_method``) with the SDK's own arguments."""
        operation = OPERATIONS[op_id]
        name = sdk_method or operation.sdk[0]
        assert name in operation.sdk, f"{name} is not an SDK method of {op_id}"
        resource, attribute = self.resolve(name)
        raw = getattr(resource.with_raw_response, attribute)(*args, **kwargs)
        returns = typing.get_type_hints(getattr(resource, attribute))["return"]
        body = check_answer(op_id, raw.http_response, operation.path, returns, expect)
        raw.parse()  # the SDK's own parser takes it as well
        self.driven.update({op_id, f"{op_id}:{name}"})
        return body

    def call_alias(self, op_id: str, path: str, expect: Iterable[str] = ()) -> Any:
        """GET the operation's alias path; its answer must conform as the canonical one does."""
        operation = OPERATIONS[op_id]
        assert operation.alias is not None, f"{op_id} has no alias path"
        # The SDK's methods speak the canonical path; its low-level client sends the alias, with the same auth.
        response = self.client.get(path, cast_to=httpx.Response)
        resource, attribute = self.resolve(operation.sdk[0])
        returns = typing.get_type_hints(getattr(resource, attribute))["return"]
        body = check_answer(op_id, response, operation.alias, returns, expect)
        self.driven.add(f"{op_id}:alias")
        return body


def drives_required(op_ids: Iterable[str]) -> set[str]:
    """What a scenario covering ``op_ids`` must drive: each operation, by each of its SDK methods and alias."""
    required = set()
    for op_id in op_ids:
        operation = OPERATIONS[op_id]
        required |= {op_id, *(f"{op_id}:{name}" for name in operation.sdk)}
        if operation.alias:
            required.add(f"{op_id}:alias")
    return required


def covers(*op_ids: str) -> Callable:
    """Declare the operations a scenario is about; the ``sdk`` fixture checks the scenario drove them all."""
    unknown = set(op_ids) - set(OPERATIONS)
    assert not unknown, f"not operations of reference §2.0: {unknown}"

    def declare(test: Callable) -> Callable:
        test.covers = frozenset(op_ids)
        return test

    return declare


def literal_values(annotation: Any) -> set[str]:
    """The values of the Literal types inside ``annotation`` (Optional and aliases unwrapped)."""
    if typing.get_origin(annotation) is Literal:
        return set(typing.get_args(annotation))
    return set().union(*(literal_values(arg) for arg in typing.get_args(annotation)))


def field_literals(model: type[pydantic.BaseModel], name: str) -> set[str]:
    return literal_values(model.model_fields[name].annotation)
