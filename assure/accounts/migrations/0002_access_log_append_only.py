"""Make the access log append-only in the database itself, not only in the application."""

from django.db import migrations

POSTGRES = """
CREATE OR REPLACE FUNCTION accounts_accesslog_refuse() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'The access log is append-only';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER accounts_accesslog_no_update BEFORE UPDATE OR DELETE ON accounts_accesslog
  FOR EACH ROW EXECUTE FUNCTION accounts_accesslog_refuse();
"""
POSTGRES_REVERSE = """
DROP TRIGGER IF EXISTS accounts_accesslog_no_update ON accounts_accesslog;
DROP FUNCTION IF EXISTS accounts_accesslog_refuse();
"""
# SQLite: refuse updates. Deletes are refused by the application (the test database is emptied
# between browser tests with DELETE, which a trigger would block).
SQLITE = """
CREATE TRIGGER accounts_accesslog_no_update BEFORE UPDATE ON accounts_accesslog
BEGIN SELECT RAISE(ABORT, 'The access log is append-only'); END;
"""
SQLITE_REVERSE = "DROP TRIGGER IF EXISTS accounts_accesslog_no_update;"


def forwards(apps, schema_editor):
    sql = {"postgresql": POSTGRES, "sqlite": SQLITE}.get(schema_editor.connection.vendor)
    if sql:
        schema_editor.execute(sql)


def backwards(apps, schema_editor):
    sql = {"postgresql": POSTGRES_REVERSE, "sqlite": SQLITE_REVERSE}.get(schema_editor.connection.vendor)
    if sql:
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
