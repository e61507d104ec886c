from django.urls import path

from fanzha.notifications import views

app_name = "notifications"

urlpatterns = [
    path("", views.NotificationListView.as_view(), name="list"),
    path("inbox/", views.InboxView.as_view(), name="inbox"),
    path("inbox/read/", views.mark_read, name="mark_read"),
    path("inbox/badge/", views.inbox_badge, name="badge"),
]
