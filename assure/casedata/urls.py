from django.urls import path

from assure.casedata import views

app_name = "casedata"

urlpatterns = [
    path("", views.snapshot_list, name="snapshot-list"),
    path("import/", views.upload, name="upload"),
    path("snapshots/<int:pk>/", views.snapshot_detail, name="snapshot-detail"),
    path("snapshots/<int:pk>/quality/", views.snapshot_quality, name="snapshot-quality"),
    path("snapshots/<int:pk>/export/", views.snapshot_export, name="snapshot-export"),
]
