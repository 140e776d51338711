"""Site-wide views: search and the admin login hand-over. Thin: queries live in selectors."""

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _

from .search import search_pages

MAX_QUERY_LENGTH = 200


def search(request):
    query = request.GET.get("q", "").strip()
    error = None
    results = None
    if len(query) > MAX_QUERY_LENGTH:
        error = _("La búsqueda es demasiado larga: use como máximo %(max)s caracteres.") % {
            "max": MAX_QUERY_LENGTH
        }
        query = ""
    if query:
        paginator = Paginator(search_pages(query), 10)
        results = paginator.get_page(request.GET.get("pagina"))
    status = 400 if error else 200
    return render(
        request,
        "portal/search.html",
        {
            "query": query,
            # The header's search box shows it (other pages use "query" for their own things).
            "site_search_query": query,
            "results": results,
            "error": error,
            "pagination_query": urlencode({"q": query}) + "&",
        },
        status=status,
    )


def admin_login(request):
    """Send the Wagtail admin's login to the site's accounts login (with MFA)."""
    next_url = request.GET.get("next", reverse("wagtailadmin_home"))
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = reverse("wagtailadmin_home")
    return redirect(f"{reverse('account_login')}?{urlencode({'next': next_url})}")


def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /cuenta/",
        "Disallow: /cuentas/",
        "Disallow: /buscar/",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


def favicon(request):
    """/favicon.ico, which browsers ask for whatever the page says: the site's icon (resolved at
    request time, as the hashed static name exists only after collectstatic)."""
    return redirect(static("portal/favicon.svg"), permanent=True)
