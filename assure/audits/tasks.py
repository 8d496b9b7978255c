from django.tasks import task
from django.utils import timezone

from assure.audits.reminders import audit_reminders_send


@task()
def send_audit_reminders() -> dict[str, int]:
    """The daily audit reminders (run by the scheduler or the `audit_reminders` command)."""
    return audit_reminders_send(on=timezone.localdate())
