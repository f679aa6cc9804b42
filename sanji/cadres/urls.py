from django.urls import path

from .views import batches, hub, placements, reports, whistles

app_name = "cadres"

urlpatterns = [
    path("", hub.index, name="index"),
    path("needs/", hub.needs, name="needs"),
    path("needs/save/", hub.need_save, name="need_save"),
    path("batches/", batches.batch_list, name="batches"),
    path("batches/new/", batches.batch_create, name="batch_create"),
    path("batches/<str:pk>/", batches.batch_detail, name="batch"),
    path("batches/<str:pk>/cadres/", batches.add_cadre, name="batch_add_cadre"),
    path("batches/<str:pk>/communities/", batches.add_community, name="batch_add_community"),
    path("batches/<str:pk>/remove/", batches.remove, name="batch_remove"),
    path("batches/<str:pk>/propose/", batches.propose, name="batch_propose"),
    path("batches/<str:pk>/move/", batches.move, name="batch_move"),
    path("batches/<str:pk>/<str:action>/", batches.transition, name="batch_transition"),
    path("placements/", placements.placement_list, name="placements"),
    path("placements/<str:pk>/", placements.placement_detail, name="placement"),
    path("placements/<str:pk>/log/", placements.log_add, name="log_add"),
    path("placements/<str:pk>/tasks/", placements.task_assign, name="task_assign"),
    path("placements/<str:pk>/tasks/done/", placements.task_done, name="task_done"),
    path("placements/<str:pk>/evaluate/", placements.evaluate, name="evaluate"),
    path("placements/<str:pk>/recall/", placements.recall, name="recall"),
    path("placements/<str:pk>/reports/", placements.report_file, name="report_file"),
    path("placements/<str:pk>/receipts/", placements.receipt, name="receipt"),
    path("reports/", reports.report_inbox, name="inbox"),
    path("reports/<str:pk>/", reports.report_detail, name="report"),
    path("reports/<str:pk>/answer/", reports.report_answer, name="report_answer"),
    path("bulletins/", reports.bulletin_list, name="bulletins"),
    path("bulletins/new/", reports.bulletin_publish, name="bulletin_publish"),
    path("whistles/", whistles.whistle_list, name="whistles"),
    path("whistles/new/", whistles.whistle_raise, name="whistle_raise"),
    path("whistles/assessment/", whistles.assessment, name="assessment"),
    path("whistles/<str:pk>/", whistles.whistle_detail, name="whistle"),
    path("whistles/<str:pk>/report/", whistles.whistle_report, name="whistle_report"),
    path("whistles/<str:pk>/call/", whistles.whistle_call_more, name="whistle_call_more"),
    path("whistles/<str:pk>/<str:action>/", whistles.whistle_transition, name="whistle_transition"),
]
