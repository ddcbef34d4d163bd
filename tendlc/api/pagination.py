"""Pages of API lists: 50 rows unless the caller asks for up to 500 (``?page_size=``)."""

from rest_framework.pagination import PageNumberPagination


class PortalPagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500
