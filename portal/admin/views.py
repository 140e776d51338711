"""The base of the staff screens that apps add to the Wagtail admin.

A `StaffView` page belongs to a section (e.g. «Evaluación técnica», «Seguimiento», «Talleres de
votación»): it refuses whoever may not open it (PermissionDenied: Wagtail's redirect to the
admin home with a message), loads its objects (`setup_objects`, after the permission check, so
a stranger never learns whether an object exists), and builds its breadcrumbs the same way:

    Home › section › parents… › this page        (a page inside the section)
    Home › section                               (the section's index: `section_index = True`)
"""

from django.core.exceptions import PermissionDenied
from django.urls import reverse
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin


class StaffView(WagtailAdminTemplateMixin):
    """Mix with a Django view (TemplateView, FormView…) for one page of a staff section.

    Set `permission` (a "app_label.codename") or override `has_access(user)`; set
    `section_label` and `section_url_name` (or override `get_section_url()`); list the pages
    between the section and this one with `parents` or `get_parents()`, as (label, url) pairs.
    """

    permission = None
    section_label = ""
    section_url_name = None
    section_index = False  # the section's first page: its breadcrumb is the section itself
    parents = ()

    def has_access(self, user):
        return bool(user.is_active and self.permission and user.has_perm(self.permission))

    def dispatch(self, request, *args, **kwargs):
        if not self.has_access(request.user):
            raise PermissionDenied
        self.setup_objects(**kwargs)
        return super().dispatch(request, *args, **kwargs)

    def setup_objects(self, **kwargs):
        """Load what the page is about (raise Http404 when it does not exist)."""

    def get_section_url(self):
        return reverse(self.section_url_name)

    def get_parents(self):
        return list(self.parents)

    def get_breadcrumb_label(self):
        """The last breadcrumb: this page."""
        return self.get_page_title()

    def get_breadcrumbs_items(self):
        if self.section_index:
            return [*self.breadcrumbs_items, {"url": "", "label": self.section_label}]
        items = [*self.breadcrumbs_items, {"url": self.get_section_url(), "label": self.section_label}]
        items += [{"url": link, "label": label} for label, link in self.get_parents()]
        return [*items, {"url": "", "label": self.get_breadcrumb_label()}]
