from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

urlpatterns = [
    # One rate-limited sign-in for staff: the admin's own login form has no limits.
    path(
        "admin/login/",
        RedirectView.as_view(url="/console/login/?next=/admin/", query_string=False),
    ),
    path("admin/", admin.site.urls),
    path("api/", include("walletdesk.api.urls")),
    path("console/", include("walletdesk.web.console.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("walletdesk.web.portal.urls")),
]
