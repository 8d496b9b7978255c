from django.apps import AppConfig


class OrganisationConfig(AppConfig):
    name = "assure.organisation"
    label = "organisation"
    verbose_name = "Organisation and people"

    def ready(self) -> None:
        from assure.organisation import (
            history,
            tasks,  # noqa: F401 - registers the import's job handler
        )

        history.register()
