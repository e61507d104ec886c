from django.contrib.auth.decorators import login_required
from django.urls import path
from django.views.generic import RedirectView

from fanzha.alerts import views

app_name = "alerts"

urlpatterns = [
    path("", views.TaskQueueView.as_view(), name="queue"),
    path("mine/", views.MyTasksView.as_view(), name="mine"),
    path("bulk/", views.bulk, name="bulk"),
    path("tasks/<int:pk>/", views.task_detail, name="task_detail"),
    path("tasks/<int:pk>/accept/", views.task_accept, name="task_accept"),
    path("tasks/<int:pk>/attempt/", views.task_attempt, name="task_attempt"),
    path("tasks/<int:pk>/close/", views.task_close, name="task_close"),
    path("tasks/<int:pk>/stop-payment/", views.task_stop_payment, name="task_stop_payment"),
    path("tasks/<int:pk>/reveal/", views.task_reveal, name="task_reveal"),
    path("leads/", views.AlertListView.as_view(), name="alert_list"),
    path("leads/<int:pk>/", views.AlertDetailView.as_view(), name="alert_detail"),
    path("stop-payments/", views.StopPaymentListView.as_view(), name="stoppayment_list"),
    path("stop-payments/<int:pk>/<str:step>/", views.stop_payment_step, name="stoppayment_step"),
    path("figures/", views.stats_view, name="stats"),
    # The duty phone moved to one's account page; old bookmarks land there.
    path(
        "duty-phone/",
        login_required(RedirectView.as_view(pattern_name="accounts:account")),
        name="duty_phone",
    ),
]
