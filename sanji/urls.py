from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from sanji import views as home_views
from sanji.api import api_not_found, api_urls
from sanji.core.ratelimits import login_limit
from sanji.wishes import views as wish_views

urlpatterns = [
    path("", home_views.home, name="home"),
    path("board/", wish_views.board, name="board"),
    path("accounts/login/", login_limit(auth_views.LoginView.as_view(template_name="core/login.html")), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("wishes/", include("sanji.wishes.urls")),
    path("dispatch/", include("sanji.dispatch.urls")),
    path("classes/", include("sanji.classes.urls")),
    path("property/", include("sanji.property.urls")),
    path("cadres/", include("sanji.cadres.urls")),
    path("insights/", include("sanji.insights.urls")),
    path("messages/", include("sanji.notices.urls")),
    path("audit/", include("sanji.audit.urls")),
    path("api/v1/", api_urls()),
    path("api/v1/<path:rest>", api_not_found),
    path("admin/", admin.site.urls),
]

handler400 = "sanji.core.views.bad_request"
handler403 = "sanji.core.views.forbidden"
handler404 = "sanji.core.views.not_found"
handler500 = "sanji.core.views.server_error"
