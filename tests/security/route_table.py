"""Every route of Sanji, with the objects of a community to put in its path and the body of a write.

A page route is named ``namespace:name`` (its URL name); an API operation is named ``METHOD /api/v1/path`` as
the OpenAPI schema spells it. ``test_route_scope`` fails for a route that is not here, so a new route is checked
from the day it is added: add it with the objects its parameters name.

Each ``Route`` says:

- ``targets(side)``: the path parameters naming the side's objects (a list: each is tried); none for a route
  without parameters;
- ``body(path_side, body_side, params)``: the form fields (pages) or JSON (API) of a write, the real field names
  of its form or schema, naming the objects of ``body_side``;
- ``reader``: who opens it on his or her own community's objects: a role of the side (``staff``, ``resident``,
  ``member``, ``owner``, ``unit``, ``cadre``) or a person of the district (``district_admin``, ``desk_petitions``,
  ``desk_civil``); ``expect``: the status that person gets on a GET (405 for a route that only writes), and for a
  write, access must be granted (not 401, 403 or 404);
- ``mixed(own, other)``: path parameters of one's own objects with a part of the other side's (a ballot of the
  other side under one's own vote), tried by the reader with the body naming the other side;
- ``district``: the object is district-wide (a wish class, a class project, a cadre batch): staff anywhere in the
  district may see it, but never the other community's personal data in it;
- ``queries(side)``: query strings naming the side's areas and people, for lists and searches;
- ``shows(side)``: a string of the side's own data the reader finds on a list (so an empty list cannot pass);
- ``pdf``: a list answered as PDF, whose text cannot be searched: only queries naming the other side are asked.
"""

from collections.abc import Callable
from dataclasses import dataclass

from .scope_world import Side

NEXT_MONTH, LATER = "2026-07-20T09:00:00+08:00", "2026-07-27T09:00:00+08:00"
WISH_STATES = ["submitted", "published", "claimed", "closed"]
#: The actions tried on the wishes: each one its state allows, and those that name another object.
WISH_ACTIONS = [
    ("submitted", "approve"), ("submitted", "merge"), ("entered", "dispatch"), ("published", "claim"),
    ("claimed", "start"), ("fulfilled", "confirm"),
]


@dataclass(frozen=True)
class Route:
    targets: Callable | None = None
    body: Callable | None = None
    reader: str | None = "staff"
    expect: int = 200
    mixed: Callable | None = None
    district: bool = False
    queries: Callable | None = None
    shows: Callable | None = None
    upload: bool = False
    pdf: bool = False

    @property
    def writes(self) -> bool:
        """Whether the page route changes something (asked with POST); an API operation says so by its method."""
        return self.body is not None or self.upload or self.expect == 405


def one(name: str, param: str = "pk") -> Callable:
    return lambda s: [{param: s.pk(name)}]


def wishes(*states: str, param: str = "pk") -> Callable:
    return lambda s: [{param: s["wishes"][state].pk} for state in states or WISH_STATES]


def wish_actions(param: str = "pk", action: str = "action") -> Callable:
    return lambda s: [{param: s["wishes"][state].pk, action: name} for state, name in WISH_ACTIONS]


def action_body(s: Side, o: Side, params: dict) -> dict:
    """Return the fields of a wish action's form, naming the other side's claimer or wish where it asks for one."""
    return {
        "approve": {"note": "同意"}, "reject": {"reason": "不属于微心愿"}, "withdraw": {"reason": "不需要了"},
        "merge": {"into": o["wishes"]["entered"].pk, "note": "重复"},
        "dispatch": {"assignee": o.pk("member_claimer"), "note": "请帮忙"},
        "claim": {"as_claimer": o.pk("member_claimer"), "promised_date": "2026-06-30"},
        "recall": {"reason": "改派"}, "start": {"promised_date": "2026-06-30"}, "release": {"reason": "没时间"},
        "confirm": {"satisfaction": "satisfied", "note": "很好"}, "dispute": {"reason": "没有做完"},
    }[params.get("action", "approve")]


def naming_others(route_targets: Callable, actions=("merge", "dispatch", "claim")) -> Callable:
    """Return ``mixed`` for wish actions: one's own wishes, with the actions whose body names another object."""
    return lambda s, o: [t for t in route_targets(s) if t.get("action") in actions]


def own_path(route_targets: Callable) -> Callable:
    """Return ``mixed`` that keeps one's own object in the path (the body names the other side's)."""
    return lambda s, o: route_targets(s)[:1]


def mixed_path(own_param: str, own: str, other_param: str, other: str) -> Callable:
    return lambda s, o: [{own_param: s.pk(own), other_param: o.pk(other)}]


def pair(param: str, name: str, sub_param: str, sub: str) -> Callable:
    return lambda s: [{param: s.pk(name), sub_param: s.pk(sub)}]


def field(**fields) -> Callable:
    """Return a body of fixed fields."""
    return lambda s, o, p: dict(fields)


def person(s: Side) -> str:
    return s["resident"].name


# --- pages ----------------------------------------------------------------------------------------------------------

_act = wish_actions()
_ballot_void = pair("pk", "vote", "ballot_pk", "ballot")
_review = pair("pk", "reelection", "candidate_pk", "candidate")
_answer = pair("pk", "reelection", "objection_pk", "objection")
_line = pair("pk", "dispatch_batch", "line_pk", "dispatch_line")
_milestone = pair("pk", "project", "milestone_pk", "milestone")

PAGES = {
    # wishes
    "wishes:new": Route(body=lambda s, o, p: {"text": "想请人教我用智能手机", "resident": o.pk("resident_entered"),
                                              "confirm_new": "1"},
                        queries=lambda o: [{"q": o["resident"].name}, {"resident": o.pk("resident")}],
                        shows=person),
    "wishes:resident_choices": Route(queries=lambda o: [{"q": o["resident"].name}, {"q": o["resident"].phone},
                                                        {"resident": o.pk("resident")}], shows=person),
    "wishes:duplicates": Route(body=lambda s, o, p: {"text": "想请人教我用智能手机", "resident": o.pk("resident")},
                               expect=405),
    "wishes:mine": Route(reader="resident", shows=lambda s: s["wishes"]["submitted"].text),
    "wishes:review": Route(shows=lambda s: s["wishes"]["submitted"].text),
    "wishes:followup": Route(shows=lambda s: s["wishes"]["fulfilled"].text),
    "wishes:all": Route(queries=lambda o: [{"area": o.community.pk}, {"area": o.street.pk, "state": "submitted"}],
                        shows=lambda s: s["wishes"]["submitted"].text),
    "wishes:claim_board": Route(reader="member", shows=lambda s: s["wishes"]["published"].text),
    "wishes:held": Route(reader="member", shows=lambda s: s["wishes"]["claimed"].text),
    "wishes:detail": Route(targets=wishes()),
    "wishes:act": Route(targets=_act, body=action_body, expect=405, mixed=naming_others(_act)),
    "wishes:contact": Route(targets=wishes(), body=field(), expect=405),
    "wishes:volunteer_add": Route(targets=wishes("claimed"), body=field(name="志愿者", hours="1"), reader="member",
                                  expect=405),
    "wishes:photo": Route(targets=lambda s: [{"pk": s["wishes"]["closed"].pk, "photo_pk": s.pk("photo")},
                                             {"pk": s["wishes"]["submitted"].pk, "photo_pk": s.pk("request_photo")}],
                          mixed=lambda s, o: [{"pk": s["wishes"]["closed"].pk, "photo_pk": o.pk("photo")}]),
    # dispatch
    "dispatch:batches": Route(body=lambda s, o, p: {"area": o.community.pk, "objective": "max_score"}),
    "dispatch:batch": Route(targets=one("dispatch_batch")),
    "dispatch:line_edit": Route(targets=_line, body=lambda s, o, p: {"claimer": o.pk("member_claimer")}, expect=405,
                                mixed=mixed_path("pk", "dispatch_batch", "line_pk", "dispatch_line")),
    "dispatch:batch_confirm": Route(targets=one("dispatch_batch"), expect=405),
    "dispatch:batch_discard": Route(targets=one("dispatch_batch"), expect=405),
    "dispatch:candidates": Route(targets=wishes("submitted", "entered", "published")),
    "dispatch:profile": Route(reader="member", body=lambda s, o, p: {
        "claimer": o.pk("member_claimer"), "capacity": "9", "duty_types": ["tutoring"], "speciality": "跑腿",
        "occupation": "司机"}, shows=lambda s: f"{s.tag}社区标记特长"),
    # classes
    "classes:index": Route(queries=lambda o: [{"area": o.community.pk}, {"area": o.street.pk}]),
    "classes:shortlist": Route(queries=lambda o: [{"area": o.community.pk}, {"area": o.street.pk}]),
    "classes:regroup": Route(body=lambda s, o, p: {"district": o.street.parent_id}),
    "classes:detail": Route(targets=one("wish_class"), district=True),
    "classes:rename": Route(targets=one("wish_class"), body=field(name="新名称"), reader="district_admin", expect=405,
                            district=True),
    "classes:merge": Route(targets=one("wish_class"), body=lambda s, o, p: {"into": o.pk("wish_class")},
                           reader="district_admin", expect=405, district=True),
    "classes:split": Route(targets=one("wish_class"), body=lambda s, o, p: {"wishes": [o["topic"][0].pk],
                                                                            "name": "拆出"},
                           reader="district_admin", expect=405, district=True),
    "classes:promote": Route(targets=one("wish_class"), body=lambda s, o, p: {
        "title": "新项目", "goal": "解决", "lead": o.pk("street_claimer"), "area": o.street.pk,
        "due_date": "2026-09-01"}, reader="district_admin", expect=405, district=True),
    "classes:projects": Route(),
    "classes:project": Route(targets=one("project"), district=True),
    "classes:milestone_add": Route(targets=one("project"), body=field(title="验收", due_date="2026-08-01"),
                                   reader="district_admin", expect=405, district=True),
    "classes:milestone_done": Route(targets=_milestone, body=field(note="完成"), reader="district_admin",
                                    expect=405, district=True, mixed=mixed_path("pk", "project", "milestone_pk",
                                                                                "milestone")),
    "classes:close": Route(targets=one("project"), body=field(outcome="resolved", result="已解决"),
                           reader="district_admin", expect=405, district=True),
    # property
    "property:index": Route(queries=lambda o: [{"q": o["compound"].name}, {"q": o.community.name}],
                            shows=lambda s: s["compound"].name),
    "property:template": Route(),
    "property:mine": Route(reader="owner", shows=lambda s: s["vote"].title),
    "property:cast": Route(targets=one("vote"), body=lambda s, o, p: {"owner": o.pk("owner"), "choice": "yes"},
                           reader="owner", expect=405, mixed=own_path(one("vote"))),
    "property:compound": Route(targets=one("compound")),
    "property:set_mode": Route(targets=one("compound"), body=field(mode="self_managed", since="2026-06-01",
                                                                   note="改为自管"), expect=405),
    "property:update": Route(targets=one("compound"), body=field(address="新地址", party_branch="", kind="open"),
                             expect=405),
    "property:import": Route(targets=one("compound"), upload=True, expect=405),
    "property:consultation_open": Route(targets=one("compound"), body=field(question="是否加装电梯？"), expect=405),
    "property:vote_create": Route(targets=one("compound"), body=field(
        matter="4", title="选聘物业", proposal="选聘海湾物业", opens_at=NEXT_MONTH, closes_at=LATER), expect=405),
    "property:reelection_start": Route(targets=one("compound"), body=field(term_years="5"), expect=405),
    "property:consultation": Route(targets=one("consultation")),
    "property:visit": Route(targets=one("consultation"), body=lambda s, o, p: {
        "unit": o.pk("other_unit"), "opinion": "disagree", "remarks": "改主意了", "client_key": "scope-visit"},
        expect=405, mixed=own_path(one("consultation"))),
    "property:consultation_close": Route(targets=one("consultation"), body=field(note="结束"), expect=405),
    "property:visits_xlsx": Route(targets=one("consultation")),
    "property:vote": Route(targets=one("vote")),
    "property:ballot": Route(targets=one("reelection_vote"), body=lambda s, o, p: {"owner": o.pk("owner"),
                                                                                 "choice": "no"},
                             expect=405, mixed=own_path(one("reelection_vote"))),
    "property:void": Route(targets=_ballot_void, body=field(reason="录错了"), expect=405,
                           mixed=mixed_path("pk", "vote", "ballot_pk", "ballot")),
    "property:ballots_xlsx": Route(targets=one("vote")),
    "property:notice_pdf": Route(targets=one("vote")),
    "property:vote_transition": Route(targets=lambda s: [{"pk": s.pk(v), "action": a} for v in ("vote",
                                                                                                "reelection_vote")
                                                         for a in ("announce", "count", "cancel")],
                                      body=field(reason="取消"), expect=405),
    "property:reelection": Route(targets=one("reelection")),
    "property:nominate": Route(targets=one("reelection"), body=lambda s, o, p: {"owner": o.pk("owner"),
                                                                               "route": "self"},
                               expect=405, mixed=own_path(one("reelection"))),
    "property:review": Route(targets=_review, body=field(met=["capacity", "owner"], reason="审查"), expect=405,
                             mixed=mixed_path("pk", "reelection", "candidate_pk", "candidate")),
    "property:objection": Route(targets=one("reelection"), body=field(text="有异议", raised_by="业主"), expect=405),
    "property:answer": Route(targets=_answer, body=field(answer="已答复"), expect=405,
                             mixed=mixed_path("pk", "reelection", "objection_pk", "objection")),
    "property:reelection_step": Route(targets=lambda s: [{"pk": s.pk("reelection"), "action": a} for a in (
        "announce", "elect", "choose_officers", "hand_over", "file")], body=lambda s, o, p: {
        "chair": o.pk("owner"), "note": "备案"}, expect=405),
    # cadres
    "cadres:index": Route(),
    "cadres:needs": Route(),
    "cadres:need_save": Route(body=lambda s, o, p: {"community": o.community.pk, "difficulty": "2",
                                                    "wanted": ["mediation"], "capacity": "1", "note": "需要"}),
    "cadres:batches": Route(),
    "cadres:batch_create": Route(body=field(name="第二期", starts_on="2026-09-01", ends_on="2027-02-28")),
    "cadres:batch": Route(targets=one("cadre_batch"), reader="district_admin", district=True),
    "cadres:batch_add_cadre": Route(targets=one("cadre_batch"), body=lambda s, o, p: {
        "cadre": o.user("cadre").cadre.pk, "role": "member"}, reader="district_admin", expect=405, district=True),
    "cadres:batch_add_community": Route(targets=one("cadre_batch"), body=lambda s, o, p: {
        "community": o.community.pk, "capacity": "1"}, reader="district_admin", expect=405, district=True),
    "cadres:batch_remove": Route(targets=one("cadre_batch"), body=lambda s, o, p: {"community": o.community.pk},
                                 reader="district_admin", expect=405, district=True),
    "cadres:batch_propose": Route(targets=one("cadre_batch"), body=field(mode="optimal"), reader="district_admin",
                                  expect=405, district=True),
    "cadres:batch_move": Route(targets=one("cadre_batch"), body=lambda s, o, p: {
        "proposal": o.pk("proposal"), "cadre": o.user("cadre").cadre.pk, "target": f"to:{o.community.pk}"},
        reader="district_admin", expect=405, district=True),
    "cadres:batch_transition": Route(targets=lambda s: [{"pk": s.pk("cadre_batch"), "action": a}
                                                        for a in ("place", "close")],
                                     body=lambda s, o, p: {"proposal": o.pk("proposal")}, reader="district_admin",
                                     expect=405, district=True),
    "cadres:placements": Route(shows=lambda s: s.user("cadre").cadre.name),
    "cadres:placement": Route(targets=one("placement")),
    "cadres:log_add": Route(targets=one("placement"), body=field(on="2026-06-21", kind="work", text="走访",
                                                                 people="2"), reader="cadre", expect=405),
    "cadres:task_assign": Route(targets=one("placement"), body=field(title="新任务", due_on="2026-07-10"),
                                expect=405),
    "cadres:task_done": Route(targets=one("placement"), body=lambda s, o, p: {"task": o.pk("task"), "note": "做完"},
                              reader="cadre", expect=405, mixed=own_path(one("placement"))),
    "cadres:evaluate": Route(targets=one("placement"), body=field(stage="final", side="community",
                                                                  grade="basic", comment="一般"), expect=405),
    "cadres:recall": Route(targets=one("placement"), body=field(on="2026-06-23", reason="调回"),
                           reader="district_admin", expect=405),
    "cadres:report_file": Route(targets=one("placement"), body=field(kind="facts", title="情况", body="内容"),
                                reader="cadre", expect=405),
    "cadres:receipt": Route(targets=one("placement"), body=lambda s, o, p: {
        "receipt": o.pk("receipt"), "action": "explain", "how": "居民会上讲解", "audience": "20"},
        reader="cadre", expect=405, mixed=own_path(one("placement"))),
    "cadres:inbox": Route(reader="desk_petitions"),
    "cadres:report": Route(targets=one("report")),
    "cadres:report_answer": Route(targets=one("report"), body=field(answer="已转办"), reader="desk_petitions",
                                  expect=405),
    "cadres:bulletins": Route(reader="desk_petitions"),
    "cadres:bulletin_publish": Route(body=field(agency="", title="通知", body="内容")),
    "cadres:whistles": Route(shows=lambda s: s["whistle"].problem),
    "cadres:whistle_raise": Route(body=lambda s, o, p: {"community": o.community.pk, "kind": "daily",
                                                        "problem": "占道经营", "agencies": [o["call"].agency_id]}),
    "cadres:assessment": Route(),
    "cadres:whistle": Route(targets=one("whistle")),
    "cadres:whistle_report": Route(targets=one("whistle"), body=lambda s, o, p: {
        "call": o.pk("call"), "attendees": "张三", "action": "已处理"}, reader="desk_civil", expect=405,
        mixed=own_path(one("whistle"))),
    "cadres:whistle_call_more": Route(targets=one("whistle"), body=lambda s, o, p: {
        "agencies": [o["call"].agency_id]}, expect=405),
    "cadres:whistle_transition": Route(targets=lambda s: [{"pk": s.pk("whistle"), "action": a}
                                                          for a in ("close", "withdraw")],
                                       body=field(outcome="已解决"), expect=405),
    # figures and messages
    "insights:dashboard": Route(queries=lambda o: [{"area": o.community.code or o.community.pk},
                                                   {"area": o.community.pk, "export": "overdue"},
                                                   {"area": o.street.pk, "export": "areas"}]),
    "insights:report": Route(pdf=True, queries=lambda o: [{"area": o.community.code or o.community.pk}]),
    "notices:inbox": Route(reader="resident"),
    # the audit log: district administrators only
    "audit:changes": Route(reader="district_admin", queries=lambda o: [{"area": o.community.pk},
                                                                       {"q": o["resident"].name}]),
    "audit:disclosures": Route(reader="district_admin", queries=lambda o: [{"area": o.community.pk},
                                                                           {"q": o["resident"].name}]),
    "notices:read": Route(body=lambda s, o, p: {"notice": o.pk("notice")}),
}
