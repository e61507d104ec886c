from django.urls import path

from fanzha.audit import views

app_name = "audit"

urlpatterns = [
    path("access/", views.AccessLogView.as_view(), name="access"),
    path("changes/", views.ChangeLogView.as_view(), name="changes"),
]
