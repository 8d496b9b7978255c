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
    tables = snapshot_tables(Snapshot.objects.get(), ["children", "allocations", "supervisions", "iro_allocations"])
    assert tables["children"].height > 100
    workers = set(tables["allocations"]["worker_id"].to_list())
    assert workers and workers <= set(Staff.objects.values_list("email", flat=True))
    # Management oversight is signed by team managers; children in care and on plans have IROs on the staff list.
    managers = set(tables["supervisions"]["supervisor_id"].drop_nulls().to_list())
    assert managers and managers <= set(
        Staff.objects.filter(roles__code=RoleCode.TEAM_MANAGER).values_list("email", flat=True)
    )
    iros = set(tables["iro_allocations"]["iro_id"].to_list())
    assert iros and iros <= set(Staff.objects.filter(roles__code=RoleCode.IRO).values_list("email", flat=True))
