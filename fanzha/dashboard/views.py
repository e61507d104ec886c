"""The situation dashboard (态势) and its full-screen wall (大屏). Thin: every number comes
from :mod:`fanzha.dashboard.figures`, scoped to ``request.user``."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, JsonResponse
from django.views.generic import TemplateView

from fanzha.core.views import StaffRequiredMixin
from fanzha.dashboard import charts, figures, rollups
from fanzha.dashboard.cache import cached


class DashboardView(StaffRequiredMixin, TemplateView):
    """Headline figures with drill-down links, and the charts."""

    template_name = "dashboard/index.html"
    wall = False

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        rollups.ensure_built()
        user = self.request.user
        context.update(
            {
                "figures": cached(user, "headline", lambda: figures.headline(user)),
                "chart_data": cached(user, "charts", lambda: charts.chart_data(user)),
                "built_at": figures.built_at(),
                "as_of": figures.as_of(),
                "wall": self.wall,
            }
        )
        return context


class WallView(DashboardView):
    """The same picture laid out for the command-centre wall (大屏)."""

    template_name = "dashboard/wall.html"
    wall = True


@login_required
def data(request: HttpRequest) -> JsonResponse:
    """The charts' data (the wall refreshes itself from here)."""
    rollups.ensure_built()
    user = request.user
    return JsonResponse(
        {
            "figures": cached(user, "headline_dict", lambda: figures.headline_dict(user)),
            "charts": cached(user, "charts", lambda: charts.chart_data(user)),
        }
    )
