from django.apps import AppConfig


class AuditsConfig(AppConfig):
    name = "assure.audits"
    label = "audits"
    verbose_name = "Quality assurance audits"

    def ready(self) -> None:
        from assure.audits import history

        history.register()
