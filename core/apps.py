from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Users, tokens and settings"

    def ready(self) -> None:
        from core import system_checks  # noqa: F401  (registers the system checks)
        from core.api import schema  # noqa: F401  (registers the OpenAPI auth scheme)
