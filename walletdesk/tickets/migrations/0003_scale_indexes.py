"""Indexes that fit the inbox's filters and orders, and starting statistics for SQLite.

SQLite's planner has no statistics until someone runs ANALYZE, and without them it takes the
status index and sorts every matching ticket to return fifty (hundreds of milliseconds at
100,000 tickets). SQLite lets an application write `sqlite_stat1` itself to fix its plans: this
describes a large tickets table (how many rows share a status, a priority, a team…), so the
inbox is read off its indexes from the first day. A later ANALYZE replaces it with real figures.
PostgreSQL gathers its own statistics (autovacuum) and needs none of this.
"""

from typing import Any

from django.conf import settings
from django.db import migrations, models

TABLE = "tickets_ticket"
ROWS = 100_000
# Distinct values per column in a large help desk; unlisted columns are (nearly) unique.
DISTINCT = {"status": 6, "priority": 5, "team_id": 6, "assignee_id": 20, "requester_id": 1000}


def _write_statistics(apps: Any, schema_editor: Any) -> None:
    connection = schema_editor.connection
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE sqlite_schema")  # creates sqlite_stat1 if it is missing
        cursor.execute(
            "SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = %s", [TABLE]
        )
        rows: list[tuple[str, str | None, str]] = [(TABLE, None, str(ROWS))]
        for (index,) in cursor.fetchall():
            cursor.execute(f"PRAGMA index_info('{index}')")  # noqa: S608 - names from the schema
            stat, keys = [ROWS], 1
            for column in [row[2] for row in cursor.fetchall()]:
                keys *= DISTINCT.get(column, ROWS)
                stat.append(max(1, ROWS // keys))
            rows.append((TABLE, index, " ".join(map(str, stat))))
        cursor.execute("DELETE FROM sqlite_stat1 WHERE tbl = %s", [TABLE])
        cursor.executemany("INSERT INTO sqlite_stat1 (tbl, idx, stat) VALUES (%s, %s, %s)", rows)


class Migration(migrations.Migration):

    dependencies = [
        ('identity', '0002_teams'),
        ('tickets', '0002_inbound'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddIndex(
            model_name='ticket',
            index=models.Index(fields=['-priority', 'created_at', 'id'], name='ticket_all_queue_idx'),
        ),
        migrations.AddIndex(
            model_name='ticket',
            index=models.Index(fields=['-updated_at', '-id'], name='ticket_all_updated_idx'),
        ),
        migrations.AddIndex(
            model_name='ticket',
            index=models.Index(fields=['status', '-updated_at', '-id'], name='ticket_status_updated_idx'),
        ),
        migrations.AddIndex(
            model_name='ticket',
            index=models.Index(fields=['requester', '-created_at'], name='ticket_requester_idx'),
        ),
        migrations.RunPython(_write_statistics, migrations.RunPython.noop, elidable=True),
    ]
