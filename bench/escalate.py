"""Benchmark the escalation scan (``sanji.dispatch.escalation.escalate_overdue``) on PostgreSQL; run by hand.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sanji_bench \\
        .venv/bin/python bench/escalate.py [--wishes 1000000] [--due-share 0.01] [--keep] [--profile]

The database is the benchmark's own: its name must contain "bench". It is created if missing; an existing one is
dropped and created afresh (the cleanest wipe of earlier bench rows) unless ``--keep``, which also leaves it in
place at the end for a look with psql. Without ``--keep`` it is dropped when the run ends.

The world: one district, 10 streets with 7 to 9 communities each, 6 grids per community (all made through
``area_create``, so paths and claimers are right), 40 residents per community, a street officer on 7 of the 10
streets, two district admins, and a 3-day escalation policy on two streets. Wishes are written by one
``INSERT ... SELECT FROM generate_series``; every wish also gets its "submit" event, and wishes that sit at the
street or district level get the escalation rows that brought them there.

Of the wishes, 12 % are open (submitted, published, dispatched, claimed, in progress, fulfilled, each with the due
column of its step set) and the rest closed, rejected or withdrawn (``escalate_at`` NULL). ``--due-share`` of all
wishes (exactly, rounded) are open and past ``escalate_at`` at the benchmark's ``now``: 85 % of them watched by
their community (they go to the street), 15 % already at the street (they go to the district). Every other open
wish escalates later, within its step's length (2 days to review, 7 to claim, 30 to fulfil, 3 to follow up), or,
at the district level, never.

Reported: load times; the first scan (wishes escalated, seconds, statements and their share of the time); a
second scan at the same ``now`` (must escalate nothing: the no-op cost); EXPLAIN ANALYZE of the scan's selecting
query, built as ``_escalate_chunk`` builds it, at ``now`` and at ``now + 3 days``; the rows written (escalations,
wish events, notices, against what one digest per chunk, street or district and person would give); peak memory
(``ru_maxrss`` of this process; PostgreSQL's own memory is not in it). ``--profile`` runs the first scan under
cProfile and prints where its time goes.
"""

import argparse
import cProfile
import datetime as dt
import os
import pstats
import re
import resource
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import dj_database_url
import psycopg
from psycopg import sql

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

#: Share of all wishes still open; the rest are closed, rejected or withdrawn.
OPEN_SHARE = 0.12
#: Open states with their weights (percent of open wishes) and the length of their step in days.
OPEN_STATES = [
    ("submitted", 12, 2), ("published", 20, 7), ("dispatched", 4, 7),
    ("claimed", 16, 30), ("in_progress", 28, 30), ("fulfilled", 20, 3),
]
FINISHED_STATES = [("closed", 88), ("rejected", 7), ("withdrawn", 5)]
STREET_NAMES = [
    "八大关街道", "湛山街道", "八大湖街道", "金门路街道", "珠海路街道",
    "香港中路街道", "江苏路街道", "八大峡街道", "云南路街道", "中山路街道",
]
GRIDS_PER_COMMUNITY = 6
RESIDENTS_PER_COMMUNITY = 40
OFFICER_STREETS = 7  # streets 1-7 have a street officer; escalations to streets 8-10 tell nobody
SLOW_POLICY_STREETS = (1, 4)  # these streets give an escalated level 3 days instead of the default 2
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
GIVEN = ["秀英", "桂兰", "志强", "建国", "玉兰", "淑珍", "国华", "海燕", "明", "伟", "丽", "军"]
TEXTS = [
    "家里水龙头漏水，想请人帮忙修一下", "希望有人陪我去医院复查", "孙子数学跟不上，想找志愿者辅导",
    "楼道灯坏了很久，晚上上下楼不方便", "想学用智能手机视频通话", "腿脚不便，想请人帮忙买米面油",
    "家里燃气灶打不着火", "想申请一台轮椅", "孩子暑假想参加书法兴趣班", "邻里噪音纠纷，希望社区调解",
]
PLAN_LINES = 30
REJECT_REASON = "不属于微心愿范围，已转交相关部门"
FULFILMENT_NOTE = "已上门完成，居民现场确认"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--wishes", type=int, default=1_000_000)
    parser.add_argument("--due-share", type=float, default=0.01, help="share of all wishes past due at now")
    parser.add_argument("--keep", action="store_true", help="keep earlier bench rows and the database")
    parser.add_argument("--profile", action="store_true", help="run the first scan under cProfile")
    args = parser.parse_args()
    if args.wishes < 1 or args.wishes >= 2_654_435_761:
        parser.error("--wishes must be between 1 and 2,654,435,760")
    if not 0 <= args.due_share <= OPEN_SHARE:
        parser.error(f"--due-share must be between 0 and {OPEN_SHARE} (the share of open wishes)")

    db = database_settings()
    created = prepare_database(db, wipe=not args.keep)
    try:
        run(args, created)
    finally:
        if not args.keep:
            from django.db import connections

            connections.close_all()
            drop_database(db)
            print(f"dropped database {db['NAME']}")


def database_settings() -> dict:
    """Return the parsed DATABASE_URL; refuse anything but a PostgreSQL database named for benchmarks."""
    url = os.environ.get("DATABASE_URL", "")
    if not url:
        sys.exit("Set DATABASE_URL, e.g. postgres://postgres@127.0.0.1:5432/sanji_bench")
    db = dj_database_url.parse(url)
    if db["ENGINE"] != "django.db.backends.postgresql":
        sys.exit(f"DATABASE_URL must point at PostgreSQL, not {db['ENGINE']}")
    if "bench" not in db["NAME"]:
        sys.exit(f"refusing database {db['NAME']!r}: this script drops it; use a name containing 'bench'")
    return db


def admin_connection(db: dict) -> psycopg.Connection:
    return psycopg.connect(
        dbname="postgres", user=db["USER"] or None, password=db["PASSWORD"] or None, host=db["HOST"] or None,
        port=db["PORT"] or None, autocommit=True,
    )


def prepare_database(db: dict, *, wipe: bool) -> bool:
    """Create the bench database (afresh when ``wipe``); return True if it was created now."""
    with admin_connection(db) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [db["NAME"]]).fetchone()
        if exists and not wipe:
            return False
        if exists:
            conn.execute(sql.SQL("DROP DATABASE {}").format(sql.Identifier(db["NAME"])))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(db["NAME"])))
    return True


def drop_database(db: dict) -> None:
    with admin_connection(db) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(db["NAME"])))


@dataclass
class Figures:
    """What the run measured, for the summary table."""

    rows: list = field(default_factory=list)

    def add(self, what: str, value: str) -> None:
        self.rows.append((what, value))
        print(f"   {what:<44} {value}")


class StatementClock:
    """Count the SQL statements run through Django and the time spent in them (commits not included), in all and
    per kind of statement ("INSERT wishes_wishevent")."""

    TABLE = re.compile(r'(?:FROM|INTO|UPDATE)\s+"?(\w+)')

    def __init__(self):
        self.count = 0
        self.seconds = 0.0
        self.by_kind = defaultdict(lambda: [0, 0.0])

    def __call__(self, execute, sql_text, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql_text, params, many, context)
        finally:
            elapsed = time.perf_counter() - started
            self.count += 1
            self.seconds += elapsed
            table = self.TABLE.search(sql_text)
            kind = self.by_kind[f"{sql_text.split(None, 1)[0]} {table.group(1) if table else ''}".strip()]
            kind[0] += 1
            kind[1] += elapsed

    def print_kinds(self) -> None:
        for kind, (count, seconds) in sorted(self.by_kind.items(), key=lambda item: -item[1][1]):
            print(f"      {kind:<40} {count:>4} x  {seconds:6.3f} s")


def run(args, created: bool) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "sanji.settings"
    os.environ["CELERY_BROKER_URL"] = ""  # never hand a benchmark's notices to a real worker
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    figures = Figures()
    print(f"== escalation scan: {args.wishes:,} wishes, due share {args.due_share}, "
          f"database {connection.settings_dict['NAME']} ({'new' if created else 'kept'})")
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    figures.add("migrate", f"{time.perf_counter() - started:.1f} s")

    now = timezone.now().replace(microsecond=0)
    tag = now.strftime("%Y%m%d%H%M%S")
    started = time.perf_counter()
    world = build_world(tag)
    figures.add("world (areas, residents, users, grants)",
                f"{time.perf_counter() - started:.1f} s: {world.summary}")

    due_target = round(args.wishes * args.due_share)
    after, timings = load_wishes(args.wishes, due_target, now, world)
    for what, seconds in timings:
        figures.add(what, f"{seconds:.1f} s")
    check_load(after, args.wishes, due_target, round(args.wishes * OPEN_SHARE), now)
    sizes = table_sizes()
    figures.add("wishes_wish size (heap / wish_escalate_at)", sizes)

    scan_and_report(now, figures, profile=args.profile)
    print_summary(figures, args)


@dataclass
class World:
    community_count: int
    resident_ids: list
    duty_type_ids: list
    summary: str


def build_world(tag: str) -> World:
    """Make the area tree, residents, responsible people and policies (areas and grants through services)."""
    from django.db import transaction

    from sanji.core import services as core
    from sanji.core.models import Area, Resident, Role
    from sanji.core.models.users import User
    from sanji.wishes.models import DutyType, WishPolicy

    with transaction.atomic():
        district = core.area_create(name=f"市南区（基准{tag}）", level="district")
        residents = []
        community_count = grid_count = 0
        for s, street_name in enumerate(STREET_NAMES, start=1):
            street = core.area_create(name=street_name, level="street", parent=district)
            if s in SLOW_POLICY_STREETS:
                policy = WishPolicy(area=street, escalation_days=3)
                policy.full_clean()
                policy.save()
            if s <= OFFICER_STREETS:
                officer = core.user_create(username=f"bench-{tag}-street-{s}", display_name=f"{street_name}干部")
                if s % 2:  # half of the officers are also told by email
                    User.objects.filter(pk=officer.pk).update(email=f"street{s}@bench.invalid")
                core.role_grant(user=officer, role=Role.STREET_OFFICER, area=street)
            for c in range(1, 8 + s % 3):
                community = core.area_create(name=f"{street_name[:-2]}第{c}社区", level="community", parent=street)
                community_count += 1
                grids = [core.area_create(name=f"第{k}网格", level="grid", parent=community)
                         for k in range(1, GRIDS_PER_COMMUNITY + 1)]
                grid_count += len(grids)
                residents += [
                    Resident(name=person_name(len(residents) + r), gender=("male", "female")[r % 2],
                             phone=f"139{len(residents) + r:08d}", address=f"{c}号楼{r % 6 + 1}单元{r % 30 + 101}户",
                             community=community, grid=grids[r % len(grids)])
                    for r in range(RESIDENTS_PER_COMMUNITY)
                ]
        for k, email, mobile in ((1, "district@bench.invalid", "13800000000"), (2, "", "")):
            admin = core.user_create(username=f"bench-{tag}-district-{k}", display_name=f"区管理员{k}")
            User.objects.filter(pk=admin.pk).update(email=email, mobile=mobile)
            core.role_grant(user=admin, role=Role.DISTRICT_ADMIN, area=district)
        Resident.objects.bulk_create(residents, batch_size=2000)
    areas = Area.objects.filter(path__startswith=district.path).count()
    return World(
        community_count=community_count,
        resident_ids=[r.pk for r in residents],
        duty_type_ids=list(DutyType.objects.order_by("pk").values_list("pk", flat=True)),
        summary=f"{areas} areas ({community_count} communities, {grid_count} grids), {len(residents):,} residents, "
                f"{OFFICER_STREETS} street officers, 2 district admins",
    )


def person_name(i: int) -> str:
    return SURNAMES[i % len(SURNAMES)] + GIVEN[(i // len(SURNAMES)) % len(GIVEN)]


def _case(column: str, pairs, default: str = "NULL") -> str:
    """Return ``CASE column WHEN 'key' THEN value ... END`` from trusted constants."""
    whens = " ".join(f"WHEN '{key}' THEN {value}" for key, value in pairs)
    return f"CASE {column} {whens} ELSE {default} END"


def _weighted(column: str, weighted) -> str:
    """Return a CASE picking a name by ``column`` (0..99) from (name, weight) pairs whose weights sum to 100."""
    limit, whens = 0, []
    for name, weight in weighted:
        limit += weight
        whens.append(f"WHEN {column} < {limit} THEN '{name}'")
    assert limit == 100, weighted
    return f"CASE {' '.join(whens)} END"


OPEN = "('submitted', 'published', 'dispatched', 'claimed', 'in_progress', 'fulfilled')"
HELD = "('claimed', 'in_progress', 'fulfilled', 'closed')"

# Layer by layer: pick each wish's person, state, level and whether it is due (h < due: due; h < open: open;
# h = g * prime mod n is a permutation of 0..n-1, so the due and open counts are exact and spread over the ids);
# then when it escalated, its step's deadline and escalate_at; then when it was made and changed.
WISHES_SQL = f"""
INSERT INTO wishes_wish (
    beneficiary_id, community_id, grid_id, text, duty_type_id, channel, promised_value, needs_policy,
    state, state_changed_at, holder_id, dispatched_to_id, review_due, claim_due, fulfil_due, followup_due,
    escalation_level, escalated_at, escalate_at, reject_reason, fulfilment_note, satisfaction, rating_note,
    created_at, published_at, fulfilled_at, closed_at
)
SELECT
    t.resident_id, t.community_id, t.grid_id,
    (%(texts)s::text[])[1 + t.g %% %(n_texts)s],
    (%(duty_types)s::bigint[])[1 + (t.g * 31) %% %(n_duty_types)s],
    (ARRAY['web', 'web', 'web', 'visit', 'visit', 'hotline', 'import'])[1 + (t.g * 17) %% 7],
    CASE WHEN t.g %% 3 = 0 THEN round((20 + t.u3 * 480)::numeric, 2) END,
    t.g %% 50 = 0,
    t.state, t.changed_at,
    CASE WHEN t.state IN {HELD} THEN CASE WHEN t.g %% 10 = 0 THEN t.street_claimer_id ELSE t.claimer_id END END,
    CASE WHEN t.state = 'dispatched' THEN t.claimer_id END,
    CASE WHEN t.state = 'submitted' THEN t.deadline ELSE t.created_at + interval '2 days' END,
    CASE WHEN t.state IN ('published', 'dispatched') THEN t.deadline
         WHEN t.state IN {HELD} THEN t.published_at + interval '7 days' END,
    CASE WHEN t.state IN ('claimed', 'in_progress') THEN t.deadline
         WHEN t.state IN ('fulfilled', 'closed') THEN t.published_at + interval '14 days' END,
    CASE WHEN t.state = 'fulfilled' THEN t.deadline END,
    t.level,
    CASE WHEN t.open THEN t.escalated_at
         WHEN t.level <> 'community' THEN t.created_at + (t.changed_at - t.created_at) / 2 END,
    CASE WHEN t.level = 'community' AND t.open THEN t.deadline ELSE t.street_escalate_at END,
    CASE WHEN t.state = 'rejected' THEN %(reject_reason)s ELSE '' END,
    CASE WHEN t.state IN ('fulfilled', 'closed') THEN %(fulfilment_note)s ELSE '' END,
    CASE WHEN t.state <> 'closed' THEN '' WHEN t.u2 < 0.8 THEN 'satisfied'
         WHEN t.u2 < 0.97 THEN 'basically_satisfied' ELSE 'unsatisfied' END,
    '',
    t.created_at, t.published_at,
    CASE WHEN t.state = 'fulfilled' THEN t.changed_at
         WHEN t.state = 'closed' THEN t.changed_at - (t.changed_at - t.created_at) / 4 END,
    CASE WHEN t.state = 'closed' THEN t.changed_at END
FROM (
    SELECT c.*,
           CASE WHEN c.state IN ('published', 'dispatched') THEN c.changed_at
                WHEN c.state IN {HELD} THEN c.created_at + (c.changed_at - c.created_at) / 4 END AS published_at
    FROM (
        SELECT d.*,
               d.changed_at - CASE WHEN d.state = 'submitted' THEN interval '0'
                                   ELSE interval '1 day' * (1 + 20 * d.u3) END AS created_at
        FROM (
            SELECT e.*,
                   CASE WHEN e.open THEN least(e.deadline - interval '1 day' * e.step_days,
                                               %(now)s - interval '1 minute')
                        ELSE %(now)s - interval '1 day' * (1 + 700 * e.u1) END AS changed_at
            FROM (
                SELECT l.*,
                       CASE WHEN NOT l.open THEN NULL
                            WHEN l.level <> 'community' THEN l.escalated_at - interval '1 minute'
                                 - interval '1 day' * (5 * l.u2 + CASE WHEN l.level = 'district'
                                                                       THEN l.esc_days ELSE 0 END)
                            WHEN l.due THEN %(now)s - interval '1 minute' - interval '1 day' * 20 * l.u1
                            ELSE %(now)s + interval '1 minute' + interval '1 day' * l.step_days * l.u1
                       END AS deadline,
                       CASE WHEN NOT l.open OR l.level = 'district' THEN NULL
                            WHEN l.level = 'street' THEN l.escalated_at + interval '1 day' * l.esc_days
                       END AS street_escalate_at
                FROM (
                    SELECT s.*,
                           {_case("s.state", [(name, days) for name, _w, days in OPEN_STATES], "0")} AS step_days,
                           CASE WHEN s.level = 'community' THEN NULL
                                WHEN NOT s.open THEN NULL  -- set below, between made and closed
                                WHEN s.level = 'district' THEN %(now)s - interval '1 day' * 20 * s.u1
                                WHEN s.due THEN %(now)s - interval '1 minute'
                                     - interval '1 day' * (s.esc_days + 10 * s.u1)
                                ELSE %(now)s - interval '1 day' * (s.esc_days - 0.01) * s.u1
                           END AS escalated_at
                    FROM (
                        SELECT p.*, q.g, q.h < %(due)s AS due, q.h < %(open)s AS open, q.u1, q.u2, q.u3,
                               CASE WHEN q.h < %(open)s THEN {_weighted("q.g %% 100", [s[:2] for s in OPEN_STATES])}
                                    ELSE {_weighted("q.g %% 100", FINISHED_STATES)} END AS state,
                               CASE WHEN (q.g / 100) %% 100 < 85 THEN 'community'
                                    WHEN q.h < %(due)s OR (q.g / 100) %% 100 < 97 THEN 'street'
                                    ELSE 'district' END AS level
                        FROM (
                            SELECT g, (g * 2654435761::bigint) %% %(n)s AS h,
                                   1 + (g * 7919::bigint) %% %(people)s AS person,
                                   random() AS u1, random() AS u2, random() AS u3
                            FROM generate_series(1, %(n)s) AS g
                        ) AS q
                        JOIN bench_people AS p ON p.n = q.person
                    ) AS s
                ) AS l
            ) AS e
        ) AS d
    ) AS c
) AS t
"""

PEOPLE_SQL = """
CREATE TEMP TABLE bench_people ON COMMIT DROP AS
SELECT row_number() OVER (ORDER BY r.id) AS n, r.id AS resident_id, r.community_id, r.grid_id,
       cc.id AS claimer_id, sc.id AS street_claimer_id,
       coalesce(sp.escalation_days, dp.escalation_days) AS esc_days
FROM core_resident AS r
JOIN core_area AS c ON c.id = r.community_id
JOIN core_claimer AS cc ON cc.area_id = c.id
JOIN core_claimer AS sc ON sc.area_id = c.parent_id
LEFT JOIN wishes_wishpolicy AS sp ON sp.area_id = c.parent_id
CROSS JOIN (SELECT escalation_days FROM wishes_wishpolicy WHERE area_id IS NULL) AS dp
WHERE r.id = ANY(%(residents)s)
"""

EVENTS_SQL = """
INSERT INTO wishes_wishevent (wish_id, actor_id, at, action, from_state, to_state, note)
SELECT id, NULL, created_at, 'submit', '', 'submitted', '' FROM wishes_wish WHERE id > %(after)s
"""

PAST_ESCALATIONS_SQL = f"""
INSERT INTO dispatch_escalation (wish_id, from_level, to_level, step, due_at, at)
SELECT w.id, lv.from_level, lv.to_level,
       coalesce({_case("w.state", [("submitted", "'review'"), ("published", "'claim'"), ("dispatched", "'claim'"),
                                    ("fulfilled", "'followup'")])}, 'fulfil'),
       lv.at - interval '1 hour', lv.at
FROM wishes_wish AS w
CROSS JOIN LATERAL (
    VALUES ('community', 'street', w.escalated_at - CASE WHEN w.escalation_level = 'district'
                                                         THEN interval '2 days' ELSE interval '0' END),
           ('street', 'district', w.escalated_at)
) AS lv (from_level, to_level, at)
WHERE w.id > %(after)s AND w.escalation_level <> 'community'
  AND (lv.to_level = 'street' OR w.escalation_level = 'district')
"""

# The columns of wishes_wish that must be given a value: NOT NULL and without a database default.
REQUIRED_COLUMNS_SQL = """
SELECT column_name FROM information_schema.columns
WHERE table_name = 'wishes_wish' AND is_nullable = 'NO' AND column_default IS NULL AND column_name <> 'id'
"""


def load_wishes(n: int, due: int, now: dt.datetime, world: World) -> tuple[int, list[tuple[str, float]]]:
    """Write the wishes, their events and past escalations set-based; VACUUM ANALYZE.

    Return the largest wish id before the load and the timings.
    """
    from django.db import connection, transaction

    open_n = round(n * OPEN_SHARE)
    timings = []
    with connection.cursor() as cur:
        cur.execute(REQUIRED_COLUMNS_SQL)
        insert_columns = {c.strip() for c in WISHES_SQL.split("(", 1)[1].split(")", 1)[0].split(",")}
        missing = [c for (c,) in cur.fetchall() if c not in insert_columns]
        if missing:
            sys.exit(f"wishes_wish has NOT NULL columns this script does not fill: {', '.join(missing)}")
        cur.execute("SELECT coalesce(max(id), 0) FROM wishes_wish")
        (after,) = cur.fetchone()

    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cur:
        unchecked = _fast_load(cur)
        cur.execute(PEOPLE_SQL, {"residents": world.resident_ids})
        cur.execute("ALTER TABLE bench_people ADD PRIMARY KEY (n)")
        cur.execute("ANALYZE bench_people")
        cur.execute("SELECT count(*) FROM bench_people")
        (people,) = cur.fetchone()
        cur.execute("SELECT setseed(0.42)")
        cur.execute(WISHES_SQL, {
            "n": n, "due": due, "open": open_n, "now": now, "people": people,
            "texts": TEXTS, "n_texts": len(TEXTS), "duty_types": world.duty_type_ids,
            "n_duty_types": len(world.duty_type_ids),
            "reject_reason": REJECT_REASON, "fulfilment_note": FULFILMENT_NOTE,
        })
    fk_note = ", foreign keys not re-checked" if unchecked else ""
    timings.append((f"insert {n:,} wishes (INSERT ... SELECT{fk_note})", time.perf_counter() - started))

    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cur:
        _fast_load(cur)
        cur.execute(EVENTS_SQL, {"after": after})
        events = cur.rowcount
        cur.execute(PAST_ESCALATIONS_SQL, {"after": after})
        past = cur.rowcount
    timings.append((f"insert {events:,} submit events, {past:,} past escalations", time.perf_counter() - started))

    started = time.perf_counter()
    with connection.cursor() as cur:
        for table in ("wishes_wish", "wishes_wishevent", "dispatch_escalation", "notices_notice"):
            cur.execute(f"VACUUM (ANALYZE) {table}")
    timings.append(("VACUUM (ANALYZE)", time.perf_counter() - started))
    timings.append(("load in all (wishes + events + vacuum)", sum(s for _w, s in timings)))
    return after, timings


def _fast_load(cur) -> bool:
    """Set up the current transaction for a bulk load; return True if foreign keys go unchecked.

    JIT is turned off: on the nested CASEs it costs more than it saves (about 10 s per 200,000 rows measured).
    A superuser also skips the foreign-key triggers (about 30 s per million wishes): every id written comes from a
    join with existing rows, so the checks could not fail.
    """
    cur.execute("SET LOCAL jit = off")
    cur.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
    (superuser,) = cur.fetchone()
    if superuser:
        cur.execute("SET LOCAL session_replication_role = replica")
    return superuser


def check_load(after: int, n: int, due: int, open_n: int, now: dt.datetime) -> None:
    """Stop unless the loaded wishes have the intended counts and a consistent escalate_at."""
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute(f"""
            SELECT count(*),
                   count(*) FILTER (WHERE state IN {OPEN}),
                   count(*) FILTER (WHERE escalate_at <= %(now)s),
                   count(*) FILTER (WHERE escalate_at IS NOT NULL AND (state NOT IN {OPEN}
                                    OR escalation_level = 'district')),
                   count(*) FILTER (WHERE state IN {OPEN} AND {_case("state", [
                       (name, field) for name, field in (("submitted", "review_due"), ("published", "claim_due"),
                                                         ("dispatched", "claim_due"), ("claimed", "fulfil_due"),
                                                         ("in_progress", "fulfil_due"), ("fulfilled", "followup_due"))
                   ])} IS NULL),
                   count(*) FILTER (WHERE created_at > state_changed_at OR state_changed_at > %(now)s)
            FROM wishes_wish WHERE id > %(after)s
        """, {"now": now, "after": after})
        total, open_, due_, bad_escalate, no_deadline, bad_times = cur.fetchone()
        cur.execute("SELECT state, escalation_level, count(*) FROM wishes_wish WHERE id > %s "
                    "GROUP BY 1, 2 ORDER BY 3 DESC", [after])
        mix = cur.fetchall()
    print(f"   loaded {total:,} wishes: {open_:,} open, {due_:,} due at now")
    print("   state x level: " + ", ".join(f"{s}/{lv} {c:,}" for s, lv, c in mix))
    problems = {
        "count": total != n, "open": open_ != open_n, "due": due_ != due, "escalate_at on a closed or district "
        "wish": bad_escalate, "open wish without its deadline": no_deadline, "times out of order": bad_times,
    }
    if any(problems.values()):
        sys.exit(f"the load is not what was meant: {problems}")


def table_sizes() -> str:
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("SELECT pg_size_pretty(pg_relation_size('wishes_wish')), "
                    "pg_size_pretty(pg_relation_size('wish_escalate_at')), "
                    "(SELECT count(*) FROM wishes_wish WHERE escalate_at IS NOT NULL)")
        heap, index, entries = cur.fetchone()
    return f"{heap} / {index} ({entries:,} index entries)"


def written_counts() -> dict[str, int]:
    from sanji.dispatch.models import Escalation
    from sanji.notices.models import Notice
    from sanji.wishes.models import WishEvent

    return {
        "escalations": Escalation.objects.count(),
        "escalate events": WishEvent.objects.filter(action__startswith="escalate_").count(),
        "notices": Notice.objects.filter(kind="wish_escalated").count(),
    }


# One digest per chunk, target (street or district above the wish) and responsible person, on each of the
# person's channels: what the scan would write if every chunk's digests were kept.
EXPECTED_NOTICES_SQL = """
WITH due AS (
    SELECT w.escalation_level, a.path,
           (row_number() OVER (ORDER BY w.escalate_at, w.id) - 1) / %(chunk)s AS chunk_no
    FROM wishes_wish AS w JOIN core_area AS a ON a.id = w.community_id
    WHERE w.escalate_at <= %(now)s AND w.escalation_level IN ('community', 'street')
), told AS (
    SELECT DISTINCT d.chunk_no, g.area_id, g.user_id
    FROM due AS d
    JOIN core_area AS t ON d.path LIKE t.path || '%%'
         AND t.level = CASE d.escalation_level WHEN 'community' THEN 'street' ELSE 'district' END
    JOIN core_rolegrant AS g ON g.area_id = t.id
         AND g.role = CASE t.level WHEN 'street' THEN 'street_officer' ELSE 'district_admin' END
)
SELECT coalesce(sum(1 + (u.email <> '')::int + (u.mobile <> '')::int), 0),
       coalesce(sum(1 + (u.email <> '')::int + (u.mobile <> '')::int) FILTER (WHERE told.chunk_no = 0), 0),
       (SELECT count(*) FROM due), (SELECT count(DISTINCT chunk_no) FROM due)
FROM told JOIN core_user AS u ON u.id = told.user_id AND u.is_active
"""


def scan_and_report(now: dt.datetime, figures: Figures, *, profile: bool) -> None:
    from django.db import connection

    from sanji.dispatch.escalation import CHUNK, escalate_overdue

    with connection.cursor() as cur:
        cur.execute(EXPECTED_NOTICES_SQL, {"now": now, "chunk": CHUNK})
        expected_notices, first_chunk_notices, due, chunks = cur.fetchone()
    before = written_counts()
    peak_before = peak_mb()
    print(f"-- first scan at now = {now.isoformat()}: {due:,} due, {chunks} chunk(s) of {CHUNK:,}")

    statements = StatementClock()
    profiler = cProfile.Profile() if profile else None
    with connection.execute_wrapper(statements):
        started = time.perf_counter()
        if profiler:
            profiler.enable()
        moved = escalate_overdue(now=now)
        if profiler:
            profiler.disable()
        first = time.perf_counter() - started
    figures.add("first scan: escalated", f"{moved:,} of {due:,} due")
    figures.add("first scan: time", f"{first:.2f} s ({statements.count} statements, "
                                    f"{statements.seconds:.2f} s in them, {first - statements.seconds:.2f} s else)")
    statements.print_kinds()
    if moved != due:
        print(f"   !! the scan escalated {moved:,}, not the {due:,} due")

    statements = StatementClock()
    with connection.execute_wrapper(statements):
        started = time.perf_counter()
        again = escalate_overdue(now=now)
        second = time.perf_counter() - started
    figures.add("second scan (nothing due): escalated", f"{again:,}{'' if again == 0 else '  !! expected 0'}")
    figures.add("second scan: time", f"{second * 1000:.1f} ms ({statements.count} statement(s))")

    after = written_counts()
    for what in after:
        figures.add(f"written: {what}", f"{after[what] - before[what]:,}")
    figures.add("notices one digest per chunk would give", f"{expected_notices:,} "
                f"(first chunk alone: {first_chunk_notices:,})")
    figures.add("wishes named in the digests (inbox, this now)", named_in_digests(now))
    figures.add("peak RSS (before scan / after scans)", f"{peak_before:,.0f} MB / {peak_mb():,.0f} MB")
    explain_scan(now, "at now (nothing due any more)")
    explain_scan(now + dt.timedelta(days=3), "at now + 3 days (a later run's first chunk)")
    if profiler:
        print("-- cProfile of the first scan, by cumulative time")
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)


def named_in_digests(now: dt.datetime) -> str:
    """Return how many wishes the inbox digests of this scan list, against the escalated wishes someone answers
    for (a street with an officer, or the district)."""
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("""
            SELECT count(DISTINCT (w.value ->> 'id')::bigint)
            FROM notices_notice AS n CROSS JOIN LATERAL jsonb_array_elements(n.params -> 'wishes') AS w
            WHERE n.kind = 'wish_escalated' AND n.channel = 'inbox' AND n.key LIKE %s
        """, [f"escalated:%:{now.isoformat()}:%"])
        (named,) = cur.fetchone()
        cur.execute("""
            SELECT count(*) FROM dispatch_escalation AS e
            JOIN wishes_wish AS w ON w.id = e.wish_id JOIN core_area AS a ON a.id = w.community_id
            WHERE e.at = %s AND EXISTS (
                SELECT 1 FROM core_rolegrant AS g JOIN core_area AS t ON t.id = g.area_id
                WHERE a.path LIKE t.path || '%%' AND t.level = e.to_level
                  AND g.role = CASE e.to_level WHEN 'street' THEN 'street_officer' ELSE 'district_admin' END)
        """, [now])
        (answerable,) = cur.fetchone()
        cur.execute("""
            SELECT coalesce(max(jsonb_array_length(params -> 'wishes')), 0),
                   coalesce(max(octet_length(params::text)), 0)
            FROM notices_notice WHERE kind = 'wish_escalated' AND key LIKE %s
        """, [f"escalated:%:{now.isoformat()}:%"])
        longest, size = cur.fetchone()
    return (f"{named:,} of {answerable:,} escalated wishes someone answers for "
            f"(largest digest: {longest:,} wishes, {size / 1024:,.0f} KB)")


def explain_scan(moment: dt.datetime, label: str) -> None:
    """EXPLAIN ANALYZE the selecting query of ``_escalate_chunk``, built the same way; roll back its locks."""
    from django.db import connection, transaction

    from sanji.dispatch.escalation import CHUNK
    from sanji.wishes.deadlines import DEADLINE_OF_STATE, NEXT_LEVEL
    from sanji.wishes.models import Wish

    fields = ["pk", "state", "escalation_level", "community_id", "community__path", *set(DEADLINE_OF_STATE.values())]
    with transaction.atomic():
        query = (
            Wish.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(escalate_at__lte=moment, escalation_level__in=list(NEXT_LEVEL))
            .order_by("escalate_at", "pk")
            .values(*fields)[:CHUNK]
        )
        sql_text, params = query.query.get_compiler(connection=connection).as_sql()
        with connection.cursor() as cur:
            cur.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql_text, params)
            plan = [line for (line,) in cur.fetchall()]
        transaction.set_rollback(True)
    print(f"-- EXPLAIN ANALYZE of the scan's select, {label}")
    for line in plan[:PLAN_LINES]:
        print(f"   {line}")
    if len(plan) > PLAN_LINES:
        print(f"   ... ({len(plan) - PLAN_LINES} more lines)")


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def print_summary(figures: Figures, args) -> None:
    print(f"\n== summary: {args.wishes:,} wishes, due share {args.due_share}")
    width = max(len(what) for what, _v in figures.rows)
    for what, value in figures.rows:
        print(f"{what:<{width}}  {value}")
    print(
        "\nScaling: the scan reads one range of the partial index wish_escalate_at (escalate_at <= now), so its\n"
        "cost grows with the number of DUE wishes (one chunk of 5,000 per transaction), not with the table: the\n"
        "second scan, with nothing due, is one index probe whatever the table's size. Open wishes that are not\n"
        "due only make the index larger (one entry each); closed wishes are not in it at all."
    )


if __name__ == "__main__":
    main()
