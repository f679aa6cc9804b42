from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from .models import Notice
from .services import notices_retry


@admin.register(Notice)
class NoticeAdmin(admin.ModelAdmin):
    list_display = ["created_at", "recipient", "channel", "kind", "state", "attempts", "sent_at"]
    list_filter = ["state", "channel", "kind"]
    search_fields = ["recipient__username", "key"]
    readonly_fields = [f.name for f in Notice._meta.fields]
    actions = ["retry"]

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Send the failed notices again"))
    def retry(self, request, queryset):
        count = notices_retry(notice_ids=queryset.values_list("pk", flat=True))
        self.message_user(request, _("%(n)d notices queued again.") % {"n": count}, messages.SUCCESS)
