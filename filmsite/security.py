"""Security headers Django 5.2 does not send itself: Content-Security-Policy and Permissions-Policy.

Why a small middleware and not django-csp: the policy is one fixed string for every response.
Pages are cached whole and shared by every reader (filmsite/cache.py, front caches), so a
per-request nonce (django-csp's main feature) could not be used anyway, and the site has no
inline script to allow. ``SECURE_CSP`` has the shape of Django 6.0's setting of that name, so
moving to Django's own ``ContentSecurityPolicyMiddleware`` later is a settings change.

With DEBUG on the policy is sent as ``Content-Security-Policy-Report-Only``: violations show in
the browser console, and Django's debug pages (inline script and style) still work.
"""

from django.conf import settings


def policy_header(directives):
    return "; ".join(" ".join([name, *values]) for name, values in directives.items())


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.csp = policy_header(settings.SECURE_CSP)
        self.csp_header = (
            "Content-Security-Policy-Report-Only" if settings.DEBUG else "Content-Security-Policy"
        )
        self.permissions_policy = ", ".join(
            f"{feature}={allow}" for feature, allow in settings.PERMISSIONS_POLICY.items()
        )

    def __call__(self, request):
        response = self.get_response(request)
        # A view may send a stricter policy of its own (uploads: filmsite/media.py).
        if "Content-Security-Policy" not in response:
            response[self.csp_header] = self.csp
        response.setdefault("Permissions-Policy", self.permissions_policy)
        return response
