"""Rebuild the project bank's search index.

    python manage.py rebuild_bank_index [--batch-size 1000] [--database-only]

Always recomputes every proposal's search document (Spanish stems) in batches and repairs the
database full-text index (SQLite FTS5 table and triggers, PostgreSQL GIN index). With
ELASTICSEARCH_URL set it then builds a new Elasticsearch index with every public proposal and
moves the alias (settings.BANK_SEARCH_INDEX) to it, so searches never see a half-built index.
"""

import time

from django.core.management.base import BaseCommand

from banco.search import get_backend
from banco.search.database import ensure_fulltext, refresh_search_documents


class Command(BaseCommand):
    help = "Recalcula los documentos de búsqueda del banco y reconstruye el índice (base de datos y Elasticsearch)."

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=1000)
        parser.add_argument(
            "--database-only", action="store_true", help="No tocar Elasticsearch aunque ELASTICSEARCH_URL esté definido."
        )

    def progress(self, label):
        def report(done, total):
            self.stdout.write(f"  {label}: {done}/{total}")

        return report

    def handle(self, *args, batch_size=1000, database_only=False, **options):
        batch_size = max(1, batch_size)
        started = time.monotonic()
        self.stdout.write("Documentos de búsqueda (base de datos)…")
        done = refresh_search_documents(batch_size=batch_size, progress=self.progress("propuestas"))
        if ensure_fulltext():
            self.stdout.write("  Índice de texto completo reparado.")
        self.stdout.write(self.style.SUCCESS(f"Base de datos: {done} propuestas revisadas."))
        backend = get_backend()
        if backend.name == "elasticsearch" and not database_only:
            self.stdout.write(f"Elasticsearch ({backend.index})…")
            indexed = backend.rebuild(progress=self.progress("indexadas"), batch_size=batch_size)
            self.stdout.write(self.style.SUCCESS(f"Elasticsearch: {indexed} propuestas públicas indexadas."))
        self.stdout.write(f"Listo en {time.monotonic() - started:.1f} s.")
