"""English date formats with the time zone shown (issue 18): the admin shows times in the user's zone
(portal/timezones.py), so a time says which zone it is in, e.g. "Dec. 6, 2026, 9:04 p.m. EST"."""

DATETIME_FORMAT = "N j, Y, P T"
SHORT_DATETIME_FORMAT = "m/d/Y P T"
