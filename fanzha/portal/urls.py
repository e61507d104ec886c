from django.urls import path

from fanzha.portal import views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("o/<str:token>/", views.officer_entry, name="officer_entry"),
    path("register/phone/", views.send_code, name="send_code"),
    path("register/", views.register, name="register"),
    path("register/done/", views.registered, name="registered"),
    path("communities/", views.community_choices, name="community_choices"),
    path("lookup/", views.lookup, name="lookup"),
    path("report/", views.report, name="report"),
    path("check/", views.check, name="check"),
    path("pledge/", views.pledge, name="pledge"),
    path("quiz/<int:index>/", views.quiz, name="quiz"),
    path("quiz/result/", views.quiz_result, name="quiz_result"),
    # Staff side.
    path("submissions/", views.SubmissionListView.as_view(), name="submission_list"),
    path("qr/", views.officer_qr, name="officer_qr"),
]
