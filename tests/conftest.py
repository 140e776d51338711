import pytest
from django.contrib.auth.models import Group, Permission

from tests.factories import PASSWORD, UserFactory, make_site


@pytest.fixture
def site(db):
    return make_site()


@pytest.fixture
def password():
    return PASSWORD


@pytest.fixture
def citizen(db):
    return UserFactory(email="ciudadana@example.org", display_name="Ciudadana")


@pytest.fixture
def editor(db):
    """A staff member in Wagtail's Editors group (created by Wagtail's migrations)."""
    user = UserFactory(email="editora@example.org", display_name="Editora", is_staff=True)
    group, _ = Group.objects.get_or_create(name="Editors")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    user.groups.add(group)
    return user


@pytest.fixture
def admin_user(db):
    return UserFactory(
        email="admin@example.org", display_name="Administración", is_staff=True, is_superuser=True
    )


@pytest.fixture
def user_by_role(citizen, editor, admin_user):
    return {"anonymous": None, "citizen": citizen, "editor": editor, "admin": admin_user}
