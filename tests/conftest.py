import pytest

from portal.roles import ensure_roles
from tests.home.factories import make_site
from tests.portal.factories import PASSWORD, UserFactory


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
    """A staff member in the Editors group, with the permissions `ensure_roles` deploys."""
    user = UserFactory(email="editora@example.org", display_name="Editora", is_staff=True)
    editors, _evaluators = ensure_roles()
    user.groups.add(editors)
    return user


@pytest.fixture
def evaluator(db):
    user = UserFactory(email="evaluador@example.org", display_name="Evaluador", is_staff=True)
    _editors, evaluators = ensure_roles()
    user.groups.add(evaluators)
    return user


@pytest.fixture
def admin_user(db):
    return UserFactory(
        email="admin@example.org", display_name="Administración", is_staff=True, is_superuser=True
    )


@pytest.fixture
def user_by_role(citizen, editor, evaluator, admin_user):
    return {
        "anonymous": None,
        "citizen": citizen,
        "evaluator": evaluator,
        "editor": editor,
        "admin": admin_user,
    }


@pytest.fixture
def moderator(db):
    """Staff in the Moderadores group: they review proposals and comments."""
    from portal.roles import ensure_moderators

    user = UserFactory(email="moderadora@example.org", display_name="Moderadora", is_staff=True)
    user.groups.add(ensure_moderators())
    return user


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate-limit counters live in the cache; ids repeat between tests, so start each test empty."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _spanish():
    """Each test starts in the default language: a test that switched to English must not leak it."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


#: Fixtures whose tests hold a performance figure (a query count that must not grow with the data).
QUERY_COUNT_FIXTURES = {"django_assert_num_queries", "django_assert_max_num_queries"}


def pytest_collection_modifyitems(config, items):
    """Mark the performance-sensitive tests (`-m performance` runs them, `-m "not performance"`
    skips them): every query-count assertion, and the concurrency tests that mark themselves."""
    for item in items:
        if QUERY_COUNT_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.performance)
