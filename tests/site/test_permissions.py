"""Every view × every role: anonymous, citizen, evaluator, editor, admin.

A row gives the URL (built from the site fixture) and the expected outcome per role:
an int is the status code; "login" is a redirect to the login page.
"""

import pytest
from django.urls import reverse

from portal.models import Capsule
from tests.convocatorias.factories import make_call, schedule_around
from tests.portal.factories import CapsuleFactory, make_guide

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "citizen", "evaluator", "editor", "admin"]
PUBLIC = dict.fromkeys(ROLES, 200)
SIGNED_IN = {"anonymous": "login", "citizen": 200, "evaluator": 200, "editor": 200, "admin": 200}
STAFF = {"anonymous": "login", "citizen": "login", "evaluator": 200, "editor": 200, "admin": 200}
EDITORS = {"anonymous": "login", "citizen": "login", "evaluator": 302, "editor": 200, "admin": 200}


def _urls(site):
    call = make_call(phases=schedule_around())
    guide = make_guide()
    capsule = CapsuleFactory()
    return {
        "home": ("/", PUBLIC),
        "call index": (site["calls"].url, PUBLIC),
        "call": (call.url, PUBLIC),
        "call calendar": (call.url + "calendario/", PUBLIC),
        "guide index": (site["guides"].url, PUBLIC),
        "guide": (guide.url, PUBLIC),
        "search": (reverse("search") + "?q=convocatoria", PUBLIC),
        "profile": (reverse("profile"), SIGNED_IN),
        "profile export": (reverse("profile_export"), SIGNED_IN),
        "account delete": (reverse("account_delete"), SIGNED_IN),
        "admin home": (reverse("wagtailadmin_home"), STAFF),
        "admin add call": (
            reverse("wagtailadmin_pages:add", args=("convocatorias", "callpage", site["calls"].pk)),
            EDITORS,
        ),
        "admin edit call": (reverse("wagtailadmin_pages:edit", args=(call.pk,)), EDITORS),
        "admin capsules": (reverse("wagtailsnippets_portal_capsule:list"), EDITORS),
        "admin edit capsule": (
            reverse("wagtailsnippets_portal_capsule:edit", args=(capsule.pk,)),
            EDITORS,
        ),
        "admin site settings": (
            reverse("wagtailsettings:edit", args=("portal", "sitesettings", site["home"].get_site().pk)),
            EDITORS,
        ),
    }


VIEW_NAMES = [
    "home", "call index", "call", "call calendar", "guide index", "guide", "search", "profile", "profile export",
    "account delete", "admin home", "admin add call", "admin edit call", "admin capsules",
    "admin edit capsule", "admin site settings",
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("view", VIEW_NAMES)
def test_view_permissions(client, site, user_by_role, view, role):
    url, expected_by_role = _urls(site)[view]
    user = user_by_role[role]
    if user is not None:
        client.force_login(user)
    response = client.get(url)
    expected = expected_by_role[role]
    if expected == "login":
        assert response.status_code == 302, (view, role)
        assert "/login/" in response["Location"], response["Location"]
    else:
        assert response.status_code == expected, (view, role, response.status_code)


def test_citizen_cannot_change_content_through_the_admin(client, site, citizen):
    capsule = CapsuleFactory(title="Original")
    client.force_login(citizen)
    response = client.post(
        reverse("wagtailsnippets_portal_capsule:edit", args=(capsule.pk,)),
        {"title": "Cambiada", "kind": "concept", "slug": capsule.slug, "body": "{}", "published_at": "2026-01-01"},
    )
    assert response.status_code == 302
    assert Capsule.objects.get(pk=capsule.pk).title == "Original"
