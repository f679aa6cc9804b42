"""Writes to the compound registry: the compound's particulars, its mode history, units and owners, committees."""

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sanji.audit.services import audit_record_bulk
from sanji.core import clock
from sanji.core.errors import InvalidInput
from sanji.core.inputs import clean_text, parse_date, parse_id
from sanji.core.models import CompoundKind, ManagementMode, PartyOrg

from ..deadlines import MAX_TERM_YEARS
from ..models import Building, CommitteeMember, CommitteeRole, CommitteeState, CommitteeTerm, ModeChange, Owner, Unit
from ..selectors import compound_access
from ..spreadsheets import UnitRow, read_units

#: The largest term number ``CommitteeTerm.number`` (a positive small integer) holds.
MAX_TERM_NUMBER = 32767


def compound_set_mode(*, actor, compound_id, mode: str, since=None, note: str = "") -> ModeChange:
    """Change the compound's management mode (one of the 1+4) and add the change to its history."""
    if mode not in ManagementMode.values:
        raise InvalidInput(_("Choose one of the management modes."), field="mode")
    note = clean_text(note, field="note", max_length=300)
    today = timezone.localdate(clock.now())
    since = parse_date(since, field="since") if since else today
    if since > today:
        raise InvalidInput(_("Record a change of mode once it has taken effect; %(day)s is still to come.")
                           % {"day": since.isoformat()}, field="since")
    with transaction.atomic():
        compound = compound_access(actor, compound_id, lock=True)
        change = ModeChange.objects.create(
            compound=compound, mode=mode, since=since, note=note, changed_by=actor, changed_at=clock.now()
        )
        latest = ModeChange.objects.filter(compound=compound).order_by("-since", "-pk").first()
        compound.management_mode = latest.mode
        compound.save(update_fields=["management_mode"])
    return change


def compound_update(*, actor, compound_id, address=None, party_branch_id=None, is_pilot=None, kind=None):
    """Change the compound's address, party branch, kind (open yard or closed estate) or pilot-site status (None
    leaves a field as it is)."""
    if kind is not None and kind not in CompoundKind.values:
        raise InvalidInput(_("Choose open old yard or closed estate."), field="kind")
    with transaction.atomic():
        compound = compound_access(actor, compound_id, lock=True)
        fields = []
        if kind is not None:
            compound.kind = kind
            fields.append("kind")
        if address is not None:
            compound.address = clean_text(address, field="address", max_length=200)
            fields.append("address")
        if party_branch_id is not None:
            branch = None
            if party_branch_id != "":
                branch = PartyOrg.objects.filter(
                    pk=parse_id(party_branch_id), area__path__startswith=compound.community.path
                ).first()
                if branch is None:
                    raise InvalidInput(_("Choose a party organisation of this community."), field="party_branch")
            compound.party_branch = branch
            fields.append("party_branch")
        if is_pilot is not None:
            compound.is_pilot = bool(is_pilot)
            fields.append("is_pilot")
        if fields:
            compound.save(update_fields=fields)
    return compound


class ImportReport:
    """What an import did: units added and changed, owners added."""

    def __init__(self):
        self.added = 0
        self.changed = 0
        self.unchanged = 0
        self.owners_added = 0


def units_import(*, actor, compound_id, data: bytes) -> ImportReport:
    """Add or update the compound's units and owners from an .xlsx sheet, all rows or none.

    A row names a unit by building and number; a unit already registered takes the row's area and owner. Rows marked
    as the developer's all go to the one developer. Any problem refuses the whole sheet with ``InvalidInput`` whose
    ``extra["rows"]`` lists every problem as ``{"row", "column", "message"}``. Owners are told apart as
    ``_owner_for`` says, so that one buyer of several units stays one owner (and counts once in a vote).
    """
    compound_access(actor, compound_id)  # out of scope reads as missing before the sheet is even looked at
    rows = read_units(data)  # refuses an unreadable file or bad rows with the per-row report
    with transaction.atomic():
        compound = compound_access(actor, compound_id, lock=True)
        _check_developer(compound, rows)
        _check_same_names(compound, rows)
        report = ImportReport()
        buildings = {b.name: b for b in Building.objects.filter(compound=compound)}
        by_name: dict[str, list[Owner]] = {}
        for owner in Owner.objects.filter(compound=compound, is_developer=False).order_by("pk"):
            by_name.setdefault(owner.name, []).append(owner)
        developer = Owner.objects.filter(compound=compound, is_developer=True).first()
        units = {(u.building.name, u.number): u for u in Unit.objects.filter(building__compound=compound)
                 .select_related("building", "owner")}
        # Rows with a phone first: a row without one then joins the owner its name already names.
        for row in sorted(rows, key=lambda r: (not r.phone, r.row)):
            building = buildings.get(row.building)
            if building is None:
                building = buildings[row.building] = Building.objects.create(compound=compound, name=row.building)
            unit = units.get((row.building, row.number))
            if row.developer:
                if developer is None:
                    developer = Owner.objects.create(compound=compound, name=row.owner, is_developer=True)
                    report.owners_added += 1
                owner = developer
            else:
                owner, created = _owner_for(compound, row, by_name, unit)
                report.owners_added += created
            if unit is None:
                units[(row.building, row.number)] = Unit.objects.create(
                    building=building, number=row.number, area=row.area, owner=owner)
                report.added += 1
            elif unit.area != row.area or unit.owner_id != owner.pk:
                unit.area, unit.owner = row.area, owner
                unit.save(update_fields=["area", "owner"])
                report.changed += 1
            else:
                report.unchanged += 1
    return report


def _owner_for(compound, row: UnitRow, by_name: dict, unit: Unit | None) -> tuple[Owner, bool]:
    """Return the owner a row names, and whether it was created.

    - A unit already held by an owner of that name stays with that owner; a new phone on the row corrects the
      owner's phone (so a login linked to the owner keeps its units).
    - Otherwise a name with a phone is that owner; a name without a phone is the one owner of that name.
    - An owner of that name without a phone takes the row's phone; a different phone is a different person.
    """
    same = by_name.setdefault(row.owner, [])
    if unit is not None and not unit.owner.is_developer and unit.owner.name == row.owner:
        owner = next(o for o in same if o.pk == unit.owner_id)
        if row.phone and row.phone != owner.phone and not any(o.phone == row.phone for o in same):
            owner.phone = row.phone
            owner.save(update_fields=["phone"])
        return owner, False
    if row.phone:
        exact = next((o for o in same if o.phone == row.phone), None)
        if exact is not None:
            return exact, False
        blank = [o for o in same if not o.phone]
        if len(blank) == 1:
            blank[0].phone = row.phone
            blank[0].save(update_fields=["phone"])
            return blank[0], False
    elif len(same) == 1:
        return same[0], False
    owner = Owner.objects.create(compound=compound, name=row.owner, phone=row.phone)
    same.append(owner)
    return owner, True


def _check_same_names(compound, rows: list[UnitRow]) -> None:
    """Refuse a row with no phone whose name belongs to owners with different phones: it cannot be told whose."""
    phones: dict[str, set] = {}
    for name, phone in Owner.objects.filter(compound=compound, is_developer=False).values_list("name", "phone"):
        if phone:
            phones.setdefault(name, set()).add(phone)
    for row in rows:
        if row.phone and not row.developer:
            phones.setdefault(row.owner, set()).add(row.phone)
    problems = [
        {"row": row.row, "column": str(_("Phone")), "message": _(
            "Owners named %(name)s have different phones; give this row the phone of the one who owns it.")
            % {"name": row.owner}}
        for row in rows if not row.developer and not row.phone and len(phones.get(row.owner, ())) > 1
    ]
    if problems:
        raise InvalidInput(
            _("Nothing was imported: %(n)s problems were found. Correct the rows below and import the sheet again.")
            % {"n": len(problems)}, field="file", extra={"rows": problems})


def _check_developer(compound, rows: list[UnitRow]) -> None:
    """Refuse a sheet that names a second developer, or gives the developer's name to a buyer: the developer's
    units count as one owner together, apart from every buyer (and the two cannot share an ``Owner`` row)."""
    existing = Owner.objects.filter(compound=compound, is_developer=True).values_list("name", flat=True).first()
    named = existing or next((row.owner for row in rows if row.developer), None)
    if named is None:
        return
    problems = []
    for row in rows:
        if row.developer and row.owner != named:
            message = _("The developer is already named %(name)s; use the same name for all its units.")
        elif not row.developer and row.owner == named:
            message = _("%(name)s is the developer's name; write 是 (yes) in the developer column, or give the "
                        "buyer's name.")
        else:
            continue
        problems.append({"row": row.row, "column": str(_("Owner")), "message": message % {"name": named}})
    if existing is None and Owner.objects.filter(compound=compound, name=named, phone="").exists():
        first = next(row for row in rows if row.developer)
        problems.append({"row": first.row, "column": str(_("Owner")), "message": _(
            "%(name)s is already registered as a buyer in this compound; give the developer another name.")
            % {"name": named}})
    if problems:
        raise InvalidInput(
            _("A compound has one developer, under a name no buyer uses; correct the rows below."),
            field="file", extra={"rows": sorted(problems, key=lambda p: p["row"])},
        )


def committee_register(*, actor, compound_id, number: int, starts_on, ends_on, members) -> CommitteeTerm:
    """Register the owners' committee in office, as found when the compound comes into Sanji.

    ``members``: pairs of (owner id, role). The committee has an odd number of members, at least 3, one chair,
    and a term of at most 5 years.
    """
    number = parse_id(number)
    if number is None or number > MAX_TERM_NUMBER:
        raise InvalidInput(_("Enter the term's number: 1 for the first committee."), field="number")
    starts_on, ends_on = parse_date(starts_on, field="starts_on"), parse_date(ends_on, field="ends_on")
    check_term(starts_on, ends_on)
    with transaction.atomic():
        compound = compound_access(actor, compound_id, lock=True)
        if CommitteeTerm.objects.filter(compound=compound, state=CommitteeState.CURRENT).exists():
            raise InvalidInput(_("This compound already has a committee in office."), field="number")
        if CommitteeTerm.objects.filter(compound=compound, number=number).exists():
            raise InvalidInput(_("This compound already had a committee of term %(n)s.") % {"n": number},
                               field="number")
        owners = _committee_owners(compound, members)
        term = CommitteeTerm.objects.create(
            compound=compound, number=number, starts_on=starts_on, ends_on=ends_on, state=CommitteeState.CURRENT
        )
        members = CommitteeMember.objects.bulk_create(
            CommitteeMember(term=term, owner=owner, role=role) for owner, role in owners
        )
        audit_record_bulk(CommitteeMember, action="create", instances=members)  # bulk_create sends no signal
    return term


def check_term(starts_on: dt.date, ends_on: dt.date) -> None:
    if ends_on <= starts_on:
        raise InvalidInput(_("The term must end after it starts."), field="ends_on")
    try:
        limit = starts_on.replace(year=starts_on.year + MAX_TERM_YEARS)
    except ValueError:  # 29 February
        limit = starts_on.replace(year=starts_on.year + MAX_TERM_YEARS, day=28)
    if ends_on > limit:
        raise InvalidInput(_("A committee's term is at most 5 years."), field="ends_on")


def check_size(count: int, *, field: str) -> None:
    if count < 3 or count % 2 == 0:
        raise InvalidInput(
            _("An owners' committee has an odd number of members, at least 3; this one would have %(n)s.")
            % {"n": count}, field=field,
        )


def _committee_owners(compound, members) -> list[tuple[Owner, str]]:
    found = []
    for owner_id, role in members:
        owner = Owner.objects.filter(compound=compound, is_developer=False, units__isnull=False,
                                     pk=parse_id(owner_id)).distinct().first()
        if owner is None:
            raise InvalidInput(_("A committee member must be an owner of this compound."), field="members")
        if role not in CommitteeRole.values:
            raise InvalidInput(_("Choose a role for each member."), field="members")
        found.append((owner, role))
    if len({o.pk for o, _r in found}) != len(found):
        raise InvalidInput(_("Each owner sits on the committee once."), field="members")
    check_size(len(found), field="members")
    if sum(1 for _o, r in found if r == CommitteeRole.CHAIR) != 1:
        raise InvalidInput(_("The committee has one chair."), field="members")
    return found

