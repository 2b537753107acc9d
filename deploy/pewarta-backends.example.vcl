# Copy to /etc/pewarta/pewarta-backends.vcl and edit: the per-installation part of deploy/varnish.vcl.
# One backend per web node (each with the health probe), the director over them, who may
# purge, and where /media/ comes from. `pewarta cluster` writes its own under var/cluster/.

import directors;

probe pewarta_health {
    .url = "/health";
    .timeout = 2s;
    .interval = 1s;
    .window = 4;
    .threshold = 2;
    .initial = 2;
}

backend web1 {
    .host = "10.0.0.31";
    .port = "8001";
    .connect_timeout = 1s;
    .first_byte_timeout = 30s;
    .probe = pewarta_health;
}

backend web2 {
    .host = "10.0.0.32";
    .port = "8001";
    .connect_timeout = 1s;
    .first_byte_timeout = 30s;
    .probe = pewarta_health;
}

# The public bucket's S3 endpoint (anonymous read on that bucket only).
backend media {
    .host = "10.0.0.40";
    .port = "8333";
}

# Web and task nodes send the purges.
acl purgers {
    "127.0.0.1";
    "10.0.0.0"/24;
}

sub vcl_init {
    new web = directors.round_robin();
    web.add_backend(web1);
    web.add_backend(web2);
}

sub pewarta_media {
    set req.backend_hint = media;
    set req.url = regsub(req.url, "^/media/", "/pewarta-media/");
    unset req.http.Accept-Language;
}
