"""The staff roles and what each may do in the Wagtail admin.

Facilitators run voting workshops: sessions, one-time codes, paper ballots (never counts before
the close when the call hides them).

Editors publish calls, pedagogy and site settings, and post the execution updates (seguimiento)
of the selected projects; evaluators reach the admin and see only the evaluations assigned to
them; evaluation coordinators manage criteria, assignments and decisions; moderators review
proposals and comments: they see the proposals in the admin and admit, reject, hide or show them,
but never edit a citizen's text. `ensure_roles()` is idempotent: the demo seed and the tests both
use it, so the permissions tested are the permissions deployed.
"""

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail.models import GroupPagePermission, Page

EDITORS = "Editors"  # created by Wagtail's own migrations, with image and document rights
EVALUATORS = "Evaluadores"
MODERATORS = "Moderadores"
FACILITATORS = "Facilitadores"
COORDINATORS = "Coordinación de evaluación"
VERIFIERS = "Verificación"

#: Workshop facilitators create voting sessions, generate and void codes and enter paper ballots;
#: at a workshop's desk they verify people and record them for one ballot.
FACILITATOR_PERMISSIONS = [
    ("votaciones", "facilitate_workshop"),
    ("verificacion", "verify_at_desk"),
    # Workshops and encuentros (talleres): they create and edit them in the admin.
    ("talleres", "add_workshop"),
    ("talleres", "change_workshop"),
    ("talleres", "view_workshop"),
]

#: Verification staff import the census (padrón) and verify people at a desk (an office or a
#: workshop), where they also issue codes bound to a person and record paper voters.
VERIFIER_PERMISSIONS = [
    ("verificacion", "manage_census"),
    ("verificacion", "verify_at_desk"),
    ("votaciones", "facilitate_workshop"),
]

#: What moderators hold: see proposals in the admin and review them (admit, reject, hide, and
#: moderate comments, which `propuestas` also guards with `review_proposal`). No change permission:
#: the citizens' text is theirs.
MODERATOR_PERMISSIONS = [("propuestas", "view_proposal"), ("propuestas", "review_proposal")]

#: Coordinators of the technical evaluation: criteria, assignment, decision, moving proposals on
#: and the evaluation reports; they read proposals in the admin. Evaluators hold nothing more than
#: admin access: what they see is what is assigned to them.
COORDINATOR_PERMISSIONS = [
    ("evaluacion", "coordinate_evaluation"),
    ("propuestas", "view_proposal"),
    ("planes", "align_project"),
    # They align projects with the plans, so they read the plans and their items.
    ("planes", "view_plan"),
    ("planes", "view_planitem"),
]

#: Editors' rights on the registry (banco) and the plans' alignment, besides the model rights.
REGISTRY_PERMISSIONS = [("banco", "import_registry"), ("planes", "align_project")]

EDITOR_MODEL_PERMISSIONS = {
    "convocatorias": ["theme", "territory"],
    # The development plans and their items (axes, programmes, goals).
    "planes": ["plan", "planitem"],
    "portal": ["capsule"],
    "votaciones": ["alternativegroup"],
    "talleres": ["workshop", "universitygroupprofile"],
    # The indicators: catalogue, values (and their import), the impact indicators of projects.
    "indicadores": ["indicatorcategory", "indicator", "indicatorvalue", "projectindicator"],
}
EDITOR_PAGE_PERMISSIONS = ["add_page", "change_page", "publish_page"]

#: Editors post the execution updates (seguimiento) of the selected projects, with their photos.
EXECUTION_MODELS = ("executionupdate", "executionphoto")


def _model_permissions(app_label, model, actions=("add", "change", "delete", "view")):
    codenames = [f"{action}_{model}" for action in actions]
    return Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames)


def _access_admin():
    return Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")


def _ensure_group(name, permissions):
    """Create or complete a staff group that reaches the admin and holds `permissions`."""
    group, _ = Group.objects.get_or_create(name=name)
    group.permissions.add(_access_admin())
    for app_label, codename in permissions:
        group.permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))
    return group


@transaction.atomic
def ensure_moderators():
    """Create or complete the Moderadores group. Returns it."""
    return _ensure_group(MODERATORS, MODERATOR_PERMISSIONS)


@transaction.atomic
def ensure_facilitators():
    """Create or complete the Facilitadores group. Returns it."""
    return _ensure_group(FACILITATORS, FACILITATOR_PERMISSIONS)


@transaction.atomic
def ensure_coordinators():
    """Create or complete the Coordinación de evaluación group. Returns it."""
    return _ensure_group(COORDINATORS, COORDINATOR_PERMISSIONS)


@transaction.atomic
def ensure_verifiers():
    """Create or complete the Verificación group. Returns it."""
    return _ensure_group(VERIFIERS, VERIFIER_PERMISSIONS)


@transaction.atomic
def ensure_roles(*, root_page=None):
    """Create or complete the Editors, Evaluadores and Moderadores groups.

    Returns (editors, evaluators); `ensure_moderators()` returns the moderators' group and
    `ensure_coordinators()` the evaluation coordinators' one.
    """
    access_admin = Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    editors, _ = Group.objects.get_or_create(name=EDITORS)
    editors.permissions.add(access_admin)
    for app_label, models in EDITOR_MODEL_PERMISSIONS.items():
        for model in models:
            editors.permissions.add(*_model_permissions(app_label, model))
    editors.permissions.add(*_model_permissions("portal", "sitesettings", actions=("change",)))
    # Editors count and publish the results of a vote and may run workshops themselves.
    editors.permissions.add(
        Permission.objects.get(content_type__app_label="votaciones", codename="tally_results"),
        Permission.objects.get(content_type__app_label="votaciones", codename="facilitate_workshop"),
    )
    for model in EXECUTION_MODELS:
        editors.permissions.add(*_model_permissions("banco", model))
    # Editors write to the participants of a call (avisos: preview, sent once, logged).
    editors.permissions.add(Permission.objects.get(content_type__app_label="avisos", codename="send_staffmessage"))
    # The registry of projects that did not come through a call: register, edit, import; align
    # any project of the bank with the plans.
    editors.permissions.add(*_model_permissions("banco", "registryproject", actions=("add", "change", "view")))
    editors.permissions.add(*(Permission.objects.get(content_type__app_label=app, codename=codename) for app, codename in REGISTRY_PERMISSIONS))
    root_page = root_page or Page.get_first_root_node()
    for codename in EDITOR_PAGE_PERMISSIONS:
        GroupPagePermission.objects.get_or_create(
            group=editors,
            page=root_page,
            permission=Permission.objects.get(content_type__app_label="wagtailcore", codename=codename),
        )
    evaluators, _ = Group.objects.get_or_create(name=EVALUATORS)
    evaluators.permissions.add(access_admin)
    ensure_moderators()
    ensure_facilitators()
    ensure_coordinators()
    ensure_verifiers()
    return editors, evaluators
