"""``{{ path|absolute }}``: a URL on the site's configured address (SITE_URL), never the Host header."""

from django import template

from filmsite.siteurl import absolute_url

register = template.Library()


@register.filter
def absolute(location):
    return absolute_url(str(location))
