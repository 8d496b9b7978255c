"""The access log: recorded by a service, append-only in the application and the database,
searchable by administrators, read-only in the Django admin."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import DatabaseError, connection, transaction
from django.db.models import ProtectedError
from django.test import Client, RequestFactory
from django.utils import timezone

from assure.accounts.models import AccessAction, AccessLog, User
from assure.accounts.services import access_log_record
from assure.accounts.tests.support import sign_in
from assure.core.testing import Personas

LOG_URL = "/accounts/access-log/"


def record(user: User, *, object_id: str = "child-42", at: dt.datetime | None = None, **fields: Any) -> AccessLog:
    """Record a view of a child's record as the service does; entries from the past are inserted directly."""
    path = f"/children/{object_id}/?tab=plan"
    if at is not None:
        return AccessLog.objects.create(
            user=user,
            at=at,
            action="view",
            object_type="child",
            object_id=object_id,
            summary="a child's record",
            path=path,
        )
    request = RequestFactory().get(path, REMOTE_ADDR="192.0.2.10")
    request.user = user
    return access_log_record(
        request=request, object_type="child", object_id=object_id, summary="a child's record", **fields
    )


# Recording


@pytest.mark.django_db
def test_recording_an_access_writes_an_entry(personas: Personas) -> None:
    entry = record(personas.practitioner_a, action=AccessAction.EXPORT)
    stored = AccessLog.objects.get(pk=entry.pk)
    assert stored.user == personas.practitioner_a
    assert stored.action == "export"
    assert (stored.object_type, stored.object_id) == ("child", "child-42")
    assert stored.path == "/children/child-42/?tab=plan"
    assert stored.ip_address == "192.0.2.10"
    assert timezone.now() - stored.at < dt.timedelta(minutes=1)
    assert str(stored) == "Worker A exported a child's record"


# Append-only


@pytest.mark.django_db
def test_entries_cannot_be_changed_or_deleted_through_the_application(personas: Personas) -> None:
    entry = record(personas.practitioner_a)
    entry.summary = "something else"
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()
    with pytest.raises(PermissionError):
        AccessLog.objects.filter(pk=entry.pk).update(summary="something else")
    with pytest.raises(PermissionError):
        AccessLog.objects.filter(pk=entry.pk).delete()
    with pytest.raises(PermissionError):
        AccessLog.objects.all().delete()
    with pytest.raises(ProtectedError):  # nor by deleting the person
        personas.practitioner_a.delete()
    assert AccessLog.objects.get(pk=entry.pk).summary == "a child's record"


def raw_sql(sql: str, params: list[Any]) -> None:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)


@pytest.mark.django_db
def test_the_database_refuses_to_change_an_entry(personas: Personas) -> None:
    entry = record(personas.practitioner_a)
    table = connection.ops.quote_name(AccessLog._meta.db_table)
    with pytest.raises(DatabaseError, match="append-only"):
        raw_sql(f"UPDATE {table} SET summary = %s WHERE id = %s", ["rewritten", entry.pk])  # noqa: S608
    assert AccessLog.objects.get(pk=entry.pk).summary == "a child's record"


@pytest.mark.django_db
def test_the_database_refuses_deletion_where_it_can(personas: Personas) -> None:
    """PostgreSQL refuses deletion too. SQLite is used for development and the browser tests, which
    empty the database between tests, so there deletion is refused by the application only."""
    entry = record(personas.practitioner_a)
    table = connection.ops.quote_name(AccessLog._meta.db_table)
    delete = f"DELETE FROM {table} WHERE id = %s"  # noqa: S608
    if connection.vendor == "postgresql":
        with pytest.raises(DatabaseError, match="append-only"):
            raw_sql(delete, [entry.pk])
        assert AccessLog.objects.filter(pk=entry.pk).exists()
    else:
        assert connection.vendor == "sqlite"
        raw_sql(delete, [entry.pk])
        assert not AccessLog.objects.filter(pk=entry.pk).exists()


# Searching


@pytest.fixture
def entries(personas: Personas) -> dict[str, AccessLog]:
    now = timezone.now()
    return {
        "worker_a_recent": record(personas.practitioner_a, object_id="child-42"),
        "worker_a_old": record(personas.practitioner_a, object_id="child-7", at=now - dt.timedelta(days=40)),
        "worker_b": record(personas.practitioner_b, object_id="child-99", at=now - dt.timedelta(days=10)),
        "manager": record(personas.manager_a, object_id="child-8", action=AccessAction.EXPORT),
    }


def found(client: Client, **query: str) -> set[int]:
    response = client.get(LOG_URL, query)
    assert response.status_code == 200
    return {entry.pk for entry in response.context["page"].object_list}


@pytest.mark.django_db
def test_administrators_find_entries_by_person_record_and_date(
    client: Client, personas: Personas, entries: dict[str, AccessLog], today: dt.date
) -> None:
    sign_in(client, personas.admin)
    pk = {name: entry.pk for name, entry in entries.items()}
    assert found(client) == set(pk.values())
    assert found(client, text="Worker A") == {pk["worker_a_recent"], pk["worker_a_old"]}
    assert found(client, text="worker.b@test.example") == {pk["worker_b"]}
    assert found(client, text="manager") == {pk["manager"]}
    assert found(client, text="child-42") == {pk["worker_a_recent"]}
    assert found(client, text="child-8") == {pk["manager"]}
    window = {"date_from": str(today - dt.timedelta(days=20)), "date_to": str(today - dt.timedelta(days=5))}
    assert found(client, **window) == {pk["worker_b"]}
    assert found(client, date_from=str(today)) == {pk["worker_a_recent"], pk["manager"]}
    assert found(client, text="Worker", date_to=str(today - dt.timedelta(days=30))) == {pk["worker_a_old"]}
    assert found(client, object_type="school") == set()
    page = client.get(LOG_URL, {"text": "child-42"}).content.decode()
    assert "Worker A" in page
    assert "/children/child-42/?tab=plan" in page


@pytest.mark.django_db
def test_a_backwards_date_range_is_explained(client: Client, personas: Personas, today: dt.date) -> None:
    sign_in(client, personas.admin)
    response = client.get(LOG_URL, {"date_from": str(today), "date_to": str(today - dt.timedelta(days=1))})
    assert response.status_code == 200
    assert "govuk-error-summary" in response.content.decode()


@pytest.mark.django_db
def test_only_administrators_can_search_the_access_log(
    client: Client, personas: Personas, entries: dict[str, AccessLog]
) -> None:
    for name, user in personas.all().items():
        person = Client()
        sign_in(person, user)
        expected = 200 if name == "admin" else 403
        assert person.get(LOG_URL).status_code == expected, name
    assert client.get(LOG_URL)["Location"] == f"/accounts/login/?next={LOG_URL}"


# The Django admin


def admin_client(user: User) -> Client:
    """A plain client: the Django admin's own pages are not held to the GOV.UK page rules."""
    client = Client()
    sign_in(client, user)
    return client


@pytest.mark.django_db
def test_the_django_admin_needs_staff_status(personas: Personas) -> None:
    admin = personas.admin  # a system administrator in Assure, but not Django staff
    client = admin_client(admin)
    assert client.get("/django-admin/")["Location"] == "/django-admin/login/?next=/django-admin/"
    User.objects.filter(pk=admin.pk).update(is_staff=True, is_superuser=True)
    assert client.get("/django-admin/").status_code == 200


@pytest.mark.django_db
def test_the_django_admin_shows_the_access_log_read_only(personas: Personas, entries: dict[str, AccessLog]) -> None:
    User.objects.filter(pk=personas.admin.pk).update(is_staff=True, is_superuser=True)
    client = admin_client(personas.admin)
    base = "/django-admin/accounts/accesslog/"
    entry = entries["worker_b"]
    listing = client.get(base)
    assert listing.status_code == 200
    assert "child-99" in listing.content.decode()
    assert "delete_selected" not in listing.content.decode()
    assert client.get(f"{base}add/").status_code == 403
    change_page = client.get(f"{base}{entry.pk}/change/")
    assert change_page.status_code == 200
    assert 'name="summary"' not in change_page.content.decode()  # shown, not editable
    assert client.post(f"{base}{entry.pk}/change/", {"summary": "rewritten"}).status_code == 403
    assert client.get(f"{base}{entry.pk}/delete/").status_code == 403
    assert client.post(f"{base}{entry.pk}/delete/", {"post": "yes"}).status_code == 403
    assert AccessLog.objects.get(pk=entry.pk).summary == "a child's record"
