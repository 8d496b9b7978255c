from django.urls import path

from assure.organisation.views import imports, staff, structure

app_name = "organisation"

urlpatterns = [
    path("", structure.structure, name="structure"),
    path("authority/<int:pk>/edit/", structure.authority_edit, name="authority-edit"),
    path("service-areas/new/", structure.service_area_create, name="service-area-create"),
    path("service-areas/<int:pk>/", structure.service_area_detail, name="service-area-detail"),
    path("service-areas/<int:pk>/edit/", structure.service_area_edit, name="service-area-edit"),
    path("teams/new/", structure.team_create, name="team-create"),
    path("teams/<int:pk>/", structure.team_detail, name="team-detail"),
    path("teams/<int:pk>/edit/", structure.team_edit, name="team-edit"),
    path("roles/", structure.role_list, name="role-list"),
    path("roles/<str:code>/", structure.role_edit, name="role-edit"),
    path("staff/", staff.staff_list, name="staff-list"),
    path("staff/new/", staff.staff_create, name="staff-create"),
    path("staff/<int:pk>/", staff.staff_detail, name="staff-detail"),
    path("staff/<int:pk>/edit/", staff.staff_edit, name="staff-edit"),
    path("staff/<int:pk>/move/", staff.staff_move, name="staff-move"),
    path("memberships/<int:pk>/end/", staff.membership_end, name="membership-end"),
    path("import/", imports.import_upload, name="import"),
    path("import/<int:pk>/", imports.import_preview, name="import-preview"),
    path("import/template/<slug:kind>/", imports.import_template, name="import-template"),
]
