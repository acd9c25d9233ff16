"""Forms of the artisans' admin pages."""

from django import forms

from artisans.models import ArtisanProfile
from marketplace.images import PhotoUploadField


class ArtisanProfileAdminForm(forms.ModelForm):
    """A portrait uploaded in the admin is cleaned as one sent through the API:
    its GPS would say where the artisan lives."""

    class Meta:
        model = ArtisanProfile
        fields = ["photo"]  # the admin page lists the others
        field_classes = {"photo": PhotoUploadField}
