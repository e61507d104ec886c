from django.urls import path

from fanzha.indicators import views

app_name = "indicators"

urlpatterns = [
    path("", views.IndicatorListView.as_view(), name="indicator_list"),
    path("add/", views.IndicatorCreateView.as_view(), name="indicator_add"),
    path("<int:pk>/", views.IndicatorDetailView.as_view(), name="indicator_detail"),
    path("<int:pk>/transition/", views.transition, name="indicator_transition"),
    path("risk/", views.risk_lookup, name="risk"),
    path("counts/", views.ban_statistics, name="counts"),
    path("imports/", views.ImportListView.as_view(), name="import_list"),
    path("imports/add/", views.import_create, name="import_add"),
    path("imports/<int:pk>/", views.ImportDetailView.as_view(), name="import_detail"),
]
