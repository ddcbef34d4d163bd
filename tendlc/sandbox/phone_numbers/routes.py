"""Assignment API routes: list, create, get, move and remove (N1-N5)."""

from werkzeug.routing import Rule
from werkzeug.wrappers import Request, Response

from tendlc.sandbox.context import Context
from tendlc.sandbox.http import ApiError, bad_request, invalid, json_body, json_response
from tendlc.sandbox.pagination import order_by, page_params
from tendlc.sandbox.phone_numbers import lifecycle
from tendlc.sandbox.phone_numbers.campaign import resolve_campaign
from tendlc.sandbox.phone_numbers.records import number_count, record_of, require_record
from tendlc.sandbox.phone_numbers.rules import campaign_refusal, number_refusal
from tendlc.sandbox.validation import Field, validate_body

DEFAULT_PER_PAGE = 20
SORT_COLUMNS = {
    "createdAt": "created_at",
    "assignmentStatus": "assignment_status",
    "phoneNumber": "phone_number",
}
FILTER_COLUMNS = {
    "filter[telnyx_campaign_id]": "telnyx_campaign_id",
    "filter[telnyx_brand_id]": "telnyx_brand_id",
    "filter[tcr_campaign_id]": "tcr_campaign_id",
    "filter[tcr_brand_id]": "tcr_brand_id",
}
ASSIGNMENT_FIELDS = (
    Field("phoneNumber", required=True, format="e164"),
    Field("campaignId", required=True),
)


def list_assignments(context: Context, request: Request) -> Response:
    """N1. The page is found by walking an index for row ids alone, then only its rows are read, and their
    stored JSON is spliced into the answer unparsed: a page of 100,000 records stays a few milliseconds
    even far from the first page (see benchmarks/sandbox_lists.py)."""
    page, per_page = page_params(request.args, DEFAULT_PER_PAGE)
    order = order_by(request.args, SORT_COLUMNS, tiebreak="phone_number")
    clauses, params = [], []
    for parameter, column in FILTER_COLUMNS.items():
        value = request.args.get(parameter)
        if value:
            clauses.append(f"{column} = ?")
            params.append(value)
    where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
    store = context.store
    total = store.count(f"SELECT COUNT(*) FROM phone_numbers {where}", params)  # noqa: S608 - fixed names
    ids = [
        row[0]
        for row in store.all(
            f"SELECT rowid FROM phone_numbers {where} ORDER BY {order} LIMIT ? OFFSET ?",  # noqa: S608
            [*params, per_page, (page - 1) * per_page],
        )
    ]
    docs: dict[int, str] = {}
    if ids:
        marks = ",".join("?" * len(ids))
        rows = store.all(f"SELECT rowid, doc FROM phone_numbers WHERE rowid IN ({marks})", ids)  # noqa: S608
        docs = {row[0]: row[1] for row in rows}
    # A row removed between the two reads is left out rather than shown stale.
    records = ",".join(docs[row_id] for row_id in ids if row_id in docs)
    body = f'{{"records":[{records}],"page":{page},"totalRecords":{total}}}'
    return Response(body, status=200, content_type="application/json")


def create_assignment(context: Context, request: Request) -> Response:
    body = validate_body(json_body(request), ASSIGNMENT_FIELDS)
    phone_number = body["phoneNumber"]
    with context.store.transaction():
        campaign = resolve_campaign(context, body["campaignId"])
        refusal = campaign_refusal(campaign)
        if refusal:
            raise bad_request(refusal, pointer="/campaignId")
        refusal = number_refusal(
            campaign,
            phone_number,
            record_of(context, phone_number),
            moving=False,
            number_count=number_count(context, campaign),
        )
        if refusal:
            raise bad_request(refusal, pointer="/phoneNumber")
        doc = lifecycle.begin_assignment(context, campaign, phone_number)
    return json_response(doc)


def get_assignment(context: Context, request: Request, phoneNumber: str) -> Response:
    return json_response(require_record(context, phoneNumber))


def update_assignment(context: Context, request: Request, phoneNumber: str) -> Response:
    body = validate_body(json_body(request), ASSIGNMENT_FIELDS)
    if body["phoneNumber"] != phoneNumber:
        raise ApiError(
            422, [invalid("phoneNumber", f"phoneNumber must be the number in the path, {phoneNumber}.")]
        )
    with context.store.transaction():
        record = require_record(context, phoneNumber)
        if record["assignmentStatus"] == "PENDING_UNASSIGNMENT":
            raise bad_request(
                f"Phone number {phoneNumber} is being removed from its campaign.", "/phoneNumber"
            )
        campaign = resolve_campaign(context, body["campaignId"])
        refusal = campaign_refusal(campaign)
        if refusal:
            raise bad_request(refusal, pointer="/campaignId")
        refusal = number_refusal(
            campaign, phoneNumber, record, moving=True, number_count=number_count(context, campaign)
        )
        if refusal:
            raise bad_request(refusal, pointer="/campaignId")
        doc = lifecycle.begin_assignment(
            context, campaign, phoneNumber, superseded=f"Moved to campaign {campaign.campaign_id} by PUT."
        )
    return json_response(doc)


def delete_assignment(context: Context, request: Request, phoneNumber: str) -> Response:
    with context.store.transaction():
        doc = require_record(context, phoneNumber)
        if doc["assignmentStatus"] == "PENDING_UNASSIGNMENT":
            raise bad_request(f"Phone number {phoneNumber} is already being removed from its campaign.")
        lifecycle.report(
            context, lifecycle.take_step(context, phoneNumber), phoneNumber, "The assignment was deleted."
        )
        doc = lifecycle.begin_unassignment(
            context, doc, retry=doc["assignmentStatus"] == "FAILED_UNASSIGNMENT"
        )
    return json_response(doc)


ROUTES = [
    Rule("/10dlc/phone_number_campaigns", endpoint=list_assignments, methods=["GET"]),
    Rule("/10dlc/phone_number_campaigns", endpoint=create_assignment, methods=["POST"]),
    Rule("/10dlc/phone_number_campaigns/<phoneNumber>", endpoint=get_assignment, methods=["GET"]),
    Rule("/10dlc/phone_number_campaigns/<phoneNumber>", endpoint=update_assignment, methods=["PUT"]),
    Rule("/10dlc/phone_number_campaigns/<phoneNumber>", endpoint=delete_assignment, methods=["DELETE"]),
]
