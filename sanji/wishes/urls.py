from django.urls import path

from . import views

app_name = "wishes"

urlpatterns = [
    path("new/", views.wish_new, name="new"),
    path("residents/", views.resident_choices, name="resident_choices"),
    path("duplicates/", views.duplicates, name="duplicates"),
    path("mine/", views.mine, name="mine"),
    path("review/", views.review, name="review"),
    path("followup/", views.followup, name="followup"),
    path("all/", views.all_in_scope, name="all"),
    path("claim/", views.claim_board, name="claim_board"),
    path("held/", views.held, name="held"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/contact/", views.contact, name="contact"),
    path("<int:pk>/act/<slug:action>/", views.act, name="act"),
    path("<int:pk>/volunteers/", views.volunteer_add, name="volunteer_add"),
    path("<int:pk>/photos/<int:photo_pk>/", views.photo, name="photo"),
]
