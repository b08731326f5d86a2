from django.db import migrations

TEAMS = ["frontline", "payments", "security", "technical", "management"]


def create_teams(apps, schema_editor):
    Team = apps.get_model("identity", "Team")
    for code in TEAMS:
        Team.objects.get_or_create(code=code)


class Migration(migrations.Migration):
    dependencies = [("identity", "0001_initial")]
    operations = [migrations.RunPython(create_teams, migrations.RunPython.noop)]
