"""The demo authority loads whole, with child-level data allocated to its staff, and only once."""

from __future__ import annotations

import pytest

from assure.accounts.models import User
from assure.casedata.models import CaseRecord, Snapshot
from assure.casedata.selectors import snapshot_tables
from assure.core.demo import demo_load, demo_signins
from assure.organisation.models import Staff
from assure.organisation.roles import RoleCode


@pytest.mark.django_db
def test_the_demo_loads_once_with_case_data_and_one_sign_in_per_role() -> None:
    assert demo_load(seed=5, children_in_need_per_year=150)
    counts = (Staff.objects.count(), User.objects.count(), Snapshot.objects.count(), CaseRecord.objects.count())
    assert not demo_load(seed=5, children_in_need_per_year=150)
    assert (Staff.objects.count(), User.objects.count(), Snapshot.objects.count(), CaseRecord.objects.count()) == counts
    assert len(demo_signins(seed=5)) == len(RoleCode)
    tables = snapshot_tables(Snapshot.objects.get(), ["children", "allocations"])
    assert tables["children"].height > 100
    workers = set(tables["allocations"]["worker_id"].to_list())
    assert workers and workers <= set(Staff.objects.values_list("email", flat=True))
