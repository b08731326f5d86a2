"""SQLite only: move each kind's index rows into the id range of its own (`kind_base`), so an
article search no longer reads the tickets' matches (and, under 2,000 newer ticket matches,
found no article at all). The rows keep their order within a kind; PostgreSQL is unchanged."""

from django.db import migrations

from walletdesk.core.search.backends import KIND_SPAN, kind_base


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT DISTINCT kind FROM search_document")
        for (kind,) in cursor.fetchall():
            base = kind_base(kind)
            cursor.execute(
                "SELECT (SELECT COALESCE(MAX(id) + 1, %s) FROM search_document"
                " WHERE id >= %s AND id < %s),"
                " (SELECT MIN(id) FROM search_document WHERE kind = %s AND id < %s)",
                [base, base, base + KIND_SPAN, kind, KIND_SPAN],
            )
            start, first = cursor.fetchone()
            if first is None:
                continue
            # After anything already in the range, in the same order as before.
            shift = start - first
            cursor.execute(
                "UPDATE search_fts SET rowid = rowid + %s WHERE rowid IN"
                " (SELECT id FROM search_document WHERE kind = %s AND id < %s)",
                [shift, kind, KIND_SPAN],
            )
            cursor.execute(
                "UPDATE search_document SET id = id + %s WHERE kind = %s AND id < %s",
                [shift, kind, KIND_SPAN],
            )


class Migration(migrations.Migration):
    dependencies = [("core", "0001_search_index")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
