from django.conf import settings
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from . import views

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    # Browsers and feed readers ask for /favicon.ico whatever the page says.
    path("favicon.ico", views.favicon, name="favicon"),
    # Staff sign in through the same accounts (and MFA) as everyone else.
    path("admin/login/", views.admin_login, name="admin_login_redirect"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("sitemap.xml", sitemap, name="sitemap"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
]

# The language is the visitor's choice (a cookie set by the switcher), not part of the URL,
# so every address works in both languages.
urlpatterns += [
    path("cuentas/", include("allauth.urls")),
    path("", include("avisos.urls")),
    path("cuenta/", include("portal.account_urls")),
    path("cuenta/verificacion/", include("verificacion.urls")),
    path("buscar/", views.search, name="search"),
    path("propuestas/", include("propuestas.urls")),
    path("comentarios/", include("propuestas.comment_urls")),
    path("votar/", include("votaciones.urls")),
    path("banco/ejecucion/", include("banco.execution_urls")),
    path("banco/estadisticas/", include("banco.statistics_urls")),
    path("banco/", include("banco.urls")),
    path("talleres/", include("talleres.urls")),
    path("indicadores/", include("indicadores.urls")),
    path("planes/", include("planes.urls")),
    path("api/v1/", include("banco.api.urls")),
    path("", include(wagtail_urls)),
]

if settings.SERVE_MEDIA:
    # Uploads as the proxy serves them in production (docs/deploy.md): never sniffed, never run.
    urlpatterns = [path(f"{settings.MEDIA_URL.strip('/')}/<path:path>", views.media, name="media")] + urlpatterns
