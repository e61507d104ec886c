from django.contrib.auth import views as auth_views
from django.urls import path

from fanzha.accounts import views

app_name = "accounts"

urlpatterns = [
    path(
        "login/",
        auth_views.LoginView.as_view(
            template_name="accounts/login.html", redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("me/", views.account, name="account"),
    path("password/", views.OwnPasswordChangeView.as_view(), name="password_change"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("otp/setup/", views.otp_setup, name="otp_setup"),
    path("otp/verify/", views.otp_verify, name="otp_verify"),
    path("staff/", views.StaffListView.as_view(), name="staff_list"),
    path("staff/add/", views.staff_add, name="staff_add"),
    path("staff/<int:pk>/", views.staff_detail, name="staff_detail"),
    path("staff/<int:pk>/password/", views.staff_password, name="staff_password"),
    path("staff/<int:pk>/second-factor/", views.staff_second_factor, name="staff_second_factor"),
    path("staff/<int:pk>/unlock/", views.staff_unlock, name="staff_unlock"),
    path("api-keys/", views.api_keys, name="api_keys"),
    path("api-keys/<int:pk>/revoke/", views.api_key_revoke, name="api_key_revoke"),
]
