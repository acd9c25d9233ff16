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


def test_a_portrait_is_stored_upright_without_its_gps_metadata(client_for, artisan):
    exif = Image.Exif()
    exif[0x0112] = 6  # orientation: rotate 90° to display
    exif[0x8825] = {2: (33.0, 59.0, 0.0), 4: (6.0, 50.0, 0.0)}  # GPS latitude/longitude
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (10, 120, 200)).save(buffer, format="JPEG", exif=exif)
    buffer.seek(0)
    buffer.name = "me.jpg"

    response = client_for(artisan.user).patch("/api/v1/artisans/me/", {"photo": buffer}, format="multipart")

    artisan.refresh_from_db()
    stored = Image.open(artisan.photo.path)
    assert response.status_code == 200
    assert stored.size == (48, 64)
    assert not stored.getexif() and "exif" not in stored.info
