"""The full-text index of `walletdesk.core.search`: FTS5 on SQLite, tsvector + GIN on PostgreSQL."""

from django.db import migrations

SQLITE = [
    "CREATE TABLE search_document (id INTEGER PRIMARY KEY, kind VARCHAR(32) NOT NULL,"
    " doc_id INTEGER NOT NULL, language VARCHAR(8) NOT NULL, original TEXT NOT NULL,"
    " UNIQUE (kind, doc_id))",
    "CREATE VIRTUAL TABLE search_fts USING fts5(a, b, c, d,"
    " tokenize = 'unicode61 remove_diacritics 0')",
]
SQLITE_DROP = ["DROP TABLE search_fts", "DROP TABLE search_document"]

POSTGRES = [
    "CREATE TABLE search_document (id BIGSERIAL PRIMARY KEY, kind VARCHAR(32) NOT NULL,"
    " doc_id BIGINT NOT NULL, language VARCHAR(8) NOT NULL, original TEXT NOT NULL,"
    " a TEXT NOT NULL DEFAULT '', b TEXT NOT NULL DEFAULT '', c TEXT NOT NULL DEFAULT '',"
    " d TEXT NOT NULL DEFAULT '',"
    " tsv TSVECTOR GENERATED ALWAYS AS ("
    "setweight(to_tsvector('simple'::regconfig, a), 'A') ||"
    " setweight(to_tsvector('simple'::regconfig, b), 'B') ||"
    " setweight(to_tsvector('simple'::regconfig, c), 'C') ||"
    " setweight(to_tsvector('simple'::regconfig, d), 'D')) STORED,"
    " UNIQUE (kind, doc_id))",
    "CREATE INDEX search_document_tsv ON search_document USING gin (tsv)",
]
POSTGRES_DROP = ["DROP TABLE search_document"]


def _run(statements: dict[str, list[str]]):
    def run(apps, schema_editor):
        for statement in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = []

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE, "postgresql": POSTGRES}),
            _run({"sqlite": SQLITE_DROP, "postgresql": POSTGRES_DROP}),
        )
    ]
