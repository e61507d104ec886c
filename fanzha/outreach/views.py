"""Outreach pages: pledges, 六进 activities, venue banners and private files. Thin: the rules
sit in ``pledges``, ``coverage``, ``banners`` and ``uploads``; every queryset is ``restrict``ed."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext
from django.views.decorators.http import require_POST

from fanzha.accounts.capabilities import can_edit
from fanzha.core.tables import Column
from fanzha.core.views import (
    ObjectCreateView,
    ObjectDetailView,
    ObjectListView,
    ObjectUpdateView,
)
from fanzha.org.choices import UnitKind
from fanzha.org.models import Grid, Unit
from fanzha.outreach import banners, casefigures, coverage, printing
from fanzha.outreach.choices import PrintKind, PrintStatus, SixInto, UploadKind
from fanzha.outreach.filtersets import ActivityFilterSet, PledgeFilterSet, VenueFilterSet
from fanzha.outreach.forms import ActivityForm, BannerHangForm, PledgeForm
from fanzha.outreach.models import Activity, BannerHanging, Pledge, PrintJob, Upload
from fanzha.outreach.pdf import pdf_response, render_pdf
from fanzha.outreach.uploads import store
from fanzha.people.models import Household
from fanzha.places.models import Place


def today() -> date:
    """The demo district lives on the article's date; everywhere else it is today."""
    if settings.DEMO:
        from fanzha.core.demo import DEMO_TODAY

        return DEMO_TODAY
    return timezone.localdate()


def _year(request: HttpRequest) -> int:
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        return today().year
    return year if 2000 <= year <= today().year + 1 else today().year


def _period(request: HttpRequest) -> tuple[date, date]:
    end, start = today(), today() - timedelta(days=364)
    try:
        if request.GET.get("start"):
            start = date.fromisoformat(request.GET["start"])
        if request.GET.get("end"):
            end = date.fromisoformat(request.GET["end"])
    except ValueError:
        messages.error(request, _("Dates are written as YYYY-MM-DD."))
    return (start, end) if start <= end else (end, start)


# -- pledges -------------------------------------------------------------------------------------
class PledgeListView(ObjectListView):
    model = Pledge
    filterset_class = PledgeFilterSet
    select_related = ("household", "grid", "grid__community")
    add_url_name = "outreach:pledge_add"
    export_name = "pledges"
    title = gettext_lazy("Household pledges")
    columns = [
        Column("household", gettext_lazy("Household"), accessor="household.code", link=True),
        Column("address", gettext_lazy("Address"), accessor="household.address"),
        Column("grid", gettext_lazy("Grid")),
        Column("community", gettext_lazy("Community / village"), accessor="grid.community"),
        Column("method", gettext_lazy("Signed")),
        Column("signer_name", gettext_lazy("Signer")),
        Column("signed_on", gettext_lazy("Signed on")),
    ]

    def get_summary(self) -> Any:
        households = Household.objects.restrict(self.request.user, "view").count()
        signed = Pledge.objects.restrict(self.request.user, "view").count()
        rate = f"{signed / households:.1%}" if households else "—"
        return [
            (pgettext("count", "Households"), households),
            (_("Signed"), signed),
            (_("Pledge rate"), rate),
        ]


class PledgeCreateView(ObjectCreateView):
    model = Pledge
    form_class = PledgeForm
    title = gettext_lazy("Record a household pledge")

    def get_success_url(self) -> str:
        assert self.object is not None
        return str(self.object.get_absolute_url())


class PledgeDetailView(ObjectDetailView):
    model = Pledge
    template_name = "outreach/pledge_detail.html"

    def get_queryset(self) -> QuerySet:
        return super().get_queryset().select_related("household", "grid", "recorded_by")


class UnsignedListView(ObjectListView):
    """Households that have not signed yet, each with its pre-filled form to print."""

    model = Household
    select_related = ("grid", "grid__community")
    export_name = "households-unsigned"
    title = gettext_lazy("Households not yet signed")
    template_name = "outreach/unsigned_list.html"
    columns = [
        Column("code", gettext_lazy("Household number")),
        Column("address", gettext_lazy("Address")),
        Column("grid", gettext_lazy("Grid")),
        Column("community", gettext_lazy("Community / village"), accessor="grid.community"),
    ]

    def base_queryset(self) -> QuerySet:
        unsigned = ~Exists(Pledge.objects.filter(household=OuterRef("pk")))
        qs = super().base_queryset().filter(unsigned)
        grid = self.request.GET.get("grid", "")
        return qs.filter(grid_id=int(grid)) if grid.isdigit() else qs

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["grids"] = Grid.objects.restrict(self.request.user, "view").order_by("code")
        context["grid"] = self.request.GET.get("grid", "")
        return context


@login_required
def pledge_forms_pdf(request: HttpRequest) -> HttpResponse:
    """Pre-filled pledge forms of one grid's unsigned households, one per page, for a
    door-to-door round: in the request when there are few, otherwise by the worker."""
    grid = get_object_or_404(
        Grid.objects.restrict(request.user, "view"), pk=request.GET.get("grid") or 0
    )
    ids = list(
        Household.objects.restrict(request.user, "view")
        .filter(grid=grid)
        .exclude(pk__in=Pledge.objects.values("household"))
        .order_by("code")
        .values_list("pk", flat=True)[: settings.FANZHA_PRINT_MAX_ITEMS + 1]
    )
    if not ids:
        raise Http404(_("Every household of this grid has signed."))
    return _print(
        request,
        PrintKind.PLEDGE_FORMS,
        ids,
        {"grid": grid.pk},
        title=_("Pledge forms of %(grid)s (%(count)s households)")
        % {"grid": grid, "count": len(ids)},
        filename=f"pledges-{grid.code}.pdf",
        back=f"{reverse('outreach:unsigned_list')}?grid={grid.pk}",
    )


@login_required
def pledge_form_pdf(request: HttpRequest, household_pk: int) -> HttpResponse:
    """A printable pledge form pre-filled for one household (name, address, members)."""
    household = get_object_or_404(
        Household.objects.restrict(request.user, "view").select_related("grid__community"),
        pk=household_pk,
    )
    members = list(household.members.order_by("birth_date").values_list("name", flat=True))
    pledge = Pledge.objects.filter(household=household).first()
    content = render_pdf(
        "outreach/pledge_form_pdf.html",
        {"forms": [{"household": household, "members": members, "pledge": pledge}]},
        request,
    )
    return pdf_response(content, f"pledge-{household.code}.pdf")


@login_required
def pledge_coverage(request: HttpRequest) -> HttpResponse:
    """Pledge coverage by unit (offices, communities, villages) and by grid."""
    grids = Grid.objects.restrict(request.user, "view")
    by_grid = coverage.pledge_coverage_by_grid(grids)
    units = (
        Unit.objects.restrict(request.user, "view")
        .filter(kind__in=[UnitKind.OFFICE, UnitKind.COMMUNITY, UnitKind.VILLAGE])
        .order_by("kind", "code")
    )
    by_unit = [(u, coverage.pledge_coverage(u)) for u in units]
    total_h = sum(g.households for g in by_grid)
    total_s = sum(g.signed for g in by_grid)
    return render(
        request,
        "outreach/pledge_coverage.html",
        {
            "title": _("Pledge coverage"),
            "by_grid": by_grid,
            "by_unit": by_unit,
            "total_households": total_h,
            "total_signed": total_s,
            "total_rate": (total_s / total_h) if total_h else None,
            "target": settings.FANZHA_PLEDGE_TARGET_PERCENT / 100,
        },
    )


# -- activities ----------------------------------------------------------------------------------
class ActivityListView(ObjectListView):
    model = Activity
    filterset_class = ActivityFilterSet
    select_related = ("unit", "place", "grid")
    add_url_name = "outreach:activity_add"
    export_name = "publicity"
    title = gettext_lazy("Publicity activities")
    columns = [
        Column("held_on", gettext_lazy("Date"), link=True),
        Column("title", gettext_lazy("Title"), link=True),
        Column("category", gettext_lazy("六进 category")),
        Column("forms", gettext_lazy("Forms"), accessor="form_labels"),
        Column("unit", gettext_lazy("Organising unit")),
        Column("place", gettext_lazy("Place"), accessor=lambda a: a.place or a.location),
        Column("grid", gettext_lazy("Grid")),
        Column("headcount", gettext_lazy("Headcount")),
        Column("materials", gettext_lazy("Materials handed out")),
        Column("covers_card", gettext_lazy("Covered 断卡")),
    ]

    def get_summary(self) -> Any:
        totals = self.object_list.aggregate(  # type: ignore[attr-defined]
            h=Sum("headcount"), c=Count("pk", filter=Q(covers_card=True))
        )
        return [(_("Headcount"), totals["h"] or 0), (_("Covered 断卡"), totals["c"])]


class ActivityCreateView(ObjectCreateView):
    model = Activity
    form_class = ActivityForm
    title = gettext_lazy("Log a publicity activity")

    def get_success_url(self) -> str:
        assert self.object is not None
        return str(self.object.get_absolute_url())


class ActivityUpdateView(ObjectUpdateView):
    model = Activity
    form_class = ActivityForm
    title = gettext_lazy("Edit publicity activity")

    def get_success_url(self) -> str:
        assert self.object is not None
        return str(self.object.get_absolute_url())


class ActivityDetailView(ObjectDetailView):
    model = Activity
    template_name = "outreach/activity_detail.html"

    def get_queryset(self) -> QuerySet:
        return super().get_queryset().select_related("unit", "place", "grid", "recorded_by")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["photos"] = self.object.uploads.order_by("pk")
        context["can_edit"] = (
            can_edit(self.request.user)
            and Activity.objects.restrict(self.request.user, "change")
            .filter(pk=self.object.pk)
            .exists()
        )
        return context


@login_required
def activity_stats(request: HttpRequest) -> HttpResponse:
    """Activities, headcount and coverage of places per unit and per grid in a period."""
    start, end = _period(request)
    units = (
        Unit.objects.restrict(request.user, "view")
        .filter(kind__in=[UnitKind.OFFICE, UnitKind.COMMUNITY, UnitKind.VILLAGE, UnitKind.SECTOR])
        .order_by("kind", "code")
    )
    by_unit = []
    for unit in units:
        reached, places = coverage.place_coverage(unit, start, end)
        by_unit.append((unit, coverage.activity_counts(unit, start, end), reached, places))
    visible = Activity.objects.restrict(request.user, "view").filter(
        held_on__gte=start, held_on__lte=end, grid__isnull=False
    )
    by_grid = list(
        visible.values("grid", "grid__name", "grid__community__name")
        .annotate(
            n=Count("pk"),
            headcount=Sum("headcount"),
            card=Count("pk", filter=Q(covers_card=True)),
            places=Count("place", distinct=True),
        )
        .order_by("grid__name")
    )
    places_per_grid = dict(
        Place.objects.filter(grid__in=[r["grid"] for r in by_grid])
        .values_list("grid")
        .annotate(n=Count("pk"))
    )
    for row in by_grid:
        row["places_total"] = places_per_grid.get(row["grid"], 0)  # type: ignore[misc]
    return render(
        request,
        "outreach/activity_stats.html",
        {
            "title": _("Publicity by unit and grid"),
            "start": start,
            "end": end,
            "by_unit": by_unit,
            "by_grid": by_grid,
            "categories": SixInto.choices,
        },
    )


# -- venue banners -------------------------------------------------------------------------------
def _venues(user: Any, year: int) -> QuerySet:
    hung = BannerHanging.objects.filter(place=OuterRef("pk"), year=year)
    return banners.venues_for(user).annotate(hung_this_year=Exists(hung))


class VenueListView(ObjectListView):
    """Venues that must hang banners (or scroll slogans), with this year's figures."""

    model = Place
    filterset_class = VenueFilterSet
    select_related = ("grid", "territory_unit", "sector_unit")
    export_name = "venue-banners"
    title = gettext_lazy("Venue banners")
    template_name = "outreach/venue_list.html"
    columns = [
        Column("name", gettext_lazy("Venue"), accessor=lambda p: p.name, link=True),
        Column("kind", gettext_lazy("Kind")),
        Column("grid", gettext_lazy("Grid")),
        Column("territory_unit", gettext_lazy("Responsible by territory")),
        Column("cases", gettext_lazy("Cases this year"), accessor=lambda p: _figures_of(p).cases),
        Column(
            "loss",
            gettext_lazy("Loss this year (yuan)"),
            accessor=lambda p: banners.format_loss(_figures_of(p).loss),
        ),
        Column("hung_this_year", gettext_lazy("Banners hung")),
    ]

    def base_queryset(self) -> QuerySet:
        self.year = _year(self.request)
        return _venues(self.request.user, self.year).select_related(*self.select_related)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        rows = list(context["object_list"])
        figures = casefigures.by_place(
            [p.pk for p in rows], date(self.year, 1, 1), date(self.year, 12, 31)
        )
        for place in rows:
            place.figures = figures.get(place.pk, casefigures.Figures())
        context.update(
            object_list=rows,
            year=self.year,
            register_available=casefigures.register_available(),
            unit=getattr(self.request.user, "unit", None),
        )
        return context


def _figures_of(place: Any) -> casefigures.Figures:
    cached = getattr(place, "figures", None)
    if cached is None:
        cached = place.figures = casefigures.for_place_year(
            place.pk, getattr(place, "figures_year", today().year)
        )
    return cached


def _venue(request: HttpRequest, pk: int) -> Place:
    return get_object_or_404(
        banners.venues_for(request.user).select_related("grid", "territory_unit", "sector_unit"),
        pk=pk,
    )


@login_required
def venue_detail(request: HttpRequest, pk: int) -> HttpResponse:
    place = _venue(request, pk)
    year = _year(request)
    shown = banners.for_venue(place, year)
    hanging = BannerHanging.objects.filter(place=place, year=year).first()
    may_record = (
        can_edit(request.user)
        and Place.objects.restrict(request.user, "view").filter(pk=place.pk).exists()
    )
    return render(
        request,
        "outreach/venue_detail.html",
        {
            "title": place.name,
            "place": place,
            "year": year,
            "shown": shown,
            "hanging": hanging,
            "photos": hanging.uploads.order_by("pk") if hanging else [],
            "form": BannerHangForm(user=request.user) if may_record else None,
            "register_available": casefigures.register_available(),
            "loss": banners.format_loss(shown.figures.loss),
        },
    )


@login_required
@require_POST
def venue_hang(request: HttpRequest, pk: int) -> HttpResponse:
    """Record (or update) that a venue hung its banners this year, with a proof photo."""
    place = _venue(request, pk)
    if not can_edit(request.user):
        raise PermissionDenied(_("Your role is read-only."))
    year = _year(request)
    existing = BannerHanging.objects.filter(place=place, year=year).first()
    form = BannerHangForm(request.POST, request.FILES, user=request.user, instance=existing)
    if not form.is_valid():
        shown = banners.for_venue(place, year)
        return render(
            request,
            "outreach/venue_detail.html",
            {
                "title": place.name,
                "place": place,
                "year": year,
                "shown": shown,
                "hanging": existing,
                "form": form,
                "photos": [],
                "register_available": casefigures.register_available(),
                "loss": banners.format_loss(shown.figures.loss),
            },
            status=400,
        )
    shown = banners.for_venue(place, year)
    with transaction.atomic():
        hanging = form.save(commit=False)
        hanging.place, hanging.year = place, year
        hanging.texts = shown.banners or shown.slogans
        hanging.case_count, hanging.loss = shown.figures.cases, shown.figures.loss
        hanging.recorded_by = request.user
        hanging.save()
        store(
            form.cleaned_data["photo"], UploadKind.BANNER_PROOF, user=request.user, hanging=hanging
        )
    messages.success(request, _("Saved."))
    return redirect(f"{hanging.get_absolute_url()}?year={year}")


@login_required
def venue_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """One venue's banners (or slogans) with its own figures, one banner per page."""
    place = _venue(request, pk)
    year = _year(request)
    content = render_pdf(
        "outreach/banners_pdf.html",
        {"items": [banners.for_venue(place, year)], "year": year},
        request,
    )
    return pdf_response(content, f"banners-{place.pk}-{year}.pdf")


@login_required
def venues_pdf(request: HttpRequest) -> HttpResponse:
    """The banners of every venue the user is responsible for (filtered like the list): in the
    request when there are few, otherwise by the worker."""
    year = _year(request)
    qs = _venues(request.user, year).order_by("name", "pk")
    filterset = VenueFilterSet(request.GET or None, queryset=qs, request=request)
    qs = filterset.qs if filterset.is_bound else qs
    ids = list(qs.values_list("pk", flat=True)[: settings.FANZHA_PRINT_MAX_ITEMS + 1])
    if not ids:
        raise Http404(_("No venues to print."))
    return _print(
        request,
        PrintKind.BANNERS,
        ids,
        {"year": year},
        title=_("Banners %(year)s (%(count)s venues)") % {"year": year, "count": len(ids)},
        filename=f"banners-{year}.pdf",
        back=f"{reverse('outreach:venue_list')}?{request.GET.urlencode()}",
    )


def _print(
    request: HttpRequest,
    kind: str,
    ids: list[int],
    params: dict[str, Any],
    *,
    title: str,
    filename: str,
    back: str,
) -> HttpResponse:
    """A few rows come back as a PDF at once; more become a print job for the worker; more than
    a run may hold send the user back to the list with the reason, never a PDF cut short."""
    if len(ids) > settings.FANZHA_PRINT_MAX_ITEMS:
        messages.error(
            request,
            _(
                "One print run holds at most %(limit)s: filter the list (by grid, say) and print "
                "it in parts."
            )
            % {"limit": settings.FANZHA_PRINT_MAX_ITEMS},
        )
        return redirect(back)
    if len(ids) <= settings.FANZHA_PRINT_INLINE_ITEMS:
        content, _pages = printing.render(kind, request.user, ids, params)
        return pdf_response(content, filename)
    job = printing.request_print(request.user, kind, ids, params, title=title, filename=filename)
    return redirect(job)


class PrintListView(ObjectListView):
    """The user's print runs, newest first, each with its file while it is kept."""

    model = PrintJob
    title = gettext_lazy("My print jobs")
    columns = [
        Column("title", gettext_lazy("title"), link=True),
        Column("kind", gettext_lazy("kind")),
        Column("status", gettext_lazy("status")),
        Column("item_count", gettext_lazy("items")),
        Column("pages", gettext_lazy("pages")),
        Column("created_at", gettext_lazy("requested at")),
    ]

    def base_queryset(self) -> QuerySet:
        return super().base_queryset().defer("item_ids", "params")


class PrintDetailView(ObjectDetailView):
    model = PrintJob
    template_name = "outreach/print_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["title"] = self.object.title
        context["retention_hours"] = settings.FANZHA_PRINT_RETENTION_HOURS
        return context


@login_required
def print_status(request: HttpRequest, pk: int) -> HttpResponse:
    """The status box, polled by htmx while the job is open; once it is over, the page reloads
    with the download link or the reason."""
    job = get_object_or_404(PrintJob.objects.restrict(request.user, "view"), pk=pk)
    response = render(
        request,
        "outreach/_print_status.html",
        {"job": job, "retention_hours": settings.FANZHA_PRINT_RETENTION_HOURS},
    )
    if not job.is_open and request.headers.get("HX-Request"):
        response["HX-Refresh"] = "true"
    return response


@login_required
def print_file(request: HttpRequest, pk: int) -> FileResponse:
    """A finished job's PDF, to its requester only (the file holds residents' details)."""
    job = get_object_or_404(
        PrintJob.objects.restrict(request.user, "view").filter(status=PrintStatus.DONE), pk=pk
    )
    try:
        handle = job.file.open("rb")
    except (FileNotFoundError, ValueError) as exc:
        raise Http404 from exc
    response = FileResponse(
        handle, content_type="application/pdf", as_attachment=True, filename=job.filename
    )
    response["Cache-Control"] = "private, no-store"
    return response


# -- files ---------------------------------------------------------------------------------------
@login_required
def upload_file(request: HttpRequest, pk: int) -> FileResponse:
    """Serve a stored upload to someone who may see its owner row; never by the web server."""
    upload = get_object_or_404(Upload.objects.restrict(request.user, "view"), pk=pk)
    try:
        handle = upload.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = FileResponse(handle, content_type=upload.content_type)
    response["Content-Disposition"] = "inline"
    # Even a file that slipped through is never run as a page.
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response
