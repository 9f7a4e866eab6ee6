package dev.cairn.core.store;

import dev.cairn.core.model.Experiment;

/**
 * A store that can take entities with their existing ids, for {@code cairn migrate}.
 *
 * <p>Both methods are atomic: after a crash the entity is either wholly there or not there at all,
 * so a rerun of a migration can skip what exists. Neither overwrites: an id already in use fails with
 * RESOURCE_ALREADY_EXISTS, and the caller decides whether the existing entity is the same one.
 */
public interface ImportableTrackingStore {
    /** Creates the experiment with its id, name, location, lifecycle stage, times and tags. */
    void importExperiment(Experiment experiment);

    /** Creates the run (in an existing experiment) with its id, info, params, tags, inputs and every metric point. */
    void importRun(RunBundle run);
}
