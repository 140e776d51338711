"""Site-wide views: search and the admin login hand-over. Thin: queries live in selectors."""

import mimetypes

from django.core.exceptions import SuspiciousFileOperation
from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
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


#: Uploaded files shown inline; everything else is downloaded (SVG is not here: it can run scripts).
INLINE_MEDIA_TYPES = {"image/jpeg", "image/png", "image/webp", "image/gif"}
#: The policy of an uploaded file opened on its own: nothing in it may run or load anything.
MEDIA_CONTENT_SECURITY_POLICY = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox"


def media_headers(response, content_type):
    """Headers of every uploaded file, whoever serves it (this view, or the proxy with the same
    values: docs/deploy.md)."""
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = MEDIA_CONTENT_SECURITY_POLICY
    if content_type not in INLINE_MEDIA_TYPES:
        response["Content-Disposition"] = "attachment"
    return response


def media(request, path):
    """An uploaded file (SERVE_MEDIA: development and tests; in production, the proxy)."""
    try:
        if not default_storage.exists(path):
            raise Http404
        handle = default_storage.open(path, "rb")
    except (SuspiciousFileOperation, ValueError, OSError):
        raise Http404 from None
    content_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
    if content_type not in INLINE_MEDIA_TYPES and not content_type.startswith("application/pdf"):
        content_type = "application/octet-stream"
    return media_headers(FileResponse(handle, content_type=content_type), content_type)
