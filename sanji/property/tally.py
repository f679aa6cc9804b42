"""Count owners' votes exactly, as Civil Code art. 278 and the SPC interpretation on building ownership (arts. 8-9) say.

A pure module: no Django, no ORM. The CLI (``sanji tally``), the vote services and the tests share it.

Counting:

- an owner's area is the sum of the registered exclusive areas of the owner's units;
- owners are counted one per owner name, so a buyer holding several units counts once; every unit marked
  ``developer`` (unsold or undelivered) belongs to one owner, the developer, whatever name it is registered under,
  and a ballot naming any of those names is the developer's ballot;
- names and unit ids are compared with surrounding whitespace removed.

Thresholds, each compared as an exact ``Fraction`` (never a float):

- quorum: participating area >= 2/3 of the total area AND participating owners >= 2/3 of all owners, where an owner
  participates by casting any ballot, an abstention included ("以上" includes the bound);
- ``MAJORITY`` (matters 1-5 and 9): yes area > 1/2 of the participating area AND yes owners > 1/2 of the
  participating owners ("过半数" is strictly more than half);
- ``THREE_QUARTERS`` (matters 6-8): yes area >= 3/4 of the participating area AND yes owners >= 3/4 of the
  participating owners.

A matter passes when the quorum is met and both approvals are. Areas are summed as exact decimals, so a total keeps
the precision it was given in ("89.35" + "100.5" is "189.85").

Errors::

    ValueError
    └── InputRefused        (sanji.core.cli_io)
        └── TallyRefused    the matter, a unit or a ballot is malformed; the message names the first problem found
"""

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Context, Decimal, Inexact, InvalidOperation, Overflow, Rounded, localcontext
from fractions import Fraction

from sanji.core.cli_io import InputRefused, gettext_noop, quote

MAJORITY = "majority"
THREE_QUARTERS = "three_quarters"
CHOICES = ("yes", "no", "abstain")
# The developer's key: a name holding a control character is refused, so no owner's name can be this one.
DEVELOPER = "\x00developer"
MATTERS = range(1, 10)
MAX_AREA = Decimal(100_000_000)
MAX_PLACES = 4

QUORUM_SHARE = Fraction(2, 3)
MAJORITY_SHARE = Fraction(1, 2)
THREE_QUARTERS_SHARE = Fraction(3, 4)

_THREE_QUARTER_MATTERS = frozenset({6, 7, 8})
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
# Sums of areas below MAX_AREA with at most MAX_PLACES places stay far inside 60 digits; a trap makes sure.
_EXACT = Context(prec=60, traps=[InvalidOperation, Inexact, Rounded, Overflow])


class TallyRefused(InputRefused):
    """Refuse a malformed vote with one line of English naming the problem."""


@dataclass(frozen=True)
class Unit:
    """An exclusive unit: its id, registered area in m², owner's name, and whether the developer still holds it."""

    id: str
    area: Decimal
    owner: str
    developer: bool = False


@dataclass(frozen=True)
class Ballot:
    """One owner's vote: ``choice`` is ``"yes"``, ``"no"`` or ``"abstain"``."""

    owner: str
    choice: str


@dataclass(frozen=True)
class Check:
    """One of the four thresholds: ``numerator / denominator`` against ``threshold``.

    ``strict`` means "more than" (过半数); otherwise the bound itself is enough (以上).
    """

    name: str
    numerator: Decimal | int
    denominator: Decimal | int
    threshold: Fraction
    strict: bool
    met: bool

    @property
    def share(self) -> Fraction:
        """Return ``numerator / denominator`` as an exact fraction, 0 when the denominator is 0."""
        if not self.denominator:
            return Fraction(0)
        return Fraction(self.numerator) / Fraction(self.denominator)


@dataclass(frozen=True)
class Tally:
    """The count of one vote: totals, participation, each choice's area and owners, and the verdict."""

    matter: int
    rule: str
    total_area: Decimal
    total_owners: int
    participating_area: Decimal
    participating_owners: int
    yes_area: Decimal
    yes_owners: int
    no_area: Decimal
    no_owners: int
    abstain_area: Decimal
    abstain_owners: int
    quorum_met: bool
    passed: bool
    checks: tuple[Check, ...]

    def as_json(self) -> dict:
        """Return the summary ``sanji tally`` prints, areas as plain decimal strings."""
        return {
            "matter": self.matter,
            "rule": self.rule,
            "total_area": format(self.total_area, "f"),
            "total_owners": self.total_owners,
            "participating_area": format(self.participating_area, "f"),
            "participating_owners": self.participating_owners,
            "yes_area": format(self.yes_area, "f"),
            "yes_owners": self.yes_owners,
            "quorum_met": self.quorum_met,
            "passed": self.passed,
        }


def rule_for(matter: int) -> str:
    """Return the rule of ``matter`` (an item 1-9 of art. 278); refuse anything else."""
    if isinstance(matter, bool) or not isinstance(matter, int) or matter not in MATTERS:
        raise TallyRefused(
            gettext_noop("The matter must be a whole number from 1 to 9 (an item of Civil Code art. 278), "
                         "not %(value)s."),
            value=quote(Decimal(matter) if isinstance(matter, int) and not isinstance(matter, bool) else matter),
        )
    return THREE_QUARTERS if matter in _THREE_QUARTER_MATTERS else MAJORITY


def owners_of(units: Sequence[Unit]) -> dict[str, tuple[Decimal, int]]:
    """Return each owner's key with the owner's total area and number of units; refuse malformed units.

    A key is the owner's name without surrounding whitespace, or ``DEVELOPER`` for all developer units together.
    """
    return _electorate(units)[0]


def tally(matter: int, units: Sequence[Unit], ballots: Sequence[Ballot]) -> Tally:
    """Count ``ballots`` on ``matter`` among the owners of ``units``; refuse the first problem found."""
    rule = rule_for(matter)
    owners, key_of = _electorate(units)
    cast = _cast(ballots, key_of)
    with localcontext(_EXACT):
        total_area = sum((area for area, _ in owners.values()), Decimal(0))
        area_of = {choice: Decimal(0) for choice in CHOICES}
        owners_for = dict.fromkeys(CHOICES, 0)
        for key, choice in cast.items():
            area_of[choice] += owners[key][0]
            owners_for[choice] += 1
        participating_area = sum(area_of.values(), Decimal(0))
    participating_owners = len(cast)
    approval = MAJORITY_SHARE if rule == MAJORITY else THREE_QUARTERS_SHARE
    strict = rule == MAJORITY
    checks = (
        _check("quorum_area", participating_area, total_area, QUORUM_SHARE, strict=False),
        _check("quorum_owners", participating_owners, len(owners), QUORUM_SHARE, strict=False),
        _check("approval_area", area_of["yes"], participating_area, approval, strict=strict),
        _check("approval_owners", owners_for["yes"], participating_owners, approval, strict=strict),
    )
    quorum_met = checks[0].met and checks[1].met
    return Tally(
        matter=matter,
        rule=rule,
        total_area=total_area,
        total_owners=len(owners),
        participating_area=participating_area,
        participating_owners=participating_owners,
        yes_area=area_of["yes"],
        yes_owners=owners_for["yes"],
        no_area=area_of["no"],
        no_owners=owners_for["no"],
        abstain_area=area_of["abstain"],
        abstain_owners=owners_for["abstain"],
        quorum_met=quorum_met,
        passed=quorum_met and checks[2].met and checks[3].met,
        checks=checks,
    )


def _check(name: str, numerator, denominator, threshold: Fraction, *, strict: bool) -> Check:
    share = Fraction(numerator) / Fraction(denominator) if denominator else Fraction(0)
    met = share > threshold if strict else share >= threshold
    return Check(name, numerator, denominator, threshold, strict, met)


def _electorate(units: Sequence[Unit]) -> tuple[dict[str, tuple[Decimal, int]], dict[str, str]]:
    """Return the owners (key -> area, units) and each owner name's key; refuse malformed units."""
    if not units:
        raise TallyRefused(gettext_noop("There are no units: a vote needs at least one unit and its owner."))
    first_of: dict[str, int] = {}  # unit id -> its position
    key_of: dict[str, str] = {}  # owner name -> owner key
    named_at: dict[str, int] = {}  # owner name -> position of its first unit
    owners: dict[str, tuple[Decimal, int]] = {}
    with localcontext(_EXACT):
        for position, unit in enumerate(units):
            where = f"units[{position}]"
            unit_id, owner, developer, area = _checked_unit(unit, where)
            if unit_id in first_of:
                raise TallyRefused(
                    gettext_noop("%(where)s: the unit id %(unit)s is already used by units[%(first)s]."),
                    where=where, unit=quote(unit_id), first=first_of[unit_id],
                )
            first_of[unit_id] = position
            key = DEVELOPER if developer else owner
            if key_of.setdefault(owner, key) != key:
                raise TallyRefused(
                    gettext_noop(
                        "%(where)s (unit %(unit)s): owner %(owner)s is named on developer and non-developer units "
                        "(see units[%(first)s]); the developer's unsold units need a name of their own."
                    ),
                    where=where, unit=quote(unit_id), owner=quote(owner), first=named_at[owner],
                )
            named_at.setdefault(owner, position)
            held, count = owners.get(key, (Decimal(0), 0))
            owners[key] = (held + area, count + 1)
    return owners, key_of


def _checked_unit(unit: Unit, where: str) -> tuple[str, str, bool, Decimal]:
    """Return the unit's id and owner (stripped), developer flag and area; refuse the first bad field."""
    unit_id = unit.id
    if not isinstance(unit_id, str):
        raise TallyRefused(gettext_noop("%(where)s: the unit id must be a string, not %(value)s."),
                           where=where, value=quote(unit_id))
    unit_id = unit_id.strip()
    if not unit_id:
        raise TallyRefused(gettext_noop("%(where)s: the unit id is empty."), where=where)
    if _CONTROL.search(unit_id):
        raise TallyRefused(gettext_noop("%(where)s: the unit id %(unit)s holds a control character."),
                           where=where, unit=quote(unit_id))
    owner = unit.owner
    if not isinstance(owner, str):
        raise TallyRefused(gettext_noop("%(where)s (unit %(unit)s): the owner must be a string, not %(value)s."),
                           where=where, unit=quote(unit_id), value=quote(owner))
    owner = owner.strip()
    if not owner:
        raise TallyRefused(gettext_noop("%(where)s (unit %(unit)s): the owner is empty."),
                           where=where, unit=quote(unit_id))
    if _CONTROL.search(owner):
        raise TallyRefused(gettext_noop("%(where)s (unit %(unit)s): the owner %(owner)s holds a control character."),
                           where=where, unit=quote(unit_id), owner=quote(owner))
    if not isinstance(unit.developer, bool):
        raise TallyRefused(
            gettext_noop('%(where)s (unit %(unit)s): "developer" must be true or false, not %(value)s.'),
            where=where, unit=quote(unit_id), value=quote(unit.developer),
        )
    return unit_id, owner, unit.developer, _checked_area(unit.area, where, unit_id)


def _checked_area(area: object, where: str, unit_id: str) -> Decimal:
    """Return ``area`` as a ``Decimal``; refuse one that is not positive, finite, short and below ``MAX_AREA``."""
    if isinstance(area, int) and not isinstance(area, bool):
        area = Decimal(area)
    if not isinstance(area, Decimal):
        raise TallyRefused(
            gettext_noop("%(where)s (unit %(unit)s): the area must be a decimal number of m², not %(value)s."),
            where=where, unit=quote(unit_id), value=quote(area),
        )
    if not area.is_finite() or area <= 0:
        raise TallyRefused(
            gettext_noop("%(where)s (unit %(unit)s): the area must be a positive number of m², not %(value)s."),
            where=where, unit=quote(unit_id), value=quote(area),
        )
    if area.as_tuple().exponent < -MAX_PLACES:
        raise TallyRefused(
            gettext_noop("%(where)s (unit %(unit)s): the area %(value)s has more than %(places)s decimal places."),
            where=where, unit=quote(unit_id), value=quote(area), places=MAX_PLACES,
        )
    if area >= MAX_AREA:
        raise TallyRefused(
            gettext_noop("%(where)s (unit %(unit)s): the area %(value)s is too large; it must be below %(limit)s m²."),
            where=where, unit=quote(unit_id), value=quote(area), limit=MAX_AREA,
        )
    return area


def _cast(ballots: Sequence[Ballot], key_of: dict[str, str]) -> dict[str, str]:
    """Return each voting owner's key with the choice; refuse an unknown owner, a bad choice or a second ballot."""
    cast: dict[str, str] = {}
    cast_at: dict[str, tuple[int, str]] = {}  # owner key -> position and name of its ballot
    for position, ballot in enumerate(ballots):
        where = f"ballots[{position}]"
        owner = ballot.owner
        if not isinstance(owner, str):
            raise TallyRefused(gettext_noop("%(where)s: the owner must be a string, not %(value)s."),
                               where=where, value=quote(owner))
        owner = owner.strip()
        key = key_of.get(owner)
        if key is None:
            raise TallyRefused(gettext_noop("%(where)s names owner %(owner)s, who owns no unit."),
                               where=where, owner=quote(owner))
        choice = ballot.choice
        if not isinstance(choice, str) or choice not in CHOICES:
            raise TallyRefused(
                gettext_noop('%(where)s (owner %(owner)s): the choice must be "yes", "no" or "abstain", '
                             "not %(value)s."),
                where=where, owner=quote(owner), value=quote(choice),
            )
        if key in cast_at:
            first, first_name = cast_at[key]
            if key == DEVELOPER and first_name != owner:
                raise TallyRefused(
                    gettext_noop(
                        "%(where)s: %(owner)s holds developer units, and the developer already voted in "
                        "ballots[%(first)s] as %(first_owner)s; all developer units count as one owner."
                    ),
                    where=where, owner=quote(owner), first=first, first_owner=quote(first_name),
                )
            raise TallyRefused(gettext_noop("%(where)s: owner %(owner)s already voted in ballots[%(first)s]."),
                               where=where, owner=quote(owner), first=first)
        cast_at[key] = (position, owner)
        cast[key] = choice
    return cast
