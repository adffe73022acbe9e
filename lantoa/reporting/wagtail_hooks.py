from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from lantoa.reporting import admin_views
from lantoa.reporting.services import LOG_ACCEPT, LOG_RETURN, LOG_SUBMIT

urlpatterns = [
    path("", admin_views.PeriodIndexView.as_view(), name="index"),
    path("request/", admin_views.AdHocRequestView.as_view(), name="ad_hoc"),
    path("<slug:code>/", admin_views.PeriodBoardView.as_view(), name="period"),
    path(
        "<slug:code>/consolidated/",
        admin_views.ConsolidatedReportView.as_view(),
        name="consolidated",
    ),
    path(
        "<slug:code>/consolidated/<str:file_format>/",
        admin_views.ConsolidatedExportView.as_view(),
        name="consolidated_export",
    ),
    path(
        "<slug:code>/units/<int:unit_id>/",
        admin_views.UnitReportView.as_view(),
        name="unit_report",
    ),
    path(
        "<slug:code>/units/<int:unit_id>/export/<str:file_format>/",
        admin_views.UnitReportExportView.as_view(),
        name="unit_report_export",
    ),
    path(
        "<slug:code>/units/<int:unit_id>/attachments/<int:attachment_id>/",
        admin_views.AttachmentDownloadView.as_view(),
        name="attachment",
    ),
]


@hooks.register("register_admin_urls")
def register_reporting_urls():
    return [path("reporting/", include((urlpatterns, "reporting"), namespace="reporting"))]


class ReportingMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("reporting.view_unitreport")


@hooks.register("register_admin_menu_item")
def register_reporting_menu_item():
    return ReportingMenuItem(
        admin_views.MENU_LABEL,
        reverse("reporting:index"),
        name="reporting",
        icon_name="doc-full",
        order=160,
    )


@hooks.register("register_log_actions")
def register_reporting_log_actions(actions):
    from django.utils.translation import gettext_lazy as _

    actions.register_action(LOG_SUBMIT, _("Submit report"), _("Report submitted"))
    actions.register_action(LOG_RETURN, _("Return report"), _("Report returned to the unit"))
    actions.register_action(LOG_ACCEPT, _("Accept report"), _("Report accepted"))
