from django.urls import path

from assure.indicators import views

app_name = "indicators"

urlpatterns = [
    path("", views.catalogue, name="catalogue"),
    path("scorecard/", views.scorecard_authority, name="scorecard"),
    path("scorecard/areas/<int:pk>/", views.scorecard_area, name="scorecard-area"),
    path("scorecard/teams/<int:pk>/", views.scorecard_team, name="scorecard-team"),
    path("scorecard/workers/<int:pk>/", views.scorecard_worker, name="scorecard-worker"),
    path("recalculate/", views.recalculate, name="recalculate"),
    path("targets/", views.target_list, name="target-list"),
    path("targets/add/", views.target_add, name="target-add"),
    path("targets/<int:pk>/", views.target_edit, name="target-edit"),
    path("<slug:indicator_id>/", views.indicator_detail, name="detail"),
    path(
        "<slug:indicator_id>/children/<slug:level>/<slug:unit>/<str:start>/<str:end>/",
        views.children,
        name="children",
    ),
]
