"""Poll page, vote endpoint and live results. The rules themselves live in ``polls/voting.py``.

Cache-proof forgery protection
------------------------------
Article and film pages are cached whole and shared by every anonymous reader (filmsite/cache.py),
so the poll form in them cannot carry Django's per-user CSRF token. The vote endpoint is therefore
``csrf_exempt`` and does the origin half of Django's CSRF check itself, strictly:

* ``Origin`` present: it must be this site (scheme://host of the request) or one of
  ``CSRF_TRUSTED_ORIGINS``; "null" and anything else is refused.
* ``Origin`` absent (older browsers send it only cross-origin): ``Sec-Fetch-Site: same-origin``
  is accepted, otherwise the ``Referer`` must be this site or a trusted origin (and https when
  the request is https).
* Neither present: refused (403). Django itself falls back to the token here; we fail closed.

Every current browser sends ``Origin`` with a cross-site POST and a page cannot forge it, so a
forged vote from another site is always refused; this is the check Django's CsrfViewMiddleware
runs first, without the token half that a cached page cannot provide. The voter cookie is also
SameSite=Lax, so a cross-site POST would not even carry it. Non-browser clients can vote by
sending an Origin, as they could fetch a token; the ballot limits in voting.py handle those.
"""

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from django.conf import settings
from django.core.exceptions import BadRequest, RequestDataTooBig, TooManyFieldsSent
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.http.multipartparser import MultiPartParserError
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.http import is_same_domain, url_has_allowed_host_and_scheme
from django.views.decorators.csrf import csrf_exempt

from articles.models import Article

from . import sql
from .models import Poll
from .voting import (
    VOTER_COOKIE,
    VOTER_COOKIE_MAX_AGE,
    Outcome,
    client_address,
    client_hash_for,
    has_voted,
    new_voter_cookie,
    poll_results,
    record_vote,
    voter_cookie,
    voter_key_for,
    voter_key_from_request,
)

NO_STORE = "private, no-cache, no-store, must-revalidate"

STATUS = {
    Outcome.ACCEPTED: 201,
    Outcome.ALREADY_VOTED: 409,
    Outcome.RATE_LIMITED: 429,
    Outcome.NOT_OPEN_YET: 403,
    Outcome.CLOSED: 410,
    Outcome.BAD_CHOICE: 400,
    Outcome.NOT_FOUND: 404,
}


def _published_poll(slug):
    return Poll.objects.published().with_choices().filter(slug=slug).first()


def _wants_json(request):
    accept = request.headers.get("Accept", "")
    return any(part.split(";")[0].strip().lower() == "application/json" for part in accept.split(","))


def _origin_allowed(origin, request):
    """True when ``origin`` (scheme://host[:port]) is this site or a CSRF_TRUSTED_ORIGINS entry."""
    if origin == f"{request.scheme}://{request.get_host()}":
        return True
    if origin in settings.CSRF_TRUSTED_ORIGINS:
        return True
    parsed = urlsplit(origin)
    for trusted in settings.CSRF_TRUSTED_ORIGINS:
        if "*" in trusted:  # Django's wildcard form, e.g. https://*.example.com
            pattern = urlsplit(trusted)
            if parsed.scheme == pattern.scheme and is_same_domain(parsed.netloc, pattern.netloc.lstrip("*")):
                return True
    return False


def forgery_check(request):
    """'' when the request provably comes from our own pages, else the reason for refusing it."""
    origin = request.META.get("HTTP_ORIGIN")
    if origin is not None:
        return "" if _origin_allowed(origin, request) else "This vote came from another site."
    fetch_site = request.META.get("HTTP_SEC_FETCH_SITE")
    if fetch_site == "same-origin":
        return ""
    if fetch_site in ("cross-site", "same-site"):
        return "This vote came from another site."
    referer = request.META.get("HTTP_REFERER")
    if referer:
        parsed = urlsplit(referer)
        if request.is_secure() and parsed.scheme != "https":
            return "This vote came from an insecure page."
        if parsed.scheme in ("http", "https") and _origin_allowed(
            f"{parsed.scheme}://{parsed.netloc}", request
        ):
            return ""
        return "This vote came from another site."
    return "Votes must be sent from this site's own pages (the browser sent no Origin or Referer)."


def _no_store(response):
    response["Cache-Control"] = NO_STORE
    patch_vary_headers(response, ["Cookie"])
    return response


def _safe_next(request, poll):
    """Where a plain form post returns: the page the vote came from, if it is ours."""
    candidate = request.POST.get("next", "")
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        parts = urlsplit(candidate)
        if not parts.netloc and parts.path.startswith("/"):  # keep it an absolute local path
            return urlunsplit(("", "", parts.path or "/", parts.query, ""))
    return poll.get_absolute_url()


def _with_voted_marker(url, poll):
    """``url`` plus ``?voted=<slug>#poll-<slug>``.

    The query marker makes the page cache step aside (filmsite/cache.py caches only requests
    without query parameters other than ``page``), so the page is rendered for this reader and
    the embed can show the results; the fragment brings the reader back to the poll.
    """
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != "voted"]
    query.append(("voted", poll.slug))
    return urlunsplit(("", "", parts.path, urlencode(query), poll.anchor))


def _refuse(request, status, code, message, *, poll=None, results=None, back=None, headers=None):
    if _wants_json(request):
        response = JsonResponse(
            {"ok": False, "error": code, "message": message, "results": results}, status=status
        )
    else:
        response = render(
            request,
            "polls/vote_error.html",
            {"poll": poll, "message": message, "back": back, "status": status},
            status=status,
        )
    for name, value in (headers or {}).items():
        response[name] = value
    return _no_store(response)


@csrf_exempt  # protected by forgery_check() instead of a token; see the module docstring
def vote(request, slug):
    """``POST /polls/<slug>/vote/`` with ``choice=<id>``: 303 back to the page, or JSON.

    Cheap refusals come first and none of them reads the body before the size check.
    """
    if request.method != "POST":
        return _refuse(
            request, 405, "method_not_allowed", "Votes must be sent with POST.", headers={"Allow": "POST"}
        )
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return _refuse(request, 400, "bad_request", "The request has an invalid Content-Length.")
    if length > settings.POLL_MAX_BODY_BYTES:
        return _refuse(request, 413, "too_large", "The vote request is too large.")
    # Without its choices (record_vote checks the choice itself): the cheapest read of the poll.
    poll = sql.published_poll(slug)
    if poll is None:
        return _refuse(request, 404, "not_found", "There is no such poll.")
    wants_json = _wants_json(request)
    reason = forgery_check(request)
    if reason:
        return _refuse(request, 403, "forbidden", reason, poll=poll, back=poll.get_absolute_url())

    try:
        values = request.POST.getlist("choice")
        # Where a plain form post returns to; a JSON reply (poll.js) never needs it.
        back = "" if wants_json else _safe_next(request, poll)
    except (MultiPartParserError, RequestDataTooBig, TooManyFieldsSent, BadRequest):
        return _refuse(request, 400, "bad_request", "The vote could not be read.", poll=poll)
    back_to_poll = f"{back}#{poll.anchor}"
    if not values or not values[0].strip():
        return _refuse(
            request, 400, "missing_choice", "Choose an answer before voting.", poll=poll, back=back_to_poll
        )
    if len(values) > 1:
        return _refuse(request, 400, "bad_choice", "Choose only one answer.", poll=poll, back=back_to_poll)
    raw = values[0].strip()
    if not (raw.isascii() and raw.isdigit() and len(raw) <= 18):
        return _refuse(request, 400, "bad_choice", "That answer is not valid.", poll=poll, back=back_to_poll)

    cookie = voter_cookie(request)
    new_cookie = "" if cookie else new_voter_cookie()
    voter_key = voter_key_for(cookie or new_cookie)
    result = record_vote(
        poll=poll,
        choice=int(raw),
        voter_key=voter_key,
        client_hash=client_hash_for(poll, client_address(request)),
    )
    status = STATUS[result.outcome]
    voted = result.outcome in (Outcome.ACCEPTED, Outcome.ALREADY_VOTED)
    results = poll_results(poll, voted=voted).as_json() if voted else None

    if result.accepted:
        if wants_json:
            response = JsonResponse(
                {"ok": True, "message": result.message, "results": results}, status=status
            )
        else:
            response = HttpResponseRedirect(_with_voted_marker(back, poll), status=303)
        _no_store(response)
    else:
        headers = {"Retry-After": str(result.retry_after)} if result.retry_after else None
        response = _refuse(
            request,
            status,
            result.outcome.value,
            result.message,
            poll=poll,
            results=results,
            back=_with_voted_marker(back, poll) if voted else back_to_poll,
            headers=headers,
        )
    # The year-long identifier is handed out only when it now stands for a vote (or a try the
    # limit refused, so that retrying keeps the same identity), never with other refusals.
    if new_cookie and result.outcome in (Outcome.ACCEPTED, Outcome.RATE_LIMITED):
        response.set_cookie(
            VOTER_COOKIE,
            new_cookie,
            max_age=VOTER_COOKIE_MAX_AGE,
            httponly=True,
            samesite="Lax",
            secure=request.is_secure(),
        )
    return response


def results_json(request, slug):
    """``GET /polls/<slug>/results.json``: live counts for this reader; never cached publicly."""
    if request.method not in ("GET", "HEAD"):
        return _refuse(
            request, 405, "method_not_allowed", "Results are read with GET.", headers={"Allow": "GET, HEAD"}
        )
    # Every page view with a poll asks this once (poll.js), so it takes the vote path's lean
    # queries: the poll, whether this browser voted (only with a voter cookie), the tallies.
    poll = sql.published_poll(slug)
    if poll is None:
        return _no_store(
            JsonResponse({"ok": False, "error": "not_found", "message": "There is no such poll."}, status=404)
        )
    voted = has_voted(poll, voter_key_from_request(request))
    return _no_store(JsonResponse(poll_results(poll, voted=voted).as_json()))


def poll_detail(request, slug):
    """The poll on its own page: form or results for this reader (reads the voter cookie)."""
    poll = _published_poll(slug)
    if poll is None:
        raise Http404("No such poll.")
    context = {
        "poll": poll,
        "voted": has_voted(poll, voter_key_from_request(request)),
        "articles": Article.objects.published().filter(sections__poll=poll).distinct().for_listing(),
        "results_url": reverse("polls:results_json", kwargs={"slug": poll.slug}),
    }
    return _no_store(render(request, "polls/poll_detail.html", context))
