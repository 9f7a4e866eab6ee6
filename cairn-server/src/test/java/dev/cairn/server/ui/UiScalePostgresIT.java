package dev.cairn.server.ui;

/** The scale checks (10,000 runs, a 1,000,000-point metric) over PostgreSQL, with their timings. */
class UiScalePostgresIT extends UiScaleIT {
    @Override
    String store() {
        return "postgresql";
    }
}
