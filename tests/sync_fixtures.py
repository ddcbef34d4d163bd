"""Shared by the sync tests: a client on the live sandbox, the control plane, and the remote and local states
(every mapped column of every record) to compare field by field.

Test modules take the fixtures with ``from tests.sync_fixtures import *`` (``__all__`` lists them).
"""

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
import requests

from tendlc.client import TenDLCClient
from tendlc.mapping.records import sharing_status_values
from tendlc.models import Campaign, PartnerCampaign, PhoneNumberAssignment, SharedCampaign
from tendlc.services.sync._resources import BRANDS, CAMPAIGNS, NUMBERS, PARTNER_CAMPAIGNS, SHARED_CAMPAIGNS
from tests.sandbox.conftest import LiveSandbox, live_sandbox, sandbox

__all__ = ["live_sandbox", "sandbox", "world"]

State = dict[str, dict[str, dict[str, Any]]]
MIRRORS = (BRANDS, CAMPAIGNS, PARTNER_CAMPAIGNS, SHARED_CAMPAIGNS, NUMBERS)


def sandbox_client(base_url: str, *, timeout: float = 5.0) -> TenDLCClient:
    """Small timeouts and backoff, so faults cost milliseconds."""
    return TenDLCClient(
        api_key="test",
        base_url=base_url,
        timeout=timeout,
        connect_timeout=1.0,
        max_retries=2,
        backoff_factor=0.01,
        max_backoff=0.05,
    )


class Http:
    """JSON over HTTP to the sandbox: its API under /v2 (with a key) or its control plane under /sandbox."""

    def __init__(self, url: str, headers: dict[str, str] | None = None) -> None:
        self.url = url
        self.headers = headers or {}

    def call(self, method: str, path: str, body: Any = None) -> Any:
        response = requests.request(method, self.url + path, json=body, headers=self.headers, timeout=30)
        assert response.status_code < 300, (method, path, response.status_code, response.text)
        return response.json() if response.content else None

    def get(self, path: str) -> Any:
        return self.call("GET", path)

    def post(self, path: str, body: Any = None) -> Any:
        return self.call("POST", path, body if body is not None else {})

    def put(self, path: str, body: Any) -> Any:
        return self.call("PUT", path, body)

    def delete(self, path: str) -> Any:
        return self.call("DELETE", path)


class Control(Http):
    def seed(self, **counts: int) -> Any:
        return self.post("/seed", counts)

    def fault(self, **rule: Any) -> None:
        self.post("/faults", rule)

    def clear_faults(self) -> None:
        self.delete("/faults")

    def advance(self, seconds: float) -> None:
        self.post("/clock/advance", {"seconds": seconds})


@dataclass
class World:
    """The live sandbox with the portal pointed at it: an API client with small timeouts, the API as plain
    HTTP for making remote changes, and the control plane."""

    live: LiveSandbox
    client: TenDLCClient
    api: Http
    control: Control


@pytest.fixture
def world(live_sandbox: LiveSandbox, settings: Any) -> Iterator[World]:
    settings.TELNYX_API_BASE_URL = live_sandbox.base_url
    settings.TELNYX_API_KEY = "test"
    settings.TENDLC_API_RATE_LIMIT = 0
    client = sandbox_client(live_sandbox.base_url)
    api = Http(live_sandbox.base_url, {"Authorization": "Bearer test"})
    yield World(live_sandbox, client, api, Control(live_sandbox.control_url))
    client.close()


def remote_state(client: TenDLCClient) -> State:
    """What the API holds, read record by record through the client and mapped as a sync maps it."""
    api = client.messaging_10dlc
    state: State = {mirror.resource: {} for mirror in MIRRORS}
    for item in api.brand.list(records_per_page=500).auto_paging_iter():
        brand = api.brand.retrieve(item.brand_id).raw
        state["brands"][item.brand_id] = BRANDS.values(brand)
        for campaign in api.campaign.list(brand_id=item.brand_id, records_per_page=500).auto_paging_iter():
            state["campaigns"][campaign.raw["campaignId"]] = CAMPAIGNS.values(campaign.raw)
    for partner in api.partner_campaigns.list(records_per_page=500).auto_paging_iter():
        state["partner_campaigns"][partner.raw["tcrCampaignId"]] = PARTNER_CAMPAIGNS.values(partner.raw)
    for shared in api.partner_campaigns.list_shared_by_me(records_per_page=500).auto_paging_iter():
        values = SHARED_CAMPAIGNS.values(shared.raw)
        sharing = api.partner_campaigns.retrieve_sharing_status(values["campaign_id"]).raw["sharedByMe"]
        state["shared_campaigns"][values["campaign_id"]] = {
            **values,
            **sharing_status_values(SharedCampaign, sharing),
        }
    for number in api.phone_number_campaigns.list(records_per_page=500).auto_paging_iter():
        state["phone_numbers"][number.raw["phoneNumber"]] = NUMBERS.values(number.raw)
    return state


def local_state(remote: State) -> State:
    """The rows not marked gone, with every column any remote record of their resource maps."""
    state: State = {}
    for mirror in MIRRORS:
        columns = set().union(*remote[mirror.resource].values()) or set(mirror.values({}))
        rows = mirror.model.objects.filter(remote_deleted_at__isnull=True).values(mirror.key, *columns)
        state[mirror.resource] = {row[mirror.key]: row for row in rows}
    return state


def assert_mirrors(client: TenDLCClient) -> State:
    """Every live local row equals its remote record in every column the record maps (a record created with
    fewer fields maps fewer), no row is missing or extra, and each number's foreign key points at the campaign
    it names."""
    remote = remote_state(client)
    local = local_state(remote)
    for mirror in MIRRORS:
        name = mirror.resource
        assert sorted(local[name]) == sorted(remote[name]), name
        for key, values in remote[name].items():
            row = {column: local[name][key][column] for column in values}
            assert row == values, (name, key, {k: (row[k], v) for k, v in values.items() if row[k] != v})
    campaigns = dict(Campaign.objects.values_list("campaign_id", "pk"))
    partners = dict(PartnerCampaign.objects.values_list("tcr_campaign_id", "pk"))
    numbers = PhoneNumberAssignment.objects.filter(remote_deleted_at__isnull=True)
    for number in numbers.values(
        "telnyx_campaign_id", "tcr_campaign_id", "campaign_id", "partner_campaign_id"
    ):
        if number["telnyx_campaign_id"]:
            assert (number["campaign_id"], number["partner_campaign_id"]) == (
                campaigns[number["telnyx_campaign_id"]],
                None,
            ), number
        else:
            assert (number["campaign_id"], number["partner_campaign_id"]) == (
                None,
                partners[number["tcr_campaign_id"]],
            ), number
    return remote


def row_counts() -> dict[str, int]:
    """Rows per mirror, those marked gone included: a record written twice would show here."""
    return {mirror.resource: mirror.model.objects.count() for mirror in MIRRORS}


def assert_consistent(client: TenDLCClient) -> None:
    """After an interrupted sync: whatever was written is whole and true (every live row equals its remote
    record column by column), though records may be missing."""
    remote = remote_state(client)
    local = local_state(remote)
    for mirror in MIRRORS:
        name = mirror.resource
        assert set(local[name]) <= set(remote[name]), name
        for key, stored in local[name].items():
            values = remote[name][key]
            row = {column: stored[column] for column in values}
            assert row == values, (name, key, {k: (row[k], v) for k, v in values.items() if row[k] != v})
