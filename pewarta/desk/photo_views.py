"""Desk pages for a story's photos: upload or replace one, and the media library of every
stored photo (searchable; each keeps its credit) to pick from. Behind the one staff gate;
files go through the one media pipeline (`pewarta.integrity.media`), changes through the
desk services."""

from django.contrib import messages
from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from pewarta.accounts.roles import EDITOR
from pewarta.accounts.staff import staff_required
from pewarta.common.errors import PewartaError, StorageUnavailable
from pewarta.desk import services
from pewarta.desk.models import Story
from pewarta.integrity.media import photo_store
from pewarta.integrity.models import PhotoPrint

PAGE_SIZE = 24


def _version(request) -> int | None:
    value = request.POST.get("version", "")
    return int(value) if value.isdigit() else None


def _back(story: Story):
    return redirect(reverse("desk:review", args=[story.pk]) + "?tab=sunting#foto-naskah")


@staff_required(EDITOR)
@require_POST
def photo_upload_view(request, pk):
    """A new photo from the editor's computer: added to the story, or in place of one."""
    story = get_object_or_404(Story, pk=pk)
    upload = request.FILES.get("photo")
    caption = request.POST.get("caption", "").strip()
    credit = request.POST.get("credit", "").strip()
    replace = request.POST.get("replace", "")
    try:
        if upload is None:
            raise PewartaError(_("Pilih berkas foto lebih dahulu."))
        if not credit and not replace.isdigit():
            raise PewartaError(_("Tulis sumber (kredit) foto."))
        name, width, height = photo_store(upload, folder="naskah")
        photo = {"src": default_storage.url(name), "caption": caption, "credit": credit,
                 "width": width, "height": height}  # fmt: skip
        if replace.isdigit():
            services.story_photo_replace(
                story=story, actor=request.user, expected_version=_version(request),
                index=int(replace), photo=photo,
            )  # fmt: skip
            messages.success(request, _("Foto sudah diganti."))
        else:
            services.story_photos_add(
                story=story, actor=request.user, photos=[photo],
                expected_version=_version(request),
            )  # fmt: skip
            messages.success(request, _("Foto sudah ditambahkan."))
    except StorageUnavailable as error:
        messages.error(request, str(error.message))
    except PewartaError as error:
        messages.error(request, str(error.message))
    return _back(story)


@staff_required(EDITOR)
@require_POST
def photo_pick_view(request, pk):
    """A photo from the library: added with the caption and credit it was stored with."""
    story = get_object_or_404(Story, pk=pk)
    stored = PhotoPrint.objects.filter(pk=request.POST.get("photo", "0") or 0).first()
    try:
        if stored is None:
            raise PewartaError(_("Foto itu tidak ada di pustaka."))
        photo = {"src": stored.src, "caption": stored.caption, "credit": stored.credit,
                 "width": stored.width, "height": stored.height}  # fmt: skip
        services.story_photos_add(
            story=story, actor=request.user, photos=[photo], expected_version=_version(request)
        )
        messages.success(
            request, _("Foto dari pustaka ditambahkan (kredit: %(credit)s).")
            % {"credit": stored.credit or "-"},
        )  # fmt: skip
    except PewartaError as error:
        messages.error(request, str(error.message))
    return _back(story)


@staff_required(EDITOR)
@require_GET
def library_view(request):
    """Every stored photo, newest first; search by caption, credit or the story's headline."""
    query = request.GET.get("q", "").strip()[:200]
    photos = PhotoPrint.objects.order_by("-created_at", "-pk")
    if query:
        photos = photos.filter(
            Q(caption__icontains=query)
            | Q(credit__icontains=query)
            | Q(story__draft_revision__headline__icontains=query)
            | Q(story__tracking_code__iexact=query)
        )
    page = Paginator(photos, PAGE_SIZE).get_page(request.GET.get("hal"))
    stories = {
        s.pk: s
        for s in Story.objects.filter(pk__in=[p.story_id for p in page if p.story_id])
        .select_related("draft_revision")
        .only("pk", "tracking_code", "draft_revision__headline")
    }
    target = request.GET.get("naskah", "")
    story = Story.objects.filter(pk=target).first() if target.isdigit() else None
    return render(
        request,
        "desk/photo_library.html",
        {
            "page": page,
            "query": query,
            "story": story,
            "sources": stories,
            "rows": [(p, stories.get(p.story_id)) for p in page],
        },
    )
