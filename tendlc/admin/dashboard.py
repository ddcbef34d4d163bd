"""What the admin's home page shows: counts by status, campaign statuses over time, what needs attention,
and the last sync with its progress and a "Sync now" button. A fixed number of queries, whatever the data."""

from typing import Any

from django.forms import Media
from django.http import HttpRequest

from tendlc.admin.charts import status_chart
from tendlc.admin.sync import SyncRunAdmin, progress
from tendlc.selectors import dashboard as selectors
from tendlc.selectors.sync_runs import sync_run_latest, sync_run_started_by


def dashboard_context(request: HttpRequest) -> dict[str, Any]:
    user = request.user
    if not user.has_module_perms("tendlc"):
        return {}
    last_sync = sync_run_latest()
    rows = selectors.ATTENTION_ROWS
    return {
        "brand_counts": selectors.brand_counts(),
        "campaign_counts": selectors.campaign_counts(),
        "assignment_counts": selectors.assignment_counts(),
        "status_chart": status_chart(selectors.campaign_status_history()),
        "attention": {
            "rejected": list(selectors.campaigns_rejected()[:rows]),
            "tasks_failed": list(selectors.tasks_failed()[:rows]),
            "otps_pending": list(selectors.otps_pending()[:rows]),
            "brands_feedback": list(selectors.brands_with_feedback()[:rows]),
        },
        "last_sync": last_sync,
        "last_sync_progress": progress(last_sync) if last_sync else None,
        "last_sync_started_by": sync_run_started_by(last_sync) if last_sync else "",
        # The sync's bar is the sync admin's, and so is the script that keeps it current.
        "media": Media(SyncRunAdmin.Media),
        "can_start_sync": user.has_perm("tendlc.start_syncrun"),
    }
