"""What the numbers pages share: the campaign a row belongs to, linked, and the CSV downloads of their rows."""

from collections.abc import Iterable, Mapping
from operator import itemgetter
from typing import Any

from django.http import HttpResponse

from tendlc.admin.export import cell
from tendlc.admin.object_links import admin_link
from tendlc.models import AssignmentTask, PhoneNumberAssignment
from tendlc.services.csv_cells import csv_writer

# Rows a page lists inline; its CSV download holds them all.
PAGE_ROWS = 500


def campaign_column(assignment: PhoneNumberAssignment | AssignmentTask) -> Any:
    if assignment.campaign_id is not None:
        return admin_link(assignment.campaign)
    partner = getattr(assignment, "partner_campaign", None)
    if partner is not None:
        return admin_link(partner)
    return assignment.tcr_campaign_id or "-"


def csv_response(
    filename: str, columns: tuple[str, ...], entries: Iterable[Mapping[str, Any]]
) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    writer = csv_writer(response)
    writer.writerow(columns)
    for entry in entries:
        writer.writerow([cell(entry, itemgetter(column)) for column in columns])
    return response
