"""Admin menu items shown only to the staff who may use what they open."""

from wagtail.admin.menu import MenuItem, SubmenuMenuItem


class PermissionMenuItem(MenuItem):
    """A menu item shown to staff with `permission` (an "app.codename"), or for whom
    `allowed(user)` is true when the rule is more than one permission."""

    def __init__(self, *args, permission=None, allowed=None, **kwargs):
        if (permission is None) == (allowed is None):
            raise ValueError("Give either a permission or an allowed(user) rule")
        super().__init__(*args, **kwargs)
        self.allowed = allowed or (lambda user: user.has_perm(permission))

    def is_shown(self, request):
        return self.allowed(request.user)


class PermissionSubmenuMenuItem(SubmenuMenuItem):
    """A submenu shown only to staff for whom `allowed(user)` is true (e.g. any of its items' rights)."""

    def __init__(self, *args, allowed, **kwargs):
        super().__init__(*args, **kwargs)
        self.allowed = allowed

    def is_shown(self, request):
        return self.allowed(request.user)
