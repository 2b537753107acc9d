from django.conf import settings


def site(request):
    return {
        "SITE_NAME": settings.PEWARTA_SITE_NAME,
        "NEWSROOM_EMAIL": settings.PEWARTA_NEWSROOM_EMAIL,
        "SITE_URL": settings.PEWARTA_SITE_URL,
    }
