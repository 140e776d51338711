"""The site every page test stands on: the home page as the default site's root."""

from wagtail.models import Page, Site

from convocatorias.models import CallIndexPage
from home.models import HomePage
from portal.models import GuideIndexPage


def make_site():
    """A home page as the default site's root, with call and guide indexes. Returns a dict."""
    root = Page.get_first_root_node()
    if root is None:  # a transactional test flushed the tree that migrations create
        from wagtail.models import Locale

        Locale.objects.get_or_create(language_code="es")
        root = Page.add_root(instance=Page(title="Root", slug="root"))
    home = HomePage.objects.first()
    if home is None:
        home = HomePage(title="Inicio", slug="inicio", hero_title="Participa en tu ciudad")
        root.add_child(instance=home)
        site = Site.objects.filter(is_default_site=True).first()
        if site:
            old_root = site.root_page
            site.root_page = home
            site.save()
            if old_root.pk != home.pk and old_root.depth > 1 and not isinstance(old_root.specific, HomePage):
                old_root.delete()
        else:
            Site.objects.create(hostname="localhost", root_page=home, is_default_site=True)
    calls = CallIndexPage.objects.first()
    if calls is None:
        calls = CallIndexPage(title="Convocatorias", slug="convocatorias")
        home.add_child(instance=calls)
    guides = GuideIndexPage.objects.first()
    if guides is None:
        guides = GuideIndexPage(title="Aprende", slug="aprende")
        home.add_child(instance=guides)
    return {"home": home, "calls": calls, "guides": guides}
