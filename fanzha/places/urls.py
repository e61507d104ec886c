from django.urls import path

from fanzha.places import views

app_name = "places"

urlpatterns = [
    path("", views.PlaceListView.as_view(), name="place_list"),
    path("add/", views.PlaceCreateView.as_view(), name="place_add"),
    path("<int:pk>/", views.PlaceDetailView.as_view(), name="place_detail"),
    path("<int:pk>/edit/", views.PlaceUpdateView.as_view(), name="place_edit"),
]
