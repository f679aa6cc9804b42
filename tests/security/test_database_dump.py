"""A dump of the whole database holds no phone number, ID-card number, address or care note in clear.

The district is filled through the real services and pages: residents with everything a register holds, owners
from an import sheet, party members, volunteers, logins with mobile numbers; wishes made, claimed, worked and
closed; the contact asked for on the page and by the API (so the audit log and its disclosures have rows);
residents looked up by phone; notices queued and sent. Then the database is dumped as an attacker with a backup
would see it (``pg_dump`` on PostgreSQL, ``iterdump`` on SQLite) and searched for every secret in every form it
could be written in. The residents' names are not secret and must be found, so the search is shown to work.

The data must be committed for ``pg_dump`` (another connection) to see it, hence ``transaction=True``.
"""

import datetime as dt
import json
import logging
import os
import random
import shutil
import subprocess

import pytest
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client
from django.urls import reverse

from sanji.audit.models import Disclosure
from sanji.core import services as core
from sanji.core.models import Compound, PriorityGroup, Resident
from sanji.notices.models import Notice
from sanji.notices.services import MAX_ATTEMPTS, notices_deliver
from sanji.property.services.registry import units_import
from sanji.wishes import services as wishes
from sanji.wishes.transitions import transition

from ..factories import fresh
from ..property.helpers import sheet
from ..wishes.helpers import to_state

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def id_number(region: str, born: dt.date, sequence: int) -> str:
    """Return a mainland ID-card number with its GB 11643 check character (ISO 7064 MOD 11-2)."""
    first = f"{region}{born:%Y%m%d}{sequence:03d}"
    return first + "10X98765432"[sum(int(d) * w for d, w in zip(first, _WEIGHTS, strict=True)) % 11]


def test_the_id_number_helper_makes_the_standards_own_example():
    assert id_number("110105", dt.date(1949, 12, 31), 2) == "11010519491231002X"


class Secrets:
    """Every secret written, and the forms each may take in a dump."""

    def __init__(self, seed: int):
        self.rng = random.Random(seed)
        self.phones: list[str] = []
        self.ids: list[str] = []
        self.texts: list[str] = []  # addresses and care notes

    def phone(self) -> str:
        while True:
            number = f"1{self.rng.choice('3578')}{self.rng.randrange(10**9):09d}"
            if number not in self.phones:
                self.phones.append(number)
                return number

    def id_number(self) -> str:
        born = dt.date(1940, 1, 1) + dt.timedelta(days=self.rng.randrange(30000))
        self.ids.append(id_number(self.rng.choice(["370202", "370203", "370211"]), born, self.rng.randrange(1000)))
        return self.ids[-1]

    def text(self, value: str) -> str:
        self.texts.append(value)
        return value

    def needles(self) -> dict[str, str]:
        """Return {what is searched: which secret it betrays}."""
        found = {}
        for p in self.phones:
            for form in (p, f"{p[:3]}-{p[3:7]}-{p[7:]}", f"{p[:3]} {p[3:7]} {p[7:]}", p[:7], p[3:], f"+86{p}"):
                found[form] = f"phone {p}"
        for number in self.ids:
            for form in (number, number.lower(), number[:17], number[:14], number[6:]):
                found[form] = f"ID number {number}"
        for text in self.texts:
            found[text] = text
        return found


def forms_in_dump(value: str) -> list[str]:
    """Return how ``value`` can appear in a dump: as is, and escaped as JSON columns keep text on SQLite."""
    return list({value, json.dumps(value)[1:-1]})


def leaks(dump: str, secrets: Secrets) -> list[str]:
    return sorted({what for needle, what in secrets.needles().items()
                   if any(form in dump for form in forms_in_dump(needle))})


# -- the district ---------------------------------------------------------------------------------------------------

CARE_NOTES = ["低保户，糖尿病，需轮椅", "独居，心脏支架术后，每月药费约八百元", "听力残疾二级，子女在外地",
              "低保边缘户，腰椎间盘突出", "空巢老人，轻度认知障碍"]
NAMES = ["孙丽华", "周建军", "吴桂芝", "郑海涛", "冯淑珍", "陈国庆", "褚玉兰", "卫立新", "蒋春梅", "沈德胜"]


def fill(world, secrets: Secrets) -> dict:
    """Make the district's people and wishes through the services and pages; return what the checks need."""
    for person in Resident.objects.all():  # the world's two residents get an ID number and a care note too
        person.id_number, person.care_note = secrets.id_number(), secrets.text(CARE_NOTES[0] + person.name)
        person.save(update_fields=["id_number", "care_note"])
        secrets.phones.append(person.phone)
        secrets.text(person.address)
    groups = list(PriorityGroup.objects.all())
    residents = []
    for i, name in enumerate(NAMES):
        community = world.a if i % 2 == 0 else world.b
        person = core.resident_create(
            name=name, community=community, gender="female" if i % 3 else "male", phone=secrets.phone(),
            address=secrets.text(f"{'仰口路' if i % 2 == 0 else '湛山一路'}{11 + i}号{1 + i % 3}单元{201 + i}户"),
            priority_groups=groups[i % len(groups):][:2],
        )
        # resident_create takes no ID number or care note: they are set on the record afterwards
        person.id_number, person.care_note = secrets.id_number(), secrets.text(f"{CARE_NOTES[i % 5]}（{name}）")
        person.save(update_fields=["id_number", "care_note"])
        residents.append(person)
    for user in (world.resident_a, world.staff_a, world.member_a, world.unit_a):
        user.mobile = secrets.phone()
        user.save(update_fields=["mobile"])
    compound = Compound.objects.create(name="仰口路17号院", community=world.a)
    rows = [["1号楼", f"1单元{101 + i}", "86.45", NAMES[i], secrets.phone(), "否"] for i in range(4)]
    dashed = secrets.phone()
    rows += [["2号楼", "101", "60", "韩秀梅", f"{dashed[:3]}-{dashed[3:7]}-{dashed[7:]}", "否"],
             ["2号楼", "102", "100", "海信地产", "", "是"]]
    units_import(actor=fresh(world.staff_a), compound_id=compound.pk, data=sheet(*rows))
    org = core.party_org_create(name="区城市管理局机关党委", kind="agency", area=world.district)
    for community in (world.a, world.b):
        core.member_report(name=f"党员{community.pk}", party_org=org, community=community, phone=secrets.phone())

    worked = to_state(world, "in_progress")  # held by member A
    for name in ("李同学", "张同学"):
        wishes.volunteer_record(wish_id=worked.pk, actor=fresh(world.member_a), name=name, hours="3",
                                phone=secrets.phone())
    to_state(world, "closed")
    for person in residents[:4]:  # entered by the staff on a visit, and published
        staff = world.staff_a if person.community == world.a else world.staff_b
        wish = wishes.wish_submit(actor=fresh(staff), text="家里水龙头漏水，想请人帮忙修一下", resident=person.pk)
        transition(wish_id=wish.pk, action="approve", actor=fresh(staff), params={})
    return {"worked": worked, "residents": residents}


def use_the_pages(world, made: dict) -> None:
    """Ask for the contact on the page and by the API, log in with a password, look residents up by phone."""
    wish = made["worked"]
    staff, member = Client(), Client()
    assert staff.post(reverse("login"), {"username": "staff-a", "password": "pw-for-tests"}).status_code == 302
    member.force_login(fresh(world.member_a))
    for client in (staff, member):
        response = client.post(reverse("wishes:contact", args=[wish.pk]))
        assert response.status_code == 200 and wish.beneficiary.phone in response.content.decode()
    token = Client().post("/api/v1/auth/token", {"username": "member-a", "password": "pw-for-tests"},
                          content_type="application/json").json()["token"]
    api = Client().get(f"/api/v1/wishes/{wish.pk}/contact", headers={"Authorization": f"Bearer {token}"})
    assert api.status_code == 200 and api.json()["care_note"] == wish.beneficiary.care_note
    assert Disclosure.objects.count() == 3
    someone = made["residents"][0]
    for typed in (someone.phone, f"{someone.phone[:3]}-{someone.phone[3:7]}-{someone.phone[7:]}", someone.phone[-4:],
                  someone.id_number):
        found = staff.get(reverse("wishes:resident_choices"), {"q": typed})
        assert found.status_code == 200 and someone.name in found.content.decode(), typed


# -- the dump -------------------------------------------------------------------------------------------------------

def dump_database() -> str:
    """Return the whole database as text: ``pg_dump`` where it can, else every table row by row."""
    connection.ensure_connection()
    if connection.vendor == "sqlite":
        return "\n".join(connection.connection.iterdump())
    if connection.vendor == "postgresql" and shutil.which("pg_dump"):
        db = connection.settings_dict
        command = ["pg_dump", "--no-owner", "--dbname", db["NAME"]]
        for flag, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
            if db.get(key):
                command += [flag, str(db[key])]
        env = {**os.environ, **({"PGPASSWORD": db["PASSWORD"]} if db.get("PASSWORD") else {})}
        try:
            done = subprocess.run(command, capture_output=True, env=env, timeout=300, check=True)  # noqa: S603
            return done.stdout.decode()
        except (subprocess.SubprocessError, OSError) as failed:  # another server version, no access: dump in Python
            logging.getLogger(__name__).warning("pg_dump failed, dumping table by table: %s", failed)
    return python_dump()


def python_dump() -> str:
    lines = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            lines += [f"{table}: {row!r}" for row in cursor.fetchall()]
    return "\n".join(lines)


def sessions_decoded() -> str:
    """Return what the sessions hold: signed and compressed in their table, so not searchable in the dump."""
    return "\n".join(repr(session.get_decoded()) for session in Session.objects.all())


@pytest.mark.django_db(transaction=True)
def test_a_dump_of_the_database_holds_no_personal_data_in_clear(world, caplog):
    caplog.set_level(logging.INFO)
    secrets = Secrets(seed=11643)
    made = fill(world, secrets)
    use_the_pages(world, made)
    notices_deliver()
    # the outbox held SMS notices for the logins with a mobile, and sent them
    assert Notice.objects.filter(channel="sms", state="sent").exists()

    dump = dump_database()
    assert len(secrets.phones) >= 20 and len(secrets.ids) == 12 and len(secrets.texts) >= 24
    for name in ["林志强", *NAMES]:  # not secret: the search does find what is there
        assert any(form in dump for form in forms_in_dump(name)), name
    assert "gAAAAA" in dump  # the encrypted columns are in the dump, as tokens
    assert leaks(dump, secrets) == []
    assert leaks(sessions_decoded(), secrets) == []
    assert leaks(caplog.text, secrets) == []  # the log files are data at rest too


class RefusingGateway:
    """An SMS gateway that refuses a number and names it, as many do (or as an HTTP error quoting the URL does)."""

    def send(self, *, mobile: str, text: str, reference: str) -> None:
        raise RuntimeError(f"the 'To' number {mobile} is not reachable")


@pytest.mark.django_db
def test_a_gateway_refusal_naming_the_number_is_not_kept_in_clear(world, settings, caplog):
    caplog.set_level(logging.INFO)
    settings.SANJI_SMS_GATEWAY = f"{__name__}.RefusingGateway"
    mobile = Secrets(seed=2).phone()
    user = fresh(world.resident_a)
    user.mobile = mobile
    user.save(update_fields=["mobile"])
    to_state(world, "fulfilled")  # the beneficiary is told by SMS to confirm
    Notice.objects.filter(channel="sms").update(attempts=MAX_ATTEMPTS - 1)  # this try is the last: logged as failed
    notices_deliver()
    refused = Notice.objects.get(channel="sms", recipient=world.resident_a)
    assert refused.state == "failed" and "not reachable" in refused.last_error
    assert mobile[:7] not in refused.last_error and mobile[3:] not in refused.last_error
    assert mobile[3:] not in caplog.text
