"""Results engine: who wins a participatory budget under each rule. Pure Python, no Django.

    from votaciones.results import read_pabulib, compute
    outcome = compute(read_pabulib("file.pb"), "equalshares/add1")
"""

from .election import Ballot, Election, Project, id_key
from .errors import ElectionError, PabulibError
from .outcome import Outcome, ProjectResult
from .pabulib import parse_pabulib, read_pabulib, write_pabulib
from .rules import RULES, compute, declared_rule

__all__ = [
    "RULES", "Ballot", "Election", "ElectionError", "Outcome", "PabulibError", "Project",
    "ProjectResult", "compute", "declared_rule", "id_key", "parse_pabulib", "read_pabulib",
    "write_pabulib",
]
