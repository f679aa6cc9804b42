"""Which models the audit log follows, how each is placed in the area tree, and which fields never show values.

Followed: people (residents, party members, volunteers, claimers, logins, owners and units, cadres), roles (grants,
agency desks, owners' committee members, Django groups), wishes (the wish, its photos and volunteer hours), votes
(owners' votes, ballots, re-elections, candidates, objections), placements (batches, placements, logs, tasks,
evaluations) and settings (the area tree, compounds, party organisations, partner units, the duty catalogue, the
wish policies, the responsibility matrix, claimers' profiles, agencies, priority groups).

Left out on purpose: tables derived from others (the figures' rollups, ``PriorityHouseholds``, wish classes and
memberships, proposals and their pairs, a vote's frozen roll), event tables that are themselves a record with an
actor (``WishEvent``, ``VoteEvent``, ``ReelectionEvent``, ``BatchEvent``, ``Escalation``, ``ModeChange``,
``Adjustment``), a wish's ``Claim`` rows (a claim shows as the wish's ``holder`` changing), notices and API tokens.

``area`` is a lookup path from the row to an ``Area`` (``"community"``, ``"building__compound__community"``,
``"pk"`` for an area itself), or several tried in turn; ``None`` when the row belongs to no area (a login, the
catalogue).
"""

from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.db import models


@dataclass(frozen=True)
class Tracked:
    label: str
    area: str | tuple[str, ...] | None = None
    #: Only these fields are followed (None: every concrete field but ``exclude``).
    fields: tuple[str, ...] | None = None
    exclude: tuple[str, ...] = ()
    #: Fields whose values are never written (big or derived): only "changed".
    redact: tuple[str, ...] = ()
    m2m: tuple[str, ...] = ()


TRACKED: tuple[Tracked, ...] = (
    # people
    Tracked("core.User", fields=("username", "display_name", "first_name", "last_name", "email", "mobile",
                                 "is_active", "is_staff", "is_superuser", "password"),
            m2m=("groups", "user_permissions")),
    Tracked("core.Resident", area="community", exclude=("created_at",), m2m=("priority_groups",)),
    Tracked("core.PartyMember", area="reported_community"),
    Tracked("core.Volunteer", area="community"),
    Tracked("core.Claimer", area=("area", "member__reported_community", "party_org__area"), m2m=("service_areas",)),
    Tracked("property.Owner", area="compound__community"),
    Tracked("property.Unit", area="building__compound__community"),
    Tracked("cadres.Cadre"),  # the pool is the district's; where a cadre lives is not its place
    # roles
    Tracked("core.RoleGrant", area="area", exclude=("granted_at",)),
    Tracked("cadres.AgencyDesk"),
    Tracked("property.CommitteeTerm", area="compound__community"),
    Tracked("property.CommitteeMember", area="term__compound__community"),
    Tracked("auth.Group", m2m=("permissions",)),
    # wishes
    Tracked("wishes.Wish", area="community", exclude=("escalate_at",)),
    Tracked("wishes.WishPhoto", area="wish__community"),
    Tracked("wishes.WishVolunteer", area="wish__community", exclude=("recorded_at",)),
    # votes
    Tracked("property.OwnersVote", area="compound__community", redact=("result",)),
    Tracked("property.Ballot", area="vote__compound__community"),
    Tracked("property.Reelection", area="compound__community"),
    Tracked("property.Candidate", area="reelection__compound__community"),
    Tracked("property.Objection", area="reelection__compound__community"),
    # placements
    Tracked("cadres.Batch", exclude=("revision", "created_at")),
    Tracked("cadres.BatchCadre"),
    Tracked("cadres.BatchCommunity", area="community"),
    Tracked("cadres.Placement", area="community"),
    Tracked("cadres.LogEntry", area="placement__community", exclude=("created_at",)),
    Tracked("cadres.Task", area="placement__community"),
    Tracked("cadres.Evaluation", area="placement__community"),
    # settings
    Tracked("core.Area", area="pk", exclude=("path",)),
    Tracked("core.Compound", area="community"),
    Tracked("core.PartyOrg", area="area"),
    Tracked("core.PartnerUnit", m2m=("communities",)),
    Tracked("core.PriorityGroup"),
    Tracked("wishes.DutyCategory"),
    Tracked("wishes.DutyType"),
    Tracked("wishes.WishPolicy", area="area"),
    Tracked("dispatch.Responsibility"),
    Tracked("dispatch.ClaimerProfile", area="claimer__area", m2m=("duty_types",)),
    Tracked("cadres.Agency", m2m=("supervises",)),
)

#: Field names that hold personal data, whatever the model (``SANJI_AUDIT_PERSONAL_FIELDS`` replaces the set).
PERSONAL_FIELDS = frozenset({
    "phone", "mobile", "address", "id_number", "care_note", "email", "born_on", "password",
})
#: Name endings of fields derived from personal data (lookup hashes of a phone, an ID number...).
DERIVED_ENDINGS = ("_hash", "_digest", "_lookup")


def personal_names() -> frozenset:
    return frozenset(getattr(settings, "SANJI_AUDIT_PERSONAL_FIELDS", PERSONAL_FIELDS))


def is_personal(model_field, names: frozenset | None = None) -> bool:
    """Return True if the values of ``model_field`` must never be written to the log.

    A field is personal when its name is in the set, starts or ends with a name of the set (``phone_hash``,
    ``home_address``), ends like a lookup hash, or is an ``EncryptedTextField`` (``sanji.core.fields``; matched
    by class name, so that this module does not depend on it).
    """
    names = personal_names() if names is None else names
    name = model_field.name
    if name in names or name.endswith(DERIVED_ENDINGS):
        return True
    if any(name.startswith(f"{p}_") or name.endswith(f"_{p}") for p in names):
        return True
    return any(cls.__name__ == "EncryptedTextField" for cls in type(model_field).__mro__)


@dataclass(frozen=True)
class Spec:
    """A tracked model as the receivers use it: the fields to compare, by attribute name."""

    model: type
    tracked: Tracked
    #: (field name, attribute name, personal or redacted) of every followed concrete field.
    columns: tuple[tuple[str, str, bool], ...]
    #: Attribute names of followed fields whose values can change in place (JSON lists and dicts).
    mutable: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        return self.model._meta.label_lower


_specs: dict[type, Spec] = {}


def load() -> dict[type, Spec]:
    """Resolve ``TRACKED`` against the app registry (once) and return the specs by model class."""
    if _specs:
        return _specs
    names = personal_names()
    for tracked in TRACKED:
        model = apps.get_model(tracked.label)
        columns = []
        for f in model._meta.concrete_fields:
            if f.primary_key or f.name in tracked.exclude:
                continue
            if tracked.fields is not None and f.name not in tracked.fields:
                continue
            columns.append((f.name, f.attname, f.name in tracked.redact or is_personal(f, names)))
        mutable = tuple(attname for name, attname, _p in columns
                        if isinstance(model._meta.get_field(name), models.JSONField))
        _specs[model] = Spec(model=model, tracked=tracked, columns=tuple(columns), mutable=mutable)
    return _specs


def spec_of(model) -> Spec | None:
    return load().get(model)


def labels() -> list[str]:
    """Return the labels (``core.resident``) of the tracked models, for the search's choices."""
    return sorted(spec.label for spec in load().values())
