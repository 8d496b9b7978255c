from django.urls import path

from assure.audits.views import audits, boards, handpicking, moderation, starting, tools

app_name = "audits"

urlpatterns = [
    path("", audits.audit_list, name="audit-list"),
    path("start/", starting.audit_start, name="audit-start"),
    path("<int:pk>/", audits.audit_detail, name="audit-detail"),
    path("<int:pk>/edit/", audits.audit_edit, name="audit-edit"),
    path("<int:pk>/comments/", audits.audit_comment, name="audit-comment"),
    path("<int:pk>/amend/", audits.audit_amend, name="audit-amend"),
    path("<int:pk>/actions/add/", audits.action_add, name="action-add"),
    path("actions/<int:pk>/", audits.action_update, name="action-update"),
    path("compliance/", boards.compliance, name="compliance"),
    path("analytics/", boards.analytics, name="analytics"),
    path("programme/", boards.programme, name="programme"),
    path("moderation/", moderation.moderation_list, name="moderation-list"),
    path("moderation/sample/", moderation.moderation_sample_start, name="moderation-sample"),
    path("moderation/<int:pk>/", moderation.moderation_grade, name="moderation-grade"),
    path("hand-picking/", handpicking.hand_picking, name="hand-picking"),
    path("hand-picking/<int:pk>/withdraw/", handpicking.hand_picking_withdraw, name="hand-picking-withdraw"),
    path("tools/", tools.tool_list, name="tool-list"),
    path("tools/upload/", tools.tool_upload, name="tool-upload"),
    path("tools/<int:pk>/", tools.tool_detail, name="tool-detail"),
    path("tools/<int:pk>/publish/", tools.tool_publish, name="tool-publish"),
]
