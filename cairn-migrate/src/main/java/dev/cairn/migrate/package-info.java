/**
 * Moving tracking data: {@code cairn migrate} ({@link dev.cairn.migrate.Migration}: store to store, ids kept,
 * resumable, verified), {@code cairn relocate} ({@link dev.cairn.migrate.ArtifactLocationRelocation}: rewrite
 * recorded artifact locations), the {@link dev.cairn.artifacts.RelocatingArtifactResolver} (in cairn-artifacts) that finds the
 * artifacts of a moved directory store, and the {@code cairn doctor} check
 * {@link dev.cairn.migrate.ArtifactLocationDoctor}. The picocli commands live in {@code dev.cairn.migrate.cli}.
 */
package dev.cairn.migrate;
