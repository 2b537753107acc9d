from django.db import models
from django.utils.translation import gettext_lazy as _

from pewarta.desk.models import Story


class SearchEntry(models.Model):
    """One published story as the index sees it: analysed (stemmed, stopword-free) terms per
    field, plus the columns the filters and the recency boost need.

    Derived data, rebuilt by `pewarta search-reindex`. On SQLite an FTS5 table
    (`search_fts`) mirrors it through triggers; on PostgreSQL a generated, weighted
    `document tsvector` column with a GIN index lives on this table (see migration 0002).
    """

    story = models.OneToOneField(
        Story,
        primary_key=True,
        on_delete=models.CASCADE,
        db_constraint=False,
        related_name="search_entry",
    )
    headline_terms = models.TextField(blank=True)
    lead_terms = models.TextField(blank=True)
    body_terms = models.TextField(blank=True)
    section_id = models.IntegerField(null=True, blank=True)
    kind = models.CharField(max_length=20, blank=True)
    published_at = models.DateTimeField(db_index=True)
    indexed_at = models.DateTimeField(auto_now=True)
    # Ids of the most similar published stories, worked out when the story is indexed (at
    # publication and after each change), so a reader's page never runs the similarity
    # query. None until computed (a rebuilt index fills them on first read).
    related = models.JSONField(null=True, blank=True, default=None)

    class Meta:
        verbose_name = _("entri indeks pencarian")
        verbose_name_plural = _("entri indeks pencarian")

    def __str__(self):
        return f"search entry {self.story_id}"
