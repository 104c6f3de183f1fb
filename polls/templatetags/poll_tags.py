"""``{% poll_embed poll %}``: the poll block used in articles, on film pages and on the poll page.

Article and film pages are cached whole for every anonymous reader, so in the cached path the
block depends only on the poll (the form, or the results once the poll has closed) and never
reads a cookie or a token. It reads the voter cookie only when the URL carries
``?voted=<this poll's slug>``, the marker the vote endpoint redirects to; such requests always
bypass the page cache (filmsite/cache.py). With JavaScript, ``poll.js`` asks ``results.json``.
"""

from django import template
from django.utils import timezone

from polls.voting import has_voted, poll_results, results_hidden_reason, voter_key_from_request

register = template.Library()

SCRIPT_INCLUDED = "polls_script_included"


@register.inclusion_tag("polls/_poll.html", takes_context=True)
def poll_embed(context, poll, voted=None, standalone=False):
    """Render ``poll`` for this request. Views that read the voter cookie pass ``voted``."""
    if poll is None or not poll.is_published():
        return {"poll": None}
    request = context.get("request")
    now = timezone.now()
    if voted is None:
        voted = bool(
            request is not None
            and request.GET.get("voted") == poll.slug
            and has_voted(poll, voter_key_from_request(request))
        )
    is_open = poll.is_open(now)
    visible = poll.results_visible(voted=voted, now=now)
    # Live counts are drawn on the server only where the page is not shared from the cache (the
    # poll page, the ?voted= page) or where they cannot change any more (a closed poll).
    draw_results = visible and (standalone or voted or not is_open)
    results = poll_results(poll, voted=voted, now=now) if draw_results else None
    rows = results.choices if results else [{"id": c.pk, "label": c.label} for c in poll.choices.all()]
    hidden_reason = "" if visible else results_hidden_reason(poll)
    # The script tag goes with the first poll of the page only. The bottom layer of
    # render_context lives for one whole page render, includes and all (Django's {% include %}
    # keeps its template cache there too).
    page_state = context.render_context.dicts[0]
    include_script = not page_state.get(SCRIPT_INCLUDED)
    page_state[SCRIPT_INCLUDED] = True
    return {
        "poll": poll,
        "standalone": standalone,
        "voted": voted,
        "is_open": is_open,
        "not_open_yet": not poll.has_opened(now),
        "show_form": is_open and not voted,
        "results_visible": visible,
        "results": results,
        "rows": rows,
        "next": request.path if request is not None else poll.get_absolute_url(),
        "status_message": f"Thanks for voting. {hidden_reason}".strip() if voted else "",
        "hidden_reason": hidden_reason,
        "include_script": include_script,
    }
