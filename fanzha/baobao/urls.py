from django.urls import path

from fanzha.baobao import views

app_name = "baobao"

urlpatterns = [
    path("", views.AssignmentListView.as_view(), name="assignment_list"),
    path("run/", views.run, name="run"),
    path("runs/", views.RunListView.as_view(), name="run_list"),
    path("<int:pk>/", views.AssignmentDetailView.as_view(), name="assignment_detail"),
    path("<int:pk>/override/", views.AssignmentOverrideView.as_view(), name="assignment_override"),
    path("units/<int:pk>/", views.unit_list, name="unit_list"),
    path("units/<int:pk>/list.pdf", views.unit_pdf, name="unit_pdf"),
]
