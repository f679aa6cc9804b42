"""Class and project endpoints, and the duplicate check of a wish being written. Thin: parse, call, shape."""

import datetime as dt
from typing import Literal

import rules
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status

from sanji.core import scope
from sanji.core.errors import NotFound
from sanji.core.inputs import MAX_ID
from sanji.core.models import Area
from sanji.wishes.duplicates import likely_duplicates
from sanji.wishes.schemas import ERRORS

from . import selectors, services
from .selectors import ClassRow

router = Router(tags=["classes"])


class TableQuery(Schema):
    area: int | None = Field(None, ge=1, le=MAX_ID, description="a street or community in the caller's scope")
    month: str | None = Field(None, pattern=r"^\d{4}-\d{2}$", description="YYYY-MM; the current month if absent")


class ClassOut(Schema):
    id: int
    name: str
    label: str
    title: str
    this_month: int
    last_month: int
    total: int
    priority: int
    priority_groups: list[str]
    open: int
    overdue: int
    project: int | None
    score: str | None = Field(None, description="shortlist only: the score as an exact fraction, e.g. 3/5")


class TableOut(Schema):
    month: str
    items: list[ClassOut]


class MemberOut(Schema):
    wish: int
    community: str
    state: str
    created_at: dt.datetime
    pinned: bool


class ClassDetailOut(Schema):
    id: int
    district: int
    name: str
    label: str
    title: str
    merged_into: int | None
    months: list[tuple[str, int]]
    wishes: list[MemberOut]


class RenameIn(Schema):
    name: str = Field(..., max_length=200)


class MergeIn(Schema):
    into: int = Field(..., ge=1, le=MAX_ID)


class SplitIn(Schema):
    wishes: list[int] = Field(..., max_length=10_000)
    name: str = Field(..., max_length=200)


class RegroupIn(Schema):
    district: int = Field(..., ge=1, le=MAX_ID)


class RegroupOut(Schema):
    queued: bool
    wishes: int | None = None
    classes: int | None = None
    created: int | None = None


class MilestoneIn(Schema):
    title: str = Field(..., max_length=200)
    due_date: dt.date


class ProjectIn(Schema):
    title: str = Field(..., max_length=200)
    goal: str = Field(..., max_length=4000)
    lead: int = Field(..., ge=1, le=MAX_ID, description="a claimer: agency party organisation, partner unit or street")
    area: int | None = Field(None, ge=1, le=MAX_ID, description="the district or a street; the widest by default")
    due_date: dt.date | None = None
    milestones: list[MilestoneIn] = Field(default_factory=list, max_length=50)


class MilestoneOut(Schema):
    id: int
    title: str
    due_date: dt.date
    done_at: dt.datetime | None
    note: str


class ProjectOut(Schema):
    id: int
    wish_class: int
    title: str
    goal: str
    lead: int
    area: int
    due_date: dt.date | None
    state: str
    outcome: str
    result: str
    wishes: list[int] = Field(..., description="the wishes answered that lie in the caller's scope")
    wishes_total: int
    milestones: list[MilestoneOut]


class DoneIn(Schema):
    note: str = Field("", max_length=1000)


class CloseIn(Schema):
    outcome: Literal["resolved", "partly", "unresolved"]
    result: str = Field(..., max_length=4000)


class DuplicateQuery(Schema):
    text: str = Field(..., max_length=1000)
    resident: int | None = Field(None, ge=1, le=MAX_ID, description="staff: the resident the wish is for")


class DuplicateOut(Schema):
    wish: int
    text: str
    state: str
    created_at: dt.datetime
    likeness: float
    same_resident: bool


def _row(row: ClassRow) -> dict:
    c = row.wish_class
    return {
        "id": c.pk, "name": c.name, "label": c.label, "title": c.title, "this_month": row.this_month,
        "last_month": row.last_month, "total": row.total, "priority": row.priority,
        "priority_groups": row.priority_groups, "open": row.open, "overdue": row.overdue,
        "project": row.project.pk if row.project else None, "score": str(row.score) if row.parts else None,
    }


def _area(request, area_id) -> Area | None:
    if area_id is None:
        return None
    area = Area.objects.filter(pk=area_id).first()
    if area is None or not scope.is_staff_for(request.auth, area):
        raise NotFound()
    return area


def _project(project, user) -> dict:
    return {
        "id": project.pk, "wish_class": project.wish_class_id, "title": project.title, "goal": project.goal,
        "lead": project.lead_id, "area": project.area_id, "due_date": project.due_date, "state": project.state,
        "outcome": project.outcome, "result": project.result,
        "wishes": sorted(selectors.project_wishes(user, project).values_list("pk", flat=True)),
        "wishes_total": project.wishes.count(),
        "milestones": [
            {"id": m.pk, "title": m.title, "due_date": m.due_date, "done_at": m.done_at, "note": m.note}
            for m in project.milestones.all()
        ],
    }


def _viewer(request):
    if not rules.has_perm("classes.view_classes", request.auth):
        raise NotFound()


@router.get("/classes", response={200: TableOut, **ERRORS}, summary="Classes of wishes in the caller's scope, by month")
def list_classes(request: HttpRequest, query: Query[TableQuery]):
    _viewer(request)
    rows = selectors.class_table(request.auth, area=_area(request, query.area), month=query.month)
    return {"month": selectors.month_bounds(query.month)[3], "items": [_row(r) for r in rows]}


@router.get("/classes/shortlist", response={200: TableOut, **ERRORS},
            summary="The classes that most need a project this month (每月一题), best first")
def shortlist(request: HttpRequest, query: Query[TableQuery]):
    _viewer(request)
    rows = selectors.shortlist(request.auth, area=_area(request, query.area), month=query.month)
    return {"month": selectors.month_bounds(query.month)[3], "items": [_row(r) for r in rows]}


@router.post("/classes/regroup", response={200: RegroupOut, **ERRORS},
             summary="Regroup a district's wishes now (queued when a task queue is configured)")
def regroup(request: HttpRequest, payload: RegroupIn):
    report = services.regroup_requested(actor=request.auth, district_id=payload.district)
    if report is None:
        return {"queued": True}
    return {"queued": False, "wishes": report.wishes, "classes": report.classes, "created": report.created}


@router.get("/classes/{int:class_id}", response={200: ClassDetailOut, **ERRORS}, summary="A class and its wishes")
def get_class(request: HttpRequest, class_id: int):
    _viewer(request)
    wish_class = selectors.class_access(request.auth, class_id)
    members = selectors.class_members(request.auth, wish_class)
    return {
        "id": wish_class.pk, "district": wish_class.district_id, "name": wish_class.name,
        "label": wish_class.label, "title": wish_class.title, "merged_into": wish_class.merged_into_id,
        "months": selectors.class_months(request.auth, wish_class),
        "wishes": [{"wish": m.wish_id, "community": m.wish.community.name, "state": m.wish.state,
                    "created_at": m.wish.created_at, "pinned": m.pinned} for m in members],
    }


@router.post("/classes/{int:class_id}/rename", response={200: ClassDetailOut, **ERRORS}, summary="Rename a class")
def rename(request: HttpRequest, class_id: int, payload: RenameIn):
    services.class_rename(actor=request.auth, class_id=class_id, name=payload.name)
    return get_class(request, class_id)


@router.post("/classes/{int:class_id}/merge", response={200: ClassDetailOut, **ERRORS},
             summary="Merge a class into another; returns the class merged into")
def merge(request: HttpRequest, class_id: int, payload: MergeIn):
    target = services.class_merge(actor=request.auth, class_id=class_id, into_id=payload.into)
    return get_class(request, target.pk)


@router.post("/classes/{int:class_id}/split", response={201: ClassDetailOut, **ERRORS},
             summary="Move some wishes of a class into a new class; returns the new class")
def split(request: HttpRequest, class_id: int, payload: SplitIn):
    new = services.class_split(actor=request.auth, class_id=class_id, wish_ids=payload.wishes, name=payload.name)
    return Status(201, get_class(request, new.pk))


@router.post("/classes/{int:class_id}/projects", response={201: ProjectOut, **ERRORS},
             summary="Promote a class to a project (项目化)")
def open_project(request: HttpRequest, class_id: int, payload: ProjectIn):
    project = services.project_open(
        actor=request.auth, class_id=class_id, title=payload.title, goal=payload.goal, lead_id=payload.lead,
        area_id=payload.area, due_date=payload.due_date,
        milestones=[(m.title, m.due_date) for m in payload.milestones],
    )
    return Status(201, _project(project, request.auth))


@router.get("/projects/{int:project_id}", response={200: ProjectOut, **ERRORS}, summary="A class project")
def get_project(request: HttpRequest, project_id: int):
    _viewer(request)
    return _project(selectors.project_access(request.auth, project_id), request.auth)


@router.post("/projects/{int:project_id}/milestones", response={201: ProjectOut, **ERRORS},
             summary="Add a milestone")
def add_milestone(request: HttpRequest, project_id: int, payload: MilestoneIn):
    services.milestone_add(actor=request.auth, project_id=project_id, title=payload.title, due_date=payload.due_date)
    return Status(201, get_project(request, project_id))


@router.post("/projects/{int:project_id}/milestones/{int:milestone_id}/done", response={200: ProjectOut, **ERRORS},
             summary="Mark a milestone done")
def milestone_done(request: HttpRequest, project_id: int, milestone_id: int, payload: DoneIn):
    services.milestone_done(actor=request.auth, project_id=project_id, milestone_id=milestone_id, note=payload.note)
    return get_project(request, project_id)


@router.post("/projects/{int:project_id}/close", response={200: ProjectOut, **ERRORS},
             summary="Close a project; resolved moves its open wishes to fulfilled with the result")
def close_project(request: HttpRequest, project_id: int, payload: CloseIn):
    services.project_close(actor=request.auth, project_id=project_id, outcome=payload.outcome, result=payload.result)
    return get_project(request, project_id)


@router.get("/wishes/duplicates", response={200: list[DuplicateOut], **ERRORS},
            summary="Recent wishes that look like a text being written (same resident or compound)")
def duplicates(request: HttpRequest, query: Query[DuplicateQuery]):
    found = likely_duplicates(request.auth, text=query.text, resident_id=query.resident)
    return [{"wish": d.wish.pk, "text": d.wish.text, "state": d.wish.state, "created_at": d.wish.created_at,
             "likeness": round(d.likeness, 3), "same_resident": d.same_person} for d in found]
