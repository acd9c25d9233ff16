"""Artisans' product photos (multipart upload, alt text, order)."""

from rest_framework import generics


class PhotoListCreateView(generics.GenericAPIView):
    pass


class PhotoDetailView(generics.GenericAPIView):
    pass
