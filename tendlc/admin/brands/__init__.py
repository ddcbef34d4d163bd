"""Brands in the admin, one ModelAdmin per module: the brand itself (``brand``, with its object actions in
``actions`` and its panels in ``panels``) and what its workflows record, read-only (feedback, vettings, SMS
OTPs)."""

from tendlc.admin.brands import brand, feedback, sms_otp, vetting  # noqa: F401 - registers them
