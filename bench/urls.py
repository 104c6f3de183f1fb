"""The site's URLs plus /__floor__/: a bare view returning fixed bytes through the same middleware.

The floor is the fastest any page can be on this stack; the benchmark compares real pages to it.
"""

import os
from functools import cache

from django.http import HttpResponse
from django.urls import path

from filmsite.urls import urlpatterns as site_urlpatterns


@cache
def _floor_bytes():
    with open(os.environ["BENCH_FLOOR_FILE"], "rb") as handle:
        return handle.read()


def floor(request):
    return HttpResponse(_floor_bytes(), content_type="text/html; charset=utf-8")


urlpatterns = [path("__floor__/", floor), *site_urlpatterns]
