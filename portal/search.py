"""Site search over published pages (database backend, or Elasticsearch when configured)."""

from wagtail.models import Page


def search_pages(query):
    return Page.objects.live().public().specific().search(query)
