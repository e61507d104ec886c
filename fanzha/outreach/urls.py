from django.urls import path

from fanzha.outreach import views

app_name = "outreach"

urlpatterns = [
    path("pledges/", views.PledgeListView.as_view(), name="pledge_list"),
    path("pledges/add/", views.PledgeCreateView.as_view(), name="pledge_add"),
    path("pledges/coverage/", views.pledge_coverage, name="pledge_coverage"),
    path("pledges/<int:pk>/", views.PledgeDetailView.as_view(), name="pledge_detail"),
    path("pledges/unsigned/", views.UnsignedListView.as_view(), name="unsigned_list"),
    path("pledges/forms.pdf", views.pledge_forms_pdf, name="pledge_forms_pdf"),
    path("households/<int:household_pk>/pledge.pdf", views.pledge_form_pdf, name="pledge_form_pdf"),
    path("activities/", views.ActivityListView.as_view(), name="activity_list"),
    path("activities/add/", views.ActivityCreateView.as_view(), name="activity_add"),
    path("activities/stats/", views.activity_stats, name="activity_stats"),
    path("activities/<int:pk>/", views.ActivityDetailView.as_view(), name="activity_detail"),
    path("activities/<int:pk>/edit/", views.ActivityUpdateView.as_view(), name="activity_edit"),
    path("venues/", views.VenueListView.as_view(), name="venue_list"),
    path("venues/banners.pdf", views.venues_pdf, name="venues_pdf"),
    path("venues/<int:pk>/", views.venue_detail, name="venue_detail"),
    path("venues/<int:pk>/hang/", views.venue_hang, name="venue_hang"),
    path("venues/<int:pk>/banners.pdf", views.venue_pdf, name="venue_pdf"),
    path("files/<int:pk>/", views.upload_file, name="upload"),
    path("prints/", views.PrintListView.as_view(), name="print_list"),
    path("prints/<int:pk>/", views.PrintDetailView.as_view(), name="print_detail"),
    path("prints/<int:pk>/status/", views.print_status, name="print_status"),
    path("prints/<int:pk>/file/", views.print_file, name="print_file"),
]
