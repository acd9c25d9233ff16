"""Export documents over the API: the list and the files of an artisan
order's documents (who sees what: orders.paperwork.selectors), and the
public check behind the invoice's QR code."""

from decimal import Decimal

from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, permissions, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from marketplace.api.money import MoneySerializer, money
from marketplace.storage import private_file_response
from orders.paperwork import selectors
from orders.paperwork.models import DocumentKind, DocumentStatus, ExportDocument


class DocumentSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    number = serializers.CharField(read_only=True)
    is_current = serializers.SerializerMethodField()
    is_superseded = serializers.BooleanField(read_only=True)
    superseded_by_version = serializers.IntegerField(source="superseded_by.version", read_only=True, allow_null=True)
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = ExportDocument
        fields = ["id", "kind", "kind_label", "number", "version", "is_current", "is_superseded", "superseded_at",
                  "superseded_by_version", "status", "sha256", "size", "generated_at", "download_url"]  # fmt: skip

    def get_is_current(self, document) -> bool:
        """The version that prints the parcel as it is: not superseded by a
        newer one (superseded versions stay downloadable, as handed out)."""
        return document.superseded_at is None and self.context["newest"].get(document.kind) == document.version

    def get_download_url(self, document) -> str | None:
        if document.status != DocumentStatus.READY:
            return None
        path = reverse(
            "paperwork-document-download",
            kwargs={"pk": document.artisan_order_id, "document_id": document.pk},
        )
        return self.context["request"].build_absolute_uri(path)


class DocumentFilterSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=DocumentKind.choices, required=False)


def _access_or_404(request, pk: int) -> selectors.PaperworkAccess:
    access = selectors.paperwork_access(request.user, pk)
    if access is None:
        raise Http404
    return access


class DocumentListView(generics.ListAPIView):
    """The export documents of an artisan order, every version, newest first
    within each kind; `?kind=` keeps one kind. The artisan, their cooperative
    admins and staff see all; the order's buyer the commercial invoice."""

    serializer_class = DocumentSerializer
    # Whoever may not read the documents gets a 404, signed in or not.
    permission_classes = [permissions.AllowAny]
    filter_backends: list = []

    @extend_schema(parameters=[OpenApiParameter("kind", enum=DocumentKind.values, required=False)])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return ExportDocument.objects.none()
        access = _access_or_404(self.request, self.kwargs["pk"])
        query = DocumentFilterSerializer(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        return selectors.documents_for(access, query.validated_data.get("kind"))

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset())
        newest = {}
        for document in page:
            newest[document.kind] = max(newest.get(document.kind, 0), document.version)
        context = {**self.get_serializer_context(), "newest": newest}
        return self.get_paginated_response(DocumentSerializer(page, many=True, context=context).data)


class DocumentDownloadView(APIView):
    """The PDF itself, to whoever may read its kind: streamed from the private
    folder, or (object storage) a 302 to a signed URL that soon expires. A
    superseded version says so (X-Document-Superseded, and its file name)."""

    permission_classes = [permissions.AllowAny]

    @extend_schema(
        responses={
            (200, "application/pdf"): bytes,
            302: OpenApiResponse(description=_("To a signed URL of the PDF that soon expires.")),
        }
    )
    def get(self, request, pk: int, document_id: int):
        access = _access_or_404(request, pk)
        document = selectors.documents_for(access).filter(pk=document_id, status=DocumentStatus.READY).first()
        if document is None:
            raise Http404
        # A superseded version is still handed out (it was before), marked in its name and a header.
        suffix = "-superseded" if document.is_superseded else ""
        response = private_file_response(
            document.file, filename=f"{document.number}-v{document.version}{suffix}.pdf", content_type="application/pdf"
        )
        response["ETag"] = f'"{document.sha256}"'
        response["X-Document-Superseded"] = "true" if document.is_superseded else "false"
        return response


class VerificationSerializer(serializers.Serializer):
    """What the QR code confirms, and nothing else about the order."""

    valid = serializers.BooleanField()
    number = serializers.CharField()
    date = serializers.DateField()
    total = MoneySerializer(help_text=_("The document's total, in the order's currency."))
    sha256 = serializers.CharField()


class DocumentVerifyView(APIView):
    """Public: confirms that a document with this token was issued by the
    marketplace, with its number, date, totals and the SHA-256 of its file."""

    permission_classes = [permissions.AllowAny]
    authentication_classes: list = []

    @extend_schema(responses=VerificationSerializer)
    def get(self, request, token: str):
        document = selectors.document_by_token(token)
        if document is None:
            raise Http404(_("No document with this verification code."))
        data = document.data
        answer = {
            "valid": True,
            "number": document.number,
            "date": data["issue_date"],
            "total": money(Decimal(data["totals"]["total"]), data["currency"], Decimal(data["totals"]["total_mad"])),
            "sha256": document.sha256,
        }
        return Response(VerificationSerializer(answer).data)
