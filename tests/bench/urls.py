from django.urls import path

from kring.urls import urlpatterns as portaal
from tests.bench.views import basis

urlpatterns = [path("bench/basis/", basis, name="bench_basis"), *portaal]
