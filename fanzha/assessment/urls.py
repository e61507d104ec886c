from django.urls import path

from fanzha.assessment import views

app_name = "assessment"

urlpatterns = [
    path("", views.PeriodListView.as_view(), name="period_list"),
    path("periods/add/", views.PeriodCreateView.as_view(), name="period_add"),
    path("periods/<int:pk>/", views.period_detail, name="period_detail"),
    path("periods/<int:pk>/collect/", views.period_collect, name="period_collect"),
    path("periods/<int:pk>/close/", views.period_close, name="period_close"),
    path("periods/<int:pk>/export.<str:fmt>", views.period_export, name="period_export"),
    path("scores/<int:pk>/", views.assessment_detail, name="assessment_detail"),
    path("scores/<int:pk>/what-if/", views.what_if, name="what_if"),
    path("scores/<int:pk>/manual/<slug:code>/", views.manual_score, name="manual_score"),
    path("scores/<int:pk>/appeal/", views.appeal_create, name="appeal_create"),
    path("evidence/<int:pk>/", views.evidence_file, name="evidence_file"),
    path("appeals/<int:pk>/decide/", views.appeal_decide, name="appeal_decide"),
    path("schemes/", views.SchemeListView.as_view(), name="scheme_list"),
    path("schemes/active/", views.scheme_default, name="scheme_active"),
    path("schemes/<int:pk>/", views.scheme_detail, name="scheme_detail"),
    path("schemes/<int:pk>/edit/", views.SchemeUpdateView.as_view(), name="scheme_edit"),
    path("schemes/<int:pk>/items/add/", views.SchemeItemCreateView.as_view(), name="item_add"),
    path("items/<int:pk>/edit/", views.SchemeItemUpdateView.as_view(), name="item_edit"),
]
