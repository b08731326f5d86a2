from django.urls import path

from walletdesk.web.chatwidget import views

app_name = "chatwidget"

urlpatterns = [
    path("", views.chat_page, name="page"),
    path("start", views.chat_start, name="start"),
    path("embed.js", views.embed_js, name="embed-js"),
]
