import django_filters
from django.utils.translation import gettext_lazy as _

from fanzha.notifications.choices import Channel, Status
from fanzha.notifications.models import Notification


class NotificationFilterSet(django_filters.FilterSet):
    channel = django_filters.ChoiceFilter(label=_("channel"), choices=Channel.choices)
    status = django_filters.ChoiceFilter(label=_("status"), choices=Status.choices)
    purpose = django_filters.CharFilter(label=_("purpose"))

    class Meta:
        model = Notification
        fields = ["channel", "status", "purpose"]
