from rest_framework import pagination
from rest_framework.utils.urls import remove_query_param, replace_query_param


def link_header(links: dict) -> str:
    """RFC 8288: `<url>; rel="next", …`, the relations that have a URL."""
    return ", ".join(f'<{url}>; rel="{rel}"' for rel, url in links.items() if url)


class PageNumberPagination(pagination.PageNumberPagination):
    """Pages with the usual envelope, and the same links in a `Link` header
    (first, prev, next, last) for the clients that follow headers."""

    page_size_query_param = "page_size"
    max_page_size = 100

    def get_paginated_response(self, data):
        response = super().get_paginated_response(data)
        response["Link"] = link_header(self.links())
        return response

    def links(self) -> dict:
        url = self.request.build_absolute_uri()
        last = self.page.paginator.num_pages
        return {
            "first": remove_query_param(url, self.page_query_param),
            "prev": self.get_previous_link(),
            "next": self.get_next_link(),
            "last": replace_query_param(url, self.page_query_param, last) if last > 1 else None,
        }
