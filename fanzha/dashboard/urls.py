from django.urls import path

from fanzha.dashboard import views

app_name = "dashboard"

urlpatterns = [
    path("", views.DashboardView.as_view(), name="index"),
    path("wall/", views.WallView.as_view(), name="wall"),
    path("data.json", views.data, name="data"),
]
