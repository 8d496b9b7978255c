from django.urls import path

from assure.casedata import views

app_name = "casedata"

urlpatterns = [
    path("", views.snapshot_list, name="snapshot-list"),
    path("import/", views.upload, name="upload"),
    path("import/<int:pk>/files/<int:upload_pk>/columns/", views.draft_columns, name="draft-columns"),
    path("import/<int:pk>/cancel/", views.draft_discard, name="draft-discard"),
    path("mappings/", views.mapping_list, name="mapping-list"),
    path("mappings/<int:pk>/delete/", views.mapping_delete, name="mapping-delete"),
    path("snapshots/<int:pk>/", views.snapshot_detail, name="snapshot-detail"),
    path("snapshots/<int:pk>/quality/", views.snapshot_quality, name="snapshot-quality"),
    path("snapshots/<int:pk>/export/", views.snapshot_export, name="snapshot-export"),
]
