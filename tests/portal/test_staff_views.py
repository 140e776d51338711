"""The shared base of the staff screens (`portal.admin.views.StaffView`): who may open a page,
when its objects load, and the breadcrumbs every section builds the same way (evaluation,
monitoring, voting workshops and results, comment moderation)."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.test import RequestFactory
from django.urls import reverse
from django.views.generic import TemplateView

from portal.admin.views import StaffView
from portal.roles import ensure_coordinators
from tests.portal.factories import UserFactory
from tests.propuestas.factories import make_proposal_call

pytestmark = pytest.mark.django_db


class Page(StaffView, TemplateView):
    template_name = "wagtailadmin/generic/base.html"
    permission = "evaluacion.coordinate_evaluation"
    page_title = "Página"
    section_label = "Sección"
    loaded = None

    def get_section_url(self):
        return "/seccion/"

    def get_parents(self):
        return [("Padre", "/padre/")]

    def setup_objects(self, **kwargs):
        if kwargs["pk"] != 1:
            raise Http404
        type(self).loaded = kwargs["pk"]


def request_by(user):
    request = RequestFactory().get("/")
    request.user = user
    return request


def test_refused_before_anything_loads():
    Page.loaded = None
    with pytest.raises(PermissionDenied):
        Page.as_view()(request_by(UserFactory()), pk=1)
    with pytest.raises(PermissionDenied):  # not even a 404 for what does not exist
        Page.as_view()(request_by(UserFactory()), pk=2)
    assert Page.loaded is None


def test_inactive_staff_are_refused_whatever_they_hold():
    user = UserFactory(is_active=False, is_superuser=True)
    with pytest.raises(PermissionDenied):
        Page.as_view()(request_by(user), pk=1)


def test_allowed_loads_and_builds_the_breadcrumbs():
    user = UserFactory()
    user.groups.add(ensure_coordinators())
    view = Page(request=request_by(user), kwargs={"pk": 1})
    response = Page.as_view()(request_by(user), pk=1)
    assert response.status_code == 200 and Page.loaded == 1
    with pytest.raises(Http404):
        Page.as_view()(request_by(user), pk=2)
    labels = [(item["label"], item["url"]) for item in view.get_breadcrumbs_items()]
    assert labels[1:] == [("Sección", "/seccion/"), ("Padre", "/padre/"), ("Página", "")]
    view.section_index = True
    assert [item["label"] for item in view.get_breadcrumbs_items()][1:] == ["Sección"]


def crumbs(client, user, url):
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200, url
    return [(str(item["label"]), item["url"]) for item in response.context["breadcrumbs_items"]][1:]


def test_every_section_builds_the_same_breadcrumbs(client, site, editor, evaluator, moderator, admin_user):
    coordinator = UserFactory(is_staff=True)
    coordinator.groups.add(ensure_coordinators())
    call = make_proposal_call(current="technical_evaluation")
    index = reverse("evaluacion:index")
    assert crumbs(client, coordinator, index) == [("Evaluación técnica", "")]
    assert crumbs(client, coordinator, reverse("evaluacion:criteria", args=[call.pk])) == [
        ("Evaluación técnica", index),
        (call.title, reverse("evaluacion:call", args=[call.pk])),
        ("Criterios de evaluación", ""),
    ]
    assert crumbs(client, evaluator, reverse("evaluacion:mine")) == [("Mis evaluaciones", "")]
    assert crumbs(client, editor, reverse("seguimiento:index")) == [("Seguimiento", "")]
    assert crumbs(client, admin_user, reverse("votaciones_admin:sessions")) == [("Talleres de votación", "")]
    assert crumbs(client, admin_user, reverse("votaciones_admin:results")) == [("Resultados de la votación", "")]
    assert crumbs(client, moderator, reverse("propuestas_comments:index")) == [("Comentarios", "")]


def test_each_section_refuses_who_lacks_its_permission(client, site, citizen, evaluator, editor):
    refused = [
        (evaluator, reverse("evaluacion:index")),
        (editor, reverse("evaluacion:mine")),
        (evaluator, reverse("seguimiento:index")),
        (evaluator, reverse("votaciones_admin:sessions")),
        (evaluator, reverse("votaciones_admin:results")),
        (evaluator, reverse("propuestas_comments:index")),
    ]
    for user, url in refused:
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home"), url
