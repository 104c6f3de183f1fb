from django.urls import path

from . import views

app_name = "polls"

urlpatterns = [
    path("polls/<slug:slug>/", views.poll_detail, name="poll_detail"),
    path("polls/<slug:slug>/vote/", views.vote, name="vote"),
    path("polls/<slug:slug>/results.json", views.results_json, name="results_json"),
]
