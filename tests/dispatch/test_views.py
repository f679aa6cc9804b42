"""The dispatch pages, driven through the test client."""

from django.urls import reverse

from sanji.dispatch.models import DispatchBatch
from sanji.wishes.models import Wish

from ..wishes.helpers import act, submit


def test_the_candidates_page_explains_each_candidate_and_dispatches(client, world):
    wish = act(submit(world, category="home_repair"), "approve", world.staff_a)
    client.force_login(world.staff_a)
    page = client.get(reverse("dispatch:candidates", args=[wish.pk])).content.decode()
    assert "在职党员" in page or "On-duty party members" in page
    assert page.count('name="assignee"') >= 2
    fragment = client.get(reverse("dispatch:candidates", args=[wish.pk]), HTTP_HX_REQUEST="true")
    assert b"<html" not in fragment.content
    assert reverse("dispatch:candidates", args=[wish.pk]) in client.get(wish.get_absolute_url()).content.decode()


def test_the_candidates_page_is_not_found_for_those_who_cannot_dispatch(client, world):
    wish = act(submit(world, category="home_repair"), "approve", world.staff_a)
    for user in (world.member_a, world.staff_b, world.resident_a):
        client.force_login(user)
        assert client.get(reverse("dispatch:candidates", args=[wish.pk])).status_code == 404


def test_a_street_officer_proposes_edits_and_confirms(client, world):
    for i in range(3):
        act(submit(world, text=f"灯坏了{i}", category="home_repair"), "approve", world.staff_a)
    client.force_login(world.street_officer)
    page = client.get(reverse("dispatch:batches")).content.decode()
    assert f"{world.street.name} (3件待派)" in page  # counted over the street's communities
    assert f"{world.a.name} (3件待派)" in page and world.b.name not in page
    response = client.post(reverse("dispatch:batches"), {"area": world.street.pk, "objective": "max_score"})
    batch = DispatchBatch.objects.get()
    assert response.status_code == 302 and response["Location"] == batch.get_absolute_url()
    page = client.get(batch.get_absolute_url()).content.decode()
    assert page.count('class="why"') == 3
    line = batch.lines.first()
    response = client.post(reverse("dispatch:line_edit", args=[batch.pk, line.pk]), {"claimer": "12345"})
    assert response.status_code == 422 and "role=\"alert\"" in response.content.decode()
    response = client.post(reverse("dispatch:batch_confirm", args=[batch.pk]))
    assert response.status_code == 302
    assert set(Wish.objects.values_list("state", flat=True)) == {"dispatched"}
    response = client.post(reverse("dispatch:batch_confirm", args=[batch.pk]))
    assert response.status_code == 409


def test_batch_pages_are_for_reviewers_only(client, world):
    client.force_login(world.member_a)
    assert client.get(reverse("dispatch:batches")).status_code == 404
    client.force_login(world.street_officer)
    response = client.post(reverse("dispatch:batches"), {"area": "abc"})
    assert response.status_code == 404
    assert client.get(reverse("dispatch:batch", args=[999])).status_code == 404


def test_the_overdue_list_puts_overdue_wishes_first(client, world):
    import datetime as dt

    from sanji.core import clock

    with clock.at(clock.now() - dt.timedelta(days=5)):
        late = submit(world, text="早就该审核了")
    fresh_wish = submit(world, text="刚提交的")
    client.force_login(world.staff_a)
    page = client.get(reverse("wishes:all")).content.decode()
    assert page.index("早就该审核了") < page.index("刚提交的")
    overdue_only = client.get(reverse("wishes:all") + "?overdue=1").content.decode()
    assert "早就该审核了" in overdue_only and "刚提交的" not in overdue_only
    assert late.pk != fresh_wish.pk
    client.force_login(world.street_officer)
    home = client.get(reverse("home")).content.decode()
    assert f"?area={world.a.pk}&amp;overdue=1" in home


def test_a_grid_worker_sees_the_grids_counts(client, world):
    from sanji.core.models import Role

    from ..factories import area, staff

    grid = area("第一网格", "grid", world.a)
    worker = staff(grid, Role.GRID_WORKER, username="grid-worker")
    from sanji.core.models import Resident

    Resident.objects.filter(user=world.resident_a).update(grid=grid)
    submit(world, text="网格里的心愿")
    client.force_login(worker)
    home = client.get(reverse("home")).content.decode()
    assert f"?area={grid.pk}" in home and "第一网格" in home


def test_the_review_page_loads_the_ranked_candidates(client, world):
    wish = submit(world, category="home_repair")
    client.force_login(world.staff_a)
    page = client.get(wish.get_absolute_url()).content.decode()
    assert f'hx-get="{reverse("dispatch:candidates", args=[wish.pk])}"' in page
    client.force_login(world.resident_a)
    assert "hx-get=\"/dispatch/" not in client.get(wish.get_absolute_url()).content.decode()
