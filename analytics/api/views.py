"""Export figures over the API, for staff (operators all, the admins of a
cooperative their own):

    GET manage/analytics/exports/           the period's summary and every table
    GET manage/analytics/exports/<table>/   one table (month, category, country,
                                            cooperative, artisan, region, women_led)

Query: from, to (YYYY-MM-DD, both included; default the last twelve months),
cooperative (an id among those the reader may read), and on a table
file=csv or file=xlsx for the table as a file."""

import datetime

from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import permissions, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from analytics.exports import FORMATS, export_columns, table_file
from analytics.permissions import analytics_reader, cooperatives_readable_by
from analytics.selectors import TABLE_TITLES, TABLES, Period, export_lines_visible_to, exports_by, exports_summary
from artisans.models import Cooperative

LONGEST_PERIOD_DAYS = 366 * 10


class IsAnalyticsReader(permissions.BasePermission):
    def has_permission(self, request, view):
        return analytics_reader(request.user)


class FiguresQuerySerializer(serializers.Serializer):
    """from / to / cooperative / file, as the query string gives them."""

    to = serializers.DateField(required=False)
    cooperative = serializers.PrimaryKeyRelatedField(queryset=Cooperative.objects.none(), required=False)
    file = serializers.ChoiceField(choices=FORMATS, required=False)

    def get_fields(self):
        fields = super().get_fields()
        fields["from"] = serializers.DateField(required=False)
        fields["cooperative"].queryset = cooperatives_readable_by(self.context["request"].user)
        return fields

    def validate(self, data):
        default = Period.default()
        end = data.get("to") or default.end
        start = data.get("from") or Period.default(end).start
        if start > end:
            raise serializers.ValidationError({"from": [_("The period starts after it ends.")]})
        if (end - start).days > LONGEST_PERIOD_DAYS:
            raise serializers.ValidationError({"from": [_("The period is at most ten years long.")]})
        data["period"] = Period(start, end)
        return data


def figures_query(request) -> dict:
    query = FiguresQuerySerializer(data=request.query_params.dict(), context={"request": request})
    query.is_valid(raise_exception=True)
    return query.validated_data


QUERY_PARAMETERS = [
    OpenApiParameter("from", datetime.date, description="First day of the period (included)."),
    OpenApiParameter("to", datetime.date, description="Last day of the period (included)."),
    OpenApiParameter("cooperative", int, description="One cooperative's figures."),
]


class FigureRowSerializer(serializers.Serializer):
    key = serializers.JSONField()
    label = serializers.CharField()
    total_mad = serializers.DecimalField(max_digits=16, decimal_places=2)
    previous_mad = serializers.DecimalField(max_digits=16, decimal_places=2)
    growth = serializers.DecimalField(max_digits=12, decimal_places=4, allow_null=True)
    share = serializers.DecimalField(max_digits=6, decimal_places=4, allow_null=True)
    orders = serializers.IntegerField()


class SummarySerializer(serializers.Serializer):
    start = serializers.DateField()
    end = serializers.DateField()
    total_mad = serializers.DecimalField(max_digits=16, decimal_places=2)
    previous_mad = serializers.DecimalField(max_digits=16, decimal_places=2)
    growth = serializers.DecimalField(max_digits=12, decimal_places=4, allow_null=True)
    orders = serializers.IntegerField()


class TablesSerializer(serializers.Serializer):
    month = FigureRowSerializer(many=True)
    category = FigureRowSerializer(many=True)
    country = FigureRowSerializer(many=True)
    cooperative = FigureRowSerializer(many=True)
    artisan = FigureRowSerializer(many=True)
    region = FigureRowSerializer(many=True)
    women_led = FigureRowSerializer(many=True)


class ExportFiguresSerializer(serializers.Serializer):
    cooperative = serializers.IntegerField(allow_null=True)
    summary = SummarySerializer()
    tables = TablesSerializer()


class ExportFiguresView(APIView):
    permission_classes = [permissions.IsAuthenticated, IsAnalyticsReader]

    @extend_schema(parameters=QUERY_PARAMETERS, responses={200: ExportFiguresSerializer})
    def get(self, request):
        query = figures_query(request)
        cooperative, period = query.get("cooperative"), query["period"]
        lines = export_lines_visible_to(request.user, cooperative=cooperative)
        figures = {
            "cooperative": cooperative.pk if cooperative else None,
            "summary": exports_summary(lines, period),
            "tables": {table: exports_by(table, lines, period) for table in TABLES},
        }
        return Response(ExportFiguresSerializer(figures).data)


class ExportTableView(APIView):
    permission_classes = [permissions.IsAuthenticated, IsAnalyticsReader]

    @extend_schema(
        parameters=[*QUERY_PARAMETERS, OpenApiParameter("file", str, enum=FORMATS)],
        responses={200: FigureRowSerializer(many=True)},
    )
    def get(self, request, table):
        if table not in TABLES:
            raise Http404
        query = figures_query(request)
        period = query["period"]
        rows = exports_by(table, export_lines_visible_to(request.user, cooperative=query.get("cooperative")), period)
        if query.get("file"):
            return table_file(
                rows=rows,
                columns=export_columns(table),
                file_format=query["file"],
                filename=f"exports-{table}-{period.start}-{period.end}",
                title=TABLE_TITLES[table],
            )
        return Response(FigureRowSerializer(rows, many=True).data)
