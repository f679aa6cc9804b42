"""Pages of wish classes and class projects. Thin: parse, fetch with access check, call one service, render."""

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sanji.core import scope
from sanji.core.errors import NotFound, SanjiError
from sanji.core.inputs import parse_id
from sanji.core.masking import mask_name
from sanji.core.models import Area

from . import selectors, services
from .models import ProjectOutcome
from .rules import manager_areas

MILESTONE_ROWS = 3


def _viewer(request):
    if not rules.has_perm("classes.view_classes", request.user):
        raise NotFound()


def _area_filter(request) -> Area | None:
    """Return the area chosen in ``?area=``, if it lies in the viewer's scope."""
    area_id = parse_id(request.GET.get("area"))
    if not area_id:
        return None
    area = Area.objects.filter(pk=area_id).first()
    return area if area and scope.is_staff_for(request.user, area) else None


def _area_choices(user):
    tops = scope.staff_areas(user)
    return Area.objects.filter(scope.area_q(tops)).exclude(level="grid").order_by("path")


@login_required
def index(request):
    _viewer(request)
    area = _area_filter(request)
    month = request.GET.get("month")
    rows = selectors.class_table(request.user, area=area, month=month)
    return render(
        request,
        "classes/index.html",
        {
            "rows": rows,
            "area": area,
            "month": selectors.month_bounds(month)[3],
            "areas": _area_choices(request.user),
            "districts": selectors.districts_managed(request.user),
        },
    )


@login_required
def shortlist(request):
    _viewer(request)
    area = _area_filter(request)
    month = request.GET.get("month")
    return render(
        request,
        "classes/shortlist.html",
        {
            "rows": selectors.shortlist(request.user, area=area, month=month),
            "area": area,
            "month": selectors.month_bounds(month)[3],
            "areas": _area_choices(request.user),
            "weights": selectors.SHORTLIST_WEIGHTS,
        },
    )


@login_required
@require_POST
def regroup(request):
    _viewer(request)
    try:
        report = services.regroup_requested(actor=request.user, district_id=request.POST.get("district"))
    except SanjiError as error:
        messages.error(request, error.message)
    else:
        if report is None:
            messages.success(request, _("Regrouping has been queued; the classes will be updated in a few minutes."))
        else:
            messages.success(
                request,
                _("Regrouping done. Wishes: %(wishes)s; classes: %(classes)s; new classes: %(created)s.")
                % {"wishes": report.wishes, "classes": report.classes, "created": report.created},
            )
    return redirect("classes:index")


def _detail_context(request, wish_class, *, error=None, failed=None, values=None):
    user = request.user
    can_manage = rules.has_perm("classes.manage_classes", user, wish_class.district)
    members = list(selectors.class_members(user, wish_class)[:200])
    return {
        "wish_class": wish_class,
        "members": [(m, mask_name(m.wish.beneficiary.name, m.wish.beneficiary.gender)) for m in members],
        "months": selectors.class_months(user, wish_class),
        "edits": wish_class.edits.select_related("actor").order_by("-at", "-pk")[:20],
        "projects": wish_class.projects.select_related("lead__party_org", "lead__partner_unit", "lead__area", "area"),
        "can_manage": can_manage,
        "merge_targets": selectors.merge_targets(user, wish_class) if can_manage else [],
        "leads": selectors.lead_choices(wish_class.district) if can_manage else [],
        "project_areas": [a for a in manager_areas(user) if wish_class.district.contains(a)] if can_manage else [],
        "milestone_rows": [
            (values.get(f"milestone_title_{i}", ""), values.get(f"milestone_date_{i}", ""))
            if failed == "promote" and values else ("", "")
            for i in range(MILESTONE_ROWS)
        ],
        "error": error,
        "failed": failed,
        "values": values or {},
        "ticked": set(values.getlist("wishes")) if hasattr(values, "getlist") else set(),
    }


@login_required
def detail(request, pk):
    _viewer(request)
    wish_class = selectors.class_access(request.user, pk)
    if wish_class.merged_into_id:
        return redirect(wish_class.merged_into)
    return render(request, "classes/detail.html", _detail_context(request, wish_class))


def _edit(request, pk, name, call):
    _viewer(request)
    wish_class = selectors.class_access(request.user, pk)
    try:
        result = call(request.user, wish_class)
    except NotFound:
        raise
    except SanjiError as error:
        context = _detail_context(request, wish_class, error=error, failed=name, values=request.POST)
        return render(request, "classes/detail.html", context, status=error.status)
    return redirect(result)


@login_required
@require_POST
def rename(request, pk):
    def call(user, wish_class):
        done = services.class_rename(actor=user, class_id=wish_class.pk, name=request.POST.get("name", ""))
        messages.success(request, _("The class is now called “%(name)s”.") % {"name": done.title})
        return done

    return _edit(request, pk, "rename", call)


@login_required
@require_POST
def merge(request, pk):
    def call(user, wish_class):
        done = services.class_merge(actor=user, class_id=wish_class.pk, into_id=request.POST.get("into"))
        messages.success(request, _("Merged into “%(name)s”.") % {"name": done.title})
        return done

    return _edit(request, pk, "merge", call)


@login_required
@require_POST
def split(request, pk):
    def call(user, wish_class):
        done = services.class_split(
            actor=user,
            class_id=wish_class.pk,
            wish_ids=request.POST.getlist("wishes"),
            name=request.POST.get("name", ""),
        )
        messages.success(request, _("The chosen wishes now form “%(name)s”.") % {"name": done.title})
        return done

    return _edit(request, pk, "split", call)


@login_required
@require_POST
def promote(request, pk):
    def call(user, wish_class):
        steps = [
            (request.POST.get(f"milestone_title_{i}", ""), request.POST.get(f"milestone_date_{i}", ""))
            for i in range(MILESTONE_ROWS)
        ]
        project = services.project_open(
            actor=user,
            class_id=wish_class.pk,
            title=request.POST.get("title", ""),
            goal=request.POST.get("goal", ""),
            lead_id=request.POST.get("lead"),
            area_id=request.POST.get("area"),
            due_date=request.POST.get("due_date"),
            milestones=[s for s in steps if s[0].strip() or s[1].strip()],
        )
        messages.success(request, _("The project is open."))
        return project

    return _edit(request, pk, "promote", call)


@login_required
def projects(request):
    _viewer(request)
    page = Paginator(selectors.projects_in_scope(request.user), 30).get_page(request.GET.get("page"))
    return render(request, "classes/projects.html", {"page": page, "projects": page.object_list})


def _project_context(request, project, *, error=None, failed=None, values=None):
    return {
        "project": project,
        "milestones": project.milestones.all(),
        "wishes": selectors.project_wishes(request.user, project),
        "other_wishes": project.wishes.count(),
        "events": project.events.select_related("actor"),
        "can_run": project.state == "open" and rules.has_perm("classes.run_project", request.user, project),
        "outcomes": ProjectOutcome.choices,
        "error": error,
        "failed": failed,
        "values": values or {},
    }


@login_required
def project(request, pk):
    _viewer(request)
    found = selectors.project_access(request.user, pk)
    return render(request, "classes/project.html", _project_context(request, found))


def _project_step(request, pk, name, call, done_message):
    _viewer(request)
    found = selectors.project_access(request.user, pk)
    try:
        call(request.user, found)
    except NotFound:
        raise
    except SanjiError as error:
        found = selectors.project_access(request.user, pk)
        context = _project_context(request, found, error=error, failed=name, values=request.POST)
        return render(request, "classes/project.html", context, status=error.status)
    messages.success(request, done_message)
    return redirect(found)


@login_required
@require_POST
def milestone_add(request, pk):
    return _project_step(
        request,
        pk,
        "milestone",
        lambda user, p: services.milestone_add(
            actor=user, project_id=p.pk, title=request.POST.get("title", ""), due_date=request.POST.get("due_date")
        ),
        _("Milestone added."),
    )


@login_required
@require_POST
def milestone_done(request, pk, milestone_pk):
    return _project_step(
        request,
        pk,
        "done",
        lambda user, p: services.milestone_done(
            actor=user, project_id=p.pk, milestone_id=milestone_pk, note=request.POST.get("note", "")
        ),
        _("Milestone marked done."),
    )


@login_required
@require_POST
def close(request, pk):
    return _project_step(
        request,
        pk,
        "close",
        lambda user, p: services.project_close(
            actor=user, project_id=p.pk, outcome=request.POST.get("outcome", ""), result=request.POST.get("result", "")
        ),
        _("The project is closed and its wishes carry the result."),
    )
