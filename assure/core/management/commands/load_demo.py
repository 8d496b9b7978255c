"""Load the demo authority and its sign-ins. Running it again changes nothing."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from assure.core.demo import demo_load


class Command(BaseCommand):
    help = "Load the fictional demo authority (organisation, staff and one sign-in per role)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--seed", type=int, default=2026)

    def handle(self, *args: Any, seed: int, **options: Any) -> None:
        created = demo_load(seed=seed)
        if created:
            self.stdout.write(self.style.SUCCESS("Loaded the demo authority."))
        else:
            self.stdout.write("The demo authority is already loaded; nothing changed.")
