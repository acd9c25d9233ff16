import io

import pytest
from PIL import Image

pytestmark = pytest.mark.django_db


def png_bytes(size=(64, 48)):
    buffer = io.BytesIO()
    Image.new("RGB", size, (180, 90, 40)).save(buffer, format="PNG")
    buffer.seek(0)
    buffer.name = "portrait.png"
    return buffer


def test_an_artisan_uploads_a_profile_photo(client_for, artisan):
    response = client_for(artisan.user).patch("/api/v1/artisans/me/", {"photo": png_bytes()}, format="multipart")

    artisan.refresh_from_db()
    assert response.status_code == 200, response.json()
    assert Image.open(artisan.photo.path).size == (64, 48)


def test_a_file_that_is_not_an_image_is_a_400(client_for, artisan):
    fake = io.BytesIO(b"%PDF-1.4 not an image")
    fake.name = "portrait.png"

    response = client_for(artisan.user).patch("/api/v1/artisans/me/", {"photo": fake}, format="multipart")

    assert response.status_code == 400
    assert "photo" in response.json()["error"]["fields"]
