"""A party member or a unit's coordinator declares what it offers: the 报到 profile behind the scores."""

import pytest
from django.urls import reverse

from sanji.core.errors import InvalidInput, NotFound
from sanji.dispatch.models import ClaimerProfile
from sanji.dispatch.services import claimer_profile_update

from ..factories import fresh


def claimer_of(user):
    return fresh(user).party_member.claimer


def test_a_member_declares_services_capacity_and_speciality(world):
    claimer = claimer_of(world.member_a)
    claimer_profile_update(actor=fresh(world.member_a), claimer_id=claimer.pk, capacity="4",
                           duty_type_codes=["tutoring", "home_repair"], speciality="数学辅导、水电维修",
                           occupation="中学教师")
    profile = ClaimerProfile.objects.get(claimer=claimer)
    assert profile.capacity == 4
    assert set(profile.duty_types.values_list("code", flat=True)) == {"tutoring", "home_repair"}
    claimer.member.refresh_from_db()
    assert (claimer.member.speciality, claimer.member.occupation) == ("数学辅导、水电维修", "中学教师")


@pytest.mark.parametrize("capacity", ["", "-1", "51", "2.5", "²", "abc", None, "５１"])
def test_a_bad_capacity_is_refused_and_changes_nothing(world, capacity):
    claimer = claimer_of(world.member_a)
    with pytest.raises(InvalidInput) as refused:
        claimer_profile_update(actor=fresh(world.member_a), claimer_id=claimer.pk, capacity=capacity,
                               duty_type_codes=["tutoring"], speciality="新专长")
    assert refused.value.extra["field"] == "capacity"
    assert not ClaimerProfile.objects.filter(claimer=claimer).exists()
    claimer.member.refresh_from_db()
    assert claimer.member.speciality == ""


def test_an_unknown_category_is_refused(world):
    with pytest.raises(InvalidInput):
        claimer_profile_update(actor=fresh(world.member_a), claimer_id=claimer_of(world.member_a).pk,
                               capacity="2", duty_type_codes=["flying"])


def test_nobody_edits_another_claimers_profile(world):
    with pytest.raises(NotFound):
        claimer_profile_update(actor=fresh(world.member_b), claimer_id=claimer_of(world.member_a).pk,
                               capacity="2", duty_type_codes=[])
    with pytest.raises(NotFound):  # a community's own claimer is set by the admin, not by its staff here
        claimer_profile_update(actor=fresh(world.staff_a), claimer_id=world.a.claimer.pk, capacity="2",
                               duty_type_codes=[])


def test_the_profile_page(client, world):
    client.force_login(world.unit_a)
    page = client.get(reverse("dispatch:profile")).content.decode()
    assert "青岛大学" in page and 'name="duty_types"' in page
    unit_claimer = fresh(world.unit_a).grants.get().partner_unit.claimer
    response = client.post(reverse("dispatch:profile"), {"claimer": unit_claimer.pk, "capacity": "x",
                                                          "duty_types": ["tutoring"], "speciality": "课业辅导"})
    assert response.status_code == 422
    page = response.content.decode()
    assert 'value="x"' in page and 'value="课业辅导"' in page  # what was typed is kept
    assert 'value="tutoring" checked' in page
    response = client.post(reverse("dispatch:profile"), {"claimer": unit_claimer.pk, "capacity": "8",
                                                          "duty_types": ["tutoring"], "speciality": "课业辅导"})
    assert response.status_code == 302
    assert ClaimerProfile.objects.get(claimer=unit_claimer).capacity == 8
    client.force_login(world.resident_a)
    assert client.get(reverse("dispatch:profile")).status_code == 404


def test_a_category_code_with_a_nul_byte_is_refused(world):
    with pytest.raises(InvalidInput):
        claimer_profile_update(actor=fresh(world.member_a), claimer_id=claimer_of(world.member_a).pk,
                               capacity="2", duty_type_codes=["home\x00repair"])


def test_full_width_digits_from_a_chinese_input_method_are_understood(world):
    claimer = claimer_of(world.member_a)
    claimer_profile_update(actor=fresh(world.member_a), claimer_id=claimer.pk, capacity="３",
                           duty_type_codes=[])
    assert ClaimerProfile.objects.get(claimer=claimer).capacity == 3
