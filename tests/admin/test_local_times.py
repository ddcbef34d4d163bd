"""Times in the API's refusals shown as a date and time of the user's time zone."""

import pytest

from tendlc.admin.errors import local_times


@pytest.mark.parametrize(
    ("said", "shown"),
    [
        ("revetted at 2026-09-21T14:13:30+00:00; wait", "revetted at 21 September 2026, 10:13 EDT; wait"),
        ("at 2026-12-01T14:13:30.123456Z.", "at 1 December 2026, 09:13 EST."),
        ("created 2026-09-21T14:13:30 (no zone: UTC)", "created 21 September 2026, 10:13 EDT (no zone: UTC)"),
        ("on 2026-09-21 only a date", "on 2026-09-21 only a date"),
        ("not a time: 2026-13-45T99:99", "not a time: 2026-13-45T99:99"),
    ],
)
def test_iso_times_are_written_in_the_users_time_zone(settings, said, shown):
    settings.TIME_ZONE = "America/New_York"

    assert local_times(said) == shown
