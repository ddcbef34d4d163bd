"""Shared campaigns in the admin, one ModelAdmin per module: the partners' campaigns shared with us
(``partner_campaign``, with its object actions in ``actions``) and the campaigns we shared
(``shared_campaign``)."""

from tendlc.admin.partner_campaigns import partner_campaign, shared_campaign  # noqa: F401 - registers them
