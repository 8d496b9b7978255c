from django.tasks import task

from assure.core.services import job_run


@task()
def run_job(job_id: int) -> None:
    """Load the job and run its handler; the job record carries progress and the outcome."""
    job_run(job_id=job_id)
