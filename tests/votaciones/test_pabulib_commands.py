"""`import_pabulib` loads a real election as a territory's ballot box; `export_pabulib` writes it back."""

from collections import Counter
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from convocatorias.models import CallPage, CallTerritory, Territory
from propuestas.models import Proposal
from tests.convocatorias.factories import ThemeFactory, make_call, schedule_around
from votaciones.models import Ballot, BallotChoice, BoxResult
from votaciones.results import read_pabulib
from votaciones.services import box_for
from votaciones.tally import tally_box

pytestmark = pytest.mark.django_db

PABULIB = Path("/work/shared/pabulib")
WIELICZKA = PABULIB / "Poland_Wieliczka_2023_Green_Budget.pb"
ASSEN = PABULIB / "Netherlands_Assen_2024.pb"


def closed_call(**fields):
    fields.setdefault("results_rule", "equal_shares")
    return make_call(
        title="Votación importada",
        slug=fields.pop("slug", "votacion-importada"),
        code="IMPO",
        phases=schedule_around(current="results"),
        themes=[ThemeFactory()],
        **fields,
    )


def run(*args):
    out = StringIO()
    call_command(*args, stdout=out, stderr=StringIO())
    return out.getvalue()


def official(election):
    return {pid for pid, p in election.projects.items() if p.extra.get("selected", "").strip() not in ("", "0")}


def test_import_wieliczka_reproduces_the_official_winners(tmp_path):
    call = closed_call()
    output = run("import_pabulib", str(WIELICZKA), "--call", call.slug)
    assert "Papeletas: 6586/6586" in output
    election = read_pabulib(WIELICZKA)

    territory = Territory.objects.get(name="Green Budget")
    assert territory.municipality == "Wieliczka"
    call = CallPage.objects.get(pk=call.pk)
    item = CallTerritory.objects.get(call=call, territory=territory)
    assert item.budget_ceiling == 1_000_000
    # The live page and its latest revision both hold the territory.
    assert any(t.territory_id == territory.pk for t in call.get_latest_revision().as_object().territories.all())

    proposals = Proposal.objects.filter(call=call, territory=territory)
    assert proposals.count() == 64
    assert set(proposals.values_list("status", flat=True)) == {"shortlisted"}
    sample = proposals.get(reference=f"IMPO-IMP-{territory.pk}-39")
    assert sample.title == "Budki lęgowe dla jerzyków" and sample.estimated_cost == 600
    assert sample.theme == call.themes.first() and sample.latitude is not None
    assert "pabulib" in sample.summary

    box = box_for(call=call, territory=territory)
    assert Ballot.objects.filter(box=box, channel="imported").count() == 6586
    assert Ballot.objects.filter(box=box).values("fingerprint").distinct().count() == 6586
    assert not Ballot.objects.filter(box=box, voter__isnull=False).exists()
    assert BallotChoice.objects.filter(ballot__box=box).count() == sum(len(b.projects) for b in election.ballots)

    result = tally_box(box)
    by_reference = dict(proposals.values_list("pk", "reference"))
    winners = {by_reference[e["id"]].rsplit("-", 1)[1] for e in result.projects if e["selected"]}
    assert winners == official(election)
    assert result.turnout["imported"] == 6586

    # Export and read back: the same election, with anonymous voters.
    run("export_pabulib", "--call", call.slug, "--output", str(tmp_path))
    files = list(tmp_path.glob("*.pb"))
    assert len(files) == 1
    exported = read_pabulib(files[0])
    assert exported.budget == election.budget and len(exported.ballots) == len(election.ballots)
    original_id = {str(pk): reference.rsplit("-", 1)[1] for pk, reference in by_reference.items()}
    assert Counter(frozenset(original_id[p] for p in b.projects) for b in exported.ballots) == Counter(
        frozenset(b.projects) for b in election.ballots
    )
    assert {original_id[pid] for pid in official(exported)} == official(election)
    assert not {b.voter_id for b in exported.ballots} & {b.voter_id for b in election.ballots}
    assert exported.meta["num_votes"] == "6586" and exported.rule == "equalshares/add1"


def test_import_refuses_a_box_with_ballots_unless_replace():
    call = closed_call()
    run("import_pabulib", str(ASSEN), "--call", call.slug, "--territory", "Jongeren Assen")
    territory = Territory.objects.get(name="Jongeren Assen")
    box = box_for(call=call, territory=territory)
    assert box.ballots.count() == 84
    tally_box(box)
    with pytest.raises(CommandError, match="ya tiene 84 papeletas"):
        run("import_pabulib", str(ASSEN), "--call", call.slug, "--territory", "Jongeren Assen")
    assert box.ballots.count() == 84
    run("import_pabulib", str(ASSEN), "--call", call.slug, "--territory", "Jongeren Assen", "--replace")
    assert box.ballots.count() == 84
    assert not BoxResult.objects.filter(box=box).exists()
    # Proposals are reused, not duplicated.
    assert Proposal.objects.filter(call=call, territory=territory).count() == 14
    result = tally_box(box)
    election = read_pabulib(ASSEN)
    references = dict(Proposal.objects.filter(call=call).values_list("pk", "reference"))
    assert {references[e["id"]].rsplit("-", 1)[1] for e in result.projects if e["selected"]} == official(election)


def test_import_errors_are_clear_and_change_nothing(tmp_path):
    call = closed_call()
    with pytest.raises(CommandError, match="No existe una convocatoria"):
        run("import_pabulib", str(ASSEN), "--call", "no-existe")
    with pytest.raises(CommandError, match="No existe el fichero"):
        run("import_pabulib", str(tmp_path / "nada.pb"), "--call", call.slug)
    broken = tmp_path / "roto.pb"
    broken.write_text("META\nkey;value\nbudget;100\nPROJECTS\nproject_id;cost\n1;50\nVOTES\nvoter_id;vote\n1;2\n")
    with pytest.raises(CommandError, match="roto.pb"):
        run("import_pabulib", str(broken), "--call", call.slug)
    no_themes = closed_call(slug="sin-ejes")
    no_themes.themes.clear()
    no_themes.save_revision().publish()
    with pytest.raises(CommandError, match="no tiene ejes temáticos"):
        run("import_pabulib", str(ASSEN), "--call", "sin-ejes")
    # A territory already in the call with another ceiling is not changed.
    place = Territory.objects.create(name="Centro", municipality="Assen", kind="distrito")
    CallTerritory.objects.create(call=call, territory=place, budget_ceiling=5, sort_order=9)
    with pytest.raises(CommandError, match="ajuste el techo"):
        run("import_pabulib", str(ASSEN), "--call", call.slug, "--territory", "Centro")
    assert not Ballot.objects.exists() and not Proposal.objects.exists()


def test_export_refuses_before_the_close(tmp_path):
    call = make_call(
        title="Abierta", slug="abierta", phases=schedule_around(current="voting"), themes=[ThemeFactory()]
    )
    with pytest.raises(CommandError, match="no ha cerrado"):
        run("export_pabulib", "--call", call.slug, "--output", str(tmp_path))
    assert not list(tmp_path.iterdir())
