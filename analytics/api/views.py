"""Export figures over the API, for staff (operators all, the admins of a
cooperative their own):

    GET manage/analytics/exports/           the period's summary and every table
    GET manage/analytics/exports/<table>/   one table (month, category, country,
                                            cooperative, artisan, region, women_led)

    GET manage/analytics/eligibility/       Trade Pact eligibility (analytics.eligibility)

Query: from, to (YYYY-MM-DD, both included; default the last twelve months),
cooperative (an id among those the reader may read), and on a table
file=csv or file=xlsx for the table as a file. The eligibility report takes
on (YYYY-MM-DD, default today) and file."""

import datetime

from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import permissions, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from analytics.eligibility import trade_pact_eligibility
from analytics.exports import ELIGIBILITY_COLUMNS, FORMATS, eligibility_file_rows, export_columns, table_file
from analytics.permissions import analytics_reader, cooperatives_readable_by
from analytics.selectors import TABLE_TITLES, TABLES, Period, exports_dashboard_visible_to, exports_table_visible_to
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
        summary, tables = exports_dashboard_visible_to(request.user, period, cooperative=cooperative)
        figures = {"cooperative": cooperative.pk if cooperative else None, "summary": summary, "tables": tables}
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
        rows = exports_table_visible_to(request.user, table, period, cooperative=query.get("cooperative"))
        if query.get("file"):
            return table_file(
                rows=rows,
                columns=export_columns(table),
                file_format=query["file"],
                filename=f"exports-{table}-{period.start}-{period.end}",
                title=TABLE_TITLES[table],
            )
        return Response(FigureRowSerializer(rows, many=True).data)


class EligibilityQuerySerializer(serializers.Serializer):
    on = serializers.DateField(required=False)
    file = serializers.ChoiceField(choices=FORMATS, required=False)


class EligibilityRowSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=["cooperative", "artisan"])
    id = serializers.IntegerField()
    name = serializers.CharField()
    region = serializers.CharField()
    trailing_12_months_mad = serializers.DecimalField(max_digits=16, decimal_places=2)
    calendar_year_mad = serializers.DecimalField(max_digits=16, decimal_places=2)
    declared_off_platform_mad = serializers.DecimalField(max_digits=16, decimal_places=2)
    turnover_mad = serializers.DecimalField(max_digits=16, decimal_places=2)
    threshold_mad = serializers.DecimalField(max_digits=16, decimal_places=2, allow_null=True)
    share_of_threshold = serializers.DecimalField(max_digits=12, decimal_places=4, allow_null=True)
    verdict = serializers.CharField(allow_null=True)


class EligibilitySerializer(serializers.Serializer):
    on = serializers.DateField()
    threshold_mad = serializers.DecimalField(max_digits=16, decimal_places=2, allow_null=True)
    threshold_valid_from = serializers.DateField(allow_null=True)
    trailing_start = serializers.DateField()
    trailing_end = serializers.DateField()
    calendar_year = serializers.IntegerField()
    rows = EligibilityRowSerializer(many=True)


class EligibilityView(APIView):
    """Trade Pact eligibility: operators every cooperative and independent
    artisan, cooperative admins their cooperatives."""

    permission_classes = [permissions.IsAuthenticated, IsAnalyticsReader]

    @extend_schema(
        parameters=[
            OpenApiParameter("on", datetime.date, description="The day of the report (default today)."),
            OpenApiParameter("file", str, enum=FORMATS),
        ],
        responses={200: EligibilitySerializer},
    )
    def get(self, request):
        query = EligibilityQuerySerializer(data=request.query_params.dict())
        query.is_valid(raise_exception=True)
        report = trade_pact_eligibility(request.user, on=query.validated_data.get("on"))
        if query.validated_data.get("file"):
            return table_file(
                rows=eligibility_file_rows(report),
                columns=ELIGIBILITY_COLUMNS,
                file_format=query.validated_data["file"],
                filename=f"trade-pact-eligibility-{report['on']}",
                title=_("Trade Pact eligibility"),
            )
        return Response(EligibilitySerializer(report).data)
