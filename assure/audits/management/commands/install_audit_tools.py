"""Store the audit tool versions shipped with Assure that this database does not have yet."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from assure.audits.services import tools_install


class Command(BaseCommand):
    help = (
        "Store each shipped audit tool version not yet stored and put it in use (run after migrate, on "
        "first installation and after each upgrade). Audits keep the version they were started with."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        added = tools_install()
        self.stdout.write(f"{added} audit tool version(s) added." if added else "Every shipped audit tool is stored.")
