from django.urls import path

from assure.core import views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("performance/", views.performance, name="performance"),
    path("quality-assurance/", views.quality, name="quality"),
    path("risks/", views.risks, name="risks"),
    path("governance/", views.governance, name="governance"),
    path("workforce/", views.workforce, name="workforce"),
    path("administration/", views.administration, name="administration"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("cookies/", views.cookies, name="cookies"),
    path("healthz/", views.healthz, name="healthz"),
    path("jobs/", views.job_list, name="job-list"),
    path("jobs/<int:pk>/", views.job_detail, name="job-detail"),
    path("daily-jobs/", views.scheduled_runs, name="scheduled-runs"),
    path("notifications/", views.notification_list, name="notifications"),
    path("notifications/<int:pk>/open/", views.notification_open, name="notification-open"),
    path("notifications/read-all/", views.notifications_read_all, name="notifications-read-all"),
]
