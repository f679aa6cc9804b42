"""The audit log's pages: changes, and disclosures of personal data. Thin: parse, search in scope, render."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render

from sanji.core.errors import InvalidInput

from . import presenters, selectors
from .models import Action

PER_PAGE = 50


def _page(request, kind: str, search, describe):
    """Render one tab: the filter form, the message of a wrong filter, or the matching rows 50 at a time."""
    areas = selectors.search_areas(request.user)  # NotFound for anyone who may not search
    error = None
    try:
        filters = selectors.parse_filters(request.user, request.GET)
    except InvalidInput as exc:
        error, rows = exc, []
    else:
        rows = search(filters).select_related("area")
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    names = presenters.linked_names((e.model, e.changes) for e in page) if kind == "changes" else {}
    return render(request, "audit/log.html", {
        "kind": kind,
        "page": page,
        "rows": [describe(row, names) for row in page],
        "error": error,
        "values": request.GET,
        "areas": areas,
        "kinds": presenters.kind_choices(),
        "actions": Action.choices,
    })


def _change_row(entry, names):
    return {"entry": entry, "kind": presenters.kind_name(entry.model), "source": presenters.source_name(entry.source),
            "lines": presenters.describe(entry.model, entry.changes, names)}


def _disclosure_row(disclosure, _names):
    return {"entry": disclosure, "kind": presenters.kind_name(disclosure.subject_model),
            "source": presenters.source_name(disclosure.source),
            "fields": presenters.field_names(disclosure.subject_model, disclosure.fields.split(","))}


@login_required
def changes(request):
    return _page(request, "changes",
                 lambda f: selectors.audit_search(request.user, **f.for_changes()), _change_row)


@login_required
def disclosures(request):
    return _page(request, "disclosures",
                 lambda f: selectors.disclosure_search(request.user, **f.for_disclosures()), _disclosure_row)
