package dev.cairn.migrate;

/** Hears how a migration advances; implementations print progress bars or log. All methods are optional. */
public interface MigrationProgress {
    MigrationProgress NONE = new MigrationProgress() {};

    /** A phase starts ("plan", "copy", "verify") with this many units of work (runs, or -1 when unknown). */
    default void phase(String name, long total) {}

    /** One unit of the current phase is done. */
    default void advanced(long done, long total, String what) {}

    /** A message worth a line of its own. */
    default void note(String message) {}
}
