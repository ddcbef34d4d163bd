from django.contrib.admin.apps import AdminConfig


class PortalAdminConfig(AdminConfig):
    """Installs the portal's admin site (the dashboard home page) as the default ``admin.site``."""

    default_site = "portal.admin.PortalAdminSite"
