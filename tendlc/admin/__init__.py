"""The admin, grouped by resource: a package per resource with one ModelAdmin per module and the resource's
object actions and panels beside it (``brands``, ``campaigns``, ``partner_campaigns``, ``numbers``), a module
for each resource with one page (``api_tokens``, ``audit``, ``chat_channels``, ``inbox``, ``status_changes``, ``sync``, ``users``,
``webhooks``), and what they share at this level (the object-action mechanism, panels, display, errors, export, object links, the service
form, the campaign content's fieldsets). Django's autodiscovery imports this package."""

from tendlc.admin import (  # noqa: F401 - registers their ModelAdmins
    api_tokens,
    audit,
    brands,
    campaigns,
    charges,
    chat_channels,
    inbox,
    numbers,
    partner_campaigns,
    renewals,
    sign_in_lockouts,
    status_changes,
    sync,
    two_factor,
    users,
    webhooks,
)
