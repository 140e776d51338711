"""The Wagtail admin screens the link walk does not reach are Spanish too.

tests/site/test_admin_spanish.py follows the admin's links; many screens editors use every day are
opened by JavaScript (the choosers' modals, the upload forms inside them), by buttons acting on a
page (move, copy, delete, unpublish, privacy), or need an object that the demo has none of (an
image, a document, a redirect, a promoted search result, a workflow). This test opens each of them
directly, for an editor and for a superuser, in Spanish, and fails when any message of Wagtail's
own catalogs is looked up there without a Spanish translation, or a known English admin string is
on the screen (a chooser's modal is read from the "html" of its JSON).
"""

import io
import re
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.utils.translation import trans_real
from PIL import Image as PILImage

from tests.site.admin_walk import demo, language_client, staff_user, visible_text  # noqa: F401
from tests.site.test_admin_spanish import ENGLISH_WORD, UNTRANSLATABLE, UNTRANSLATABLE_ON, untranslated  # noqa: F401

pytestmark = pytest.mark.django_db

PO_MSGID = re.compile(r'^msgid ((?:".*"\n)+)', re.M)


def po_msgids(po):
    """The messages of a gettext catalog (its source texts)."""
    msgids = set()
    for block in PO_MSGID.findall(po.read_text(encoding="utf-8")):
        msgid = "".join(re.findall(r'"(.*)"', block)).encode().decode("unicode_escape").encode("latin-1").decode()
        msgids.add(msgid)
    return msgids - {""}


def png():
    buffer = io.BytesIO()
    PILImage.new("RGB", (40, 30), "teal").save(buffer, "PNG")
    return ContentFile(buffer.getvalue(), name="plaza.png")


def objects(user):
    """One of everything the screens show: a page with two revisions, an image, a document, a
    redirect, a promoted search result, a workflow with a task, and a locked page."""
    from wagtail.contrib.redirects.models import Redirect
    from wagtail.contrib.search_promotions.models import Query, SearchPromotion
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model
    from wagtail.models import GroupApprovalTask, Page, Workflow, WorkflowTask

    page = Page.objects.filter(depth=3, live=True).exclude(numchild=0).first() or Page.objects.filter(depth=3).first()
    page = page.specific
    page.save_revision(user=user)
    page.title = page.title + " "
    page.save_revision(user=user)
    locked = Page.objects.filter(depth=3).exclude(pk=page.pk).first()
    locked.locked, locked.locked_by = True, user
    locked.save()
    image = get_image_model().objects.create(title="Plaza mayor", file=png())
    document = get_document_model().objects.create(title="Bases", file=ContentFile(b"bases", name="bases.txt"))
    redirect = Redirect.objects.create(old_path="/viejo", redirect_link="/nuevo")
    query = Query.get("presupuesto")
    SearchPromotion.objects.create(query=query, page=page, sort_order=0, description="Bases")
    workflow = Workflow.objects.create(name="Revisión")
    task = GroupApprovalTask.objects.create(name="Aprobación")
    WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    revisions = list(page.revisions.order_by("id").values_list("id", flat=True))
    return page, image, document, redirect, query, workflow, task, revisions


def screens(role):
    """The screens, addressed as the admin's buttons and JavaScript open them."""
    from django.contrib.auth.models import Group

    user = staff_user(role)
    page, image, document, redirect, query, workflow, task, revisions = objects(user)
    p, parent = page.pk, page.get_parent().pk
    child = page.specific_class.allowed_subpage_models()[0]._meta
    urls = [
        # Choosers (modals) and the upload forms inside them.
        "/admin/choose-page/", f"/admin/choose-page/{parent}/", "/admin/choose-page/search/?q=parque",
        f"/admin/choose-page/{parent}/?page_type=wagtailcore.page&can_choose_root=false",
        "/admin/choose-external-link/", "/admin/choose-email-link/", "/admin/choose-phone-link/",
        "/admin/choose-anchor-link/",
        "/admin/images/chooser/", "/admin/images/chooser/results/?q=plaza",
        "/admin/images/chooser/results/?q=nada", f"/admin/images/chooser/{image.pk}/select_format/",
        "/admin/documents/chooser/", "/admin/documents/chooser/results/?q=bases",
        "/admin/documents/chooser/results/?q=nada",
        "/admin/snippets/choose/convocatorias/theme/", "/admin/snippets/choose/convocatorias/theme/results/?q=x",
        "/admin/snippets/choose/convocatorias/territory/",
        "/admin/snippets/choose/convocatorias/territory/results/?q=x",
        "/admin/embeds/chooser/",
        # Images and documents.
        "/admin/images/", "/admin/images/?q=nada", f"/admin/images/{image.pk}/", "/admin/images/add/",
        "/admin/images/multiple/add/", f"/admin/images/{image.pk}/delete/", f"/admin/images/usage/{image.pk}/",
        "/admin/documents/", "/admin/documents/?q=nada", f"/admin/documents/edit/{document.pk}/",
        "/admin/documents/add/", "/admin/documents/multiple/add/", f"/admin/documents/delete/{document.pk}/",
        f"/admin/documents/usage/{document.pk}/",
        # A page's history, revisions and actions.
        f"/admin/pages/{p}/history/",
        f"/admin/pages/{p}/revisions/{revisions[0]}/view/",
        f"/admin/pages/{p}/revisions/compare/{revisions[0]}...{revisions[-1]}/",
        f"/admin/pages/{p}/revisions/compare/earliest...latest/",
        f"/admin/pages/{p}/revisions/{revisions[0]}/revert/",
        f"/admin/pages/{p}/move/", f"/admin/pages/{p}/move/{parent}/confirm/", f"/admin/pages/{p}/copy/",
        f"/admin/pages/{p}/unpublish/", f"/admin/pages/{p}/privacy/",
        f"/admin/pages/{p}/usage/", f"/admin/pages/{p}/workflow_history/", f"/admin/pages/add/{child.app_label}/{child.model_name}/{p}/",
        # Reports.
        "/admin/reports/aging-pages/", "/admin/reports/site-history/",
        "/admin/reports/page-types-usage/", "/admin/reports/workflow/", "/admin/reports/workflow_tasks/",
        # Account.
        "/admin/account/",
    ]
    if user.is_superuser:
        group = Group.objects.order_by("pk").first()
        urls += [
            f"/admin/pages/{p}/delete/", "/admin/reports/locked/", "/admin/searchpicks/reports/search-terms/",
            "/admin/settings/portal/sitesettings/", "/admin/sites/",
            "/admin/redirects/", "/admin/redirects/?q=nada", "/admin/redirects/add/", f"/admin/redirects/{redirect.pk}/",
            f"/admin/redirects/{redirect.pk}/delete/", "/admin/redirects/import/",
            "/admin/searchpicks/", "/admin/searchpicks/add/", f"/admin/searchpicks/{query.pk}/",
            f"/admin/searchpicks/{query.pk}/delete/", "/admin/searchpicks/queries/chooser/",
            "/admin/workflows/list/", "/admin/workflows/add/", f"/admin/workflows/edit/{workflow.pk}/",
            f"/admin/workflows/usage/{workflow.pk}/", f"/admin/workflows/disable/{workflow.pk}/",
            "/admin/workflows/tasks/index/",
            "/admin/workflows/tasks/add/wagtailcore/groupapprovaltask/", f"/admin/workflows/tasks/edit/{task.pk}/",
            f"/admin/workflows/tasks/disable/{task.pk}/", "/admin/workflows/task_chooser/",
            "/admin/collections/", "/admin/collections/add/",
            f"/admin/users/edit/{user.pk}/", f"/admin/users/delete/{staff_user('editor').pk}/", "/admin/users/new/",
            f"/admin/users/history/{user.pk}/",
            f"/admin/groups/edit/{group.pk}/", "/admin/groups/new/", f"/admin/groups/delete/{group.pk}/",
            f"/admin/groups/usage/{group.pk}/",
        ]
    return user, urls


@pytest.mark.parametrize("role", ["editor", "admin"])
def test_the_admin_screens_the_walk_does_not_reach_are_in_spanish(client, demo, untranslated, role):
    found, where = untranslated
    user, urls = screens(role)
    language_client(client, user)
    refused, english = {}, {}
    for url in urls:
        where[0] = url
        response = client.get(url, follow=True)
        # A screen the person may not open sends them elsewhere (the dashboard, with a message).
        landed = response.redirect_chain[-1][0] if response.redirect_chain else url
        if response.status_code != 200 or not landed.startswith(url.split("?")[0]):
            refused[url] = (response.status_code, landed)
            continue
        content = response.json()["html"] if response["Content-Type"] == "application/json" else response.content.decode()
        for line in visible_text(content):
            if url.startswith(UNTRANSLATABLE_ON) and UNTRANSLATABLE.match(line):
                continue
            if ENGLISH_WORD.search(line):
                english.setdefault(line, url)
    assert not found, "Wagtail messages without Spanish:\n" + "\n".join(f"{url}\t{msgid!r}" for msgid, url in found.items())
    assert refused == {}, refused
    assert not english, f"English on Spanish admin pages: {english}"


def test_every_message_of_the_installed_wagtail_apps_has_spanish():
    """What no single GET shows (form errors, moderation messages and e-mails, bulk actions,
    editing sessions, imports) is in the catalog too: every message of the Wagtail apps the site
    installs, in Python and in JavaScript, has a Spanish translation."""
    from django.apps import apps

    def keys(catalog):
        return {(key[0] if isinstance(key, tuple) else key).split("\x04")[-1] for key in catalog.keys()}

    python = keys(trans_real.translation("es")._catalog)
    javascript = keys(trans_real.DjangoTranslation("es", domain="djangojs")._catalog)
    missing = {}
    for app in apps.get_app_configs():
        if not app.name.startswith("wagtail"):
            continue
        for domain, translated in (("django", python), ("djangojs", javascript)):
            po = Path(app.path) / "locale" / "en" / "LC_MESSAGES" / f"{domain}.po"
            if po.exists():
                for msgid in po_msgids(po) - translated:
                    missing[msgid] = app.name
    assert not missing, missing
