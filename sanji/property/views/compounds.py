"""The compound registry's pages: the list in scope, one compound, mode changes, the unit import."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sanji.core import clock
from sanji.core.errors import NotFound, SanjiError
from sanji.core.models import CompoundKind, ManagementMode, PartyOrg

from .. import selectors
from ..deadlines import start_due
from ..models import Matter, ModeChange, Step
from ..services import consultations as consultation_services
from ..services import reelections, registry, votes
from ..spreadsheets import max_bytes, units_template
from .common import act, download, gate


@login_required
def index(request):
    gate(request)
    query = request.GET.get("q", "").replace("\x00", "").strip()[:50]
    compounds = selectors.compounds_in_scope(request.user, query=query).order_by("-is_pilot", "community__path",
                                                                                 "name")
    return render(request, "property/index.html", {"compounds": compounds[:300], "query": query})


def _page(request, compound, *, error=None, values=None, failed=""):
    summary = selectors.compound_summary(compound)
    committee = summary.committee
    return render(request, "property/compound.html", {
        "compound": compound,
        "summary": summary,
        "start_due": start_due(committee.ends_on) if committee else None,
        "today": timezone.localdate(clock.now()),
        "modes": ManagementMode.choices,
        "kinds": CompoundKind.choices,
        "history": ModeChange.objects.filter(compound=compound).select_related("changed_by")[:20],
        "branches": PartyOrg.objects.filter(area__path__startswith=compound.community.path),
        "consultations": selectors.consultations_of(compound)[:20],
        "votes": selectors.votes_of(compound)[:20],
        "reelections": compound.reelections.order_by("-started_at")[:10],
        "under_way": compound.reelections.exclude(step=Step.FILED).exists(),
        "matters": Matter.choices,
        "can_form_group": request.user.has_perm("property.form_group", compound),
        "error": error,
        "failed": failed or (values.get("form", "") if values else ""),
        "values": values or {},
    })


@login_required
def compound(request, pk):
    gate(request)
    return _page(request, selectors.compound_access(request.user, pk))


def _compound_action(request, pk, call, done, *, back: bool = False):
    """Run ``call(compound)``; go to what it made, or back to the compound's page with ``back``."""
    gate(request)
    found = selectors.compound_access(request.user, pk)
    return act(request, lambda: call(found), done=done, to=_url(found) if back else None,
               page=lambda **kw: _page(request, found, **kw))


def _url(compound) -> str:
    return reverse("property:compound", args=[compound.pk])


@login_required
@require_POST
def set_mode(request, pk):
    return _compound_action(request, pk, lambda c: registry.compound_set_mode(
        actor=request.user, compound_id=c.pk, mode=request.POST.get("mode", ""), since=request.POST.get("since"),
        note=request.POST.get("note", "")), _("The management mode is recorded."), back=True)


@login_required
@require_POST
def update(request, pk):
    return _compound_action(request, pk, lambda c: registry.compound_update(
        actor=request.user, compound_id=c.pk, address=request.POST.get("address", ""),
        party_branch_id=request.POST.get("party_branch", ""), is_pilot=request.POST.get("is_pilot") == "on",
        kind=request.POST.get("kind") or None),
        _("Saved."), back=True)


@login_required
@require_POST
def import_units(request, pk):
    gate(request)
    found = selectors.compound_access(request.user, pk)
    upload = request.FILES.get("file")
    try:
        report = registry.units_import(actor=request.user, compound_id=found.pk,
                                       data=upload.read(max_bytes() + 1) if upload else b"")
    except NotFound:
        raise
    except SanjiError as error:
        response = _page(request, found, error=error, failed="import")
        response.status_code = error.status
        return response
    messages.success(request, _(
        "Imported: %(added)s units added, %(changed)s changed, %(unchanged)s unchanged; %(owners)s new owners.")
        % {"added": report.added, "changed": report.changed, "unchanged": report.unchanged,
           "owners": report.owners_added})
    return redirect(_url(found))


@login_required
def template(request):
    gate(request)
    return download(units_template(), "units-owners-template.xlsx")


@login_required
@require_POST
def consultation_open(request, pk):
    return _compound_action(request, pk, lambda c: consultation_services.consultation_open(
        actor=request.user, compound_id=c.pk, question=request.POST.get("question", ""),
        details=request.POST.get("details", "")), _("The consultation is open. Visit each household."))


@login_required
@require_POST
def vote_create(request, pk):
    return _compound_action(request, pk, lambda c: votes.vote_create(
        actor=request.user, compound_id=c.pk, matter=request.POST.get("matter"), title=request.POST.get("title", ""),
        proposal=request.POST.get("proposal", ""), opens_at=request.POST.get("opens_at", ""),
        closes_at=request.POST.get("closes_at", "")), _("The vote is drafted. Check it, then announce it."))


@login_required
@require_POST
def reelection_start(request, pk):
    return _compound_action(request, pk, lambda c: reelections.reelection_start(
        actor=request.user, compound_id=c.pk, term_years=request.POST.get("term_years"),
        by_street=request.POST.get("by_street") == "1", group_members=request.POST.get("group_members", "")),
        _("The re-election has started."))
