from django.urls import path

from fanzha.registrations import views

app_name = "registrations"

urlpatterns = [
    path("", views.RegistrationListView.as_view(), name="registration_list"),
    path("add/", views.RegistrationCreateView.as_view(), name="registration_add"),
    path("<int:pk>/", views.RegistrationDetailView.as_view(), name="registration_detail"),
    path("<int:pk>/family/", views.family_add, name="family_add"),
    path("<int:pk>/family/<int:member_pk>/remove/", views.family_remove, name="family_remove"),
    path("app-installs/", views.AppInstallListView.as_view(), name="appinstall_list"),
    path("app-installs/add/", views.AppInstallCreateView.as_view(), name="appinstall_add"),
    path("coverage/", views.coverage, name="coverage"),
]
