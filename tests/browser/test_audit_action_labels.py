"""The audit log's actions in words, its filter beside them, fit a laptop's screen."""

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from tendlc.models import AuditEntry
from tendlc.models.audit import ACTION_LABELS
from tests.browser.conftest import PASSWORD, log_in
from tests.browser.test_layout_fits import OVERFLOWS, WIDTHS, opened

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_the_audit_log_names_every_action_in_words_and_fits(chromium, portal, shot):
    User.objects.create_superuser("root", password=PASSWORD)
    AuditEntry.objects.bulk_create(
        AuditEntry(at=timezone.now(), username="ada", action=action, target_repr="Acme Mobile")
        for action in ACTION_LABELS
    )

    for width in WIDTHS:
        context, page = opened(chromium, portal, width)
        try:
            log_in(page, "root")
            page.goto("/admin/tendlc/auditentry/")
            shot(page, f"{width} audit log")
            assert page.evaluate(OVERFLOWS) == [], width
            filter_links = page.locator("#changelist-filter details[data-filter-title=action] a")
            assert filter_links.all_inner_texts() == ["All", *sorted(ACTION_LABELS.values())]
            shown = page.locator("#result_list td.field-action_column").all_inner_texts()
            assert sorted(shown) == sorted(ACTION_LABELS.values())
        finally:
            context.close()
