from django.urls import path

from .views import compounds, consultations, owners, reelections, votes

app_name = "property"
urlpatterns = [
    path("", compounds.index, name="index"),
    path("units-template.xlsx", compounds.template, name="template"),
    path("mine/", owners.mine, name="mine"),
    path("mine/votes/<int:pk>/ballot/", owners.cast, name="cast"),
    path("compounds/<int:pk>/", compounds.compound, name="compound"),
    path("compounds/<int:pk>/mode/", compounds.set_mode, name="set_mode"),
    path("compounds/<int:pk>/update/", compounds.update, name="update"),
    path("compounds/<int:pk>/import/", compounds.import_units, name="import"),
    path("compounds/<int:pk>/consultations/", compounds.consultation_open, name="consultation_open"),
    path("compounds/<int:pk>/votes/", compounds.vote_create, name="vote_create"),
    path("compounds/<int:pk>/reelections/", compounds.reelection_start, name="reelection_start"),
    path("consultations/<int:pk>/", consultations.consultation, name="consultation"),
    path("consultations/<int:pk>/visit/", consultations.visit, name="visit"),
    path("consultations/<int:pk>/close/", consultations.close, name="consultation_close"),
    path("consultations/<int:pk>/visits.xlsx", consultations.visits_xlsx, name="visits_xlsx"),
    path("votes/<int:pk>/", votes.vote, name="vote"),
    path("votes/<int:pk>/ballots/", votes.ballot, name="ballot"),
    path("votes/<int:pk>/ballots/<int:ballot_pk>/void/", votes.void, name="void"),
    path("votes/<int:pk>/ballots.xlsx", votes.ballots_xlsx, name="ballots_xlsx"),
    path("votes/<int:pk>/result.pdf", votes.notice_pdf, name="notice_pdf"),
    path("votes/<int:pk>/<str:action>/", votes.transition, name="vote_transition"),
    path("reelections/<int:pk>/", reelections.reelection, name="reelection"),
    path("reelections/<int:pk>/candidates/", reelections.nominate, name="nominate"),
    path("reelections/<int:pk>/candidates/<int:candidate_pk>/review/", reelections.review, name="review"),
    path("reelections/<int:pk>/objections/", reelections.objection, name="objection"),
    path("reelections/<int:pk>/objections/<int:objection_pk>/answer/", reelections.answer, name="answer"),
    path("reelections/<int:pk>/<str:action>/", reelections.step, name="reelection_step"),
]
