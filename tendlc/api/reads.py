"""Read endpoints: list (paginated, filtered, ordered) and retrieve, one viewset per resource."""

from rest_framework.routers import DefaultRouter

router = DefaultRouter()
