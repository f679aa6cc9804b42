from django.urls import path

from . import views

app_name = "audit"

urlpatterns = [
    path("", views.changes, name="changes"),
    path("disclosures/", views.disclosures, name="disclosures"),
]
