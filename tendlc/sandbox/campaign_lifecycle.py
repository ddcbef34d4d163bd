"""Campaign records and their lifecycle: the review stages, the content rules they apply, and the webhooks.

A submitted campaign is ``TCR_PENDING``; steps scheduled on the sandbox clock then walk it through::

    TCR_PENDING  -(2 s)->                  TCR_ACCEPTED
    TCR_ACCEPTED -(10 s, Telnyx review)->  MNO_PENDING      or TELNYX_FAILED
    MNO_PENDING  -(20 s, MNO review)->     MNO_PROVISIONED  or MNO_REJECTED

Each review reads the campaign's content when it runs and applies the rule tables below, so an outcome is
predictable from the content alone. Every status change (a review, a control-plane transition, an update of a
TELNYX_FAILED campaign, an appeal, a deactivation) goes through ``move``: it saves the campaign, queues the
``10dlc.campaign.update`` webhooks of reference §4.4, cancels the campaign's pending steps and schedules the
step the new status has, if any.

Beside its wire document a campaign row keeps ``internal``, a JSON object of what no response shows as such:
the carriers it was submitted to (``mnoIds``; absent means every carrier), its ``tag`` list, the carriers
that rejected it with their reasons (``rejectedBy``), each carrier's operation status (``operationStatus``,
set by every status change, then changed by carrier actions: ``carrier_actions``), and ``dormant`` while it
is suspended for dormancy (``tendlc.sandbox.dormancy``).
"""

import json
import re
import secrets
import string
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from werkzeug.routing import Rule
from werkzeug.wrappers import Request, Response

from tendlc.sandbox.catalog import CAMPAIGN_STATUSES, CARRIERS, CARRIERS_BY_ID, USECASES_BY_NAME, Carrier
from tendlc.sandbox.context import Context
from tendlc.sandbox.dormancy.watch import DORMANT_KEY, can_go_dormant, watch
from tendlc.sandbox.http import ApiError, bad_request, invalid, json_body, json_response, not_found
from tendlc.sandbox.store import dumps

EVENT_TYPE = "10dlc.campaign.update"
TCR_REVIEW_SECONDS = 2.0
TELNYX_REVIEW_SECONDS = 10.0
MNO_REVIEW_SECONDS = 20.0
PROVISION_SECONDS = 5.0
T_MOBILE = 10035
FORCED_REASON = "Rejected through the sandbox control plane."
# The statuses a forced transition may give a reason for: the rejections.
REASONED = ("TCR_FAILED", "TELNYX_FAILED", "MNO_REJECTED")
SAMPLE_FIELDS = ("sample1", "sample2", "sample3", "sample4", "sample5")
# More samples than the carriers ask for: sole proprietor campaigns need two (TCR's sole proprietor rules).
USECASE_MIN_SAMPLES = {"SOLE_PROPRIETOR": 2}


# --- records --------------------------------------------------------------------------------------


@dataclass
class CampaignRecord:
    doc: dict[str, Any]
    internal: dict[str, Any]
    number_count: int

    @property
    def campaign_id(self) -> str:
        return self.doc["campaignId"]

    @property
    def is_deactivated(self) -> bool:
        return self.doc.get("status") == "EXPIRED"

    @property
    def carriers(self) -> tuple[Carrier, ...]:
        ids = self.internal.get("mnoIds")
        return tuple(CARRIERS_BY_ID[i] for i in ids) if ids else CARRIERS

    def supports(self, carrier: Carrier) -> bool:
        usecase = USECASES_BY_NAME.get(self.doc.get("usecase", ""))
        return usecase is None or carrier.network_id not in usecase.unsupported_carriers


def load_campaign(context: Context, campaign_id: str) -> CampaignRecord | None:
    row = context.store.one(
        "SELECT doc, internal, number_count FROM campaigns WHERE campaign_id = ?", (campaign_id,)
    )
    if row is None:
        return None
    return CampaignRecord(json.loads(row["doc"]), json.loads(row["internal"]), row["number_count"])


def require_campaign(context: Context, campaign_id: str) -> CampaignRecord:
    record = load_campaign(context, campaign_id)
    if record is None:
        raise not_found("Campaign not found")
    return record


def save_campaign(context: Context, record: CampaignRecord) -> None:
    context.store.execute(
        "UPDATE campaigns SET doc = ?, internal = ?, status = ?, campaign_status = ? WHERE campaign_id = ?",
        (
            dumps(record.doc),
            dumps(record.internal),
            record.doc.get("status"),
            record.doc.get("campaignStatus"),
            record.campaign_id,
        ),
    )


def random_tcr_id(prefix: str) -> str:
    """A TCR-style id: ``prefix`` ("B" for brands, "C" for campaigns) and 6 uppercase alphanumerics."""
    return prefix + "".join(secrets.choice(string.ascii_uppercase + string.digits) for _ in range(6))


def tcr_campaign_id_taken(context: Context, tcr_campaign_id: str) -> bool:
    row = context.store.one(
        "SELECT 1 FROM campaigns WHERE tcr_campaign_id = ?"
        " UNION ALL SELECT 1 FROM partner_campaigns WHERE tcr_campaign_id = ?",
        (tcr_campaign_id, tcr_campaign_id),
    )
    return row is not None


def new_tcr_campaign_id(context: Context) -> str:
    """A TCR campaign id no native or partner campaign uses."""
    while True:
        candidate = random_tcr_id("C")
        if not tcr_campaign_id_taken(context, candidate):
            return candidate


# --- carriers -------------------------------------------------------------------------------------


def min_samples(usecase: str, carriers: Sequence[Carrier]) -> int:
    return max([carrier.min_samples for carrier in carriers] + [USECASE_MIN_SAMPLES.get(usecase, 0)])


def mno_metadata(usecase: str, carriers: Sequence[Carrier]) -> dict[str, dict[str, Any]]:
    """Per-carrier terms for a use case (C1 ``mnoMetadata``, C8). Every carrier asks for subscriber help,
    opt-in and opt-out and allows embedded links and phone numbers; only support and review differ."""
    catalog_usecase = USECASES_BY_NAME.get(usecase)
    unsupported = catalog_usecase.unsupported_carriers if catalog_usecase else ()
    return {
        str(carrier.network_id): {
            "mno": carrier.name,
            "qualify": carrier.network_id not in unsupported,
            "mnoSupport": carrier.network_id not in unsupported,
            "mnoReview": carrier.reviews,
            "minMsgSamples": min_samples(usecase, (carrier,)),
            "noEmbeddedLink": False,
            "noEmbeddedPhone": False,
            "reqSubscriberHelp": True,
            "reqSubscriberOptin": True,
            "reqSubscriberOptout": True,
        }
        for carrier in carriers
    }


def operation_status(record: CampaignRecord) -> dict[str, str]:
    """Each carrier's view of the campaign (C9): as its last status change set it, then changed by carrier
    actions (``carrier_actions``). Rows written before the sandbox kept it (seeded ones) derive it."""
    stored = record.internal.get("operationStatus")
    return dict(stored) if stored else derived_operation_status(record)


def derived_operation_status(record: CampaignRecord) -> dict[str, str]:
    """Each carrier's view of the campaign as its stage implies it: what a status change sets."""
    status = record.doc.get("campaignStatus")
    rejected_by = record.internal.get("rejectedBy", {})

    def of(carrier: Carrier) -> str:
        if status in ("TCR_SUSPENDED", "TCR_EXPIRED"):
            return "SUSPENDED"
        if status == "MNO_PROVISIONING_FAILED":
            return "REJECTED"
        if status in ("MNO_PROVISIONED", "MNO_ACCEPTED", "MNO_REJECTED"):
            refused = str(carrier.network_id) in rejected_by or not record.supports(carrier)
            return "REJECTED" if refused else "APPROVED"
        return "REVIEW"

    return {str(carrier.network_id): of(carrier) for carrier in record.carriers}


# --- content rules --------------------------------------------------------------------------------

OPT_OUT_WORD = re.compile(r"\b(?:STOP|END|CANCEL|UNSUBSCRIBE|QUIT)\b", re.IGNORECASE)
_TLDS = "com|net|org|edu|gov|io|co|us|info|biz|app|dev|me|ly|gl|gd|example"
URL = re.compile(rf"\bhttps?://\S+|\bwww\.\S+|\b(?:[a-z0-9-]+\.)+(?:{_TLDS})\b(?:/\S*)?", re.IGNORECASE)
WEBSITE_WORD = re.compile(r"\b(?:website|web site|webpage|web page|url|online)\b", re.IGNORECASE)
URL_SHORTENER = re.compile(
    r"(?<![\w.-])(bit\.ly|tinyurl\.com|t\.co|goo\.gl|ow\.ly|is\.gd|buff\.ly)(?![\w-])", re.IGNORECASE
)
PHONE_NUMBER = re.compile(r"(?<!\w)(?:\+?1[\s.-]?)?\(?\d{3}\)?[\s.-]?\d{3}[\s.-]?\d{4}(?!\d)")


@dataclass(frozen=True)
class Content:
    """What the reviews look at: the campaign's messages and its brand's names."""

    samples: dict[str, str]
    brand_names: tuple[str, ...]
    message_flow: str
    privacy_policy_link: str
    embedded_link: bool
    embedded_phone: bool
    embedded_link_sample: str
    min_samples: int

    @property
    def shortener(self) -> str | None:
        for text in (*self.samples.values(), self.embedded_link_sample):
            found = URL_SHORTENER.search(text)
            if found:
                return found.group(1)
        return None

    def facts(self) -> dict[str, Any]:
        return {
            "brand_names": " or ".join(self.brand_names),
            "sample_count": len(self.samples),
            "min_samples": self.min_samples,
            "shortener": self.shortener,
        }


def _names_brand(content: Content) -> bool:
    if not content.brand_names:
        return True
    texts = [text.lower() for text in content.samples.values()]
    return any(name.lower() in text for name in content.brand_names for text in texts)


@dataclass(frozen=True)
class ContentRule:
    """A Telnyx review rule: ``broken`` content fails the review with ``reason`` (formatted with the facts)."""

    reason: str
    broken: Callable[[Content], bool]


@dataclass(frozen=True)
class CarrierRule:
    """An MNO review rule enforced by one carrier, when the campaign goes to it and it carries the use case.
    A reason starts with the carrier decline code Telnyx publishes for it, where one fits (601: attributes that
    do not match the samples)."""

    network_id: int
    reason: str
    broken: Callable[[Content], bool]


TELNYX_REVIEW_RULES = (
    ContentRule(
        "No sample message contains opt-out language (the word STOP, END, CANCEL, UNSUBSCRIBE or QUIT).",
        lambda c: not any(OPT_OUT_WORD.search(text) for text in c.samples.values()),
    ),
    ContentRule(
        "No sample message names the brand ({brand_names}).",
        lambda c: not _names_brand(c),
    ),
    ContentRule(
        "The message flow mentions a website but no privacyPolicyLink is given.",
        lambda c: (
            bool(WEBSITE_WORD.search(c.message_flow) or URL.search(c.message_flow))
            and not c.privacy_policy_link
        ),
    ),
    ContentRule(
        "{sample_count} sample message(s) given; the carriers require at least {min_samples}.",
        lambda c: len(c.samples) < c.min_samples,
    ),
)

MNO_REVIEW_RULES = (
    CarrierRule(
        T_MOBILE,
        "A message uses the public URL shortener {shortener}; use a branded domain.",
        lambda c: c.shortener is not None,
    ),
    CarrierRule(
        10017,
        "601: A sample message contains a URL but embeddedLink is false.",
        lambda c: not c.embedded_link and any(URL.search(text) for text in c.samples.values()),
    ),
    CarrierRule(
        10037,
        "601: A sample message contains a phone number but embeddedPhone is false.",
        lambda c: not c.embedded_phone and any(PHONE_NUMBER.search(text) for text in c.samples.values()),
    ),
)


def content_of(context: Context, record: CampaignRecord) -> Content:
    doc = record.doc
    brand = context.store.doc("brands", "brand_id", doc.get("brandId", "")) or {}
    names = (brand.get("displayName") or doc.get("brandDisplayName"), brand.get("companyName"))
    return Content(
        samples={field: doc[field] for field in SAMPLE_FIELDS if (doc.get(field) or "").strip()},
        brand_names=tuple(dict.fromkeys(name for name in names if name)),
        message_flow=doc.get("messageFlow") or "",
        privacy_policy_link=doc.get("privacyPolicyLink") or "",
        embedded_link=bool(doc.get("embeddedLink")),
        embedded_phone=bool(doc.get("embeddedPhone")),
        embedded_link_sample=doc.get("embeddedLinkSample") or "",
        min_samples=min_samples(doc.get("usecase", ""), record.carriers),
    )


def telnyx_findings(context: Context, record: CampaignRecord) -> list[str]:
    """The reasons the Telnyx review rejects the campaign for, in rule order."""
    content = content_of(context, record)
    facts = content.facts()
    return [rule.reason.format_map(facts) for rule in TELNYX_REVIEW_RULES if rule.broken(content)]


def mno_rejections(context: Context, record: CampaignRecord) -> dict[str, str]:
    """``{network id: reason}`` of the carriers that reject the campaign."""
    content = content_of(context, record)
    facts = content.facts()
    reviewing = {carrier.network_id for carrier in record.carriers if record.supports(carrier)}
    rejections: dict[str, str] = {}
    for rule in MNO_REVIEW_RULES:
        if rule.network_id in reviewing and rule.broken(content):
            key = str(rule.network_id)
            reason = rule.reason.format_map(facts)
            rejections[key] = f"{rejections[key]} {reason}" if key in rejections else reason
    return rejections


# --- transitions ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class TcrEvent:
    event_type: str
    description: str  # formatted with the TCR campaign id


CAMPAIGN_ADD = TcrEvent("CAMPAIGN_ADD", "Campaign {tcr} successfully added to TCR")
CAMPAIGN_UPDATE = TcrEvent("CAMPAIGN_UPDATE", "Campaign {tcr} is updated and re-enters review")
CAMPAIGN_APPEAL = TcrEvent("CAMPAIGN_RESUBMISSION", "Campaign {tcr} is appealed and re-enters review")
CAMPAIGN_RESUBMISSION = TcrEvent("CAMPAIGN_RESUBMISSION", "Campaign {tcr} is resubmitted to TCR")
CAMPAIGN_EXPIRED = TcrEvent("CAMPAIGN_EXPIRED", "Campaign {tcr} is expired")
CAMPAIGN_DCA_COMPLETE = TcrEvent("CAMPAIGN_DCA_COMPLETE", "Campaign {tcr} DCA review is complete")


@dataclass(frozen=True)
class Outcome:
    """Why a campaign enters a status: the TCR event, the review's findings, or the rejecting carriers;
    ``payloads`` announce a move whose cause is not the status's usual one (a carrier lifting a suspension)."""

    tcr_event: TcrEvent | None = None
    findings: tuple[str, ...] = ()
    rejected_by: Mapping[str, str] | None = None
    payloads: tuple[dict[str, Any], ...] | None = None


def failure_reasons(status: str, outcome: Outcome) -> str | None:
    if status in ("TCR_FAILED", "TELNYX_FAILED"):
        return " ".join(outcome.findings) or FORCED_REASON
    if status == "MNO_REJECTED":
        return "; ".join(
            f"{CARRIERS_BY_ID[int(network_id)].name} ({network_id}): {reason}"
            for network_id, reason in (outcome.rejected_by or {}).items()
        )
    if status == "MNO_PROVISIONING_FAILED":
        return "Provisioning failed at the carriers."
    return None


def tcr_event(record: CampaignRecord, event: TcrEvent) -> dict[str, Any]:
    """A ``TCR_EVENT`` payload as the reference's example has it (§4.4)."""
    return {
        "campaignId": record.campaign_id,
        "type": "TCR_EVENT",
        "eventType": event.event_type,
        "description": event.description.format(tcr=record.doc.get("tcrCampaignId")),
    }


def number_pool_event(record: CampaignRecord, provisioned: bool) -> dict[str, Any]:
    """``NUMBER_POOL_PROVISIONED`` / ``_DEPROVISIONED``: the T-Mobile number pool started or ended (§4.4)."""
    return {
        "brandId": record.doc.get("brandId"),
        "campaignId": record.campaign_id,
        "type": "NUMBER_POOL_PROVISIONED" if provisioned else "NUMBER_POOL_DEPROVISIONED",
    }


def status_payloads(
    record: CampaignRecord, status: str, outcome: Outcome = Outcome()
) -> list[dict[str, Any]]:
    """The webhook payloads of entering ``status`` (reference §4.4). VERIFIED carries ``createDate``, as the
    SDK's and the spec's schema name it (the event page's example alone writes ``createdDate``)."""
    if outcome.payloads is not None:
        return list(outcome.payloads)
    doc = record.doc
    campaign_id, tcr = record.campaign_id, doc.get("tcrCampaignId")
    failure = doc.get("failureReasons")

    def review(kind: str, accepted: bool, description: str) -> dict[str, Any]:
        return {
            "campaignId": campaign_id,
            "type": kind,
            "status": "ACCEPTED" if accepted else "REJECTED",
            "description": description,
        }

    carriers = ", ".join(carrier.name for carrier in record.carriers if record.supports(carrier))
    if status in ("TCR_PENDING", "TCR_ACCEPTED"):
        default = CAMPAIGN_ADD if status == "TCR_ACCEPTED" else CAMPAIGN_RESUBMISSION
        return [tcr_event(record, outcome.tcr_event or default)]
    if status == "TCR_EXPIRED":
        return [tcr_event(record, outcome.tcr_event or CAMPAIGN_EXPIRED)]
    if status == "TCR_FAILED":
        reasons = [{"fields": [], "description": failure}]
        return [{"campaignId": campaign_id, "type": "REGISTRATION", "status": "failed", "reasons": reasons}]
    if status in ("TELNYX_ACCEPTED", "MNO_PENDING"):
        return [review("TELNYX_REVIEW", True, f"{tcr} approved by Telnyx")]
    if status == "TELNYX_FAILED":
        return [review("TELNYX_REVIEW", False, f"{tcr} rejected by Telnyx: {failure}")]
    if status == "MNO_ACCEPTED":
        return [review("MNO_REVIEW", True, f"{tcr} approved by {carriers}")]
    if status == "MNO_REJECTED":
        return [review("MNO_REVIEW", False, f"{tcr} rejected by {failure}")]
    if status == "MNO_PROVISIONING_FAILED":
        return [review("MNO_REVIEW", False, f"{tcr}: {failure}")]
    if status == "MNO_PROVISIONED":
        verified = {
            "brandId": doc.get("brandId"),
            "campaignId": campaign_id,
            "createDate": doc.get("createDate"),
            "cspId": doc.get("cspId"),
            "isTMobileRegistered": doc.get("isTMobileRegistered"),
            "type": "VERIFIED",
        }
        provisioned = review("MNO_REVIEW", True, f"{tcr} provisioned by {carriers}")
        return [provisioned, tcr_event(record, CAMPAIGN_DCA_COMPLETE), verified]
    if status == "TCR_SUSPENDED":
        return [
            {
                "campaignId": campaign_id,
                "type": "TELNYX_EVENT",
                "status": "DORMANT",
                "description": "Campaign has been marked as dormant",
            }
        ]
    raise ValueError(f"unknown campaign status {status!r}")


def _apply(record: CampaignRecord, status: str, outcome: Outcome) -> None:
    """Set ``status`` and the fields that follow it."""
    doc = record.doc
    doc["campaignStatus"] = status
    doc["submissionStatus"] = {"TCR_PENDING": "PENDING", "TCR_FAILED": "FAILED"}.get(status, "CREATED")
    doc["failureReasons"] = failure_reasons(status, outcome)
    if status == "MNO_REJECTED":
        record.internal["rejectedBy"] = dict(outcome.rejected_by or {})
    else:
        record.internal.pop("rejectedBy", None)
    if status != "TCR_SUSPENDED":
        record.internal.pop(DORMANT_KEY, None)
    if status == "MNO_PROVISIONED":
        t_mobile = CARRIERS_BY_ID[T_MOBILE]
        doc["isTMobileRegistered"] = t_mobile in record.carriers and record.supports(t_mobile)
    registered = bool(doc.get("isTMobileRegistered"))
    doc["isTMobileSuspended"] = registered and status == "TCR_SUSPENDED"
    # The pool lives as long as the campaign: an expired campaign's pool is deprovisioned.
    pooled = registered and bool(doc.get("numberPool")) and status != "TCR_EXPIRED"
    doc["isTMobileNumberPoolingEnabled"] = pooled
    record.internal["operationStatus"] = derived_operation_status(record)


def emit(context: Context, record: CampaignRecord, payloads: Sequence[dict[str, Any]]) -> None:
    """Queue ``10dlc.campaign.update`` events to the campaign's webhook URLs."""
    for payload in payloads:
        context.webhooks.emit(
            EVENT_TYPE, payload, record.doc.get("webhookURL"), record.doc.get("webhookFailoverURL")
        )


def move(context: Context, record: CampaignRecord, status: str, outcome: Outcome = Outcome()) -> None:
    """Put the campaign in ``status``: save it, queue its webhooks, and replace its pending steps; a campaign
    provisioned with no numbers starts its 15 days towards dormancy."""
    pooled_before = bool(record.doc.get("isTMobileNumberPoolingEnabled"))
    _apply(record, status, outcome)
    save_campaign(context, record)
    payloads = status_payloads(record, status, outcome)
    pooled = bool(record.doc.get("isTMobileNumberPoolingEnabled"))
    if pooled != pooled_before:
        payloads.append(number_pool_event(record, provisioned=pooled))
    emit(context, record, payloads)
    context.scheduler.cancel(record.campaign_id, tuple(STEPS))
    schedule_next(context, record)
    if status == "MNO_PROVISIONED" and can_go_dormant(record.doc) and not record.number_count:
        watch(context, record.campaign_id)


def deactivate(context: Context, record: CampaignRecord, outcome: Outcome = Outcome()) -> None:
    """End the campaign for good: ACTIVE -> EXPIRED, campaignStatus TCR_EXPIRED, off its brand's count.
    ``outcome.tcr_event`` may say why in the ``CAMPAIGN_EXPIRED`` event (an expiry at the renewal date)."""
    record.doc["status"] = "EXPIRED"
    move(context, record, "TCR_EXPIRED", outcome)
    context.scheduler.cancel(record.campaign_id)  # whatever was still due (a renewal) never comes
    context.store.execute(
        "UPDATE brands SET campaign_count = MAX(campaign_count - 1, 0) WHERE brand_id = ?",
        (record.doc["brandId"],),
    )


def forced_outcome(
    context: Context, record: CampaignRecord, status: str, reason: str | None = None
) -> Outcome:
    """A failure forced through the control plane names ``reason`` when one is given (a carrier decline code
    and its words, say "805: privacy policy"), else the rules the content breaks, if any."""
    if reason and status in ("TELNYX_FAILED", "TCR_FAILED"):
        return Outcome(findings=(reason,))
    if status == "TELNYX_FAILED":
        return Outcome(findings=tuple(telnyx_findings(context, record)))
    if status == "MNO_REJECTED":
        rejected_by = {} if reason else mno_rejections(context, record)
        if not rejected_by:
            first = next((c for c in record.carriers if c.reviews), record.carriers[0])
            rejected_by = {str(first.network_id): reason or FORCED_REASON}
        return Outcome(rejected_by=rejected_by)
    return Outcome()


# --- scheduled steps ------------------------------------------------------------------------------


def _step(expected: tuple[str, ...], advance: Callable[[Context, CampaignRecord], None]):
    def handler(context: Context, campaign_id: str, data: dict[str, Any]) -> None:
        record = load_campaign(context, campaign_id)
        # A campaign moved on by other means (a deactivation, a seeded row) keeps its state.
        if record is not None and record.doc.get("campaignStatus") in expected and not record.is_deactivated:
            advance(context, record)

    return handler


def _tcr_review(context: Context, record: CampaignRecord) -> None:
    move(context, record, "TCR_ACCEPTED")


def _telnyx_review(context: Context, record: CampaignRecord) -> None:
    findings = telnyx_findings(context, record)
    if findings:
        move(context, record, "TELNYX_FAILED", Outcome(findings=tuple(findings)))
    else:
        move(context, record, "MNO_PENDING")


def _mno_review(context: Context, record: CampaignRecord) -> None:
    rejected_by = mno_rejections(context, record)
    if rejected_by:
        move(context, record, "MNO_REJECTED", Outcome(rejected_by=rejected_by))
    else:
        move(context, record, "MNO_PROVISIONED")


def _provision(context: Context, record: CampaignRecord) -> None:
    move(context, record, "MNO_PROVISIONED")


# status -> (step kind, delay): the automatic step a campaign in that status waits for.
NEXT_STEPS = {
    "TCR_PENDING": ("campaign.tcr_review", TCR_REVIEW_SECONDS),
    "TCR_ACCEPTED": ("campaign.telnyx_review", TELNYX_REVIEW_SECONDS),
    "TELNYX_ACCEPTED": ("campaign.mno_review", MNO_REVIEW_SECONDS),
    "MNO_PENDING": ("campaign.mno_review", MNO_REVIEW_SECONDS),
    "MNO_ACCEPTED": ("campaign.provision", PROVISION_SECONDS),
}

STEPS = {
    "campaign.tcr_review": _step(("TCR_PENDING",), _tcr_review),
    "campaign.telnyx_review": _step(("TCR_ACCEPTED",), _telnyx_review),
    "campaign.mno_review": _step(("MNO_PENDING", "TELNYX_ACCEPTED"), _mno_review),
    "campaign.provision": _step(("MNO_ACCEPTED",), _provision),
}


def schedule_next(context: Context, record: CampaignRecord) -> None:
    step = NEXT_STEPS.get(record.doc.get("campaignStatus", ""))
    if step is not None and not record.is_deactivated:
        kind, delay = step
        context.scheduler.schedule(kind, record.campaign_id, delay)


# --- control plane --------------------------------------------------------------------------------


def force_transition(context: Context, request: Request, campaignId: str) -> Response:
    """``POST /sandbox/campaigns/{campaignId}/transition {"campaignStatus": ..., "reason"?: ...}`` (or
    ``"status"``); ``reason`` is the rejection's words, for TCR_FAILED, TELNYX_FAILED and MNO_REJECTED."""
    body = json_body(request)
    key = "campaignStatus" if "campaignStatus" in body or "status" not in body else "status"
    status, reason = body.get(key), body.get("reason")
    errors = []
    if status not in CAMPAIGN_STATUSES:
        errors.append(invalid(key, f"{key} must be one of: {', '.join(CAMPAIGN_STATUSES)}."))
    if reason is not None and (not isinstance(reason, str) or not reason.strip() or status not in REASONED):
        errors.append(
            invalid("reason", f"reason must be a non-empty string, for {', '.join(REASONED)} only.")
        )
    if errors:
        raise ApiError(422, errors)
    with context.store.transaction():
        record = require_campaign(context, campaignId)
        if record.is_deactivated:
            raise bad_request("Campaign is deactivated; its status can no longer change.")
        if status == "TCR_EXPIRED":
            deactivate(context, record)
        else:
            move(context, record, status, forced_outcome(context, record, status, reason))
    return json_response(record.doc)


CONTROL_ROUTES = [
    Rule("/campaigns/<campaignId>/transition", endpoint=force_transition, methods=["POST"]),
]
