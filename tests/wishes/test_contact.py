"""The beneficiary's contact on the wish page: masked until asked for, shown only to who may see it, each showing
logged (``POST /wishes/<pk>/contact/``)."""

import pytest
from django.urls import reverse

from sanji.audit.models import Disclosure
from sanji.core.models import Resident

from ..factories import fresh
from .helpers import act, to_state

pytestmark = pytest.mark.django_db

PHONE, ADDRESS, CARE_NOTE = "13906428815", "仰口路17号2单元302户", "低保户，糖尿病，需轮椅"


@pytest.fixture
def lin(world) -> Resident:
    """Return resident A (the beneficiary of ``to_state``'s wishes), with a care note."""
    person = Resident.objects.get(user=world.resident_a)
    person.care_note = CARE_NOTE
    person.save(update_fields=["care_note"])
    return person


def page(client, user, wish) -> str:
    client.force_login(fresh(user))
    response = client.get(reverse("wishes:detail", args=[wish.pk]))
    assert response.status_code == 200
    return response.content.decode()


def ask(client, user, wish, *, htmx=False):
    client.force_login(fresh(user))
    headers = {"HX-Request": "true"} if htmx else {}
    return client.post(reverse("wishes:contact", args=[wish.pk]), headers=headers)


def shows_contact(text: str) -> bool:
    return all(part in text for part in (PHONE, ADDRESS, CARE_NOTE))


def shows_any(text: str) -> bool:
    return any(part in text for part in (PHONE, "0642", ADDRESS, "2单元", CARE_NOTE, "糖尿病"))


def test_staff_see_the_contact_masked_with_a_button_to_show_it(world, lin, client):
    wish = to_state(world, "submitted")
    text = page(client, world.staff_a, wish)
    assert "139****8815" in text and "仰口路……" in text and not shows_any(text)
    assert f'action="{reverse("wishes:contact", args=[wish.pk])}"' in text
    assert not Disclosure.objects.exists()  # looking at the wish is not a showing


@pytest.mark.parametrize("htmx", [False, True])
def test_staff_asking_see_phone_address_and_care_note_and_one_showing_is_logged(world, lin, client, htmx):
    wish = to_state(world, "published")
    response = ask(client, world.staff_a, wish, htmx=htmx)
    assert response.status_code == 200
    text = response.content.decode()
    assert shows_contact(text) and f'href="tel:{PHONE}"' in text
    assert ("<html" in text) is not htmx  # the fragment for htmx, the whole page otherwise
    shown = Disclosure.objects.get()
    assert (shown.actor, shown.subject_model, shown.subject_id, shown.fields, shown.purpose, shown.purpose_ref) == (
        world.staff_a, "core.resident", str(lin.pk), "address,care_note,phone", "wish_staff_in_scope",
        f"wish:{wish.pk}")


def test_each_showing_is_logged_again(world, lin, client):
    wish = to_state(world, "submitted")
    ask(client, world.staff_a, wish)
    ask(client, world.staff_a, wish, htmx=True)
    assert Disclosure.objects.filter(actor=world.staff_a, purpose_ref=f"wish:{wish.pk}").count() == 2


def test_only_the_fields_that_hold_something_are_logged(world, lin, client):
    lin.care_note = lin.address = ""
    lin.save(update_fields=["care_note", "address"])
    wish = to_state(world, "submitted")
    assert PHONE in ask(client, world.staff_a, wish).content.decode()
    assert Disclosure.objects.get().fields == "phone"


def test_asking_is_a_post(world, lin, client):
    wish = to_state(world, "submitted")
    client.force_login(fresh(world.staff_a))
    assert client.get(reverse("wishes:contact", args=[wish.pk])).status_code == 405
    assert not Disclosure.objects.exists()


def test_a_party_member_sees_nothing_before_claiming(world, lin, client):
    wish = to_state(world, "published")
    text = page(client, world.member_a, wish)  # the board's wish, masked, with no button
    assert not shows_any(text) and reverse("wishes:contact", args=[wish.pk]) not in text
    assert ask(client, world.member_a, wish).status_code == 404
    assert not Disclosure.objects.exists()


@pytest.mark.parametrize("state", ["claimed", "in_progress", "fulfilled"])
def test_the_claimer_sees_the_contact_while_the_task_is_open(world, lin, client, state):
    wish = to_state(world, state)
    assert reverse("wishes:contact", args=[wish.pk]) in page(client, world.member_a, wish)
    response = ask(client, world.member_a, wish, htmx=True)
    assert response.status_code == 200 and shows_contact(response.content.decode())
    shown = Disclosure.objects.get()
    assert (shown.actor, shown.purpose, shown.purpose_ref) == (world.member_a, "wish_holder_contact",
                                                               f"wish:{wish.pk}")


def test_the_claimer_loses_the_contact_when_the_wish_closes(world, lin, client):
    wish = to_state(world, "closed")
    text = page(client, world.member_a, wish)
    assert not shows_any(text) and reverse("wishes:contact", args=[wish.pk]) not in text
    assert ask(client, world.member_a, wish).status_code == 404
    assert not Disclosure.objects.exists()


def test_the_claimer_loses_the_contact_on_releasing_the_wish(world, lin, client):
    wish = act(to_state(world, "claimed"), "release", world.member_a, reason="临时出差")
    assert ask(client, world.member_a, wish).status_code == 404
    assert not Disclosure.objects.exists()


def test_the_beneficiary_sees_his_own_contact_without_a_log(world, lin, client):
    wish = to_state(world, "claimed")
    text = page(client, world.resident_a, wish)
    assert PHONE in text and ADDRESS in text
    response = ask(client, world.resident_a, wish)
    assert response.status_code == 200 and shows_contact(response.content.decode())
    assert not Disclosure.objects.exists()


@pytest.mark.parametrize("who", ["staff_b", "member_b", "outsider"])
def test_people_out_of_scope_get_404_and_no_log(world, lin, client, who):
    wish = to_state(world, "claimed")
    response = ask(client, getattr(world, who), wish)
    assert response.status_code == 404 and not shows_any(response.content.decode())
    assert not Disclosure.objects.exists()


def test_a_visitor_who_is_not_logged_in_is_sent_to_log_in(world, lin, client):
    wish = to_state(world, "published")
    response = client.post(reverse("wishes:contact", args=[wish.pk]))
    assert response.status_code == 302 and "login" in response.url
    assert not Disclosure.objects.exists()
