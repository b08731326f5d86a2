from django.contrib import admin
from django.templatetags.static import static
from django.urls import include, path
from django.views.generic import RedirectView

from walletdesk.web import errors, locale

urlpatterns = [
    # One rate-limited sign-in for staff: the admin's own login form has no limits.
    path(
        "admin/login/",
        RedirectView.as_view(url="/console/login/?next=/admin/", query_string=False),
    ),
    path("admin/", admin.site.urls),
    path("api/", include("walletdesk.api.urls")),
    path("console/", include("walletdesk.web.console.urls")),
    # The live-chat widget: its page (full page or framed by an allowed site), start, embed.
    path("chat/", include("walletdesk.web.chatwidget.urls")),
    path("i18n/setlang/", locale.switch_language, name="set_language"),
    path("favicon.ico", RedirectView.as_view(url=static("web/favicon.svg"), permanent=True)),
    path("", include("walletdesk.web.portal.urls")),
]

# Errors in the product's own look and language, portal or console chosen by the path.
handler400 = errors.bad_request
handler403 = errors.forbidden
handler404 = errors.not_found
handler500 = errors.server_error
