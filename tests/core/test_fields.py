"""Encrypted model fields in the database: tokens in the rows, text in Python, searches only by keyed hash."""

import pytest
from django.core.exceptions import FieldError
from django.db import IntegrityError, transaction

from sanji.core import crypto
from sanji.core.models import Compound, Resident
from sanji.core.selectors import resident_match_q
from sanji.property.models import Owner

from ..factories import area, resident
from .helpers import raw

pytestmark = pytest.mark.django_db

PHONE, ADDRESS = "13906428815", "仰口路17号2单元302户"
ID_NUMBER, CARE_NOTE = "37020219800101123X", "低保户，糖尿病，需轮椅"


@pytest.fixture
def community(db):
    street = area("湛山街道", "street", area("市南区", "district"))
    return area("仰口路社区", "community", street)


@pytest.fixture
def lin(community) -> Resident:
    person = resident(community, phone=PHONE, address=ADDRESS)
    person.id_number, person.care_note = ID_NUMBER, CARE_NOTE
    person.save(update_fields=["id_number", "care_note"])
    return person


def test_the_row_holds_tokens_and_the_model_gives_the_text(lin):
    stored = raw("core_resident", lin.pk, "phone", "address", "id_number", "care_note")
    clear = {"phone": PHONE, "address": ADDRESS, "id_number": ID_NUMBER, "care_note": CARE_NOTE}
    for column, value in stored.items():
        assert crypto.is_token(value) and clear[column] not in value, column
        assert crypto.decrypt(value) == clear[column]
    again = Resident.objects.get(pk=lin.pk)
    assert (again.phone, again.address, again.id_number, again.care_note) == (PHONE, ADDRESS, ID_NUMBER, CARE_NOTE)
    assert Resident.objects.filter(pk=lin.pk).values_list("phone", "care_note").get() == (PHONE, CARE_NOTE)


def test_the_hashes_in_the_row_are_those_of_the_text(lin):
    stored = raw("core_resident", lin.pk, "phone_hash", "phone_tail_hash", "id_number_hash")
    assert stored == {"phone_hash": crypto.lookup_hash("phone", PHONE),
                      "phone_tail_hash": crypto.lookup_hash("phone_tail", "8815"),
                      "id_number_hash": crypto.lookup_hash("id_number", ID_NUMBER)}


def test_an_empty_value_stays_empty_and_has_no_hash(community):
    person = resident(community, name="王秀英", phone="", address="")
    assert raw("core_resident", person.pk, "phone", "address", "id_number", "phone_hash", "phone_tail_hash") == {
        "phone": "", "address": "", "id_number": "", "phone_hash": "", "phone_tail_hash": ""}
    assert Resident.objects.get(pk=person.pk).phone == ""


@pytest.mark.parametrize("lookup", [
    {"phone": PHONE}, {"phone__contains": "8815"}, {"phone__startswith": "139"}, {"phone__in": [PHONE]},
    {"address__icontains": "仰口路"}, {"id_number__iexact": ID_NUMBER}, {"care_note__contains": "糖尿病"},
])
def test_a_search_of_an_encrypted_column_fails_loudly(lin, lookup):
    with pytest.raises(FieldError, match="encrypted"):
        list(Resident.objects.filter(**lookup))


def test_an_encrypted_column_has_no_transforms(lin):
    with pytest.raises(FieldError, match="encrypted"):
        list(Resident.objects.filter(phone__lower="x"))


def test_only_empty_or_null_can_be_asked_of_an_encrypted_column(community, lin):
    silent = resident(community, name="王秀英", phone="", address="")
    assert list(Resident.objects.filter(phone="")) == [silent]
    assert list(Resident.objects.exclude(phone="")) == [lin]
    assert not Resident.objects.filter(phone__isnull=True).exists()


def test_saving_only_the_phone_writes_its_hashes_too(lin):
    lin.phone = "138-0000-1234"
    lin.save(update_fields=["phone"])
    stored = raw("core_resident", lin.pk, "phone", "phone_hash", "phone_tail_hash")
    assert crypto.decrypt(stored["phone"]) == "138-0000-1234"
    assert stored["phone_hash"] == crypto.lookup_hash("phone", "13800001234")
    assert stored["phone_tail_hash"] == crypto.lookup_hash("phone_tail", "1234")
    assert list(Resident.objects.filter(resident_match_q(PHONE))) == []
    assert list(Resident.objects.filter(resident_match_q("13800001234"))) == [lin]


def test_bulk_create_fills_the_hashes(community):
    made = Resident.objects.bulk_create([
        Resident(name=f"居民{i}", community=community, phone=f"1390000{i:04d}", id_number=ID_NUMBER if i == 2 else "")
        for i in range(1, 4)
    ])
    for person in made:
        stored = raw("core_resident", person.pk, "phone", "phone_hash", "phone_tail_hash")
        assert crypto.is_token(stored["phone"])
        assert stored["phone_hash"] == crypto.lookup_hash("phone", person.phone)
        assert stored["phone_tail_hash"] == crypto.lookup_hash("phone_tail", person.phone)
    found = Resident.objects.get(id_number_hash__in=crypto.lookup_hashes("id_number", ID_NUMBER.lower()))
    assert found.name == "居民2"


# -- the residents' search -----------------------------------------------------------------------------------------

@pytest.fixture
def neighbours(community, lin):
    """Return 林志强 (``lin``) and two neighbours: one whose phone ends like his, one who lives in his building."""
    tail = resident(community, name="王秀英", gender="female", phone="13588888815", address="湛山一路3号1单元101户")
    building = resident(community, name="张桂兰", gender="female", phone="13700000000", address="仰口路17号1单元101户")
    return lin, tail, building


def matches(query: str) -> set[str]:
    return set(Resident.objects.filter(resident_match_q(query)).values_list("name", flat=True))


def test_the_search_finds_by_name(neighbours):
    assert matches("志强") == {"林志强"} and matches("王") == {"王秀英"}


@pytest.mark.parametrize("typed", [PHONE, "139-0642-8815", "139 0642 8815"])
def test_the_search_finds_a_whole_phone_however_it_is_typed(neighbours, typed):
    assert matches(typed) == {"林志强"}


def test_the_search_finds_the_last_four_digits_of_a_phone(neighbours):
    assert matches("8815") == {"林志强", "王秀英"} and matches("0000") == {"张桂兰"} and matches("1234") == set()


def test_the_search_finds_an_id_number_in_either_case(neighbours):
    assert matches(ID_NUMBER) == {"林志强"} and matches(ID_NUMBER.lower()) == {"林志强"}
    assert matches("370202198001011231") == set()


def test_the_search_does_not_find_by_part_of_an_address_or_of_a_phone(neighbours):
    assert matches("仰口路") == set() and matches("17号") == set()
    assert matches("0642") == set() and matches("1390642") == set()


# -- owners --------------------------------------------------------------------------------------------------------

def test_an_owner_is_unique_in_a_compound_by_name_and_phone_however_written(community):
    compound = Compound.objects.create(name="仰口路17号院", community=community)
    Owner.objects.create(compound=compound, name="王秀英", phone="13800000001")
    with pytest.raises(IntegrityError), transaction.atomic():
        Owner.objects.create(compound=compound, name="王秀英", phone="138-0000-0001")
    Owner.objects.create(compound=compound, name="王秀英", phone="13800000002")  # another person of that name
    other = Compound.objects.create(name="湛山一路3号院", community=community)
    Owner.objects.create(compound=other, name="王秀英", phone="13800000001")
    assert Owner.objects.filter(phone_hash__in=crypto.lookup_hashes("phone", "13800000001")).count() == 2
    stored = raw("property_owner", Owner.objects.filter(compound=other).get().pk, "phone")
    assert crypto.is_token(stored["phone"]) and "13800000001" not in stored["phone"]
