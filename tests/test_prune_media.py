"""`manage.py prune_media`: unreferenced uploads are deleted, everything referred to (by a row or
by a revision's snapshot) and everything recent is kept, and --dry-run deletes nothing."""

import io
import os
import time

import pytest
from django.core.management import call_command

from articles.models import ArticleRevision
from tests.admin_helpers import change_url, form_data
from tests.factories import make_article, make_draft, make_film, make_section, png_upload

pytestmark = pytest.mark.django_db

TWO_HOURS = 2 * 60 * 60


def age(media_root, seconds=TWO_HOURS):
    """Make every file under ``media_root`` look ``seconds`` old."""
    past = time.time() - seconds
    for folder, _, files in os.walk(media_root):
        for name in files:
            os.utime(os.path.join(folder, name), (past, past))


def prune(*args):
    out = io.StringIO()
    call_command("prune_media", *args, stdout=out)
    return out.getvalue()


def files(media_root):
    return sorted(
        os.path.relpath(os.path.join(folder, name), media_root)
        for folder, _, names in os.walk(media_root)
        for name in names
    )


@pytest.fixture
def media(settings):
    """Live images, a revision's images, and orphans: a replaced hero and a deleted draft's images."""
    root = settings.MEDIA_ROOT
    film = make_film(poster=png_upload("poster.png"), poster_alt="Poster")
    article = make_article(film=film, hero_image=png_upload("hero.png"), hero_image_alt="Hero")
    section = make_section(article, image=png_upload("still.png"), image_alt="Still")
    old_hero, old_card = article.hero_image.name, article.hero_card.name
    # A revision from before the editor replaced the hero and the section image.
    revision_hero = make_article(hero_image=png_upload("kept-by-revision.png"), hero_image_alt="x")
    revision_section = make_section(revision_hero, image=png_upload("revision-still.png"), image_alt="x")
    ArticleRevision.objects.create(
        article=article,
        snapshot={
            "title": "Earlier",
            "hero_image": revision_hero.hero_image.name,
            "sections": [
                {"heading": "A", "image": revision_section.image.name},
                {"heading": "B", "image": ""},
            ],
        },
    )
    revision_card = revision_hero.hero_card.name  # no revision refers to cards: made again on restore
    names = {
        "revision hero": revision_hero.hero_image.name,
        "revision still": revision_section.image.name,
    }
    revision_hero.delete()  # rows gone: only the snapshot refers to the files now
    ArticleRevision.objects.create(article=article, snapshot={"title": "An old revision, no images"})
    article.hero_image = png_upload("new-hero.png")
    article.save()
    draft = make_draft(hero_image=png_upload("draft.png"), hero_image_alt="Draft")
    draft_hero, draft_card = draft.hero_image.name, draft.hero_card.name
    draft.delete()
    (root / "notes.txt").write_text("not in an upload folder")
    age(root)
    article.refresh_from_db()
    names.update(
        {
            "poster": film.poster.name,
            "hero": article.hero_image.name,
            "card": article.hero_card.name,
            "still": section.image.name,
        }
    )
    return {
        "root": root,
        "live": names,
        "orphans": sorted([old_hero, old_card, draft_hero, draft_card, revision_card]),
    }


def test_dry_run_lists_orphans_and_deletes_nothing(media):
    before = files(media["root"])
    output = prune("--dry-run")
    assert files(media["root"]) == before
    for name in media["orphans"]:
        assert f"would delete {name}\n" in output
    assert output.endswith("5 unreferenced files would be deleted (1.8\xa0KB), 0 kept as recent.\n"), output


def test_orphans_are_deleted_and_everything_referred_to_is_kept(media):
    output = prune()
    remaining = files(media["root"])
    for name in media["orphans"]:
        assert name not in remaining
        assert f"deleted {name}\n" in output
    for what, name in media["live"].items():
        assert name in remaining, what
    assert "notes.txt" in remaining  # outside the upload folders: not ours to judge
    assert prune().startswith("0 unreferenced files deleted")  # nothing left to do


def test_a_file_uploaded_in_the_last_hour_is_never_deleted(media, settings):
    in_progress = settings.MEDIA_ROOT / "articles" / "uploading-now.png"
    in_progress.write_bytes(png_upload().read())  # stored, its row not committed yet
    output = prune()
    assert in_progress.exists()
    assert "kept articles/uploading-now.png (younger than 3600 s)" in output
    age(settings.MEDIA_ROOT)
    prune()
    assert not in_progress.exists()


def test_image_replaced_in_the_admin_is_gone_from_its_old_url(editor_client, settings):
    settings.SERVE_MEDIA = True
    film = make_film(poster=png_upload("first.png"), poster_alt="First")
    old_url = film.poster.url
    data = form_data(editor_client.get(change_url(film)))
    data["poster"] = png_upload("second.png")
    assert editor_client.post(change_url(film), data).status_code == 302
    assert editor_client.get(old_url).status_code == 200  # still public after the replacement

    age(settings.MEDIA_ROOT)
    prune()

    film.refresh_from_db()
    assert editor_client.get(old_url).status_code == 404
    assert editor_client.get(film.poster.url).status_code == 200
