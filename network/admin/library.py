"""The library's own documents in the back office (a meeting's documents are
edited with the meeting)."""

from django.contrib import admin

from network.models import LibraryDocument


@admin.register(LibraryDocument)
class LibraryDocumentAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "member", "language", "published_on", "audience"]
    list_filter = ["kind", "audience", "language"]
    search_fields = ["title", "description", "member__name"]
    autocomplete_fields = ["member", "action_plan"]
    date_hierarchy = "published_on"
    fields = [
        "kind",
        "title",
        "description",
        "url",
        "file",
        "language",
        "member",
        "action_plan",
        "published_on",
        "audience",
    ]
