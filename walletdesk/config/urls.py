from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", include("walletdesk.api.urls")),
    path("console/", include("walletdesk.web.console.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("walletdesk.web.portal.urls")),
]
