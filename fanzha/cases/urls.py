from django.urls import path

from fanzha.cases import views

app_name = "cases"

urlpatterns = [
    path("", views.CaseListView.as_view(), name="case_list"),
    path("add/", views.CaseCreateView.as_view(), name="case_add"),
    path("year-on-year/", views.year_on_year_view, name="year_on_year"),
    path("suggest-type/", views.suggest_type, name="suggest_type"),
    path("<int:pk>/", views.CaseDetailView.as_view(), name="case_detail"),
    path("<int:pk>/edit/", views.CaseUpdateView.as_view(), name="case_edit"),
]
