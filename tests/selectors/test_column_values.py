import pytest

from tendlc.models import AuditEntry, WebhookEvent
from tendlc.selectors.column_values import column_values
from tests.api.read_factories import AuditEntryFactory, WebhookEventFactory

pytestmark = pytest.mark.django_db


def test_each_value_once_in_order():
    for action in ("number.assign", "brand.create", "number.assign", "campaign.submit"):
        AuditEntryFactory(action=action)

    assert column_values(model=AuditEntry, column="action") == [
        "brand.create",
        "campaign.submit",
        "number.assign",
    ]


def test_an_empty_table_has_no_values():
    assert column_values(model=WebhookEvent, column="event_type") == []


def test_empty_values_are_left_out():
    WebhookEventFactory(event_id=None)
    WebhookEventFactory(event_id="evt-1")

    assert column_values(model=WebhookEvent, column="event_id") == ["evt-1"]
