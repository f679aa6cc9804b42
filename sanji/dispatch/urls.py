from django.urls import path

from . import views

app_name = "dispatch"
urlpatterns = [
    path("batches/", views.batches, name="batches"),
    path("batches/<int:pk>/", views.batch, name="batch"),
    path("batches/<int:pk>/lines/<int:line_pk>/", views.line_edit, name="line_edit"),
    path("batches/<int:pk>/confirm/", views.batch_confirm, name="batch_confirm"),
    path("batches/<int:pk>/discard/", views.batch_discard, name="batch_discard"),
    path("wishes/<int:pk>/candidates/", views.wish_candidates, name="candidates"),
    path("profile/", views.profile, name="profile"),
]
