from django.urls import path

from assure.risks.views import imports, registers, risks, versions

app_name = "risks"

urlpatterns = [
    path("registers/", registers.register_list, name="register-list"),
    path("registers/new/", registers.register_create, name="register-create"),
    path("registers/<int:pk>/", registers.register_detail, name="register-detail"),
    path("registers/<int:pk>/edit/", registers.register_edit, name="register-edit"),
    path("registers/<int:pk>/checks/", registers.register_checks, name="register-checks"),
    path("registers/<int:pk>/add-risk/", registers.risk_create, name="risk-create"),
    path("registers/<int:pk>/publish/", registers.register_publish, name="register-publish"),
    path("registers/<int:pk>/export.<str:fmt>", versions.register_export, name="register-export"),
    path("registers/<int:pk>/import/", imports.import_upload, name="import-upload"),
    path("imports/<int:pk>/", imports.import_mapping, name="import-mapping"),
    path("versions/<int:pk>/", versions.version_detail, name="version-detail"),
    path("versions/<int:pk>/pack.<str:fmt>", versions.version_export, name="version-export"),
    path("<int:pk>/", risks.risk_detail, name="risk-detail"),
    path("<int:pk>/card.<str:fmt>", versions.risk_export, name="risk-export"),
    path("<int:pk>/edit/", risks.risk_edit, name="risk-edit"),
    path("<int:pk>/rescore/", risks.risk_rescore, name="risk-rescore"),
    path("<int:pk>/add-control/", risks.control_add, name="control-add"),
    path("<int:pk>/add-action/", risks.action_add, name="action-add"),
    path("<int:pk>/add-cross-reference/", risks.cross_reference_add, name="cross-reference-add"),
    path("<int:pk>/add-evidence/", risks.evidence_link_add, name="evidence-link-add"),
    path("actions/<int:pk>/complete/", risks.action_complete, name="action-complete"),
]
