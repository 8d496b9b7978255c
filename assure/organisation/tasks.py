"""Background work for the organisation: applying a confirmed import of structure and staff."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from assure.core.models import Job
from assure.core.services import Progress, job_handler
from assure.organisation import services
from assure.organisation.models import OrganisationImport


@job_handler(services.IMPORT_JOB)
def organisation_import_job(job: Job, progress: Progress) -> dict[str, Any]:
    organisation_import = OrganisationImport.objects.get(pk=job.params["import_id"])
    summary = services.organisation_import_apply(organisation_import=organisation_import, progress=progress)
    return {"summary": summary, "next_url": reverse("organisation:structure"), "next_label": "See the organisation"}
