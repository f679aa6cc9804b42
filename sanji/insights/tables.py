"""The dashboard's tables, defined once: the page draws them, the charts read them, the sheets export them.

A ``Table`` has typed columns (text, number, rate, date) and rows of plain values; a rate cell is a
``Rate``, which the page shows as "48.8 % (41/84)" and a sheet writes as three columns (per cent,
numerator, denominator), so a sheet can be checked and re-added by hand.
"""

from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .dashboard import Dashboard
from .rates import Rate
from .selectors.wishes import Counters

TEXT, NUMBER, RATE, DATE = "text", "number", "rate", "date"


@dataclass(frozen=True)
class Column:
    label: str
    kind: str = NUMBER


@dataclass
class Table:
    key: str
    title: str
    columns: list[Column]
    rows: list[list] = field(default_factory=list)
    links: list = field(default_factory=list)  # per row: query parameters to drill into, or None

    def column(self, index: int) -> list:
        return [row[index] for row in self.rows]

    def lines(self) -> list[tuple]:
        """Return each row as (first cell, other cells, drill-down query or None), for the page."""
        links = self.links or [None] * len(self.rows)
        return [(row[0], row[1:], link) for row, link in zip(self.rows, links, strict=True)]


def _rate_columns() -> list[Column]:
    return [Column(_("Response rate"), RATE), Column(_("Resolution rate"), RATE), Column(_("Satisfaction rate"), RATE)]


def _rates(c: Counters) -> list[Rate]:
    return [c.response, c.resolution, c.satisfaction]


def summary_table(d: Dashboard) -> Table:
    t = Table("summary", _("Key figures"), [Column(_("Measure"), TEXT), Column(_("Value"), TEXT)])
    total = d.wishes.total
    for label, value in [
        (_("Response rate"), total.response), (_("Resolution rate"), total.resolution),
        (_("Satisfaction rate"), total.satisfaction), (_("Wishes made"), total["submitted"]),
        (_("Wishes fulfilled"), total["fulfilled"]), (_("Escalations"), total["escalated"]),
        (_("Median days from publication to fulfilment"), d.wishes.median_days),
        (_("Open wishes now"), d.open.open), (_("Overdue now"), d.open.overdue),
        (_("Priority-group households reached"), d.coverage),
        (_("Party members reported to the area"), d.members.members),
        (_("Wishes fulfilled by party members"), d.members.wishes),
        (_("Hours given on them"), d.members.hours),
    ]:
        t.rows.append([label, value])
    return t


def months_table(d: Dashboard) -> Table:
    t = Table("months", _("By month"), [
        Column(_("Month"), TEXT), *_rate_columns(), Column(_("Wishes made")), Column(_("Wishes fulfilled")),
        Column(_("Escalations")),
    ])
    for month, c in d.months:
        t.rows.append([month.strftime("%Y-%m"), *_rates(c), c["submitted"], c["fulfilled"], c["escalated"]])
    return t


def areas_table(d: Dashboard) -> Table:
    t = Table("areas", _("By area"), [
        Column(_("Area"), TEXT), *_rate_columns(), Column(_("Wishes made")), Column(_("Wishes fulfilled")),
        Column(_("Median days")), Column(_("Open now")), Column(_("Overdue now")),
    ])
    for r in d.areas:
        t.rows.append([r.area.name, *_rates(r.counters), r.counters["submitted"], r.counters["fulfilled"],
                       r.median_days, r.open.open, r.open.overdue])
        drill = r.area.pk != d.slice.area.pk
        t.links.append(d.request.query(area=r.area.code or str(r.area.pk)) if drill else None)
    return t


def _named_table(key, title, first, named) -> Table:
    t = Table(key, title, [Column(first, TEXT), Column(_("Wishes made")), Column(_("Wishes fulfilled")),
                           *_rate_columns()])
    for r in named:
        t.rows.append([str(r.name), r.counters["submitted"], r.counters["fulfilled"], *_rates(r.counters)])
    return t


def categories_table(d: Dashboard) -> Table:
    return _named_table("categories", _("By category"), _("Category"), d.types)


def groups_table(d: Dashboard) -> Table:
    return _named_table("groups", _("By priority group"), _("Priority group"), d.groups)


def classes_table(d: Dashboard) -> Table:
    t = Table("classes", _("Classes with most wishes"), [
        Column(_("Class"), TEXT), Column(_("Wishes")), Column(_("Project"), TEXT),
    ])
    for row in d.classes:
        t.rows.append([row["title"], row["wishes"], row["project_title"] or ""])
    return t


def property_table(d: Dashboard) -> Table:
    t = Table("property", _("Compounds by management mode"), [Column(_("Management mode"), TEXT),
                                                              Column(_("Compounds"))])
    for _mode, label, count in d.property["compounds_by_mode"]:
        t.rows.append([str(label), count])
    return t


def votes_table(d: Dashboard) -> Table:
    t = Table("votes", _("Owners' votes counted"), [
        Column(_("Compound"), TEXT), Column(_("Matter"), TEXT), Column(_("Counted on"), DATE),
        Column(_("Owners voting"), ), Column(_("Owners for")), Column(_("Area voting (m²)")),
        Column(_("Area for (m²)")), Column(_("Result"), TEXT),
    ])
    for v in d.property["votes"]:
        t.rows.append([v["compound"], v["title"], timezone.localtime(v["counted_at"]), v["participating_owners"],
                       v["yes_owners"], v["participating_area"], v["yes_area"],
                       _("Passed") if v["passed"] else _("Not passed")])
    return t


def cadres_table(d: Dashboard) -> Table:
    t = Table("cadres", _("Young cadres by community"), [
        Column(_("Community"), TEXT), Column(_("Cadres placed")), Column(_("Sentinel reports")),
        Column(_("Answered")), Column(_("Whistles")),
    ])
    for row in d.cadres["communities"]:
        t.rows.append([row["community"], row["placements_active"], row["reports_filed"], row["reports_answered"],
                       row["whistles"]])
    return t


def overdue_table(d: Dashboard) -> Table:
    t = Table("overdue", _("Overdue wishes"), [
        Column(_("Wish"), TEXT), Column(_("Community"), TEXT), Column(_("Category"), TEXT), Column(_("State"), TEXT),
        Column(_("Deadline"), DATE), Column(_("Days overdue")),
    ])
    for wish in d.overdue:
        due = timezone.localtime(wish.deadline)
        t.rows.append([f"#{wish.pk}", wish.community.name, wish.duty_type.name if wish.duty_type else "",
                       wish.get_state_display(), due, (timezone.localtime(d.now).date() - due.date()).days])
    return t


TABLES = {
    "summary": summary_table, "months": months_table, "areas": areas_table, "categories": categories_table,
    "groups": groups_table, "classes": classes_table, "property": property_table, "votes": votes_table,
    "cadres": cadres_table, "overdue": overdue_table,
}


def dashboard_tables(d: Dashboard) -> dict[str, Table]:
    return {key: build(d) for key, build in TABLES.items()}
