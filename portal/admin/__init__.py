"""Shared pieces of the Wagtail admin (every app's `admin/` builds on them) and the portal's own
(the capsules of the pedagogy); registered by the apps' `wagtail_hooks.py`."""
