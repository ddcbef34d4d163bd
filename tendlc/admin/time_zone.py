"""The script every admin page loads so that its times are the user's: it keeps the browser's time zone in
a cookie (portal/timezones.py activates it)."""

from django import forms

TIME_ZONE_SCRIPT = "tendlc/timezone.js"


def time_zone_media() -> forms.Media:
    return forms.Media(js=[TIME_ZONE_SCRIPT])
