"""Rotating the keys of personal data (``sanji keys``), and encrypting a table that held clear text."""

import io
from types import SimpleNamespace

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import translation

from sanji.audit.models import AuditEntry
from sanji.core import crypto
from sanji.core import services as core
from sanji.core.encrypt_existing import encrypt_columns
from sanji.core.key_rotation import key_status, rotate_all
from sanji.core.models import Compound, PartyMember, Resident, User, Volunteer
from sanji.core.selectors import resident_match_q
from sanji.property.models import Owner

from ..factories import UserFactory, area, resident
from .helpers import new_ring, raw, set_raw

pytestmark = pytest.mark.django_db

PHONES = {"林志强": "13906428815", "王秀英": "13588880000", "张桂兰": "13700001111"}
ID_NUMBER = "37020219800101123X"


@pytest.fixture
def keys(use_keys):
    """Start under an old ring (data key A, lookup key L1) and return the old and the new keys."""
    (a, l1), (b, l2) = new_ring(), new_ring()
    use_keys([a], [l1])
    return SimpleNamespace(a=a, l1=l1, b=b, l2=l2, use=use_keys)


@pytest.fixture
def people(keys):
    """Residents, owners, a party member, a volunteer and logins (two with a mobile), made under the old keys."""
    street = area("湛山街道", "street", area("市南区", "district"))
    community = area("仰口路社区", "community", street)
    for name, phone in PHONES.items():
        person = resident(community, name=name, phone=phone, address=f"仰口路{len(name)}号")
        person.care_note = "空巢老人，行动不便"
        person.save(update_fields=["care_note"])
    lin = Resident.objects.get(name="林志强")
    lin.id_number = ID_NUMBER
    lin.save(update_fields=["id_number"])
    compound = Compound.objects.create(name="仰口路17号院", community=community)
    for name, phone in PHONES.items():
        Owner.objects.create(compound=compound, name=name, phone=phone)
    org = core.party_org_create(name="区教育和体育局机关党委", kind="agency", area=street)
    core.member_report(name="刘洋", party_org=org, community=community, phone="13811112222")
    Volunteer.objects.create(name="韩雨桐", phone="15000003333", community=community)
    UserFactory(username="with-mobile-1", mobile="18600004444")
    UserFactory(username="with-mobile-2", mobile="18600005555")
    UserFactory(username="without-mobile")


def counts() -> dict[str, tuple[int, int]]:
    return {c.model: (c.rows, c.stale) for c in key_status()}


def found_by_phone() -> set[str]:
    names = set()
    for phone in PHONES.values():
        names |= set(Resident.objects.filter(resident_match_q(phone)).values_list("name", flat=True))
        names |= {f"owner:{o.name}" for o in Owner.objects.filter(phone_hash__in=crypto.lookup_hashes("phone", phone))}
    return names


EVERYONE = set(PHONES) | {f"owner:{name}" for name in PHONES}


def everything_reads() -> dict:
    return {
        "residents": sorted(Resident.objects.values_list("name", "phone", "care_note")),
        "id": Resident.objects.get(resident_match_q(ID_NUMBER)).name,
        "tail": sorted(Resident.objects.filter(resident_match_q("1111")).values_list("name", flat=True)),
        "owners": sorted(Owner.objects.values_list("name", "phone")),
        "member": PartyMember.objects.get(phone_hash__in=crypto.lookup_hashes("phone", "13811112222")).name,
        "volunteer": Volunteer.objects.get(phone_hash__in=crypto.lookup_hashes("phone", "15000003333")).phone,
        "mobiles": sorted(User.objects.exclude(mobile="").values_list("mobile", flat=True)),
    }


EXPECTED = {
    "residents": sorted((name, phone, "空巢老人，行动不便") for name, phone in PHONES.items()),
    "id": "林志强",
    "tail": ["张桂兰"],
    "owners": sorted(PHONES.items()),
    "member": "刘洋",
    "volunteer": "15000003333",
    "mobiles": ["18600004444", "18600005555"],
}


def test_rotation_moves_every_row_to_the_new_keys_and_the_old_ones_can_go(keys, people):
    assert everything_reads() == EXPECTED
    users = User.objects.count()
    keys.use([keys.b, keys.a], [keys.l2, keys.l1])
    status = counts()
    assert {model: status[model] for model in
            ("core.resident", "property.owner", "core.partymember", "core.volunteer", "core.user")} == {
        "core.resident": (3, 3), "property.owner": (3, 3), "core.partymember": (1, 1), "core.volunteer": (1, 1),
        "core.user": (users, 2),  # a login without a mobile has nothing to rotate
    }
    assert everything_reads() == EXPECTED and found_by_phone() == EVERYONE  # the service runs throughout

    before = raw("core_resident", Resident.objects.get(name="林志强").pk, "phone", "phone_hash")
    audit_rows = AuditEntry.objects.count()
    written = rotate_all()
    assert written["core.resident"] == 3 and written["property.owner"] == 3 and written["core.user"] == users
    assert AuditEntry.objects.count() == audit_rows  # rotating changes no one's data
    assert all(stale == 0 for _rows, stale in counts().values())
    after = raw("core_resident", Resident.objects.get(name="林志强").pk, "phone", "phone_hash")
    assert after["phone"] != before["phone"] and crypto.under_newest_key(after["phone"])
    assert after["phone_hash"] == crypto.lookup_hash("phone", PHONES["林志强"]) != before["phone_hash"]

    keys.use([keys.b], [keys.l2])
    assert everything_reads() == EXPECTED and found_by_phone() == EVERYONE
    keys.use([keys.a], [keys.l1])  # the old keys alone no longer read anything
    with pytest.raises(ValueError):
        list(Resident.objects.values_list("phone", flat=True))
    assert found_by_phone() == set()


def test_without_rotation_the_old_lookup_key_cannot_be_dropped(keys, people):
    keys.use([keys.b, keys.a], [keys.l2])
    assert found_by_phone() == set()  # why `sanji keys status` must show 0 before an old key goes


def run(*args) -> str:
    out = io.StringIO()
    with translation.override("en"):
        call_command("keys", *args, stdout=out)
    return out.getvalue()


def test_the_keys_command_shows_status_and_rotates(keys, people):
    assert "core.resident: 3 rows, 0 under an older key" in run("status")
    assert "All personal data is under the newest keys." in run("status")
    keys.use([keys.b, keys.a], [keys.l2, keys.l1])
    status = run("status")
    assert "core.resident: 3 rows, 3 under an older key" in status and "property.owner: 3 rows, 3" in status
    assert "Run `sanji keys rotate` before removing an old key." in status
    rotated = run("rotate")
    assert "core.resident: 3 rows written under the newest keys" in rotated
    assert "property.owner: 3 rows written under the newest keys" in rotated
    assert "All personal data is under the newest keys." in run("status")


@pytest.mark.parametrize("action", ["status", "rotate"])
def test_the_keys_command_refuses_with_a_message_when_an_old_key_went_too_early(keys, people, action):
    keys.use([keys.b], [keys.l2, keys.l1])  # the old data key dropped before `sanji keys rotate`
    with pytest.raises(CommandError, match="SANJI_DATA_KEYS") as refused:
        run(action)
    assert refused.value.returncode == 2


def test_the_keys_command_generates_a_usable_new_pair():
    lines = dict(line.split("=", 1) for line in run("generate").splitlines() if "=" in line)
    again = dict(line.split("=", 1) for line in run("generate").splitlines() if "=" in line)
    ring = crypto.parse_keyring(lines["SANJI_DATA_KEYS"], lines["SANJI_LOOKUP_KEYS"])
    assert len(ring.data) == len(ring.lookup) == 1 and lines != again


# -- the migration that encrypted what was stored in clear -----------------------------------------------------------

CLEAR = {"phone": "13906428815", "address": "仰口路17号2单元302户", "id_number": ID_NUMBER,
         "care_note": "低保户，需轮椅"}
HASHES = {"phone_hash": ("phone", "phone"), "phone_tail_hash": ("phone_tail", "phone"),
          "id_number_hash": ("id_number", "id_number")}


@pytest.fixture
def clear_rows(keys):
    """Return three residents whose rows hold clear text and no hashes, as before the encryption migration:
    one with everything, one with a phone only, one with nothing."""
    community = area("仰口路社区", "community", area("湛山街道", "street", area("市南区", "district")))
    rows = [resident(community, name=name, phone="", address="") for name in ("林志强", "王秀英", "张桂兰")]
    set_raw("core_resident", rows[0].pk, **CLEAR, **dict.fromkeys(HASHES, ""))
    set_raw("core_resident", rows[1].pk, phone="0532-8288-1234")
    return rows


def migrate(direction: str, table="core_resident", columns=tuple(CLEAR), hashes=None):
    forward, backward = encrypt_columns(table, list(columns), HASHES if hashes is None else hashes)
    editor = SimpleNamespace(connection=connection)
    (forward if direction == "forward" else backward)(None, editor)


def stored(pk: int) -> dict:
    return raw("core_resident", pk, *CLEAR, *HASHES)


def test_the_migration_encrypts_clear_rows_and_fills_their_hashes(clear_rows):
    lin, wang, zhang = clear_rows
    migrate("forward")
    row = stored(lin.pk)
    for column, text in CLEAR.items():
        assert crypto.is_token(row[column]) and crypto.decrypt(row[column]) == text
    assert row["phone_hash"] == crypto.lookup_hash("phone", CLEAR["phone"])
    assert row["phone_tail_hash"] == crypto.lookup_hash("phone_tail", CLEAR["phone"])
    assert row["id_number_hash"] == crypto.lookup_hash("id_number", ID_NUMBER)
    assert Resident.objects.get(pk=lin.pk).care_note == CLEAR["care_note"]
    assert Resident.objects.get(resident_match_q("0532 8288 1234")) == wang
    assert stored(zhang.pk) == dict.fromkeys([*CLEAR, *HASHES], "")


def test_running_the_migration_twice_changes_nothing_more(clear_rows):
    migrate("forward")
    once = {row.pk: stored(row.pk) for row in clear_rows}
    migrate("forward")
    twice = {row.pk: stored(row.pk) for row in clear_rows}
    for pk, row in twice.items():
        assert {c: row[c] for c in HASHES} == {c: once[pk][c] for c in HASHES}
        for column in CLEAR:  # never encrypted twice: the token still holds the text itself
            assert (crypto.decrypt(row[column]) if row[column] else "") == (
                crypto.decrypt(once[pk][column]) if once[pk][column] else "")
    assert Resident.objects.get(pk=clear_rows[0].pk).phone == CLEAR["phone"]


def test_the_migration_leaves_rows_already_encrypted_meaning_the_same(clear_rows):
    lin, wang, _zhang = clear_rows
    wang.phone, wang.address = "13588880000", "湛山一路3号"
    wang.save(update_fields=["phone", "address"])  # written by the model: already tokens
    migrate("forward")
    again = Resident.objects.get(pk=wang.pk)
    assert (again.phone, again.address) == ("13588880000", "湛山一路3号")
    assert Resident.objects.get(resident_match_q("13588880000")) == again


def test_the_migration_backwards_writes_clear_text_again(clear_rows):
    lin, wang, _zhang = clear_rows
    migrate("forward")
    migrate("backward")
    assert {c: v for c, v in stored(lin.pk).items() if c in CLEAR} == CLEAR
    assert stored(wang.pk)["phone"] == "0532-8288-1234"
    migrate("backward")  # clear text stays clear text
    assert {c: v for c, v in stored(lin.pk).items() if c in CLEAR} == CLEAR


def test_the_migration_of_a_column_without_hashes(keys):
    user = UserFactory(username="with-mobile")
    set_raw("core_user", user.pk, mobile="18600004444")
    migrate("forward", table="core_user", columns=["mobile"], hashes={})
    token = raw("core_user", user.pk, "mobile")["mobile"]
    assert crypto.is_token(token) and User.objects.get(pk=user.pk).mobile == "18600004444"
    migrate("backward", table="core_user", columns=["mobile"], hashes={})
    assert raw("core_user", user.pk, "mobile") == {"mobile": "18600004444"}
