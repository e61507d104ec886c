from django.urls import path

from fanzha.core import views
from fanzha.core.health import health

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("health/", health, name="health"),
]
