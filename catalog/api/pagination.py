from django.core.paginator import Paginator as DjangoPaginator
from rest_framework import pagination
from rest_framework.utils.urls import remove_query_param, replace_query_param

from marketplace.api.pagination import PageNumberPagination


class CatalogCursorPagination(pagination.CursorPagination):
    page_size = 24
    page_size_query_param = "page_size"
    max_page_size = 100

    def get_ordering(self, request, queryset, view):
        return tuple(queryset.query.order_by) or ("-created_at", "-id")


class CatalogPagination:
    """Page numbers for the web (`?page=`), cursors for mobile (`?cursor=`)."""

    def __init__(self, request):
        self.cursor_mode = "cursor" in request.query_params
        if self.cursor_mode:
            self.paginator = CatalogCursorPagination()
        else:
            self.paginator = PageNumberPagination()
            self.paginator.page_size = 24

    def known_count(self, count: int) -> None:
        """Use a count already known (see http_cache.cached_count) instead of counting again."""
        self.paginator.django_paginator_class = type("KnownCountPaginator", (DjangoPaginator,), {"count": count})

    def page(self, queryset, request, view):
        return self.paginator.paginate_queryset(queryset, request, view=view)

    @staticmethod
    def links_of_body(request, body: dict) -> dict:
        """The Link relations of an answer already rendered (a cached page of
        products), from its envelope and the request."""
        links = {"prev": body.get("previous"), "next": body.get("next")}
        if "count" not in body:  # cursors: no first or last
            return links
        paginator = PageNumberPagination()
        paginator.page_size = 24
        size = paginator.get_page_size(request) or 24
        last = max(1, -(-body["count"] // size))
        url = request.build_absolute_uri()
        return {
            "first": remove_query_param(url, paginator.page_query_param),
            **links,
            "last": replace_query_param(url, paginator.page_query_param, last) if last > 1 else None,
        }

    def links(self) -> dict:
        """The Link header's relations (marketplace.api.pagination)."""
        if self.cursor_mode:
            return {"prev": self.paginator.get_previous_link(), "next": self.paginator.get_next_link()}
        return self.paginator.links()

    def envelope(self, results):
        if self.cursor_mode:
            return {"next": self.paginator.get_next_link(), "previous": self.paginator.get_previous_link(),
                    "results": results}  # fmt: skip
        return {
            "count": self.paginator.page.paginator.count,
            "next": self.paginator.get_next_link(),
            "previous": self.paginator.get_previous_link(),
            "results": results,
        }
