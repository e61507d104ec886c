from django.urls import path

from fanzha.people import views

app_name = "people"

urlpatterns = [
    path("households/", views.HouseholdListView.as_view(), name="household_list"),
    path("households/add/", views.HouseholdCreateView.as_view(), name="household_add"),
    path("households/<int:pk>/", views.HouseholdDetailView.as_view(), name="household_detail"),
    path("households/<int:pk>/edit/", views.HouseholdUpdateView.as_view(), name="household_edit"),
    path("residents/", views.ResidentListView.as_view(), name="resident_list"),
    path("residents/add/", views.ResidentCreateView.as_view(), name="resident_add"),
    path("residents/<int:pk>/", views.ResidentDetailView.as_view(), name="resident_detail"),
    path("residents/<int:pk>/edit/", views.ResidentUpdateView.as_view(), name="resident_edit"),
    path("residents/<int:pk>/reveal/<str:field>/", views.resident_reveal, name="resident_reveal"),
]
