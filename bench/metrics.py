"""Benchmark the district and street dashboards read from the monthly rollups against a full scan; run by hand.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sanji_bench_metrics \\
        .venv/bin/python bench/metrics.py [--wishes 1000000] [--per-month 83334] [--keep] [--reuse] [--json]

Issue 7, item 5: the district dashboard must open in well under a second with 10 million wishes and 100
million events, because the monthly rollups (``sanji.wishes.models.rollups``) are kept incrementally and the
dashboard never scans the history. This script builds such a history, times the dashboard's selectors, computes
the same figures again from the wishes and their events, and checks that the two agree.

The database is the benchmark's own: its name must contain "bench". It is dropped and created afresh, and
dropped again at the end unless ``--keep``. ``--reuse`` times a database loaded earlier (and kept) again and
leaves it in place; if there is none, it loads one first.

The world: the district 370202 with 10 streets of 5 or 6 communities (``area_create``), the duty catalogue and
priority groups that the migrations seed, ``--wishes / 20`` residents spread unevenly over the communities (about
30 % of them in one or two priority groups), 20 volunteers per community, and 423 claimers of the five kinds
(``sanji.core.services``): the communities and streets, 8 agency party organisations, 20 partner units serving
3 to 6 communities each, and 6 party members reported to each community.

The history: ``--per-month`` wishes a month (by default 83,334, so 1 million wishes make 12 months and 10
million make 120), submitted in office hours, the last just before NOW (2026-11-28 10:00, Asia/Shanghai). Each
wish's life is drawn in Python with a seeded RNG, as the transitions would write it (``Life``): review within
2 days (5 % late), 6 % rejected, 4 % withdrawn, 1 % merged, a quarter dispatched (some declined or recalled),
claims within 7 days (15 % late), a promised date at most 30 days ahead (10 % fulfilled late), 2 % released
and claimed again, 3 % disputed and fulfilled again, 1 % answered by a project without a claim, follow-up
within 3 days, ratings 80 / 14 / 6 % satisfied / basically / unsatisfied. Photos, volunteer hours and
escalations (community -> street -> district, as the scan makes them at each missed deadline) are events that
keep the state. Every event carries the deadline after it (``due``). Wishes still under way at NOW stay in
their state, with escalations up to NOW and deadlines that may lie ahead. That makes about 10 events a wish.
Claims, notices, escalation rows and photo files are not written: nothing the dashboards read depends on them.

Wishes, events and volunteer hours are streamed with binary ``COPY`` on three connections while they are drawn;
the secondary indexes and constraints of those tables are dropped first and put back afterwards from their own
definitions. Each wish's contribution is computed as it is drawn (``wishes.facts.contribution``) and gathered
in a ``wishes.rollups.Pending``. As the history moves on, the months that no later wish can touch are copied
into the rollup tables, so memory stays bounded whatever ``--wishes``; the last months go through
``Pending.write``. The wishes still under way get their ``WishFact`` rows. Then ``VACUUM (ANALYZE)``, and a
check that every wish's columns agree with its state (and a sample's state with its last event).

Timed for the district and for its first street, over the last 12 months with no filter: the dashboard's
selectors ``wish_figures``, ``wish_figures_by_group``, ``open_by_child``, ``overdue_wishes``,
``household_coverage`` and ``member_service`` (one warm-up, then the median of 5), and the full scan
(``SCAN_SQL``: the definitions of ``wishes.facts`` written as SQL over every event of the slice, with
``work_mem`` at 256MB; the median of ``--scan-runs``, by default 3 up to 2 million wishes and 1 above). Every
figure of the scan must equal the rollups' figure, or the script prints the differences and exits 1: per child
area, per priority group and in total, the wishes submitted, rejected, withdrawn, escalated, fulfilled, rated
and satisfied, the response and resolution rates, member wishes and hours, the histogram and median of days
to fulfilment, and the households served.

Reported (``--json`` for a JSON document on stdout; progress goes to stderr): sizes, load times and rows per
second, rollup table rows, each selector's time and their sum, the scan's time, the ratio of the scan to the
history selectors (the four that read the rollups; the issue's target is 100x) and to the whole dashboard,
agreement, and peak memory (``ru_maxrss`` of this process; PostgreSQL's own memory is not in it).
"""

import argparse
import datetime as dt
import json
import os
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import psycopg
from psycopg import sql
from psycopg.types.json import Jsonb

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from escalate import (  # noqa: E402 (bench/escalate.py: the same database helpers and made-up names)
    GIVEN,
    STREET_NAMES,
    SURNAMES,
    TEXTS,
    admin_connection,
    database_settings,
    drop_database,
    peak_mb,
)

from sanji.wishes import facts  # noqa: E402 (pure: no ORM, so importable before django.setup())

UTC = dt.UTC
TZ_NAME = "Asia/Shanghai"
LOCAL = ZoneInfo(TZ_NAME)
#: Asia/Shanghai has kept UTC+8 without summer time since 1991, so local days are plain arithmetic.
LOCAL_OFFSET = 8 * 3600
MINUTE, HOUR, DAY = 60, 3600, 86400
NOW = dt.datetime(2026, 11, 28, 2, 0, tzinfo=UTC)  # 2026-11-28 10:00 in Asia/Shanghai
NOW_S = int(NOW.timestamp())
DISTRICT_CODE = "370202"
AGENCIES = [
    "区卫健局", "区教育和体育局", "区民政局", "区城市管理局", "区人社局", "区司法局", "区市场监管局", "区住建局",
]
PARTNER_KINDS = ["university", "company", "hospital", "soe", "other"]
CHANNELS = ["web", "web", "web", "visit", "visit", "hotline", "import"]
REJECT_REASON = "不属于微心愿范围，已转交相关部门"
FULFILMENT_NOTE = "已上门完成，居民现场确认"
PROJECT_NOTE = "由“一老一小”项目统一解决"
MEMBERS_PER_COMMUNITY = 6
VOLUNTEERS_PER_COMMUNITY = 20
#: Holders by kind (percent), as claimers of each kind take wishes in the pilot districts.
HOLDER_KINDS = [("member", 45), ("community", 20), ("partner_unit", 15), ("party_org", 10), ("street", 10)]
#: Default deadlines of domain.md §2 (days), as ``WishPolicy`` has them and no area overrides.
REVIEW, CLAIM, MAX_FULFIL, FOLLOWUP, REWORK, ESCALATION = 2 * DAY, 7 * DAY, 30 * DAY, 3 * DAY, 7 * DAY, 2 * DAY
SCAN_LAG = 5 * MINUTE  # the escalation scan runs every few minutes
NEXT_LEVEL = {"community": "street", "street": "district"}
ON_BOARD = ("published", "dispatched")
WORKING = ("claimed", "in_progress")
SATISFACTION = [("satisfied", 80), ("basically_satisfied", 14), ("unsatisfied", 6)]
TIMED_RUNS = 5
PERIOD_MONTHS = 12
SELECTORS = ["wish_figures", "wish_figures_by_group", "open_by_child", "overdue_wishes", "household_coverage",
             "member_service"]
#: The selectors whose figures come from the rollups (and so from the history); the other two read open wishes.
HISTORY_SELECTORS = ["wish_figures", "wish_figures_by_group", "household_coverage", "member_service"]
LOADED_TABLES = ["wishes_wish", "wishes_wishevent", "wishes_wishvolunteer"]
ROLLUP_TABLES = ["wishes_wishmonth", "wishes_wishfulfildays", "wishes_servedmonth", "wishes_wishfact"]
WISH_COLUMNS = [
    "id", "beneficiary_id", "community_id", "text", "duty_type_id", "channel", "promised_value", "needs_policy",
    "beneficiary_groups", "state", "state_changed_at", "holder_id", "dispatched_to_id", "review_due", "claim_due",
    "fulfil_due", "followup_due", "escalation_level", "escalated_at", "escalate_at", "reject_reason",
    "fulfilment_note", "satisfaction", "rating_note", "merged_into_id", "created_at", "published_at",
    "fulfilled_at", "closed_at",
]
EVENT_COLUMNS = ["id", "wish_id", "at", "action", "from_state", "to_state", "note", "due"]
VOLUNTEER_COLUMNS = ["wish_id", "volunteer_id", "hours", "recorded_at"]
FACT_COLUMNS = ["wish_id", "community_id", "duty_type", "groups", "contribution", "response_pending",
                "resolution_pending"]


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--wishes", type=int, default=1_000_000)
    parser.add_argument("--per-month", type=int, default=83_334, help="wishes submitted a month")
    parser.add_argument("--seed", type=int, default=20261128)
    parser.add_argument("--scan-runs", type=int, help="full scans timed (default: 3 up to 2M wishes, else 1)")
    parser.add_argument("--keep", action="store_true", help="leave the database in place at the end")
    parser.add_argument("--reuse", action="store_true", help="time an already loaded database again")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    args = parser.parse_args()
    if not 1_000 <= args.wishes <= 50_000_000:
        parser.error("--wishes must be between 1,000 and 50,000,000")
    if args.per_month < 1_000:
        parser.error("--per-month must be at least 1,000")
    db = database_settings()
    loaded = prepare_database(db, reuse=args.reuse)
    try:
        report = run(args, db, loaded)
    finally:
        from django.db import connections

        connections.close_all()
        if not (args.keep or args.reuse):
            drop_database(db)
            log(f"dropped database {db['NAME']}")
    print_report(report, as_json=args.json)
    if not report["agree"]:
        print_differences(report)
        sys.exit(1)


def prepare_database(db: dict, *, reuse: bool) -> dict | None:
    """Create the bench database afresh; with ``reuse``, return the stored load report of a loaded one instead."""
    with admin_connection(db) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [db["NAME"]]).fetchone()
        if exists and reuse:
            with connect(db) as bench:
                finished = bench.execute("SELECT to_regclass('bench_metrics_run') IS NOT NULL").fetchone()[0]
                stored = bench.execute("SELECT data FROM bench_metrics_run").fetchone() if finished else None
            if stored:
                return stored[0]
            log(f"{db['NAME']} holds no finished load; loading afresh")
        if exists:
            conn.execute(sql.SQL("DROP DATABASE {}").format(sql.Identifier(db["NAME"])))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(db["NAME"])))
    return None


def connect(db: dict, **kwargs) -> psycopg.Connection:
    return psycopg.connect(
        dbname=db["NAME"], user=db["USER"] or None, password=db["PASSWORD"] or None, host=db["HOST"] or None,
        port=db["PORT"] or None, **kwargs,
    )


def run(args, db: dict, loaded: dict | None) -> dict:
    os.environ["DJANGO_SETTINGS_MODULE"] = "sanji.settings"
    os.environ["CELERY_BROKER_URL"] = ""
    import django

    django.setup()
    from django.core.management import call_command

    if loaded is None:
        log(f"== metrics bench: loading {args.wishes:,} wishes, {args.per_month:,} a month, into {db['NAME']}")
        started = time.perf_counter()
        call_command("migrate", verbosity=0)
        load = {"migrate_s": round(time.perf_counter() - started, 1)}
        started = time.perf_counter()
        world = build_world(args.wishes, args.seed)
        load["world_s"] = round(time.perf_counter() - started, 1)
        load["world"] = world.summary
        load.update(load_history(args, db, world))
        with connect(db, autocommit=True) as conn:
            conn.execute("CREATE TABLE bench_metrics_run (data jsonb NOT NULL)")
            conn.execute("INSERT INTO bench_metrics_run VALUES (%s)", [Jsonb(load)])
    else:
        load = loaded
        if load["wishes"] != args.wishes:
            log(f"note: the database holds {load['wishes']:,} wishes (not --wishes {args.wishes:,}); timing those")
        log(f"== metrics bench: reusing {db['NAME']} ({load['wishes']:,} wishes)")
    report = {"database": db["NAME"], "now": NOW.astimezone(LOCAL).isoformat(), "load": load,
              "reused": loaded is not None}
    report.update(measure(args, load["wishes"]))
    report["peak_rss_mb"] = round(peak_mb())
    return report


# -- the world ---------------------------------------------------------------------------------------------------

class World:
    """The areas, people and claimers the wishes are drawn over (ids only)."""

    def __init__(self):
        self.communities: list[int] = []
        self.street_claimer: dict[int, int] = {}  # street -> claimer
        self.claimers: dict[int, dict[str, list[int]]] = {}  # community -> kind -> claimer ids
        self.volunteers: dict[int, list[int]] = {}  # community -> volunteer ids
        self.member_claimers: set[int] = set()
        self.duty_types: list[int] = []
        self.summary = ""
        # Residents are numbered 1..n in the order they are copied: their community and groups by index.
        self.first_resident = 1
        self.resident_community: list[int] = []
        self.resident_groups: list[str] = []


def build_world(wishes: int, seed: int) -> World:
    """Make the area tree, claimers and volunteers through the services; copy the residents."""
    import random

    from django.db import connection, transaction
    from django.db.models import Count

    from sanji.core import services as core
    from sanji.core.models import Area, Claimer, PriorityGroup, Volunteer
    from sanji.core.reference import ensure_priority_groups
    from sanji.wishes.models import DutyCategory, DutyType, WishPolicy
    from sanji.wishes.reference import ensure_catalogue

    rng = random.Random(seed)
    world = World()
    with transaction.atomic():
        ensure_priority_groups(PriorityGroup)  # the migrations load them; this only fills gaps
        ensure_catalogue(DutyCategory, DutyType, WishPolicy)
        district = core.area_create(name="市南区", level="district", code=DISTRICT_CODE)
        for s, street_name in enumerate(STREET_NAMES, start=1):
            street = core.area_create(name=street_name, level="street", parent=district, code=f"370202{s:03d}")
            world.street_claimer[street.pk] = Claimer.objects.get(area=street).pk
            for c in range(1, 6 + s % 2):
                community = core.area_create(name=f"{street_name[:-2]}第{c}社区", level="community", parent=street)
                world.communities.append(community.pk)
                world.claimers[community.pk] = {
                    "community": [Claimer.objects.get(area=community).pk], "street": [world.street_claimer[street.pk]],
                    "member": [], "partner_unit": [], "party_org": [],
                }
        areas = {a.pk: a for a in Area.objects.filter(pk__in=world.communities)}
        orgs = [core.party_org_create(name=name, kind="agency", area=district) for name in AGENCIES]
        agency_claimers = [o.claimer.pk for o in orgs]  # they serve the whole district
        for community_id in world.communities:
            world.claimers[community_id]["party_org"] = agency_claimers
            for m in range(MEMBERS_PER_COMMUNITY):
                member = core.member_report(name=person_name(community_id * 10 + m), party_org=orgs[m % len(orgs)],
                                            community=areas[community_id], occupation="机关干部")
                world.claimers[community_id]["member"].append(member.claimer.pk)
                world.member_claimers.add(member.claimer.pk)
        for u in range(20):
            served = rng.sample(world.communities, rng.randint(3, 6))
            unit = core.partner_unit_create(name=f"共建单位{u + 1:02d}", kind=PARTNER_KINDS[u % len(PARTNER_KINDS)],
                                            communities=[areas[c] for c in served], services="志愿服务")
            for community_id in served:
                world.claimers[community_id]["partner_unit"].append(unit.claimer.pk)
        volunteers = Volunteer.objects.bulk_create([
            Volunteer(name=person_name(v), community_id=community_id)
            for community_id in world.communities for v in range(VOLUNTEERS_PER_COMMUNITY)
        ])
        for v in volunteers:
            world.volunteers.setdefault(v.community_id, []).append(v.pk)
        world.duty_types = list(DutyType.objects.order_by("pk").values_list("pk", flat=True))
        groups = dict(PriorityGroup.objects.values_list("code", "pk"))
        residents = copy_residents(connection, world, max(wishes // 20, 100), groups, rng)
    claimers = ", ".join(f"{n} {kind}" for kind, n in Claimer.objects.values_list("kind").annotate(n=Count("pk"))
                         .order_by("-n"))
    world.summary = (f"1 district, {len(world.street_claimer)} streets, {len(world.communities)} communities, "
                     f"{residents:,} residents ({sum(1 for g in world.resident_groups if g):,} in priority groups), "
                     f"claimers: {claimers}; {len(volunteers):,} volunteers, {len(world.duty_types)} duty types")
    log(f"   world: {world.summary}")
    return world


def person_name(i: int) -> str:
    return SURNAMES[i % len(SURNAMES)] + GIVEN[(i // len(SURNAMES)) % len(GIVEN)]


def copy_residents(connection, world: World, n: int, groups: dict[str, int], rng) -> int:
    """Copy ``n`` residents, unevenly over the communities, about 30 % of them in one or two priority groups."""
    weights = [rng.uniform(0.6, 1.4) for _ in world.communities]
    codes = sorted(groups)
    created = NOW - dt.timedelta(days=3660)
    with connection.cursor() as cur:
        cur.execute("SELECT coalesce(max(id), 0) FROM core_resident")
        (first,) = cur.fetchone()
        raw = cur.connection
        with raw.cursor().copy("COPY core_resident (id, name, gender, phone, address, created_at, community_id) "
                               "FROM STDIN") as copy:
            for i in range(n):
                community_id = rng.choices(world.communities, weights)[0]
                copy.write_row((first + i + 1, person_name(i), ("male", "female")[i % 2], f"139{i:08d}",
                                f"{i % 40 + 1}号楼{i % 6 + 1}单元{i % 30 + 101}户", created, community_id))
                world.resident_community.append(community_id)
                chosen = rng.sample(codes, 1 if rng.random() < 0.7 else 2) if rng.random() < 0.3 else []
                world.resident_groups.append(f",{','.join(sorted(chosen))}," if chosen else "")
        with raw.cursor().copy("COPY core_resident_priority_groups (resident_id, prioritygroup_id) FROM STDIN") as copy:
            for i, text in enumerate(world.resident_groups):
                for code in text.strip(",").split(",") if text else ():
                    copy.write_row((first + i + 1, groups[code]))
        cur.execute("SELECT setval(pg_get_serial_sequence('core_resident', 'id'), %s)", [first + n])
    from sanji.core.services import priority_households_recount

    priority_households_recount()  # the register's counts, as the resident services keep them
    world.first_resident = first + 1
    interned = {}
    world.resident_groups = [interned.setdefault(g, g) for g in world.resident_groups]
    return n


# -- one wish's life ---------------------------------------------------------------------------------------------

class Stopped(Exception):
    """The wish's next transition would come after NOW: it stays where it is."""


def pick(rng, table) -> str:
    """Return a name from ``(name, weight)`` pairs."""
    point = rng.random() * sum(w for _n, w in table)
    for name, weight in table:
        point -= weight
        if point < 0:
            return name
    return table[-1][0]


class Life:
    """One wish's events and final columns, as ``wishes.transitions`` and the escalation scan would write them.

    Times are whole seconds since the epoch (UTC). ``advance(at)`` raises ``Stopped`` for a transition at or
    after NOW and first writes the escalations the scan would have made before ``at``; ``enter`` records a
    transition with the deadline of the new step (set by the caller before) as its ``due``.
    """

    __slots__ = ("rng", "created", "events", "state", "changed_at", "level", "escalated_at", "review_due",
                 "claim_due", "fulfil_due", "followup_due", "published_at", "fulfilled_at", "closed_at", "holder",
                 "dispatched_to", "satisfaction", "reject_reason", "fulfilment_note", "merged", "volunteers",
                 "claimers", "pool")

    def __init__(self, rng, created: int, claimers: dict[str, list[int]], pool: list[int]):
        self.rng, self.created, self.claimers, self.pool = rng, created, claimers, pool
        self.state, self.changed_at, self.level, self.escalated_at = "submitted", created, "community", None
        self.review_due = created + REVIEW
        self.claim_due = self.fulfil_due = self.followup_due = None
        self.published_at = self.fulfilled_at = self.closed_at = self.holder = self.dispatched_to = None
        self.satisfaction = self.reject_reason = self.fulfilment_note = ""
        self.merged = False
        self.volunteers = []  # (at, volunteer id, tenths of hours)
        self.events = [(created, "submit", "", "submitted", self.review_due, "")]

    def deadline(self) -> int | None:
        state = self.state
        if state == "submitted":
            return self.review_due
        if state in ON_BOARD:
            return self.claim_due
        if state in WORKING:
            return self.fulfil_due
        return self.followup_due if state == "fulfilled" else None

    def escalate_until(self, moment: int) -> None:
        while self.level in NEXT_LEVEL:
            due = self.deadline()
            if due is None:
                return
            at = (due if self.escalated_at is None else max(due, self.escalated_at + ESCALATION)) + SCAN_LAG
            if at >= moment:
                return
            self.level, self.escalated_at = NEXT_LEVEL[self.level], at
            self.events.append((at, f"escalate_{self.level}", self.state, self.state, due, ""))

    def escalate_at(self) -> int | None:
        due = self.deadline()
        if due is None or self.level not in NEXT_LEVEL:
            return None
        return due if self.escalated_at is None else max(due, self.escalated_at + ESCALATION)

    def advance(self, at: int) -> None:
        if at >= NOW_S:
            raise Stopped
        self.escalate_until(at)

    def enter(self, at: int, action: str, to_state: str, note: str = "") -> None:
        from_state, self.state, self.changed_at = self.state, to_state, at
        self.events.append((at, action, from_state, to_state, self.deadline(), note))

    def keep(self, at: int, action: str, note: str = "") -> None:
        """Record a change that keeps the state (photos, volunteer hours), if it comes before NOW."""
        if at < NOW_S:
            self.escalate_until(at)
            self.events.append((at, action, self.state, self.state, self.deadline(), note))

    def live(self) -> None:
        """Draw the wish's life from submission to its end, or to NOW."""
        try:
            self._review()
        except Stopped:
            self.escalate_until(NOW_S)
        self.events.sort(key=lambda e: e[0])

    def _review(self) -> None:
        rng, t = self.rng, self.created
        if rng.random() < 0.6:
            self.keep(t + rng.randint(MINUTE, 30 * MINUTE), "add_photos", "1")
        late = rng.random() < 0.05
        t += REVIEW + rng.randint(HOUR, 3 * DAY) if late else rng.randint(HOUR // 2, 40 * HOUR)
        outcome = pick(rng, [("reject", 6.0), ("withdraw", 1.0), ("merge", 0.6), ("dispatch", 23.1),
                             ("approve", 69.3)])
        self.advance(t)
        if outcome == "reject":
            self.reject_reason = REJECT_REASON
            return self.enter(t, "reject", "rejected", REJECT_REASON)
        if outcome in ("withdraw", "merge"):
            self.merged = outcome == "merge"
            return self.enter(t, outcome, "withdrawn" if outcome == "withdraw" else "merged")
        self.published_at, self.claim_due = t, t + CLAIM
        if outcome == "dispatch":
            self.dispatched_to = self._claimer()
            self.enter(t, "dispatch", "dispatched")
        else:
            self.enter(t, "approve", "published")
        self._board(t, first=True)

    def _claimer(self) -> int:
        ids = self.claimers[pick(self.rng, HOLDER_KINDS)] or self.claimers["community"]
        return ids[self.rng.randrange(len(ids))]

    def _board(self, t: int, *, first: bool) -> None:
        """The wish is on the board (published or dispatched) since ``t``, its claim due 7 days later."""
        rng = self.rng
        while True:
            choices = [("claim", 100.0), ("answer", 1.1)]
            if first:
                choices += [("withdraw", 2.0), ("merge", 0.4)]
            if self.state == "dispatched":
                choices += [("decline", 8.0), ("recall", 4.0)]
            choice = pick(rng, choices)
            if choice in ("decline", "recall"):
                t += rng.randint(2 * HOUR, 3 * DAY)
                self.advance(t)
                self.dispatched_to, self.claim_due = None, t + CLAIM
                self.enter(t, choice, "published", "人手不足")
                continue
            if choice in ("withdraw", "merge"):
                t += rng.randint(2 * HOUR, 6 * DAY)
                self.advance(t)
                self.dispatched_to, self.merged = None, choice == "merge"
                return self.enter(t, choice, "withdrawn" if choice == "withdraw" else "merged")
            if choice == "answer":
                t += rng.randint(DAY, 20 * DAY)
                self.advance(t)
                self.dispatched_to, self.fulfilled_at, self.followup_due = None, t, t + FOLLOWUP
                self.fulfilment_note = PROJECT_NOTE
                self.enter(t, "answer", "fulfilled", PROJECT_NOTE)
                return self._follow_up(t, may_dispute=False)
            if rng.random() < 0.15:
                t = self.claim_due + rng.randint(HOUR, 6 * DAY)
            else:
                t += min(int(rng.expovariate(1 / (1.2 * DAY))), CLAIM - HOUR) + MINUTE
            self.advance(t)
            self.holder = self.dispatched_to or self._claimer()
            self.dispatched_to = None
            self.fulfil_due = promised_date(rng, t)
            self.enter(t, "claim", "claimed")
            if self._work(t, first=first):
                return
            t, first = self.changed_at, False  # released: back on the board

    def _work(self, t: int, *, first: bool) -> bool:
        """Start, work and fulfil a claimed wish; return False if it was released back to the board."""
        rng = self.rng
        t += rng.randint(HOUR, 2 * DAY)
        self.advance(t)
        self.enter(t, "start", "in_progress")
        r = rng.random()
        if first and r < 0.035:
            t += rng.randint(DAY, 5 * DAY)
            self.advance(t)
            if r < 0.02:
                self.holder, self.claim_due, self.fulfil_due = None, t + CLAIM, None
                self.enter(t, "release", "published", "时间冲突，无法完成")
                return False
            self.holder = None
            self.enter(t, "withdraw", "withdrawn")
            return True
        done = self._fulfil_time(t, late_share=0.10)
        self._busy(t, done)
        self._fulfil(done)
        self._follow_up(done, may_dispute=True)
        return True

    def _fulfil_time(self, start: int, *, late_share: float) -> int:
        rng = self.rng
        if rng.random() < late_share:
            return self.fulfil_due + rng.randint(HOUR, 8 * DAY)
        room = self.fulfil_due - start
        if room <= 2 * HOUR:
            return start + rng.randint(MINUTE, max(room, 2 * MINUTE))
        return start + HOUR + int((room - 2 * HOUR) * rng.random() ** 1.3)

    def _busy(self, start: int, end: int) -> None:
        """Record progress photos and volunteer hours between ``start`` and ``end``."""
        rng = self.rng
        span = end - start
        keeps = []
        if rng.random() < 0.85:
            keeps += [(start + 1 + rng.randrange(span), "add_photos", "2") for _ in range(rng.randint(1, 4))]
        if rng.random() < 0.6:
            helped = {v for _at, v, _tenths in self.volunteers}  # once per wish (rework is by the same people)
            for volunteer in [v for v in rng.sample(self.pool, rng.randint(1, 4)) if v not in helped]:
                keeps.append((start + 1 + rng.randrange(span), "record_volunteer", volunteer))
        for at, action, what in sorted(keeps):
            if action == "record_volunteer":
                if at < NOW_S:
                    tenths = 5 * rng.randint(1, 12)
                    self.volunteers.append((at, what, tenths))
                    self.keep(at, action, f"志愿者 · {tenths / 10}")
            else:
                self.keep(at, action, what)

    def _fulfil(self, t: int) -> None:
        self.advance(t)
        self.fulfilled_at, self.followup_due, self.fulfilment_note = t, t + FOLLOWUP, FULFILMENT_NOTE
        self.enter(t, "fulfil", "fulfilled", FULFILMENT_NOTE)

    def _follow_up(self, t: int, *, may_dispute: bool) -> None:
        rng = self.rng
        if may_dispute and rng.random() < 0.03:
            t += rng.randint(2 * HOUR, 60 * HOUR)
            self.advance(t)
            self.fulfilled_at = self.followup_due = None
            self.fulfilment_note, self.fulfil_due = "", t + REWORK
            self.enter(t, "dispute", "in_progress", "还有一处没修好")
            done = self._fulfil_time(t, late_share=0.15)
            self._busy(t, done)
            self._fulfil(done)
            t = done
        if rng.random() < 0.07:
            t = self.followup_due + rng.randint(HOUR, 5 * DAY)
        else:
            t += rng.randint(HOUR, FOLLOWUP - HOUR)
        self.advance(t)
        self.satisfaction, self.closed_at, self.followup_due = pick(rng, SATISFACTION), t, None
        self.enter(t, "confirm", "closed")


def promised_date(rng, claimed: int) -> int:
    """Return the fulfilment deadline a claimer promises: the end of a local day 3 to 30 days ahead (70 %), or
    the policy's limit of 30 days when no date is given (30 %)."""
    if rng.random() < 0.3:
        return claimed + MAX_FULFIL
    days = 3 + int(rng.random() ** 2 * 27)
    local_day = (claimed + LOCAL_OFFSET) // DAY + days
    return (local_day + 1) * DAY - 1 - LOCAL_OFFSET


# -- the load ----------------------------------------------------------------------------------------------------

def column_types(conn: psycopg.Connection, table: str, columns: list[str]) -> list[str]:
    rows = dict(conn.execute(
        "SELECT a.attname, t.typname FROM pg_attribute AS a JOIN pg_type AS t ON t.oid = a.atttypid "
        "WHERE a.attrelid = %s::regclass AND a.attnum > 0 AND NOT a.attisdropped", [table]).fetchall())
    required = conn.execute(
        "SELECT a.attname FROM pg_attribute AS a LEFT JOIN pg_attrdef AS d ON d.adrelid = a.attrelid "
        "AND d.adnum = a.attnum WHERE a.attrelid = %s::regclass AND a.attnum > 0 AND NOT a.attisdropped "
        "AND a.attnotnull AND d.adbin IS NULL AND a.attidentity = ''", [table]).fetchall()
    missing = [name for (name,) in required if name not in columns]
    if missing:
        sys.exit(f"{table} has NOT NULL columns this script does not fill: {', '.join(missing)}")
    return [rows[c] for c in columns]


def open_copy(conn: psycopg.Connection, table: str, columns: list[str]):
    """Return a binary COPY into ``table`` (a context manager), its types set from the catalogue."""
    types = column_types(conn, table, columns)
    statement = sql.SQL("COPY {} ({}) FROM STDIN (FORMAT BINARY)").format(
        sql.Identifier(table), sql.SQL(", ").join(map(sql.Identifier, columns)))
    copy = conn.cursor().copy(statement)
    return copy, types


def loosen(conn: psycopg.Connection, tables: list[str]) -> list[str]:
    """Drop the foreign keys, unique constraints and secondary indexes of ``tables`` (not the primary keys);
    return the statements that put them back, indexes first, from the catalogue's own definitions."""
    indexes, constraints = [], []
    for table in tables:
        for name, definition in conn.execute(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = %s::regclass "
            "AND contype IN ('f', 'u') ORDER BY contype DESC, conname", [table]
        ).fetchall():
            constraints.append(sql.SQL("ALTER TABLE {} ADD CONSTRAINT {} {}").format(
                sql.Identifier(table), sql.Identifier(name), sql.SQL(definition)).as_string(conn))
            conn.execute(sql.SQL("ALTER TABLE {} DROP CONSTRAINT {}").format(sql.Identifier(table),
                                                                             sql.Identifier(name)))
        for name, definition in conn.execute(
            "SELECT c.relname, pg_get_indexdef(x.indexrelid) FROM pg_index AS x JOIN pg_class AS c "
            "ON c.oid = x.indexrelid WHERE x.indrelid = %s::regclass AND NOT x.indisprimary AND NOT EXISTS "
            "(SELECT 1 FROM pg_constraint AS k WHERE k.conindid = x.indexrelid) ORDER BY c.relname", [table]
        ).fetchall():
            indexes.append(definition)
            conn.execute(sql.SQL("DROP INDEX {}").format(sql.Identifier(name)))
    return indexes + constraints


def month_starts(first: int, last: int) -> list[tuple[int, dt.date]]:
    """Return (epoch second, date) of the start of every local month from ``first``'s to ``last``'s."""
    local = dt.datetime.fromtimestamp(first + LOCAL_OFFSET, UTC).date().replace(day=1)
    out = []
    while True:
        start = int(dt.datetime(local.year, local.month, 1, tzinfo=UTC).timestamp()) - LOCAL_OFFSET
        if start > last:
            return out
        out.append((start, local))
        local = (local + dt.timedelta(days=32)).replace(day=1)


class RollupCopier:
    """Copy the months of a ``Pending`` that no later wish can change into the rollup tables."""

    def __init__(self, conn: psycopg.Connection):
        self.conn = conn
        self.counters = list(facts.COUNTERS)
        self.tables = {
            "wishes_wishmonth": ["month", "community_id", "duty_type", "group", *self.counters],
            "wishes_wishfulfildays": ["month", "community_id", "duty_type", "group", "days", "wishes"],
            "wishes_servedmonth": ["resident_id", "month", "community_id", "wishes"],
        }

    def flush(self, pending, before: dt.date) -> None:
        """Move every entry of ``pending`` for a month before ``before`` into the tables."""
        months = [k for k in pending.months if k[0] < before]
        days = [k for k in pending.days if k[0] < before]
        served = [k for k in pending.served if k[1] < before]
        batches = {
            "wishes_wishmonth": [(*k, *(v.get(c, 0) for c in self.counters))
                                 for k in sorted(months) if any((v := pending.months.pop(k)).values())],
            "wishes_wishfulfildays": [(*k, n) for k in sorted(days) if (n := pending.days.pop(k))],
            "wishes_servedmonth": [(*k, n) for k in sorted(served) if (n := pending.served.pop(k))],
        }
        with self.conn.transaction():
            for table, rows in batches.items():
                if not rows:
                    continue
                copy_cm, types = open_copy(self.conn, table, self.tables[table])
                with copy_cm as copy:
                    copy.set_types(types)
                    for row in rows:
                        copy.write_row(row)


class HistoryWriter:
    """Write each drawn wish: its row, events and volunteer hours to the COPY streams, its contribution to the
    rollups (``Pending``, copied out month by month) and, while it is unfinished, its ``WishFact`` row."""

    def __init__(self, copies: dict, copier: RollupCopier, world: World, months: list[tuple[int, dt.date]]):
        from django.utils import timezone

        from sanji.wishes.rollups import Dims, Pending

        self.copies, self.copier, self.world, self.months = copies, copier, world, months
        self.dims, self.pending = Dims, Pending()
        self.tz = timezone.get_default_timezone()
        self.next_month = 1  # the index in ``months`` of the next month to start
        self.events = self.volunteers = 0
        self.states: dict[str, int] = {}
        self.facts = []  # bounded: only the wishes still under way at NOW
        self.values = [Decimal(20 + 5 * k) for k in range(97)]
        self.hours = {5 * k: Decimal(k) / 2 for k in range(1, 13)}

    def start_wish(self, created: int) -> None:
        """Copy out the months before ``created``'s: no wish made from now on can add to them."""
        while self.next_month < len(self.months) and created >= self.months[self.next_month][0]:
            self.copier.flush(self.pending, self.months[self.next_month][1])
            self.next_month += 1

    def write(self, wish_id: int, resident: int, duty_type: int | None, life: Life) -> None:
        world, to_dt = self.world, dt.datetime.fromtimestamp
        community, groups = world.resident_community[resident], world.resident_groups[resident]
        steps = []
        for at, action, from_state, to_state, due, note in life.events:
            self.events += 1
            at_dt, due_dt = to_dt(at, UTC), opt_dt(due)
            self.copies["events"].write_row((self.events, wish_id, at_dt, action, from_state, to_state, note, due_dt))
            steps.append(facts.Step(at_dt, action, to_state, due_dt))
        for at, volunteer, tenths in life.volunteers:
            self.copies["volunteers"].write_row((wish_id, volunteer, self.hours[tenths], to_dt(at, UTC)))
        self.volunteers += len(life.volunteers)
        by_member = life.holder in world.member_claimers
        contribution = facts.contribution(
            steps, satisfaction=life.satisfaction, by_member=by_member,
            member_tenth_hours=sum(t for _a, _v, t in life.volunteers) if by_member else 0,
            served_resident=world.first_resident + resident if groups else None, tz=self.tz,
        )
        self.pending.add(contribution, self.dims(community, duty_type or 0, tuple(g for g in groups.split(",") if g)))
        self.states[life.state] = self.states.get(life.state, 0) + 1
        if life.state not in facts.TERMINAL:
            self.facts.append((wish_id, community, duty_type or 0, groups, Jsonb(contribution.as_json()),
                               contribution.response_pending, contribution.resolution_pending))
        i = wish_id - 1
        self.copies["wishes"].write_row((
            wish_id, world.first_resident + resident, community, TEXTS[i % len(TEXTS)], duty_type,
            CHANNELS[i % len(CHANNELS)], self.values[i % 97] if i % 3 == 0 else None, i % 50 == 0, groups,
            life.state, to_dt(life.changed_at, UTC), life.holder, life.dispatched_to, opt_dt(life.review_due),
            opt_dt(life.claim_due), opt_dt(life.fulfil_due), opt_dt(life.followup_due), life.level,
            opt_dt(life.escalated_at), opt_dt(life.escalate_at()), life.reject_reason, life.fulfilment_note,
            life.satisfaction, "", i if life.merged and i else None, to_dt(life.created, UTC),
            opt_dt(life.published_at), opt_dt(life.fulfilled_at), opt_dt(life.closed_at),
        ))


def load_history(args, db: dict, world: World) -> dict:
    """Draw, copy and roll up the wishes; put the indexes back; VACUUM (ANALYZE). Return the load figures."""
    n = args.wishes
    span = n / args.per_month * 365.25 / 12 * DAY
    start = NOW_S - int(span)
    out = {"wishes": n, "per_month": args.per_month, "months": round(n / args.per_month, 1),
           "history": f"{dt.datetime.fromtimestamp(start, LOCAL):%Y-%m-%d} .. {NOW.astimezone(LOCAL):%Y-%m-%d %H:%M}"}
    started = time.perf_counter()
    with connect(db, autocommit=True) as admin:
        restore = loosen(admin, LOADED_TABLES)
    writer = draw_and_copy(args, db, world, start, span)
    generate = time.perf_counter() - started
    out.update(events=writer.events, volunteer_rows=writer.volunteers, states=dict(sorted(writer.states.items())),
               events_per_wish=round(writer.events / n, 2), generate_copy_s=round(generate, 1),
               rows_per_s=round((n + writer.events + writer.volunteers) / generate))
    log(f"   drew and copied {n:,} wishes, {writer.events:,} events, {writer.volunteers:,} volunteer rows in "
        f"{generate:.1f} s ({out['rows_per_s']:,} rows/s)")

    started = time.perf_counter()
    with connect(db, autocommit=True) as admin:
        admin.execute("SET maintenance_work_mem = '1GB'")
        for table, last in (("wishes_wish", n), ("wishes_wishevent", writer.events)):
            admin.execute("SELECT setval(pg_get_serial_sequence(%s, 'id'), %s)", [table, last])
        for statement in restore:
            admin.execute(statement)
    out["indexes_s"] = round(time.perf_counter() - started, 1)
    log(f"   put back {len(restore)} indexes and constraints in {out['indexes_s']} s")

    started = time.perf_counter()
    write_last_rollups(db, writer)
    out["rollups_last_s"] = round(time.perf_counter() - started, 1)
    with connect(db, autocommit=True) as admin:
        started = time.perf_counter()
        for table in [*LOADED_TABLES, *ROLLUP_TABLES, "core_resident"]:
            admin.execute(sql.SQL("VACUUM (ANALYZE) {}").format(sql.Identifier(table)))
        out["vacuum_analyze_s"] = round(time.perf_counter() - started, 1)
        out["rollup_rows"] = {table: admin.execute(sql.SQL("SELECT count(*) FROM {}").format(
            sql.Identifier(table))).fetchone()[0] for table in ROLLUP_TABLES}
        out["sizes"] = dict(admin.execute(
            "SELECT relname, pg_size_pretty(pg_total_relation_size(oid)) FROM pg_class WHERE relname = ANY(%s) "
            "ORDER BY relname", [[*LOADED_TABLES, *ROLLUP_TABLES]]).fetchall())
    out["load_s"] = round(sum(out[k] for k in ("generate_copy_s", "indexes_s", "rollups_last_s",
                                               "vacuum_analyze_s")), 1)
    log(f"   rollups: {out['rollup_rows']}; VACUUM (ANALYZE) {out['vacuum_analyze_s']} s")
    check_load(db)
    return out


def draw_and_copy(args, db: dict, world: World, start: int, span: float) -> HistoryWriter:
    """Draw ``args.wishes`` wishes made evenly over ``span`` seconds from ``start`` (in office hours) and stream
    them in, each table on its own connection (one COPY at a time per connection), committed at the end."""
    import random

    rng = random.Random(args.seed + 1)
    n = args.wishes
    conns = {name: connect(db) for name in ("wishes", "events", "volunteers", "rollups")}
    streams = [open_copy(conns[name], table, columns) for name, table, columns in (
        ("wishes", "wishes_wish", WISH_COLUMNS), ("events", "wishes_wishevent", EVENT_COLUMNS),
        ("volunteers", "wishes_wishvolunteer", VOLUNTEER_COLUMNS))]
    started = time.perf_counter()
    with streams[0][0] as wishes, streams[1][0] as events, streams[2][0] as volunteers:
        for copy, (_cm, types) in zip((wishes, events, volunteers), streams, strict=True):
            copy.set_types(types)
        copies = {"wishes": wishes, "events": events, "volunteers": volunteers}
        writer = HistoryWriter(copies, RollupCopier(conns["rollups"]), world, month_starts(start, NOW_S))
        for i in range(n):
            created = daytime(start + (i + rng.random()) * span / n)
            writer.start_wish(created)
            resident = rng.randrange(len(world.resident_community))
            duty_type = world.duty_types[rng.randrange(len(world.duty_types))] if rng.random() >= 0.05 else None
            community = world.resident_community[resident]
            life = Life(rng, created, world.claimers[community], world.volunteers[community])
            life.live()
            writer.write(i + 1, resident, duty_type, life)
            if (i + 1) % 500_000 == 0:
                log(f"   {i + 1:,} wishes, {writer.events:,} events ({(i + 1) / (time.perf_counter() - started):,.0f}"
                    f" wishes/s, {peak_mb():,.0f} MB peak)")
    for conn in conns.values():
        conn.commit()
        conn.close()
    return writer


def write_last_rollups(db: dict, writer: HistoryWriter) -> None:
    """Write the months still open at NOW through ``Pending.write`` (the platform's upsert) and copy the facts."""
    from django.db import transaction

    with transaction.atomic():
        writer.pending.write()
    with connect(db) as conn:
        copy_cm, types = open_copy(conn, "wishes_wishfact", FACT_COLUMNS)
        with copy_cm as copy:
            copy.set_types(types)
            for row in writer.facts:
                copy.write_row(row)


#: Wishes whose columns contradict their state (each count must be 0), and a sample whose last event does.
CHECK_SQL = """
SELECT count(*) FILTER (WHERE CASE state WHEN 'submitted' THEN review_due WHEN 'published' THEN claim_due
                                WHEN 'dispatched' THEN claim_due WHEN 'claimed' THEN fulfil_due
                                WHEN 'in_progress' THEN fulfil_due WHEN 'fulfilled' THEN followup_due
                                ELSE now() END IS NULL),
       count(*) FILTER (WHERE escalate_at IS NOT NULL
                        AND (state IN ('closed', 'rejected', 'withdrawn', 'merged') OR escalation_level = 'district')),
       count(*) FILTER (WHERE holder_id IS NOT NULL AND state NOT IN ('claimed', 'in_progress', 'fulfilled', 'closed')),
       count(*) FILTER (WHERE (dispatched_to_id IS NOT NULL) <> (state = 'dispatched')),
       count(*) FILTER (WHERE state = 'closed' AND (satisfaction = '' OR closed_at IS NULL OR fulfilled_at IS NULL)),
       count(*) FILTER (WHERE created_at > state_changed_at OR state_changed_at >= %(now)s),
       (SELECT count(*) FROM wishes_wish AS w WHERE w.id %% 997 = 0 AND w.state <> (
           SELECT e.to_state FROM wishes_wishevent AS e WHERE e.wish_id = w.id ORDER BY e.at DESC, e.id DESC LIMIT 1))
FROM wishes_wish
"""


def check_load(db: dict) -> None:
    """Stop unless every wish's columns agree with its state (and a sample's with its last event)."""
    with connect(db) as conn:
        counts = conn.execute(CHECK_SQL, {"now": NOW}).fetchone()
    names = ["open without its deadline", "escalate_at on a finished or district wish", "holder while not held",
             "dispatched_to not matching the state", "closed without rating or times", "times out of order",
             "state not the last event's (sample)"]
    problems = {name: n for name, n in zip(names, counts, strict=True) if n}
    if problems:
        sys.exit(f"the load is not what was meant: {problems}")


def daytime(moment: float) -> int:
    """Return ``moment`` moved into the office hours of its local day (7:30 to 20:30, and not past NOW), keeping
    the order of moments and the number of them a day."""
    local, now_local = moment + LOCAL_OFFSET, NOW_S + LOCAL_OFFSET
    day = local // DAY * DAY
    covered, opens = min(day + DAY, now_local) - day, day + 7.5 * HOUR
    closes = min(day + 20.5 * HOUR, now_local)
    return int(opens + (local - day) / covered * (closes - opens)) - LOCAL_OFFSET


def opt_dt(seconds: int | None) -> dt.datetime | None:
    return None if seconds is None else dt.datetime.fromtimestamp(seconds, UTC)


# -- the measurements --------------------------------------------------------------------------------------------

def in_period(column: str) -> str:
    """Return SQL that says the local month of ``column`` lies in the period (NULL when ``column`` is)."""
    return (f"(date_trunc('month', {column} AT TIME ZONE '{TZ_NAME}')::date "
            f"BETWEEN %(first)s::date AND %(last)s::date)")


def outcome(due: str, met: str) -> str:
    """Return SQL for ``facts._outcome``: met, missed, void or pending (NULL when there is no deadline)."""
    return (f"CASE WHEN {due} IS NULL THEN NULL WHEN {met} IS NOT NULL THEN "
            f"CASE WHEN {met} <= {due} THEN 'met' ELSE 'missed' END WHEN left_at IS NULL THEN 'pending' "
            f"WHEN left_at < {due} THEN 'void' ELSE 'missed' END")


def settled(kind: str) -> str:
    """Return SQL that says a deadline counts: in the period, and met, missed, or undecided but passed."""
    return (f"coalesce({in_period(f'{kind}_due')} AND ({kind} IN ('met', 'missed') "
            f"OR ({kind} = 'pending' AND {kind}_due <= %(now)s)), false)")


#: The full scan: each wish of the slice with all its events, the definitions of ``wishes.facts`` as SQL, one
#: row per wish that adds anything to the period (a temporary table the three figure queries read).
SCAN_SQL = f"""
CREATE TEMP TABLE bench_scan ON COMMIT DROP AS
WITH slice (community_id, child_id) AS (
    SELECT * FROM unnest(%(communities)s::bigint[], %(children)s::bigint[])
), history AS (
    SELECT s.child_id, w.id, w.state, w.satisfaction, w.beneficiary_id, w.beneficiary_groups AS groups,
           w.holder_id,
           min(e.at) AS submitted_at,
           count(*) FILTER (WHERE left(e.action, 9) = 'escalate_' AND {in_period('e.at')}) AS escalated,
           (array_agg(e.due ORDER BY e.at, e.id)
               FILTER (WHERE e.to_state IN ('published', 'dispatched') AND e.due IS NOT NULL))[1] AS response_due,
           (array_agg(e.due ORDER BY e.at, e.id)
               FILTER (WHERE e.to_state = 'claimed' AND e.due IS NOT NULL))[1] AS resolution_due,
           min(e.at) FILTER (WHERE e.to_state IN ('published', 'dispatched') OR e.action = 'answer') AS published_at,
           min(e.at) FILTER (WHERE e.to_state = 'claimed' OR e.action = 'answer') AS taken_up_at,
           max(e.at) FILTER (WHERE e.to_state = 'fulfilled' AND e.action IN ('fulfil', 'answer')) AS fulfilment_at,
           max(e.at) FILTER (WHERE e.action = 'confirm') AS rated_at,
           min(e.at) FILTER (WHERE e.to_state IN ('rejected', 'withdrawn', 'merged')) AS left_at,
           min(e.at) FILTER (WHERE e.to_state = 'rejected') AS rejected_at,
           min(e.at) FILTER (WHERE e.to_state = 'withdrawn') AS withdrawn_at
    FROM wishes_wish AS w
    JOIN slice AS s USING (community_id)
    JOIN wishes_wishevent AS e ON e.wish_id = w.id
    GROUP BY w.id, s.child_id
), standing AS (
    SELECT h.*, CASE WHEN h.state IN ('fulfilled', 'closed') THEN h.fulfilment_at END AS standing_at
    FROM history AS h
), outcomes AS (
    SELECT st.*, {outcome('response_due', 'taken_up_at')} AS response,
           {outcome('resolution_due', 'standing_at')} AS resolution,
           coalesce({in_period('standing_at')}, false) AS fulfilled,
           coalesce(c.kind = 'member', false) AS by_member
    FROM standing AS st LEFT JOIN core_claimer AS c ON c.id = st.holder_id
), figures AS (
    SELECT o.child_id, o.groups, o.beneficiary_id,
           coalesce({in_period('o.submitted_at')}, false) AS submitted,
           coalesce(o.rejected_at = o.left_at AND {in_period('o.left_at')}, false) AS rejected,
           coalesce(o.withdrawn_at = o.left_at AND {in_period('o.left_at')}, false) AS withdrawn,
           o.escalated,
           {settled('response')} AS response_due, {settled('response')} AND o.response = 'met' AS response_met,
           {settled('resolution')} AS resolution_due,
           {settled('resolution')} AND o.resolution = 'met' AS resolution_met,
           o.fulfilled,
           CASE WHEN o.fulfilled THEN (o.standing_at AT TIME ZONE '{TZ_NAME}')::date
               - (coalesce(o.published_at, o.standing_at) AT TIME ZONE '{TZ_NAME}')::date END AS days,
           coalesce(o.satisfaction <> '' AND {in_period('o.rated_at')}, false) AS rated,
           coalesce(o.satisfaction IN ('satisfied', 'basically_satisfied') AND {in_period('o.rated_at')}, false)
               AS satisfied,
           o.fulfilled AND o.by_member AS member_fulfilled,
           CASE WHEN o.fulfilled AND o.by_member THEN
               (SELECT coalesce((sum(v.hours) * 10)::bigint, 0) FROM wishes_wishvolunteer AS v WHERE v.wish_id = o.id)
           ELSE 0 END AS member_tenth_hours,
           o.fulfilled AND o.groups <> '' AS served
    FROM outcomes AS o
)
SELECT * FROM figures
WHERE submitted OR rejected OR withdrawn OR escalated > 0 OR response_due OR resolution_due OR fulfilled OR rated
"""

COUNTS_SQL = """
    count(*) FILTER (WHERE submitted), count(*) FILTER (WHERE rejected), count(*) FILTER (WHERE withdrawn),
    coalesce(sum(escalated), 0), count(*) FILTER (WHERE response_due), count(*) FILTER (WHERE response_met),
    count(*) FILTER (WHERE resolution_due), count(*) FILTER (WHERE resolution_met), count(*) FILTER (WHERE fulfilled),
    count(*) FILTER (WHERE rated), count(*) FILTER (WHERE satisfied), count(*) FILTER (WHERE member_fulfilled),
    coalesce(sum(member_tenth_hours), 0)
"""
COUNT_NAMES = ["submitted", "rejected", "withdrawn", "escalated", "response_due", "response_met", "resolution_due",
               "resolution_met", "fulfilled", "rated", "satisfied", "member_fulfilled", "member_tenth_hours"]
SCAN_FIGURES_SQL = f"""
SELECT grouping(child_id) = 1, child_id, {COUNTS_SQL},
       percentile_cont(0.5) WITHIN GROUP (ORDER BY days) FILTER (WHERE fulfilled),
       count(DISTINCT beneficiary_id) FILTER (WHERE served)
FROM bench_scan GROUP BY GROUPING SETS ((child_id), ())
"""
SCAN_GROUPS_SQL = f"""
SELECT g.code, {COUNTS_SQL}
FROM bench_scan CROSS JOIN LATERAL unnest(string_to_array(trim(BOTH ',' FROM groups), ',')) AS g (code)
WHERE groups <> '' GROUP BY g.code
"""
SCAN_DAYS_SQL = """
SELECT grouping(child_id) = 1, child_id, days, count(*)
FROM bench_scan WHERE fulfilled GROUP BY GROUPING SETS ((child_id, days), (days))
"""


def measure(args, wishes: int) -> dict:
    """Time the selectors and the scan for the district and its first street; compare their figures."""
    from sanji.core.models import Area
    from sanji.insights.period import Period, add_months, month_of
    from sanji.insights.selectors.wishes import Slice

    district = Area.objects.get(code=DISTRICT_CODE)
    street = Area.objects.filter(parent=district).order_by("pk").first()
    last = month_of(NOW)
    period = Period(add_months(last, 1 - PERIOD_MONTHS), last)
    runs = args.scan_runs or (3 if wishes <= 2_000_000 else 1)
    out = {"period": period.label(), "scan_runs": runs, "scopes": {}, "agree": True}
    for label, area in (("district", district), ("street", street)):
        log(f"-- {label} {area.name}: selectors ({TIMED_RUNS} timed runs after a warm-up)")
        slice_ = Slice(area, period)
        selector_ms, rollup = time_selectors(slice_)
        log(f"-- {label}: full scan ({runs} run(s))")
        scan_ms, scan = time_scan(slice_, area, runs)
        differences = compare(rollup, scan)
        history_ms = sum(selector_ms[name] for name in HISTORY_SELECTORS)
        dashboard_ms = sum(selector_ms.values())
        out["scopes"][label] = {
            "area": area.name, "communities": len(slice_.communities()), "selectors_ms": selector_ms,
            "history_selectors_ms": round(history_ms, 2), "dashboard_ms": round(dashboard_ms, 2),
            "scan_ms": round(scan_ms, 1), "scan_over_history": round(scan_ms / history_ms),
            "scan_over_dashboard": round(scan_ms / dashboard_ms), "target_100x_met": scan_ms >= 100 * history_ms,
            "figures_compared": count_figures(rollup),
            "agree": not differences, "differences": differences[:40], "headline": headline(rollup),
        }
        out["agree"] = out["agree"] and not differences
        log(f"   {label}: dashboard {dashboard_ms:.1f} ms (history selectors {history_ms:.1f} ms), scan "
            f"{scan_ms:,.0f} ms, agree {'yes' if not differences else 'NO'}")
    return out


def time_selectors(slice_) -> tuple[dict[str, float], dict]:
    """Return each selector's median time (ms) and the figures they give, in the comparable shape."""
    from sanji.insights.selectors.standing import (
        household_coverage,
        member_service,
        open_by_child,
        overdue_wishes,
    )
    from sanji.insights.selectors.wishes import wish_figures, wish_figures_by_group

    calls = {
        "wish_figures": lambda: wish_figures(slice_, now=NOW),
        "wish_figures_by_group": lambda: wish_figures_by_group(slice_, now=NOW),
        "open_by_child": lambda: open_by_child(slice_, now=NOW),
        "overdue_wishes": lambda: overdue_wishes(slice_, now=NOW),
        "household_coverage": lambda: household_coverage(slice_),
        "member_service": lambda: member_service(slice_),
    }
    timings, results = {}, {}
    for name, call in calls.items():
        results[name] = call()
        runs = []
        for _ in range(TIMED_RUNS):
            started = time.perf_counter()
            call()
            runs.append(time.perf_counter() - started)
        timings[name] = round(statistics.median(runs) * 1000, 2)
    return timings, rollup_figures(results)


def cell(counters) -> dict[str, int]:
    """Return a ``Counters`` as the dashboard shows it (rates by their settled numerator and denominator)."""
    values = {name: counters[name] for name in COUNT_NAMES}
    values["response_met"], values["response_due"] = counters.response.numerator, counters.response.denominator
    values["resolution_met"], values["resolution_due"] = (counters.resolution.numerator,
                                                          counters.resolution.denominator)
    return values


def rollup_figures(results: dict) -> dict:
    figures = results["wish_figures"]
    out = {"total": cell(figures.total)}
    out.update({f"child {child}": cell(c) for child, c in figures.by_child.items()})
    out.update({f"group {group}": cell(c) for group, c in results["wish_figures_by_group"].items()})
    out["days total"] = dict(figures.fulfil_days)
    out.update({f"days child {child}": dict(days) for child, days in figures.fulfil_days_by_child.items()})
    out["median"] = {"total": figures.median_days}
    out["median"].update({str(child): figures.child_median_days(child) for child in figures.fulfil_days_by_child})
    out["households served"] = {"total": results["household_coverage"].numerator}
    members = results["member_service"]
    out["member service"] = {"wishes": members.wishes, "tenth_hours": int(members.hours * 10)}
    return out


def time_scan(slice_, area, runs: int) -> tuple[float, dict]:
    """Run the full scan ``runs`` times; return its median time (ms) and its figures in the comparable shape."""
    from django.db import connection, transaction

    communities = slice_.communities()
    ids = sorted(communities)
    children = [communities[c].parent_id if area.level == "district" else c for c in ids]
    params = {"communities": ids, "children": children, "first": slice_.period.first, "last": slice_.period.last,
              "now": NOW}
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        with transaction.atomic(), connection.cursor() as cur:
            cur.execute("SET LOCAL work_mem = '256MB'")
            cur.execute(SCAN_SQL, params)
            cur.execute(SCAN_FIGURES_SQL)
            figures = cur.fetchall()
            cur.execute(SCAN_GROUPS_SQL)
            groups = cur.fetchall()
            cur.execute(SCAN_DAYS_SQL)
            days = cur.fetchall()
        timings.append(time.perf_counter() - started)
    out = {"median": {}, "households served": {}, "member service": {}}
    for is_total, child, *rest in figures:
        counts, median, served = rest[:len(COUNT_NAMES)], rest[len(COUNT_NAMES)], rest[len(COUNT_NAMES) + 1]
        key = "total" if is_total else f"child {child}"
        out[key] = dict(zip(COUNT_NAMES, map(int, counts), strict=True))
        out["median"]["total" if is_total else str(child)] = None if median is None else Decimal(str(median))
        if is_total:
            out["households served"]["total"] = served
            out["member service"] = {"wishes": out[key]["member_fulfilled"],
                                     "tenth_hours": out[key]["member_tenth_hours"]}
    for code, *counts in groups:
        out[f"group {code}"] = dict(zip(COUNT_NAMES, map(int, counts), strict=True))
    for is_total, child, days_, n in days:
        out.setdefault("days total" if is_total else f"days child {child}", {})[days_] = n
    return statistics.median(timings) * 1000, out


def normal(values: dict) -> dict:
    return {k: v for k, v in values.items() if v not in (0, None)}


def compare(rollup: dict, scan: dict) -> list[str]:
    """Return a line for every figure that differs between the rollups and the scan (zero and absent agree)."""
    differences = []
    for key in sorted(rollup.keys() | scan.keys()):
        mine, theirs = normal(rollup.get(key, {})), normal(scan.get(key, {}))
        for name in sorted(mine.keys() | theirs.keys(), key=str):
            if mine.get(name) != theirs.get(name):
                differences.append(f"{key} / {name}: rollups {mine.get(name)} != scan {theirs.get(name)}")
    return differences


def count_figures(rollup: dict) -> int:
    return sum(len(values) for values in rollup.values())


def headline(rollup: dict) -> dict:
    """Return the slice's main figures, to show that the comparison is about real numbers."""
    total = rollup["total"]

    def rate(met: str, due: str) -> str:
        return f"{total[met]:,}/{total[due]:,} = {total[met] / total[due]:.1%}" if total[due] else "-"

    return {
        "submitted": total["submitted"], "fulfilled": total["fulfilled"], "escalated": total["escalated"],
        "response": rate("response_met", "response_due"), "resolution": rate("resolution_met", "resolution_due"),
        "satisfaction": rate("satisfied", "rated"), "median_days": str(rollup["median"]["total"]),
        "households_served": rollup["households served"]["total"],
    }


# -- the report --------------------------------------------------------------------------------------------------

def print_report(report: dict, *, as_json: bool) -> None:
    if as_json:
        print(json.dumps(report, ensure_ascii=False, indent=2, default=str))
        return
    load = report["load"]
    print(f"\n== dashboards from rollups vs a full scan: {load['wishes']:,} wishes, {load['events']:,} events "
          f"({load['events_per_wish']} a wish), {load['months']} months ({load['history']})")
    print(f"database {report['database']} ({'reused' if report['reused'] else 'loaded now'}), now {report['now']}, "
          f"period {report['period']}")
    print(f"world: {load['world']}")
    print(f"states at now: {', '.join(f'{k} {v:,}' for k, v in load['states'].items())}")
    print(f"load: {load['load_s']} s = draw+COPY {load['generate_copy_s']} s ({load['rows_per_s']:,} rows/s, "
          f"{load['volunteer_rows']:,} volunteer rows) + indexes {load['indexes_s']} s + last rollups "
          f"{load['rollups_last_s']} s + VACUUM ANALYZE {load['vacuum_analyze_s']} s  (migrate {load['migrate_s']} s,"
          f" world {load['world_s']} s)")
    print("rollup rows: " + ", ".join(f"{k.removeprefix('wishes_')} {v:,}" for k, v in load["rollup_rows"].items()))
    print("sizes: " + ", ".join(f"{k.removeprefix('wishes_')} {v}" for k, v in load["sizes"].items()))
    scopes = report["scopes"]
    print(f"\n{'ms (median)':<24}" + "".join(f"{label:>14}" for label in scopes))
    for name in SELECTORS:
        print(f"{name:<24}" + "".join(f"{s['selectors_ms'][name]:>14.1f}" for s in scopes.values()))
    for what, key in (("history selectors", "history_selectors_ms"), ("whole dashboard", "dashboard_ms"),
                      (f"full scan (x{report['scan_runs']})", "scan_ms")):
        print(f"{what:<24}" + "".join(f"{s[key]:>14,.1f}" for s in scopes.values()))
    print(f"{'scan / history':<24}" + "".join(f"{s['scan_over_history']:>13,}x" for s in scopes.values()))
    print(f"{'scan / dashboard':<24}" + "".join(f"{s['scan_over_dashboard']:>13,}x" for s in scopes.values()))
    print(f"{'target 100x (history)':<24}" + "".join(f"{'met' if s['target_100x_met'] else 'NOT met':>14}"
                                                    for s in scopes.values()))
    print(f"{'figures compared':<24}" + "".join(f"{s['figures_compared']:>14,}" for s in scopes.values()))
    print(f"{'agree':<24}" + "".join(f"{'yes' if s['agree'] else 'NO':>14}" for s in scopes.values()))
    for label, scope in scopes.items():
        print(f"{label} ({scope['area']}, {scope['communities']} communities): "
              + ", ".join(f"{k} {v:,}" if isinstance(v, int) else f"{k} {v}" for k, v in scope["headline"].items()))
    print(f"peak RSS of this script: {report['peak_rss_mb']:,} MB")


def print_differences(report: dict) -> None:
    for label, scope in report["scopes"].items():
        if scope["differences"]:
            print(f"!! {label}: the rollups and the scan differ:", file=sys.stderr)
            for line in scope["differences"]:
                print(f"   {line}", file=sys.stderr)


if __name__ == "__main__":
    main()
