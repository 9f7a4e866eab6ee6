package dev.cairn.core.store;

import static java.util.Objects.requireNonNull;

import dev.cairn.core.model.RunInfo;

/**
 * A run in the deleted lifecycle stage, as {@link TrackingStore#deletedRuns} lists it for {@code cairn gc}.
 *
 * @param info the run's metadata (its artifact URI says what gc must remove besides the metadata)
 * @param deletedTime when it was deleted, epoch milliseconds; null when the store recorded no time
 *     (runs deleted by MLflow versions before deletion times existed), which counts as "long ago"
 */
public record DeletedRun(RunInfo info, Long deletedTime) {
    public DeletedRun {
        requireNonNull(info, "info is null");
    }
}
