"""Proposals: see the proposals issue."""
