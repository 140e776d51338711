"""Ballots and voting: see the voting issue."""
