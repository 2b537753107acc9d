vcl 4.1;
# Pewarta's edge cache: Varnish 7 with the xkey vmod (Debian: varnish, varnish-modules).
#
# It keeps exactly what the application marks as shareable (a response carrying `xkey`, the
# tags of what the page shows) for the time in `Surrogate-Control`, and drops it when the
# application purges one of its tags (PURGE with an `xkey-purge` header, from `purgers` only).
# Requests that are personal bypass it exactly as they bypass the one-machine file cache
# (pewarta/public/pagecache.py): a session, language or messages cookie, a browser whose first
# supported language is not Indonesian, any method but GET/HEAD.
#
# Per installation, `pewarta-backends.vcl` (found on vcl_path) defines: the web nodes with
# their health probes and a director `web`, the `purgers` ACL, and `sub pewarta_media`, which
# routes /media/ to the public bucket. `pewarta cluster` writes one under var/cluster/;
# docs/deploy.md shows one for production.

import std;
import xkey;
import accept;

include "pewarta-backends.vcl";

sub vcl_init {
    new languages = accept.rule("id");
    languages.add("id");
    languages.add("en");
}

sub vcl_recv {
    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(403, "Forbidden"));
        }
        if (!req.http.xkey-purge) {
            return (synth(400, "xkey-purge header missing"));
        }
        set req.http.X-Purged = xkey.purge(req.http.xkey-purge);
        return (synth(200, "Purged"));
    }
    if (req.method == "BAN") {
        # Everything at once (after a deploy that changes templates): purgers only.
        if (client.ip !~ purgers) {
            return (synth(403, "Forbidden"));
        }
        std.ban("obj.status != 0");
        return (synth(200, "Banned"));
    }
    if (req.method != "GET" && req.method != "HEAD") {
        set req.backend_hint = web.backend();
        return (pass);
    }
    # Escapes may spell one page many ways, or reach past /media/: such requests skip the cache.
    if (req.url ~ "%") {
        set req.backend_hint = web.backend();
        return (pass);
    }
    if (req.url ~ "^/media/") {
        unset req.http.Cookie;
        unset req.http.Authorization;
        set req.http.X-Pewarta-Media = req.url;
        call pewarta_media;
        return (hash);
    }
    set req.backend_hint = web.backend();
    if (req.url ~ "^/static/") {
        unset req.http.Cookie;
        return (hash);
    }
    if (req.http.Authorization || req.url ~ "^/(desk|akun|admin|api|lacak)(/|$)") {
        return (pass);
    }
    # Same test as pagecache.bypass_cookies(): any of these names anywhere in the header.
    if (req.http.Cookie ~ "sessionid=|django_language=|messages=") {
        return (pass);
    }
    # A stored query key given twice is never cached (the application refuses it): no
    # hit-for-miss marker may then stand in the way of the page's one real copy.
    if (req.url ~ "[?&]page=.*[?&]page=" || req.url ~ "[?&]p=.*[?&]p="
            || req.url ~ "[?&](sebelum|setelah)=.*[?&](sebelum|setelah)=") {
        return (pass);
    }
    if (req.http.Accept-Language) {
        # Region subtags off (en-US -> en), then the best of id/en by q-value; none -> id.
        set req.http.X-Pewarta-Language = languages.filter(
            regsuball(req.http.Accept-Language, "-[A-Za-z0-9]+", ""));
        if (req.http.X-Pewarta-Language != "id") {
            return (pass);
        }
    }
    # What Django would see of an anonymous Indonesian reader: one variant per page.
    set req.http.Accept-Language = "id";
    unset req.http.Cookie;
    return (hash);
}

sub vcl_hash {
    # Only the path and the query keys a page may depend on (pagecache.STORED_QUERY_KEYS);
    # the application stores nothing else, so utm_* and friends share the page's one copy.
    hash_data(regsub(req.url, "\?.*$", ""));
    if (req.url ~ "[?&]p=") {
        hash_data(regsub(req.url, "^.*[?&](p=[^&]*).*$", "\1"));
    }
    if (req.url ~ "[?&]page=") {
        hash_data(regsub(req.url, "^.*[?&](page=[^&]*).*$", "\1"));
    }
    if (req.url ~ "[?&]sebelum=") {
        hash_data(regsub(req.url, "^.*[?&](sebelum=[^&]*).*$", "\1"));
    }
    if (req.url ~ "[?&]setelah=") {
        hash_data(regsub(req.url, "^.*[?&](setelah=[^&]*).*$", "\1"));
    }
    if (req.http.host) {
        hash_data(req.http.host);
    } else {
        hash_data(server.ip);
    }
    return (lookup);
}

sub vcl_backend_fetch {
    # A node that died between two probes refuses the connection: try the next one.
    if (bereq.retries > 0) {
        set bereq.http.X-Pewarta-Retry = bereq.retries;
    }
}

sub vcl_backend_error {
    if (bereq.retries < 2 && (bereq.method == "GET" || bereq.method == "HEAD")) {
        return (retry);
    }
}

sub vcl_backend_response {
    set beresp.http.X-Served-By = beresp.backend.name;
    if (bereq.http.X-Pewarta-Media) {
        unset beresp.http.Set-Cookie;
        unset beresp.http.Vary;
        unset beresp.http.Seaweed-X-Amz-Owner;
        unset beresp.http.Seaweed-X-Amz-ETag;
        unset beresp.http.X-Amz-Request-Id;
        unset beresp.http.Server;
        if (beresp.status == 200) {
            if (bereq.http.X-Pewarta-Media ~ "^/media/renditions/") {
                set beresp.ttl = 30d;
            } else {
                set beresp.ttl = 1d;
            }
        } else {
            set beresp.ttl = 10s;
        }
        return (deliver);
    }
    if (bereq.url ~ "^/static/") {
        return (deliver);
    }
    if (beresp.status >= 500 && bereq.retries < 2
            && (bereq.method == "GET" || bereq.method == "HEAD")) {
        return (retry);
    }
    if (!beresp.http.xkey || beresp.http.Set-Cookie) {
        # Not shareable: remember that for a moment, so that identical requests are not queued
        # behind each other waiting for a page that will never be cached.
        set beresp.uncacheable = true;
        set beresp.ttl = 2s;
        return (deliver);
    }
    set beresp.ttl = std.duration(
        regsub(beresp.http.Surrogate-Control, "^.*max-age=([0-9]+).*$", "\1s"), 120s);
    set beresp.grace = 10s;
    unset beresp.http.Surrogate-Control;
    return (deliver);
}

sub vcl_deliver {
    # xkey is for this Varnish; Surrogate-Key and Cache-Tag go on for a CDN in front.
    unset resp.http.xkey;
    if (obj.hits > 0) {
        set resp.http.X-Cache = "hit";
    } else {
        set resp.http.X-Cache = "miss";
    }
}

sub vcl_synth {
    if (req.method == "PURGE" && resp.status == 200) {
        set resp.http.X-Purged = req.http.X-Purged;
        set resp.body = "purged " + req.http.X-Purged + {"
"};
        return (deliver);
    }
}
