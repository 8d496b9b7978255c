from django.apps import AppConfig


class OrganisationConfig(AppConfig):
    name = "assure.organisation"
    label = "organisation"
    verbose_name = "Organisation and people"

    def ready(self) -> None:
        from assure.organisation import history

        history.register()
