from django.urls import path

from assure.alerts import views

app_name = "alerts"

urlpatterns = [
    path("", views.work_tray, name="tray"),
    path("teams/", views.summary, name="summary"),
    path("teams/<int:pk>/", views.team, name="team"),
    path("rules/", views.rules, name="rules"),
    path("recompute/", views.recompute, name="recompute"),
]
