from django.urls import path

from . import views

app_name = "maps"
urlpatterns = [
    path("", views.map_list, name="list"),
    path("maps/<slug:slug>/", views.map_detail, name="detail"),
]
