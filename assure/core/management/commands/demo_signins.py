"""Print the demo sign-ins, one per role."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from assure.core.demo import demo_password, demo_signins


class Command(BaseCommand):
    help = "Print the demo authority's sign-ins, one per role."

    def handle(self, *args: Any, **options: Any) -> None:
        rows = demo_signins()
        if not rows:
            self.stdout.write("The demo authority is not loaded. Run: python manage.py load_demo")
            return
        self.stdout.write(f"\nDemo sign-ins (password for all: {demo_password()})\n")
        width = max(len(role) for role, _, _ in rows)
        for role, email, name in rows:
            self.stdout.write(f"  {role.ljust(width)}  {email}  ({name})")
        self.stdout.write("\nOpen http://127.0.0.1:8000 and sign in.\n")
