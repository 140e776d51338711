"""The project bank's search: an analysed search document per proposal and its full-text index.

SQLite: an FTS5 table over `search_document` (external content, kept in sync by triggers).
PostgreSQL: a GIN index on to_tsvector('simple', search_document). Other databases: nothing.
"""

from django.db import migrations, models

FTS_TABLE = "propuestas_proposal_fts"

SQLITE_CREATE = [
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5("
    "search_document, content='propuestas_proposal', content_rowid='id', tokenize='unicode61 remove_diacritics 2')",
    f"CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_ai AFTER INSERT ON propuestas_proposal BEGIN "
    f"INSERT INTO {FTS_TABLE}(rowid, search_document) VALUES (new.id, new.search_document); END",
    f"CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_ad AFTER DELETE ON propuestas_proposal BEGIN "
    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, search_document) VALUES ('delete', old.id, old.search_document); END",
    f"CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_au AFTER UPDATE OF search_document ON propuestas_proposal BEGIN "
    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, search_document) VALUES ('delete', old.id, old.search_document); "
    f"INSERT INTO {FTS_TABLE}(rowid, search_document) VALUES (new.id, new.search_document); END",
    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')",
]
SQLITE_DROP = [
    f"DROP TRIGGER IF EXISTS {FTS_TABLE}_ai",
    f"DROP TRIGGER IF EXISTS {FTS_TABLE}_ad",
    f"DROP TRIGGER IF EXISTS {FTS_TABLE}_au",
    f"DROP TABLE IF EXISTS {FTS_TABLE}",
]
POSTGRES_CREATE = [
    "CREATE INDEX IF NOT EXISTS propuestas_proposal_search_gin "
    "ON propuestas_proposal USING gin (to_tsvector('simple', search_document))",
]
POSTGRES_DROP = ["DROP INDEX IF EXISTS propuestas_proposal_search_gin"]


def fill_documents(apps, schema_editor):
    from propuestas.search_text import document, fold

    Proposal = apps.get_model("propuestas", "Proposal")
    batch = []
    for proposal in Proposal.objects.only("id", "title", "summary", "problem", "solution").iterator(chunk_size=1000):
        proposal.search_document = document(proposal.title, proposal.summary, proposal.problem, proposal.solution)
        proposal.search_title = fold(proposal.title or "")[:150]
        batch.append(proposal)
        if len(batch) == 1000:
            Proposal.objects.bulk_update(batch, ["search_document", "search_title"])
            batch = []
    if batch:
        Proposal.objects.bulk_update(batch, ["search_document", "search_title"])


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("propuestas", "0002_evaluation"),
    ]

    operations = [
        migrations.AddField(
            model_name="proposal",
            name="search_document",
            field=models.TextField(blank=True, default="", editable=False),
        ),
        migrations.AddField(
            model_name="proposal",
            name="search_title",
            field=models.CharField(blank=True, default="", editable=False, max_length=150),
        ),
        migrations.AddIndex(
            model_name="proposal",
            index=models.Index(fields=["search_title", "id"], name="proposal_bank_title"),
        ),
        migrations.RunPython(fill_documents, migrations.RunPython.noop),
        migrations.RunPython(
            _run({"sqlite": SQLITE_CREATE, "postgresql": POSTGRES_CREATE}),
            _run({"sqlite": SQLITE_DROP, "postgresql": POSTGRES_DROP}),
        ),
    ]
