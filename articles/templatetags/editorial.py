"""``{% awaiting_review %}``: the editors' review queue at the top of the admin index."""

from django import template

from articles import workflow
from articles.models import Article

register = template.Library()

SHOWN = 10


@register.inclusion_tag("admin/articles/_awaiting_review.html", takes_context=True)
def awaiting_review(context):
    user = context["request"].user
    if not (user.is_authenticated and workflow.can_publish(user)):
        return {"shown": False}
    queue = Article.objects.in_review().select_related("author").order_by("updated_at")
    return {"shown": True, "articles": list(queue[:SHOWN]), "count": queue.count()}
