from django.urls import path

from assure.casedata.views import children, snapshots

app_name = "casedata"

urlpatterns = [
    path("", snapshots.snapshot_list, name="snapshot-list"),
    path("import/", snapshots.upload, name="upload"),
    path("import/<int:pk>/files/<int:upload_pk>/columns/", snapshots.draft_columns, name="draft-columns"),
    path("import/<int:pk>/cancel/", snapshots.draft_discard, name="draft-discard"),
    path("mappings/", snapshots.mapping_list, name="mapping-list"),
    path("mappings/<int:pk>/delete/", snapshots.mapping_delete, name="mapping-delete"),
    path("snapshots/<int:pk>/", snapshots.snapshot_detail, name="snapshot-detail"),
    path("snapshots/<int:pk>/quality/", snapshots.snapshot_quality, name="snapshot-quality"),
    path("snapshots/<int:pk>/export/", snapshots.snapshot_export, name="snapshot-export"),
    path("children/", children.child_find, name="child-find"),
    # A child's ID is text from the case management system: any character, a "/" included.
    path("children/<path:child_id>/", children.child_record, name="child-record"),
]
