from django.tasks import task
from django.utils import timezone

from assure.risks.reminders import risk_reminders_send


@task()
def send_risk_reminders() -> dict[str, int]:
    """The daily reminders about reviews due and overdue actions (run by the scheduler or the command)."""
    return risk_reminders_send(on=timezone.localdate())
