package dev.cairn.migrate;

import dev.cairn.core.model.Experiment;
import dev.cairn.core.model.ExperimentId;
import dev.cairn.core.model.RunInfo;

/**
 * Where a migrated entity's artifacts go. Either everything moves under a new root, laid out as MLflow's
 * directory store lays it out ({@code <root>/<experiment id>/<run id>/artifacts}), or locations are kept as
 * recorded and no artifact is copied (a database target with no {@code --artifacts-to}: the artifacts are
 * not part of the database and stay where they are).
 */
public final class ArtifactPlacement {
    private final String root;

    private ArtifactPlacement(String root) {
        this.root = root;
    }

    /** Keep every recorded location; copy nothing. */
    public static ArtifactPlacement keep() {
        return new ArtifactPlacement(null);
    }

    /** Move everything under {@code root} (any artifact URI: a path, {@code file:}, {@code s3:}, ...). */
    public static ArtifactPlacement under(String root) {
        String r = Locations.stripTrailingSlash(root.trim());
        if (r.isEmpty()) {
            throw new IllegalArgumentException("artifact root is empty");
        }
        return new ArtifactPlacement(r);
    }

    public boolean copies() {
        return root != null;
    }

    /** The root artifacts move under, or null when locations are kept. */
    public String root() {
        return root;
    }

    public String experimentLocation(Experiment source) {
        return root == null ? source.artifactLocation() : experimentLocation(source.experimentId());
    }

    public String experimentLocation(ExperimentId id) {
        return root + "/" + id.value();
    }

    public String runLocation(RunInfo source) {
        return root == null ? source.artifactUri()
                : root + "/" + source.experimentId().value() + "/" + source.runId().value() + "/artifacts";
    }

    @Override
    public String toString() {
        return root == null ? "artifacts stay at their recorded locations" : "artifacts move under " + root;
    }
}
