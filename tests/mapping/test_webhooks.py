"""The registry's eventType read from a webhook payload: a text, or '' for anything else."""

import pytest

from tendlc.mapping.webhooks import registry_event_type


@pytest.mark.parametrize(
    ("payload", "expected"),
    [
        (
            {"type": "TCR_EVENT", "eventType": "MNO_CAMPAIGN_OPERATION_SUSPENDED"},
            "MNO_CAMPAIGN_OPERATION_SUSPENDED",
        ),
        ({"type": "TCR_EVENT"}, ""),
        ({"type": "TCR_EVENT", "eventType": 7}, ""),
        ({"type": "TCR_EVENT", "eventType": None}, ""),
        ([], ""),
    ],
)
def test_registry_event_type(payload, expected):
    assert registry_event_type(payload) == expected
