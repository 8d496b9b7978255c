from django.db import migrations

ROLE_CODES = [
    "practitioner",
    "advanced_practitioner",
    "team_manager",
    "head_of_service",
    "assistant_director",
    "director",
    "iro",
    "performance_qa",
    "business_support",
    "hr_business_partner",
    "complaints_officer",
    "risk_owner",
    "board_member",
    "system_administrator",
]


def create_roles(apps, schema_editor):
    Role = apps.get_model("organisation", "Role")
    for code in ROLE_CODES:
        Role.objects.get_or_create(code=code)


class Migration(migrations.Migration):
    dependencies = [("organisation", "0001_initial")]
    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
