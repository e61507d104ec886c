from django.urls import path

from fanzha.imports import views

app_name = "imports"

urlpatterns = [
    path("", views.JobListView.as_view(), name="job_list"),
    path("upload/", views.UploadView.as_view(), name="upload"),
    path("templates/<slug:kind>.xlsx", views.TemplateDownloadView.as_view(), name="template"),
    path("<int:pk>/", views.JobDetailView.as_view(), name="job_detail"),
    path("<int:pk>/progress/", views.JobProgressView.as_view(), name="job_progress"),
    path("<int:pk>/confirm/", views.JobConfirmView.as_view(), name="job_confirm"),
    path("<int:pk>/errors.xlsx", views.ErrorReportView.as_view(), name="job_errors"),
]
