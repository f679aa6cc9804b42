"""Every operation of the JSON API, keyed as the OpenAPI schema names it, in the form of ``route_table``."""

from .route_table import (
    LATER,
    NEXT_MONTH,
    Route,
    action_body,
    field,
    mixed_path,
    naming_others,
    one,
    own_path,
    pair,
    wish_actions,
    wishes,
)


def _classes(o):
    return [{"area": o.community.pk}, {"area": o.street.pk}]


_act = wish_actions("wish_id")
_line = pair("batch_id", "dispatch_batch", "line_id", "dispatch_line")
_milestone = pair("project_id", "project", "milestone_id", "milestone")
V1 = "/api/v1"

API = {
    # classes and projects: district-wide, changed by the district and its streets
    f"GET {V1}/classes": Route(queries=_classes),
    f"GET {V1}/classes/shortlist": Route(queries=_classes),
    f"POST {V1}/classes/regroup": Route(body=lambda s, o, p: {"district": o.street.parent_id}),
    f"GET {V1}/classes/{{class_id}}": Route(targets=one("wish_class", "class_id"), district=True),
    f"POST {V1}/classes/{{class_id}}/rename": Route(targets=one("wish_class", "class_id"), body=field(name="新名称"),
                                                  reader="district_admin", district=True),
    f"POST {V1}/classes/{{class_id}}/merge": Route(targets=one("wish_class", "class_id"), body=lambda s, o, p: {
        "into": o.pk("wish_class")}, reader="district_admin", district=True),
    f"POST {V1}/classes/{{class_id}}/split": Route(targets=one("wish_class", "class_id"), body=lambda s, o, p: {
        "wishes": [o["topic"][0].pk], "name": "拆出"}, reader="district_admin", district=True),
    f"POST {V1}/classes/{{class_id}}/projects": Route(targets=one("wish_class", "class_id"), body=lambda s, o, p: {
        "title": "新项目", "goal": "解决", "lead": o.pk("street_claimer"), "area": o.street.pk,
        "due_date": "2026-09-01", "milestones": []}, reader="district_admin", district=True),
    f"GET {V1}/projects/{{project_id}}": Route(targets=one("project", "project_id"), district=True),
    f"POST {V1}/projects/{{project_id}}/milestones": Route(targets=one("project", "project_id"), body=field(
        title="验收", due_date="2026-08-01"), reader="district_admin", district=True),
    f"POST {V1}/projects/{{project_id}}/milestones/{{milestone_id}}/done": Route(
        targets=_milestone, body=field(note="完成"), reader="district_admin", district=True,
        mixed=mixed_path("project_id", "project", "milestone_id", "milestone")),
    f"POST {V1}/projects/{{project_id}}/close": Route(targets=one("project", "project_id"), body=field(
        outcome="resolved", result="已解决"), reader="district_admin", district=True),
    # wishes
    f"GET {V1}/wishes/duplicates": Route(queries=lambda o: [{"text": "想请人教我用智能手机",
                                                             "resident": o.pk("resident")}]),
    f"POST {V1}/wishes": Route(body=lambda s, o, p: {"text": "想请人教我用智能手机", "resident": o.pk("resident")}),
    f"GET {V1}/wishes": Route(queries=lambda o: [{"area": o.community.pk}, {"area": o.street.pk, "state": "submitted"}],
                              shows=lambda s: s["wishes"]["submitted"].text),
    f"GET {V1}/wishes/{{wish_id}}": Route(targets=wishes(param="wish_id")),
    f"GET {V1}/wishes/{{wish_id}}/events": Route(targets=wishes(param="wish_id")),
    f"GET {V1}/wishes/{{wish_id}}/contact": Route(targets=wishes(param="wish_id")),
    f"POST {V1}/wishes/{{wish_id}}/actions/{{action}}": Route(targets=_act, body=action_body,
                                                                  mixed=naming_others(_act)),
    f"POST {V1}/wishes/{{wish_id}}/photos": Route(targets=wishes("submitted", "claimed", param="wish_id"),
                                                upload=True),
    f"POST {V1}/wishes/{{wish_id}}/volunteers": Route(targets=wishes("claimed", param="wish_id"), body=field(
        name="志愿者", hours="1"), reader="member"),
    f"GET {V1}/wishes/{{wish_id}}/candidates": Route(targets=wishes("submitted", "entered", "published",
                                                                    param="wish_id")),
    # dispatch
    f"POST {V1}/dispatch/batches": Route(body=lambda s, o, p: {"area": o.community.pk}),
    f"GET {V1}/dispatch/batches/{{batch_id}}": Route(targets=one("dispatch_batch", "batch_id")),
    f"PUT {V1}/dispatch/batches/{{batch_id}}/lines/{{line_id}}": Route(
        targets=_line, body=lambda s, o, p: {"claimer": o.pk("member_claimer")},
        mixed=mixed_path("batch_id", "dispatch_batch", "line_id", "dispatch_line")),
    f"POST {V1}/dispatch/batches/{{batch_id}}/decision": Route(targets=one("dispatch_batch", "batch_id"),
                                                              body=field(decision="discard")),
    # messages
    f"GET {V1}/notices": Route(reader="resident"),
    f"POST {V1}/notices/read": Route(body=lambda s, o, p: {"notice": o.pk("notice")}),
    # property
    f"GET {V1}/property/compounds": Route(shows=lambda s: s["compound"].name),
    f"GET {V1}/property/compounds/{{compound_id}}": Route(targets=one("compound", "compound_id")),
    f"POST {V1}/property/compounds/{{compound_id}}/consultations": Route(
        targets=one("compound", "compound_id"), body=field(question="是否加装电梯？")),
    f"GET {V1}/property/consultations/{{consultation_id}}": Route(targets=one("consultation", "consultation_id")),
    f"POST {V1}/property/consultations/{{consultation_id}}/visits": Route(
        targets=one("consultation", "consultation_id"), body=lambda s, o, p: {
            "unit": o.pk("other_unit"), "opinion": "disagree", "remarks": "改主意了", "client_key": "scope-api"},
        mixed=own_path(one("consultation", "consultation_id"))),
    f"POST {V1}/property/compounds/{{compound_id}}/votes": Route(targets=one("compound", "compound_id"), body=field(
        matter=4, title="选聘物业", proposal="选聘海湾物业", opens_at=NEXT_MONTH, closes_at=LATER)),
    f"GET {V1}/property/votes/{{vote_id}}": Route(targets=one("vote", "vote_id")),
    f"POST {V1}/property/votes/{{vote_id}}/transitions": Route(
        targets=lambda s: [{"vote_id": s.pk(v)} for v in ("vote", "reelection_vote")], body=field(
            action="cancel", reason="取消")),
    f"POST {V1}/property/votes/{{vote_id}}/ballots": Route(
        targets=one("reelection_vote", "vote_id"), body=lambda s, o, p: {"owner": o.pk("owner"), "choice": "no"},
        mixed=own_path(one("reelection_vote", "vote_id"))),
    f"GET {V1}/property/reelections/{{reelection_id}}": Route(targets=one("reelection", "reelection_id")),
    f"POST {V1}/property/reelections/{{reelection_id}}/transitions": Route(
        targets=one("reelection", "reelection_id"), body=lambda s, o, p: {"action": "elect", "note": "选举"}),
    # cadres
    f"GET {V1}/cadres/batches": Route(reader="district_admin"),
    f"GET {V1}/cadres/batches/{{batch_id}}/proposal": Route(targets=one("cadre_batch", "batch_id"),
                                                            reader="district_admin", district=True),
    f"POST {V1}/cadres/batches/{{batch_id}}/proposals": Route(targets=one("cadre_batch", "batch_id"),
                                                             body=field(mode="optimal"), reader="district_admin",
                                                             district=True),
    f"POST {V1}/cadres/proposals/{{proposal_id}}/moves": Route(
        targets=one("proposal", "proposal_id"), body=lambda s, o, p: {"cadre": o.user("cadre").cadre.pk,
                                                                      "community": o.community.pk},
        reader="district_admin", district=True),
    f"POST {V1}/cadres/proposals/{{proposal_id}}/swaps": Route(
        targets=one("proposal", "proposal_id"), body=lambda s, o, p: {"cadre": o.user("cadre").cadre.pk,
                                                                      "other": s.user("cadre").cadre.pk},
        reader="district_admin", district=True),
    f"POST {V1}/cadres/batches/{{batch_id}}/actions": Route(targets=one("cadre_batch", "batch_id"),
                                                           body=field(action="close"), reader="district_admin",
                                                           district=True),
    f"GET {V1}/cadres/placements": Route(shows=lambda s: s.user("cadre").cadre.name),
    f"POST {V1}/cadres/placements/{{placement_id}}/log": Route(targets=one("placement", "placement_id"), body=field(
        on="2026-06-21", kind="work", text="走访", people=2), reader="cadre"),
    f"POST {V1}/cadres/placements/{{placement_id}}/reports": Route(
        targets=one("placement", "placement_id"), body=field(kind="facts", title="情况", body="内容"), reader="cadre"),
    f"GET {V1}/cadres/reports": Route(shows=lambda s: s["report"].title),
    f"POST {V1}/cadres/reports/{{report_id}}/answer": Route(targets=one("report", "report_id"),
                                                           body=field(answer="已转办"), reader="desk_petitions"),
    f"GET {V1}/cadres/whistles": Route(shows=lambda s: s["whistle"].problem),
    f"POST {V1}/cadres/whistles": Route(body=lambda s, o, p: {"community": o.community.pk, "kind": "daily",
                                                              "problem": "占道经营",
                                                              "agencies": [o["call"].agency_id]}),
    f"POST {V1}/cadres/whistle-calls/{{call_id}}/report": Route(targets=one("call", "call_id"), body=field(
        attendees="张三", action="已处理"), reader="desk_civil"),
    f"POST {V1}/cadres/whistles/{{whistle_id}}/actions": Route(targets=one("whistle", "whistle_id"), body=field(
        action="withdraw", outcome="撤回")),
    # the audit log: district administrators only
    f"GET {V1}/audit": Route(reader="district_admin", queries=lambda o: [{"area": o.community.pk},
                                                                         {"q": o["resident"].name}]),
    f"GET {V1}/audit/disclosures": Route(reader="district_admin", queries=lambda o: [{"area": o.community.pk}]),
    # figures
    f"GET {V1}/metrics": Route(queries=lambda o: [{"area": o.community.code or o.community.pk},
                                                  {"area": o.street.pk}]),
}
