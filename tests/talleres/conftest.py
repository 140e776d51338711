import pytest

from portal.roles import ensure_facilitators
from tests.portal.factories import UserFactory


@pytest.fixture
def facilitator(db):
    user = UserFactory(email="facilitadora@example.org", display_name="Facilitadora", is_staff=True)
    user.groups.add(ensure_facilitators())
    return user


@pytest.fixture
def roles(citizen, facilitator, evaluator, moderator, editor, admin_user):
    return {
        "anonymous": None,
        "citizen": citizen,
        "facilitator": facilitator,
        "evaluator": evaluator,
        "moderator": moderator,
        "editor": editor,
        "admin": admin_user,
    }
