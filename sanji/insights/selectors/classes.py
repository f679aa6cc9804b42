"""Wish classes and class projects on the dashboard: the largest classes of an area, projects opened and closed.

Read-only and unscoped: the caller passes an area the user may see. A wish belongs to the subtree of its community;
a class spans its district, so what an area sees of a class is counted over the class's wishes in the area.
"""

from django.db.models import Count, Q

from sanji.classes.models import ClassProject, Membership, ProjectOutcome, WishClass
from sanji.core.models import Area
from sanji.wishes.models import NO_LONGER_NEEDED

from ..period import Period


def top_classes(*, area: Area, period: Period, limit: int = 10) -> list[dict]:
    """Return the ``limit`` classes with the most wishes from ``area``'s subtree submitted in ``period``.

    A class's ``wishes`` is the number of its member wishes whose community lies in the subtree and whose
    submission (``Wish.created_at``) falls in [start, end) of the period, leaving out wishes that are no longer
    needs (rejected, withdrawn, merged), as the class pages do. Classes with none are left out. Order: most wishes
    first, then the older class (smaller id) first.

    Each row: ``class_id``, ``title`` (the name staff gave, else the key words), ``wishes``, ``promoted`` (the class
    has had a project, under way or closed, by now), and ``project_id``, ``project_title``, ``project_state``,
    ``project_outcome`` of its newest project (by opening time), or None when it has none.

    Three queries.
    """
    if limit < 1:
        return []
    counts = list(
        Membership.objects.filter(
            wish__community__path__startswith=area.path, wish__created_at__gte=period.start,
            wish__created_at__lt=period.end,
        ).exclude(wish__state__in=NO_LONGER_NEEDED)
        .values("wish_class").annotate(wishes=Count("pk")).order_by("-wishes", "wish_class")[:limit]
    )
    ids = [row["wish_class"] for row in counts]
    classes = WishClass.objects.in_bulk(ids)
    newest: dict[int, ClassProject] = {}
    for project in ClassProject.objects.filter(wish_class__in=ids).order_by("wish_class", "-opened_at", "-pk"):
        newest.setdefault(project.wish_class_id, project)
    rows = []
    for row in counts:
        project = newest.get(row["wish_class"])
        rows.append({
            "class_id": row["wish_class"],
            "title": classes[row["wish_class"]].title,
            "wishes": row["wishes"],
            "promoted": project is not None,
            "project_id": project.pk if project else None,
            "project_title": project.title if project else None,
            "project_state": project.state if project else None,
            "project_outcome": (project.outcome or None) if project else None,
        })
    return rows


def projects_summary(*, area: Area, period: Period) -> dict:
    """Return the class projects touching ``area`` opened and closed in ``period`` (instants in [start, end)).

    A project touches the area when at least one of the wishes it answers lies in the area's subtree (so a
    district-wide project touches only the communities whose wishes it took up).

    - ``opened``: the touching projects whose ``opened_at`` falls in the period, oldest first;
      ``opened_count``: how many.
    - ``closed``: the touching projects whose ``closed_at`` falls in the period, oldest closing first;
      ``closed_count``: how many. A project opened and closed in the period is in both.
    - ``closed_by_outcome``: ``(outcome, label, count)`` of the closed ones for every ``ProjectOutcome``, 0 included.

    Each project row: ``project_id``, ``title``, ``class_id``, ``class_title``, ``state``, ``outcome`` (None while
    open), ``opened_at``, ``closed_at``, ``wishes`` (all the wishes it answers) and ``wishes_in_area`` (those of them
    in the subtree).

    One query.
    """
    start, end = period.start, period.end
    in_area = Q(wishes__community__path__startswith=area.path)
    touching = ClassProject.wishes.through.objects.filter(wish__community__path__startswith=area.path)
    projects = list(
        ClassProject.objects.filter(pk__in=touching.values("classproject_id"))
        .filter(Q(opened_at__gte=start, opened_at__lt=end) | Q(closed_at__gte=start, closed_at__lt=end))
        .annotate(n_wishes=Count("wishes", distinct=True), n_in_area=Count("wishes", filter=in_area, distinct=True))
        .select_related("wish_class").order_by("opened_at", "pk")
    )
    opened = [_project_row(p) for p in projects if start <= p.opened_at < end]
    closed = [
        _project_row(p)
        for p in sorted(projects, key=lambda p: (p.closed_at or end, p.pk))
        if p.closed_at is not None and start <= p.closed_at < end
    ]
    return {
        "opened": opened,
        "opened_count": len(opened),
        "closed": closed,
        "closed_count": len(closed),
        "closed_by_outcome": [
            (outcome.value, outcome.label, sum(1 for row in closed if row["outcome"] == outcome.value))
            for outcome in ProjectOutcome
        ],
    }


def _project_row(project: ClassProject) -> dict:
    return {
        "project_id": project.pk,
        "title": project.title,
        "class_id": project.wish_class_id,
        "class_title": project.wish_class.title,
        "state": project.state,
        "outcome": project.outcome or None,
        "opened_at": project.opened_at,
        "closed_at": project.closed_at,
        "wishes": project.n_wishes,
        "wishes_in_area": project.n_in_area,
    }
