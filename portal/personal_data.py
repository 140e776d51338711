"""Where a person's data lives: a registry of sources, for the download and the account deletion.

Every model that points to the user model (or copies a person's email or name, like comments)
is declared here by the app that owns it, from its `AppConfig.ready()` (portal is the lowest
layer and imports no app above it):

    personal_data.register(
        "supports",                       # the section of the download
        models=["propuestas.Support"],    # the models this source covers
        export=export_supports,           # user -> JSON-ready list or dict (None: not exported)
        erase=None,                       # user -> None, run before the account is deleted
        note="",                          # why it is not exported or erased, when it is not
    )

`tests/site/test_personal_data.py` lists every model related to the user model and fails when one is
not covered by a source, so a new model cannot be forgotten by the download or the deletion.
"""

from dataclasses import dataclass, field
from typing import Callable


@dataclass(frozen=True)
class Source:
    key: str
    models: tuple = field(default_factory=tuple)
    export: Callable | None = None
    erase: Callable | None = None
    note: str = ""


_sources: dict[str, Source] = {}


def register(key, *, models, export=None, erase=None, note=""):
    """Declare a source of personal data (idempotent per key: `ready()` may run twice in tests)."""
    if export is None and not note:
        raise ValueError(f"personal data source {key!r}: export it, or say why not in `note`")
    _sources[key] = Source(key=key, models=tuple(models), export=export, erase=erase, note=note)


def sources():
    return list(_sources.values())


def covered_models():
    """Labels ("app_label.Model") of every model some source declares."""
    return {label for source in _sources.values() for label in source.models}


def export_sections(*, user):
    """{key: data} of every exported source, in registration order."""
    return {source.key: source.export(user) for source in _sources.values() if source.export}


def erase_all(*, user):
    """Run every source's eraser (inside the caller's transaction, before the user is deleted)."""
    for source in _sources.values():
        if source.erase:
            source.erase(user)
