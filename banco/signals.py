"""Keeps the bank's search index and followers in step with proposals (connected in apps.py)."""
