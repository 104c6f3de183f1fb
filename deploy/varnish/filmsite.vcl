# Varnish in front of filmsite (Debian's varnish 7 and varnish-modules for xkey).
#
# Public pages name their dependency keys in a Surrogate-Key header (filmsite/dependencies.py);
# each cached object is indexed by them (xkey) and the app purges by key after every change:
#   PURGE / with "xkey-purge: article-12 articles ..." (FRONT_CACHE_PURGE_URLS, from the purgers
#   below). Objects live for the page's s-maxage (FRONT_CACHE_SECONDS) and are served stale for
#   stale-while-revalidate while a fresh copy is fetched; lifetimes never run past the next
#   scheduled publication, so scheduled content goes live on time without a purge.
# Editors (a Django session cookie) and the admin always reach the app. Readers' cookies are
# dropped for public pages, which never read them; the poll pages and endpoints that do are passed.
vcl 4.1;

import directors;
import xkey;

include "backends.vcl";

acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    set req.backend_hint = app.backend();
    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(403, "Forbidden"));
        }
        if (!req.http.xkey-purge) {
            return (synth(400, "Name the keys to purge in xkey-purge"));
        }
        set req.http.n-gone = xkey.purge(req.http.xkey-purge);
        return (synth(200, "Purged " + req.http.n-gone + " objects"));
    }
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    if (req.url ~ "^/admin/" || req.http.Cookie ~ "(^|;\s*)sessionid=") {
        return (pass);
    }
    if (req.url ~ "^/polls/" || req.url ~ "[?&]voted=") {
        return (pass);  # they read the voter cookie (and are never stored anyway)
    }
    unset req.http.Cookie;
    return (hash);
}

sub vcl_backend_response {
    if (beresp.http.Surrogate-Key) {
        set beresp.http.xkey = beresp.http.Surrogate-Key;
    } elsif (bereq.url !~ "^/(static|media)/") {
        # Anything else the app did not mark as a public page (search, errors, robots.txt...)
        # is fetched for each request: nothing would purge it.
        set beresp.uncacheable = true;
        set beresp.ttl = 60s;
        return (deliver);
    }
}

sub vcl_backend_error {
    # A node that stopped since its last probe: a read is tried again on the next node (the
    # director skips nodes marked sick) instead of failing. Votes and saves are not repeated.
    if ((bereq.method == "GET" || bereq.method == "HEAD") && bereq.retries < 2) {
        return (retry);
    }
}

sub vcl_deliver {
    if (obj.hits > 0) {
        set resp.http.X-Cache = "hit";
    } else {
        set resp.http.X-Cache = "miss";
    }
    unset resp.http.xkey;
    unset resp.http.Via;
    unset resp.http.X-Varnish;
}
