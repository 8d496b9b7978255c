from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

urlpatterns = [
    path("", include("assure.core.urls")),
    path("accounts/", include("assure.accounts.urls")),
    path("organisation/", include("assure.organisation.urls")),
    path("data/", include("assure.casedata.urls")),
    path("deadlines/", include("assure.alerts.urls")),
    path("audits/", include("assure.audits.urls")),
    path("indicators/", include("assure.indicators.urls")),
    path("risks/", include("assure.risks.urls")),
    path(
        "oidc/authenticate/",
        login_not_required(OIDCAuthenticationRequestView.as_view()),
        name="oidc_authentication_init",
    ),
    path(
        "oidc/callback/",
        login_not_required(OIDCAuthenticationCallbackView.as_view()),
        name="oidc_authentication_callback",
    ),
    path("django-admin/", admin.site.urls),
]

handler400 = "assure.core.views.bad_request"
handler403 = "assure.core.views.permission_denied"
handler404 = "assure.core.views.page_not_found"
