"""Who a voter is, as far as the vote needs to know: the interface that verification fills.

The vote never reads identity documents. When a call requires verified residents
(`CallPage.vote_requirement`), it asks `resident(user)` for a `Resident`: a stable key of the
person (`person`, the keyed hash of their document: the same whatever the channel or account),
the census territory and the birth date. The registry lives in `convocatorias.residents` (so that
proposals, supports and comments ask it too); the verification app (`verificacion`, a layer above)
registers the provider from its `AppConfig.ready()`; this module re-exports the interface for the
vote. Without a provider nobody is a verified resident.

The desk (verificacion) records people without an account with the same `person` key, so that
`VoterMark` (one person, one ballot per box, whatever the channel) holds across channels.
"""

from convocatorias.residents import Resident, age_on, forget, register, resident, verify_url

__all__ = ["Resident", "age_on", "forget", "register", "resident", "verify_url"]
