"""Every kind of Telnyx's event catalogue, end to end: the sandbox emits it (forced through its control plane),
its signed delivery is taken in by the webhook view, the worker's task processes it against the sandbox's API,
and the records the kind changes mirror the API, with exactly the reads its handling names and no others; every
status the processing changed is on the timeline once, linked to the event, and nothing else is.

Deliveries go nowhere from the sandbox (its webhook URLs refuse connections): each is read from its delivery
log, signed with its key and posted to the portal as it would have arrived. The events a scenario's set-up
emits are taken in and processed first, so the portal holds what it would have held before the kind arrives.
"""

import json
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.test import Client

from tendlc.mapping.records import (
    brand_values,
    campaign_values,
    external_vetting_values,
    partner_campaign_values,
    phone_number_assignment_values,
)
from tendlc.models import (
    Brand,
    BrandFeedback,
    Campaign,
    CampaignMnoStatus,
    ExternalVetting,
    PartnerCampaign,
    PhoneNumberAssignment,
    StatusChange,
    WebhookEvent,
    WebhookEventState,
)
from tendlc.models.timeline import ChangeCause
from tendlc.sandbox import event_catalogue
from tendlc.sandbox.app import Sandbox
from tendlc.services.timeline import TRACKED, status_text
from tendlc.services.webhook_handlers import HANDLINGS, Refresh
from tendlc.tasks.webhooks import process_webhook_event
from tests.fixtures.sandbox import ApiClient
from tests.sandbox.brand_payloads import create_brand, registered_brand
from tests.sandbox.campaign_payloads import PROVISION_SECONDS, submit
from tests.webhooks.conftest import URL, encode, signed_headers

pytestmark = pytest.mark.django_db

Kind = tuple[str, str, str]
BRAND, CAMPAIGN, NUMBER = event_catalogue.BRAND, event_catalogue.CAMPAIGN, event_catalogue.PHONE_NUMBER
T_MOBILE = "10035"
ASSIGNED = "+15035550101"
REFUSED = "+15035550000"  # the sandbox fails this number's assignment

# Each read the portal makes, by what it refreshes (paths as the client logs them).
READS = (
    (re.compile(r"^/10dlc/brand/feedback/[^/]+$"), Refresh.FEEDBACK),
    (re.compile(r"^/10dlc/brand/[^/]+/externalVetting$"), Refresh.VETTINGS),
    (re.compile(r"^/10dlc/brand/[^/]+$"), Refresh.BRAND),
    (re.compile(r"^/10dlc/campaign/[^/]+/(mnoMetadata|operationStatus)$"), Refresh.CARRIERS),
    (re.compile(r"^/10dlc/campaign/[^/]+$"), Refresh.CAMPAIGN),
    (re.compile(r"^/10dlc/phone_number_campaigns/[^/]+$"), Refresh.ASSIGNMENT),
    (re.compile(r"^/10dlc/partner_campaigns/[^/]+$"), Refresh.PARTNER_CAMPAIGN),
)
# The carriers' view is two reads: their terms (C8) and their operation status (C9).
READS_PER_REFRESH = {Refresh.CARRIERS: 2}


@dataclass
class Estate:
    """The sandbox driven as a demo user would, and the portal taking in what it sends."""

    sandbox: Sandbox
    api: ApiClient
    control: ApiClient
    client: Client
    taken: int = 0
    ids: dict[str, str] = field(default_factory=dict)

    def deliveries(self) -> list[tuple[int, dict[str, Any]]]:
        """The events emitted since the last call, oldest first, as (log id, ``data``)."""
        rows = self.sandbox.store.all(
            "SELECT id, payload FROM webhook_deliveries WHERE id > ? ORDER BY id", (self.taken,)
        )
        if rows:
            self.taken = rows[-1]["id"]
        return [(row["id"], json.loads(row["payload"])) for row in rows]

    def take_in(self, data: dict[str, Any]) -> WebhookEvent:
        """Post one emitted event to the portal, signed as the sandbox signs it; the stored event."""
        body = encode({"data": data, "meta": {"attempt": 1, "delivered_to": "http://testserver" + URL}})
        headers = signed_headers(self.sandbox.webhooks, body)
        response = self.client.post(URL, data=body, content_type="application/json", headers=headers)
        assert response.status_code == 202, response.content
        return WebhookEvent.objects.get(event_id=data["id"])

    def settle(self) -> None:
        """Take in and process every event emitted so far: the portal's state before the kind under test."""
        for _, data in self.deliveries():
            work(self.take_in(data))

    # --- set-ups and causes, as the sandbox's control plane plays them ---------------------------------

    def brand(self, **overrides: Any) -> None:
        self.ids["brand"] = registered_brand(self.api, self.control, **overrides)["brandId"]

    def advance(self, seconds: float) -> None:
        assert self.control.post("/clock/advance", {"seconds": seconds}).status_code == 200

    def submitted(self, **overrides: Any) -> None:
        brand = self.api.get(f"/10dlc/brand/{self.ids['brand']}").json
        self.ids["campaign"] = submit(self.api, brand, **overrides)["campaignId"]

    def provisioned(self, **overrides: Any) -> None:
        self.brand()
        self.submitted(**overrides)
        self.advance(PROVISION_SECONDS)

    def carrier(self, action: str) -> None:
        path = f"/campaigns/{self.ids['campaign']}/carriers/{T_MOBILE}"
        response = self.control.post(path, {"action": action})
        assert response.status_code == 200, response.json

    def transition(self, status: str) -> None:
        response = self.control.post(
            f"/campaigns/{self.ids['campaign']}/transition", {"campaignStatus": status}
        )
        assert response.status_code == 200, response.json

    def assign(self, number: str) -> None:
        assignment = {"phoneNumber": number, "campaignId": self.ids["campaign"]}
        assert self.api.post("/10dlc/phone_number_campaigns", assignment).status_code == 200
        self.ids["number"] = number
        self.advance(10)

    def partner(self) -> None:
        self.ids["partner"] = self.control.post("/partner_campaigns", {"accepted": True}).json[
            "tcrCampaignId"
        ]
        self.partner_transition("TELNYX_FAILED")

    def partner_transition(self, status: str) -> None:
        path = f"/partner_campaigns/{self.ids['partner']}/transition"
        assert self.control.post(path, {"campaignStatus": status}).status_code == 200

    def nudge(self) -> None:
        assert self.control.post(f"/partner_campaigns/{self.ids['partner']}/nudge").status_code == 200


def work(event: WebhookEvent) -> WebhookEvent:
    """What the worker does with the task the view enqueued."""
    process_webhook_event.apply(args=[event.pk]).get()
    event.refresh_from_db()
    return event


Step = Callable[[Estate], None]


@dataclass(frozen=True)
class Scenario:
    kind: Kind
    setup: Step
    cause: Step
    # What the kind changes, so what the portal must read again (and nothing else).
    refreshes: tuple[Refresh, ...]
    # The emitted event to take, when the cause emits several of the kind: the one with this status.
    status: str | None = None


def _revet(estate: Estate) -> None:
    assert estate.api.put(f"/10dlc/brand/{estate.ids['brand']}/revet", {}).status_code == 200
    estate.advance(60)


def _vetting(estate: Estate) -> None:
    order = {"evpId": "AEGIS", "vettingClass": "STANDARD"}
    assert estate.api.post(f"/10dlc/brand/{estate.ids['brand']}/externalVetting", order).status_code == 200
    estate.advance(60)


def _appeal(estate: Estate) -> None:
    response = estate.control.post(f"/brands/{estate.ids['brand']}/appeal", {"outcome": "ACCEPTED"})
    assert response.status_code == 202


def _appeal_decided(estate: Estate) -> None:
    _appeal(estate)
    estate.advance(60)


def _failed_registration(estate: Estate) -> None:
    estate.ids["brand"] = create_brand(estate.api, displayName="FAILREG Dental")["brandId"]
    estate.advance(10)


def _rejected(estate: Estate) -> None:
    estate.brand()
    estate.submitted()
    estate.advance(2)
    estate.transition("TELNYX_FAILED")


def _updated(estate: Estate) -> None:
    fixed = {"messageFlow": "Customers opt in on our support page."}
    assert estate.api.put(f"/10dlc/campaign/{estate.ids['campaign']}", fixed).status_code == 200


def _appealed(estate: Estate) -> None:
    appeal = {"appeal_reason": "The samples now name the brand."}
    assert estate.api.post(f"/10dlc/campaign/{estate.ids['campaign']}/appeal", appeal).status_code == 200


def _nothing(estate: Estate) -> None:
    pass


def _suspended(estate: Estate) -> None:
    estate.provisioned()
    estate.settle()
    estate.carrier("SUSPENDED")


def _carrier_rejected(estate: Estate) -> None:
    estate.provisioned()
    estate.settle()
    estate.carrier("REJECTED")


def _assigned(estate: Estate) -> None:
    estate.provisioned()
    estate.assign(ASSIGNED)


def _carrier(action: str) -> Step:
    return lambda estate: estate.carrier(action)


def _provisioned(estate: Estate) -> None:
    estate.provisioned()


def _submit_and_provision(estate: Estate) -> None:
    estate.submitted()
    estate.advance(PROVISION_SECONDS)


def _pooled(estate: Estate) -> None:
    estate.submitted(numberPool=True)
    estate.advance(PROVISION_SECONDS)


def _pooled_provisioned(estate: Estate) -> None:
    estate.provisioned(numberPool=True)


def _deactivated(estate: Estate) -> None:
    assert estate.api.delete(f"/10dlc/campaign/{estate.ids['campaign']}").status_code == 200


def _submitted(estate: Estate) -> None:
    estate.brand()
    estate.submitted()


def _dormant(estate: Estate) -> None:
    assert estate.control.post(f"/campaigns/{estate.ids['campaign']}/dormant").status_code == 200


def _billed(estate: Estate) -> None:
    assert estate.control.post(f"/campaigns/{estate.ids['campaign']}/bill").status_code == 200


def _expired(estate: Estate) -> None:
    assert estate.control.post(f"/campaigns/{estate.ids['campaign']}/expire").status_code == 200


def _removed(estate: Estate) -> None:
    assert estate.api.delete(f"/10dlc/phone_number_campaigns/{estate.ids['number']}").status_code == 200
    estate.advance(10)


def _brand(estate: Estate) -> None:
    estate.brand()


def _unverified_brand(estate: Estate) -> None:
    estate.brand(ein="000000000")


B, F, V, C, M, P, A = (
    Refresh.BRAND,
    Refresh.FEEDBACK,
    Refresh.VETTINGS,
    Refresh.CAMPAIGN,
    Refresh.CARRIERS,
    Refresh.PARTNER_CAMPAIGN,
    Refresh.ASSIGNMENT,
)


def _registry(event_type: str, setup: Step, cause: Step, refreshes: tuple[Refresh, ...]) -> Scenario:
    return Scenario((CAMPAIGN, "TCR_EVENT", event_type), setup, cause, refreshes)


SCENARIOS = [
    Scenario((BRAND, "REGISTRATION", ""), _nothing, _failed_registration, (B, F)),
    Scenario((BRAND, "REVET", ""), _brand, _revet, (B, F)),
    Scenario((BRAND, "ORDER_EXTERNAL_VETTING", ""), _brand, _vetting, (B, V)),
    Scenario((BRAND, "TCR_BRAND_UPDATE", "BRAND_ADD"), _nothing, _brand, (B,)),
    Scenario((BRAND, "TCR_BRAND_UPDATE", "BRAND_REVET"), _brand, _revet, (B,)),
    Scenario((BRAND, "TCR_BRAND_UPDATE", "BRAND_APPEAL_ADD"), _unverified_brand, _appeal, (B, F)),
    Scenario(
        (BRAND, "TCR_BRAND_UPDATE", "BRAND_APPEAL_COMPLETE"), _unverified_brand, _appeal_decided, (B, F)
    ),
    Scenario(
        (CAMPAIGN, "REGISTRATION", ""), _submitted, lambda estate: estate.transition("TCR_FAILED"), (C,)
    ),
    Scenario((CAMPAIGN, "TELNYX_REVIEW", ""), _brand, _submit_and_provision, (C,)),
    Scenario((CAMPAIGN, "MNO_REVIEW", ""), _brand, _submit_and_provision, (C, M)),
    Scenario((CAMPAIGN, "VERIFIED", ""), _brand, _submit_and_provision, (C, M)),
    Scenario((CAMPAIGN, "TELNYX_EVENT", ""), _provisioned, _dormant, (C, M)),
    Scenario((CAMPAIGN, "NUMBER_POOL_PROVISIONED", ""), _brand, _pooled, (C,)),
    Scenario((CAMPAIGN, "NUMBER_POOL_DEPROVISIONED", ""), _pooled_provisioned, _deactivated, (C,)),
    _registry("CAMPAIGN_ADD", _brand, _submit_and_provision, (C,)),
    _registry("CAMPAIGN_UPDATE", _rejected, _updated, (C,)),
    _registry("CAMPAIGN_RESUBMISSION", _rejected, _appealed, (C,)),
    _registry("CAMPAIGN_BILLED", _provisioned, _billed, (C,)),
    _registry("CAMPAIGN_EXPIRED", _provisioned, _expired, (C, M)),
    _registry("CAMPAIGN_DCA_COMPLETE", _provisioned, _carrier("DCA_COMPLETE"), (C, M)),
    _registry("MNO_CAMPAIGN_OPERATION_APPROVED", _carrier_rejected, _carrier("APPROVED"), (C, M)),
    _registry("MNO_CAMPAIGN_OPERATION_REJECTED", _provisioned, _carrier("REJECTED"), (C, M)),
    _registry("MNO_CAMPAIGN_OPERATION_REVIEW", _provisioned, _carrier("REVIEW"), (C, M)),
    _registry("MNO_CAMPAIGN_OPERATION_SUSPENDED", _provisioned, _carrier("SUSPENDED"), (C, M)),
    _registry("MNO_CAMPAIGN_OPERATION_UNSUSPENDED", _suspended, _carrier("UNSUSPENDED"), (C, M)),
    Scenario(
        (CAMPAIGN, "CAMPAIGN_NUDGE", ""), lambda estate: estate.partner(), lambda estate: estate.nudge(), (P,)
    ),
    Scenario(
        (NUMBER, "ASSIGNMENT", ""), _provisioned, lambda estate: estate.assign(ASSIGNED), (A,), "success"
    ),
    Scenario((NUMBER, "ASSIGNMENT", ""), _provisioned, lambda estate: estate.assign(REFUSED), (A,), "failed"),
    Scenario((NUMBER, "DELETION", ""), _assigned, _removed, (A,)),
    Scenario((NUMBER, "STATUS_UPDATE", ""), _provisioned, lambda estate: estate.assign(ASSIGNED), (A,)),
]


def scenario_id(scenario: Scenario) -> str:
    return "/".join(part for part in (*scenario.kind[1:], scenario.status or "") if part)


@pytest.fixture
def estate(sandbox, sandbox_api, sandbox_control, portal_settings, client) -> Estate:
    return Estate(sandbox, sandbox_api, sandbox_control, client)


def refreshed_by(paths: list[str]) -> Counter[Refresh]:
    reads: Counter[Refresh] = Counter()
    for path in paths:
        [refresh] = [refresh for pattern, refresh in READS if pattern.match(path)] or [None]
        assert refresh is not None, f"an unexpected read: {path}"
        reads[refresh] += 1
    return reads


def assert_mirrors(instance: Any, values: dict[str, Any]) -> None:
    assert {name: getattr(instance, name) for name in values} == values


def assert_mirrored(estate: Estate, event: WebhookEvent, refreshes: tuple[Refresh, ...]) -> None:
    """Each record the kind refreshes holds what the API answers now."""
    api = estate.api
    if Refresh.BRAND in refreshes:
        answer = api.get(f"/10dlc/brand/{event.brand_id}").json
        assert_mirrors(Brand.objects.get(brand_id=event.brand_id), brand_values(answer))
    if Refresh.FEEDBACK in refreshes:
        feedback = BrandFeedback.objects.filter(brand__brand_id=event.brand_id).latest("pk")
        assert feedback.raw == api.get(f"/10dlc/brand/feedback/{event.brand_id}").json
    if Refresh.VETTINGS in refreshes:
        listed = [
            external_vetting_values(vetting)
            for vetting in api.get(f"/10dlc/brand/{event.brand_id}/externalVetting").json
        ]
        assert listed, "the finished vetting is listed"
        for values in listed:
            assert_mirrors(ExternalVetting.objects.get(vetting_id=values["vetting_id"]), values)
    if Refresh.CAMPAIGN in refreshes:
        answer = api.get(f"/10dlc/campaign/{event.campaign_id}").json
        assert_mirrors(Campaign.objects.get(campaign_id=event.campaign_id), campaign_values(answer))
    if Refresh.CARRIERS in refreshes:
        carriers = api.get(f"/10dlc/campaign/{event.campaign_id}/operationStatus").json
        stored = CampaignMnoStatus.objects.filter(campaign__campaign_id=event.campaign_id)
        assert dict(stored.values_list("network_id", "operation_status")) == {
            int(network): status for network, status in carriers.items()
        }
    if Refresh.PARTNER_CAMPAIGN in refreshes:
        answer = api.get(f"/10dlc/partner_campaigns/{event.campaign_id}").json
        assert_mirrors(
            PartnerCampaign.objects.get(tcr_campaign_id=event.campaign_id), partner_campaign_values(answer)
        )
    if Refresh.ASSIGNMENT in refreshes:
        answer = api.get(f"/10dlc/phone_number_campaigns/{event.phone_number}")
        assignment = PhoneNumberAssignment.objects.get(phone_number=event.phone_number)
        if answer.status_code == 404:
            assert assignment.remote_deleted_at is not None
        else:
            values = phone_number_assignment_values(answer.json)
            assert assignment.assignment_status == values["assignment_status"]


Statuses = dict[tuple[str, int, str], str]


def tracked_statuses() -> Statuses:
    """Every tracked status of every stored row, by (model, primary key, field), as the timeline writes it."""
    return {
        (model.__name__, pk, name): status_text(value)
        for model, tracked in TRACKED.items()
        for pk, *values in model.objects.values_list("pk", *tracked.fields)
        for name, value in zip(tracked.fields, values, strict=True)
    }


def assert_on_the_timeline(before: Statuses, event: WebhookEvent) -> None:
    """The statuses the event's processing changed on stored rows are its timeline entries, no more, no less;
    every entry of the scenario came from processing an event."""
    after = tracked_statuses()
    changed = sorted(
        (key[2], old, after[key]) for key, old in before.items() if key in after and after[key] != old
    )
    recorded = StatusChange.objects.filter(webhook_event=event)
    assert sorted(recorded.values_list("field", "old_value", "new_value")) == changed
    assert set(recorded.values_list("cause", flat=True)) <= {ChangeCause.WEBHOOK_EVENT}
    assert not StatusChange.objects.filter(webhook_event__isnull=True).exists()


@pytest.mark.parametrize("scenario", SCENARIOS, ids=scenario_id)
def test_each_kind_refreshes_what_it_changes_and_reads_nothing_else(estate, scenario, caplog):
    scenario.setup(estate)
    estate.settle()
    scenario.cause(estate)
    emitted = [
        data
        for _, data in estate.deliveries()
        if (data["event_type"], data["payload"]["type"], data["payload"].get("eventType", ""))
        == scenario.kind
        and scenario.status in (None, data["payload"].get("status"))
    ]
    assert emitted, f"the sandbox emitted no {scenario.kind}"
    event = estate.take_in(emitted[-1])
    before = tracked_statuses()

    caplog.clear()
    with caplog.at_level("INFO", logger="tendlc.client"):
        work(event)

    assert (event.state, event.error) == (WebhookEventState.PROCESSED, "")
    paths = [record.args[1] for record in caplog.records if record.name == "tendlc.client"]
    assert refreshed_by(paths) == Counter(
        {refresh: READS_PER_REFRESH.get(refresh, 1) for refresh in scenario.refreshes}
    )
    assert_mirrored(estate, event, scenario.refreshes)
    assert_on_the_timeline(before, event)


def catalogue_kinds() -> set[Kind]:
    kinds = set()
    for kind in event_catalogue.KINDS:
        for registry_event in kind.event_type_values or ("",):
            kinds.add((kind.event_type, kind.type, registry_event))
    return kinds


def test_every_kind_of_the_catalogue_is_handled_and_played_here():
    assert catalogue_kinds() - set(HANDLINGS) == set()
    # The nudge is sent as a payload type of its own (tests/sandbox/test_event_coverage.py).
    assert catalogue_kinds() - {scenario.kind for scenario in SCENARIOS} == {
        (CAMPAIGN, "TCR_EVENT", "CAMPAIGN_NUDGE")
    }


def test_a_carrier_suspension_shows_at_once_on_the_carrier(estate):
    estate.provisioned()
    estate.settle()
    assert CampaignMnoStatus.objects.get(network_id=int(T_MOBILE)).operation_status == "APPROVED"

    estate.carrier("SUSPENDED")
    estate.settle()

    assert CampaignMnoStatus.objects.get(network_id=int(T_MOBILE)).operation_status == "SUSPENDED"


def test_dormancy_shows_on_the_campaign_and_every_carrier(estate):
    estate.provisioned()
    estate.settle()

    _dormant(estate)
    estate.settle()

    assert Campaign.objects.get().campaign_status == "TCR_SUSPENDED"
    assert set(CampaignMnoStatus.objects.values_list("operation_status", flat=True)) == {"SUSPENDED"}


def test_a_failed_registration_brings_the_feedback_that_says_what_to_fix(estate):
    _failed_registration(estate)
    estate.settle()

    feedback = BrandFeedback.objects.get(brand__brand_id=estate.ids["brand"])
    assert feedback.categories.exists()


def test_an_event_about_a_partner_campaign_by_its_tcr_id_refreshes_that_partner_campaign(estate, caplog):
    estate.partner()
    estate.nudge()
    estate.settle()
    assert PartnerCampaign.objects.get().campaign_status == "TCR_ACCEPTED"

    estate.partner_transition("TELNYX_FAILED")
    [(_, data)] = estate.deliveries()
    event = estate.take_in(data)
    caplog.clear()
    with caplog.at_level("INFO", logger="tendlc.client"):
        work(event)

    assert (data["payload"]["type"], event.state) == ("TELNYX_REVIEW", WebhookEventState.PROCESSED)
    assert [record.args[1] for record in caplog.records if record.name == "tendlc.client"] == [
        f"/10dlc/partner_campaigns/{estate.ids['partner']}"
    ]
    assert PartnerCampaign.objects.get().campaign_status == "TELNYX_FAILED"
    assert Campaign.objects.count() == 0
