from django.urls import path

from fanzha.org import views

app_name = "org"

urlpatterns = [
    path("units/", views.UnitListView.as_view(), name="unit_list"),
    path("units/add/", views.UnitCreateView.as_view(), name="unit_add"),
    path("units/<int:pk>/", views.UnitDetailView.as_view(), name="unit_detail"),
    path("units/<int:pk>/edit/", views.UnitUpdateView.as_view(), name="unit_edit"),
    path("grids/", views.GridListView.as_view(), name="grid_list"),
    path("grids/add/", views.GridCreateView.as_view(), name="grid_add"),
    path("grids/<int:pk>/", views.GridDetailView.as_view(), name="grid_detail"),
    path("grids/<int:pk>/edit/", views.GridUpdateView.as_view(), name="grid_edit"),
]
