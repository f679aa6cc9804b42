from django.urls import path

from . import views

app_name = "classes"
urlpatterns = [
    path("", views.index, name="index"),
    path("shortlist/", views.shortlist, name="shortlist"),
    path("regroup/", views.regroup, name="regroup"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/rename/", views.rename, name="rename"),
    path("<int:pk>/merge/", views.merge, name="merge"),
    path("<int:pk>/split/", views.split, name="split"),
    path("<int:pk>/promote/", views.promote, name="promote"),
    path("projects/", views.projects, name="projects"),
    path("projects/<int:pk>/", views.project, name="project"),
    path("projects/<int:pk>/milestones/", views.milestone_add, name="milestone_add"),
    path("projects/<int:pk>/milestones/<int:milestone_pk>/done/", views.milestone_done, name="milestone_done"),
    path("projects/<int:pk>/close/", views.close, name="close"),
]
