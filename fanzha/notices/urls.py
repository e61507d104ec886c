from django.urls import path

from fanzha.notices import views

app_name = "notices"

urlpatterns = [
    path("", views.NoticeListView.as_view(), name="notice_list"),
    path("add/", views.periodic_add, name="periodic_add"),
    path("templates/", views.template_list, name="template_list"),
    path("templates/<str:kind>/edit/", views.template_edit, name="template_edit"),
    path("templates/<int:pk>/activate/", views.template_activate, name="template_activate"),
    path("<int:pk>/", views.NoticeDetailView.as_view(), name="notice_detail"),
    path("<int:pk>/issue/", views.notice_issue, name="notice_issue"),
    path("<int:pk>/deliveries/", views.delivery_add, name="delivery_add"),
    path("<int:pk>/download/<str:fmt>/", views.notice_download, name="notice_download"),
]
