from django.apps import AppConfig


class TenDLCConfig(AppConfig):
    name = "tendlc"
    verbose_name = "10DLC"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from tendlc import checks  # noqa: F401 - registers the system checks
        from tendlc.services import notification_subscriptions  # noqa: F401 - connects the role defaults
