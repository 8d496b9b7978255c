from django.tasks import task

from assure.core.notifications import notifications_email
from assure.core.services import job_run


@task()
def run_job(job_id: int) -> None:
    """Load the job and run its handler; the job record carries progress and the outcome."""
    job_run(job_id=job_id)


@task()
def email_notifications(notification_ids: list[int]) -> None:
    """E-mail notifications already shown in Assure; failures are recorded on each one."""
    notifications_email(notification_ids=notification_ids)
