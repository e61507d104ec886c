from django.db import models
from django.utils.translation import gettext_lazy as _


class PlaceKind(models.TextChoices):
    COMMUNITY = "community", _("Community")
    VILLAGE = "village", _("Village")
    COMPOUND = "compound", _("Residential compound")
    ENTERPRISE = "enterprise", _("Enterprise")
    SCHOOL = "school", _("School")
    KINDERGARTEN = "kindergarten", _("Kindergarten")
    TRAINING = "training", _("Training institution")
    SITE = "site", _("Construction site")
    CLINIC = "clinic", _("Small clinic")
    BARBER = "barber", _("Barbershop")
    PHARMACY = "pharmacy", _("Pharmacy")
    SHOP = "shop", _("Small shop")
    EATERY = "eatery", _("Small eatery")
    FOOD_SHOP = "food_shop", _("Food shop")
    WORKSHOP = "workshop", _("Workshop")
    BANK = "bank", _("Bank")
    HOTEL = "hotel", _("Hotel")
    RESTAURANT = "restaurant", _("Restaurant")
    SERVICE_CENTRE = "service_centre", _("Government service centre")


# Places that get banners stating their own case figures (DOMAIN.md §1.6).
VENUE_KINDS = {
    PlaceKind.ENTERPRISE,
    PlaceKind.SITE,
    PlaceKind.SCHOOL,
    PlaceKind.KINDERGARTEN,
    PlaceKind.TRAINING,
    PlaceKind.CLINIC,
    PlaceKind.BARBER,
    PlaceKind.PHARMACY,
    PlaceKind.SHOP,
    PlaceKind.EATERY,
    PlaceKind.FOOD_SHOP,
    PlaceKind.WORKSHOP,
}
# Places that scroll slogans on LED screens.
SCROLLING_KINDS = {PlaceKind.BANK, PlaceKind.HOTEL, PlaceKind.RESTAURANT}
