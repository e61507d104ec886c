from django.urls import path

from fanzha.cards import views

app_name = "cards"

urlpatterns = [
    path("", views.CardPersonListView.as_view(), name="person_list"),
    path("add/", views.CardPersonCreateView.as_view(), name="person_add"),
    path("<int:pk>/", views.CardPersonDetailView.as_view(), name="person_detail"),
    path("<int:pk>/records/add/", views.CardRecordCreateView.as_view(), name="record_add"),
    path("<int:pk>/flag/", views.flag_person, name="person_flag"),
    path("punishments/", views.RestrictionListView.as_view(), name="restriction_list"),
    path("punishments/<int:pk>/", views.RestrictionDetailView.as_view(), name="restriction_detail"),
    path("punishments/<int:pk>/appeal/", views.appeal_submit, name="appeal_submit"),
    path("appeals/<int:pk>/review/", views.appeal_review, name="appeal_review"),
    path("appeals/<int:pk>/decide/", views.appeal_decide, name="appeal_decide"),
    path("problems/", views.TwoCardProblemListView.as_view(), name="problem_list"),
    path("problems/add/", views.TwoCardProblemCreateView.as_view(), name="problem_add"),
    path("rules/", views.rules_page, name="rules"),
]
