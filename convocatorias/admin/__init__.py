"""The calls' part of the Wagtail admin (registered by `convocatorias/wagtail_hooks.py`):
catalogues of themes and territories, the dashboard's calls panel, a new call copied from an
earlier one."""
