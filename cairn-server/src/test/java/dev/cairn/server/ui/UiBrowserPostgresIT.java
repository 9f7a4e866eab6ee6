package dev.cairn.server.ui;

/** The browser suite over PostgreSQL (a scratch database on the local server, dropped afterwards). */
class UiBrowserPostgresIT extends UiBrowserIT {
    @Override
    String store() {
        return "postgresql";
    }
}
