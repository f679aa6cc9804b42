"""The class and project pages, driven through the test client."""

import pytest
from django.urls import reverse
from django.utils.html import escape

from sanji.classes.models import ClassProject, Membership, WishClass
from sanji.classes.services import (
    class_merge,
    class_rename,
    class_split,
    milestone_add,
    project_close,
    project_open,
)
from sanji.core.errors import SanjiError
from sanji.wishes.models import Wish

from .helpers import class_of, other_district, seed, street_claimer, today


@pytest.fixture
def made(world):
    made = seed(world)
    made["w"], made["t"] = class_of(made["wheelchair"][0]), class_of(made["tutoring"][0])
    return made


@pytest.fixture
def project(world, made):
    return project_open(actor=world.district_admin, class_id=made["w"].pk, title="轮椅维修日", goal="修好每一辆",
                        lead_id=street_claimer(world).pk, milestones=[("联系师傅", today())])


def refusal(call) -> str:
    """Return the message the service gives for ``call`` (in the active language, as the page shows it)."""
    with pytest.raises(SanjiError) as refused:
        call()
    return str(refused.value.message)


def page_of(response) -> str:
    return response.content.decode()


def shows_refusal(response, status: int, message: str) -> str:
    """Check the page came back with ``status`` and ``message`` in its alert; return the page."""
    page = page_of(response)
    assert response.status_code == status and 'role="alert"' in page and escape(message) in page
    return page


def test_the_pages_render_for_a_manager(client, world, made, project):
    client.force_login(world.street_officer)
    index = page_of(client.get(reverse("classes:index")))
    assert made["w"].title in index and made["t"].title in index and project.title in index
    assert f'value="{world.district.pk}"' in index  # the regroup button of the district
    shortlist = page_of(client.get(reverse("classes:shortlist")))
    assert made["t"].title in shortlist and made["w"].title not in shortlist  # it has a project
    detail = page_of(client.get(reverse("classes:detail", args=[made["t"].pk])))
    assert all(w.text in detail for w in made["tutoring"]) and 'name="wishes"' in detail
    assert "林志强" not in detail  # names are masked
    assert project.title in page_of(client.get(reverse("classes:projects")))
    page = page_of(client.get(reverse("classes:project", args=[project.pk])))
    assert "联系师傅" in page and reverse("classes:close", args=[project.pk]) not in page  # the district's project
    client.force_login(world.district_admin)
    page = page_of(client.get(reverse("classes:project", args=[project.pk])))
    assert reverse("classes:close", args=[project.pk]) in page


def test_community_staff_read_the_pages_without_the_forms(client, world, made, project):
    client.force_login(world.staff_a)
    assert client.get(reverse("classes:index")).status_code == 200
    detail = page_of(client.get(reverse("classes:detail", args=[made["w"].pk])))
    assert made["wheelchair"][0].text in detail and made["wheelchair"][1].text not in detail  # B's wish
    assert reverse("classes:rename", args=[made["w"].pk]) not in detail
    assert reverse("classes:close", args=[project.pk]) not in page_of(
        client.get(reverse("classes:project", args=[project.pk])))


@pytest.mark.parametrize("name", ["index", "shortlist", "projects", "detail", "project"])
def test_the_pages_are_not_found_for_a_resident(client, world, made, project, name):
    args = {"detail": [made["w"].pk], "project": [project.pk]}.get(name, [])
    client.force_login(world.resident_a)
    assert client.get(reverse(f"classes:{name}", args=args)).status_code == 404
    client.force_login(other_district()[1])
    if args:
        assert client.get(reverse(f"classes:{name}", args=args)).status_code == 404


def test_the_pages_need_a_login(client, world, made):
    response = client.get(reverse("classes:detail", args=[made["w"].pk]))
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_a_merged_class_page_leads_to_the_class_it_went_into(client, world, made):
    class_merge(actor=world.district_admin, class_id=made["w"].pk, into_id=made["t"].pk)
    client.force_login(world.street_officer)
    response = client.get(reverse("classes:detail", args=[made["w"].pk]))
    assert response.status_code == 302 and response["Location"] == made["t"].get_absolute_url()


def test_regroup_from_the_page(client, world, made, settings):
    settings.CELERY_BROKER_URL = ""
    WishClass.objects.all().delete()
    client.force_login(world.street_officer)
    response = client.post(reverse("classes:regroup"), {"district": world.district.pk}, follow=True)
    assert response.redirect_chain == [(reverse("classes:index"), 302)] and WishClass.objects.count() == 2
    client.force_login(world.staff_a)
    response = client.post(reverse("classes:regroup"), {"district": world.district.pk})
    assert response.status_code == 302 and WishClass.objects.count() == 2
    assert client.get(reverse("classes:regroup")).status_code == 405


def test_rename_through_the_page(client, world, made):
    client.force_login(world.street_officer)
    url = reverse("classes:rename", args=[made["w"].pk])
    response = client.post(url, {"name": "轮椅维修"})
    assert response.status_code == 302 and response["Location"] == made["w"].get_absolute_url()
    assert WishClass.objects.get(pk=made["w"].pk).name == "轮椅维修"
    message = refusal(lambda: class_rename(actor=world.street_officer, class_id=made["w"].pk, name="长" * 61))
    page = shows_refusal(client.post(url, {"name": "长" * 61}), 422, message)
    assert "长" * 61 in page  # what was typed is kept
    assert WishClass.objects.get(pk=made["w"].pk).name == "轮椅维修"


def test_rename_by_community_staff_is_403_and_by_a_resident_404(client, world, made):
    client.force_login(world.staff_a)
    assert client.post(reverse("classes:rename", args=[made["w"].pk]), {"name": "x"}).status_code == 403
    client.force_login(world.resident_a)
    assert client.post(reverse("classes:rename", args=[made["w"].pk]), {"name": "x"}).status_code == 404
    assert WishClass.objects.get(pk=made["w"].pk).name == ""


def test_merge_through_the_page(client, world, made):
    client.force_login(world.street_officer)
    url = reverse("classes:merge", args=[made["w"].pk])
    for bad in ("", made["w"].pk):
        message = refusal(lambda bad=bad: class_merge(actor=world.street_officer, class_id=made["w"].pk, into_id=bad))
        shows_refusal(client.post(url, {"into": bad}), 422, message)
    shows_refusal(client.post(url, {}), 422, message_of_no_target(world, made))
    assert WishClass.objects.get(pk=made["w"].pk).merged_into is None
    response = client.post(url, {"into": made["t"].pk})
    assert response.status_code == 302 and response["Location"] == made["t"].get_absolute_url()
    assert WishClass.objects.get(pk=made["w"].pk).merged_into == made["t"]


def message_of_no_target(world, made) -> str:
    return refusal(lambda: class_merge(actor=world.street_officer, class_id=made["w"].pk, into_id=None))


def test_split_through_the_page(client, world, made):
    client.force_login(world.district_admin)
    url = reverse("classes:split", args=[made["w"].pk])
    chosen = made["wheelchair"][0].pk
    no_name = refusal(lambda: class_split(actor=world.district_admin, class_id=made["w"].pk, wish_ids=[chosen],
                                          name=""))
    page = shows_refusal(client.post(url, {"wishes": [chosen], "name": ""}), 422, no_name)
    assert f'value="{chosen}" checked' in page  # the ticks are kept
    everything = [w.pk for w in made["wheelchair"]]
    all_of_it = refusal(lambda: class_split(actor=world.district_admin, class_id=made["w"].pk, wish_ids=everything,
                                            name="全部"))
    shows_refusal(client.post(url, {"wishes": everything, "name": "全部"}), 422, all_of_it)
    assert WishClass.objects.count() == 2
    response = client.post(url, {"wishes": [chosen], "name": "电动轮椅"})
    new = WishClass.objects.get(name="电动轮椅")
    assert response.status_code == 302 and response["Location"] == new.get_absolute_url()
    assert Membership.objects.get(wish_id=chosen).wish_class == new


def test_promote_through_the_page(client, world, made):
    client.force_login(world.street_officer)
    url = reverse("classes:promote", args=[made["w"].pk])
    values = {"title": "轮椅维修日", "goal": "修好每一辆", "lead": street_claimer(world).pk, "due_date": "",
              "milestone_title_0": "联系师傅", "milestone_date_0": today().isoformat(),
              "milestone_title_1": "", "milestone_date_1": ""}
    no_goal = refusal(lambda: project_open(actor=world.street_officer, class_id=made["w"].pk, title="轮椅维修日",
                                           goal="", lead_id=values["lead"]))
    page = shows_refusal(client.post(url, values | {"goal": ""}), 422, no_goal)
    assert 'value="轮椅维修日"' in page  # what was typed is kept
    past = refusal(lambda: project_open(actor=world.street_officer, class_id=made["w"].pk, title="轮椅维修日",
                                        goal="修好", lead_id=values["lead"], milestones=[("联系师傅", "2020-01-01")]))
    shows_refusal(client.post(url, values | {"milestone_date_0": "2020-01-01"}), 422, past)
    shows_refusal(client.post(url, values | {"lead": ""}), 422, refusal(lambda: project_open(
        actor=world.street_officer, class_id=made["w"].pk, title="轮椅维修日", goal="修好", lead_id="")))
    assert not ClassProject.objects.exists()
    response = client.post(url, values)
    project = ClassProject.objects.get()
    assert response.status_code == 302 and response["Location"] == project.get_absolute_url()
    assert project.area == world.street and list(project.milestones.values_list("title", flat=True)) == ["联系师傅"]
    assert client.post(url, values).status_code == 409


def test_milestones_through_the_page(client, world, made, project):
    client.force_login(world.district_admin)
    url = reverse("classes:milestone_add", args=[project.pk])
    past = refusal(lambda: milestone_add(actor=world.district_admin, project_id=project.pk, title="上门维修",
                                         due_date="2020-01-01"))
    shows_refusal(client.post(url, {"title": "上门维修", "due_date": "2020-01-01"}), 422, past)
    assert project.milestones.count() == 1
    assert client.post(url, {"title": "上门维修", "due_date": today().isoformat()}).status_code == 302
    milestone = project.milestones.get(title="上门维修")
    done = reverse("classes:milestone_done", args=[project.pk, milestone.pk])
    assert client.post(done, {"note": "修好了"}).status_code == 302
    assert client.post(done, {"note": "again"}).status_code == 409
    assert client.post(reverse("classes:milestone_done", args=[project.pk, 987654])).status_code == 404


def test_close_through_the_page(client, world, made, project):
    client.force_login(world.staff_a)
    url = reverse("classes:close", args=[project.pk])
    assert client.post(url, {"outcome": "resolved", "result": "修好了"}).status_code == 403
    client.force_login(world.district_admin)
    no_outcome = refusal(lambda: project_close(actor=world.district_admin, project_id=project.pk, outcome="",
                                               result="修好了"))
    page = shows_refusal(client.post(url, {"outcome": "", "result": "修好了"}), 422, no_outcome)
    assert "修好了</textarea>" in page  # what was typed is kept
    assert ClassProject.objects.get().state == "open"
    response = client.post(url, {"outcome": "resolved", "result": "修好了"})
    assert response.status_code == 302 and response["Location"] == project.get_absolute_url()
    assert set(Wish.objects.filter(pk__in=[w.pk for w in made["wheelchair"]]).values_list("state", flat=True)) == {
        "fulfilled"}
    assert client.post(url, {"outcome": "resolved", "result": "再来"}).status_code == 409
    assert reverse("classes:close", args=[project.pk]) not in page_of(client.get(project.get_absolute_url()))


def test_the_class_page_lists_its_closed_projects_and_offers_a_new_one(client, world, made, project):
    project_close(actor=world.district_admin, project_id=project.pk, outcome="unresolved", result="无")
    client.force_login(world.street_officer)
    detail = page_of(client.get(made["w"].get_absolute_url()))
    assert project.title in detail and reverse("classes:promote", args=[made["w"].pk]) in detail
