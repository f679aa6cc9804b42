"""Rows written in bulk (no signals) are recorded where they are written: placements, committee members and terms."""

from sanji.audit.models import AuditEntry
from sanji.cadres.models import Placement
from sanji.property.models import CommitteeMember, CommitteeTerm
from tests.cadres.helpers import build_pool, placed
from tests.property.helpers import LARGER, walk, yard

from .helpers import last_entry


def test_adopting_a_proposal_records_each_placement(db):
    pool = build_pool()
    batch, _proposal = placed(pool)
    placements = list(Placement.objects.filter(batch=batch))
    assert placements
    for placement in placements:
        entry = last_entry(placement, "create")
        assert entry.area_id == placement.community_id
        assert entry.changes["cadre"] == [None, placement.cadre_id]
        assert entry.object_repr == str(placement)


def test_a_re_election_records_the_new_members_their_officers_and_the_terms_switching(world):
    place = yard(world.a, LARGER)
    reelection = walk(world, place, "handed_over")
    elected = CommitteeTerm.objects.get(pk=reelection.elected_id)
    members = list(CommitteeMember.objects.filter(term=elected))
    for member in members:
        assert last_entry(member, "create").area_id == world.a.pk
    chair = next(m for m in members if m.role == "chair")
    assert last_entry(chair, "update").changes == {"role": ["member", "chair"]}
    assert last_entry(elected, "update").changes == {"state": ["elected", "current"]}
    outgoing = CommitteeTerm.objects.get(pk=reelection.outgoing_id)
    assert last_entry(outgoing, "update").changes == {"state": ["current", "former"]}
    first_members = CommitteeMember.objects.filter(term=outgoing)
    assert AuditEntry.objects.filter(model="property.committeemember", action="create",
                                     object_id__in=[str(m.pk) for m in first_members]).count() == 3
