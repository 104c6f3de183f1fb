# The app servers behind Varnish: one backend per gunicorn node, each probed on /health/
# (200 while its database answers, 503 otherwise: see filmsite/views.py). Edit the addresses;
# add a node by copying a backend and adding it to the director "app" below.
backend node1 {
    .host = "127.0.0.1";
    .port = "8000";
    .probe = {
        .url = "/health/";
        .interval = 2s;
        .timeout = 1s;
        .window = 3;
        .threshold = 2;
        .initial = 2;  # healthy from the start: no 503s while the first probes run
    }
}

sub vcl_init {
    new app = directors.round_robin();
    app.add_backend(node1);
}
