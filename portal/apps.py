from django.apps import AppConfig
from django.contrib.admin.apps import AdminConfig


class PortalAdminConfig(AdminConfig):
    """Installs the portal's admin site (the dashboard home page) as the default ``admin.site``."""

    default_site = "portal.admin.PortalAdminSite"


class PortalConfig(AppConfig):
    """The project's own commands that replace Django's (``createsuperuser``), listed before django.contrib.auth
    as the first app naming a command wins; and what starts at sign-in (the idle clock, ``portal.sessions``)."""

    name = "portal"
    verbose_name = "Portal"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from portal.sessions import session_started

        user_logged_in.connect(session_started, dispatch_uid="portal.sessions.session_started")
