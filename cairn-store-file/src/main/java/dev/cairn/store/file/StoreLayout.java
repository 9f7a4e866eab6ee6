package dev.cairn.store.file;

import dev.cairn.core.error.CairnException;
import dev.cairn.core.model.ExperimentId;
import dev.cairn.core.model.RunId;
import java.nio.file.Path;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Where each entity lives in MLflow's {@code mlruns/} layout. Every path handed out is checked to stay
 * under the root, so a crafted id or key can never make the store touch a file elsewhere.
 */
final class StoreLayout {
    static final String TRASH = ".trash";
    static final String META = "meta.yaml";
    static final String METRICS = "metrics";
    static final String PARAMS = "params";
    static final String TAGS = "tags";
    static final String ARTIFACTS = "artifacts";
    static final String INPUTS = "inputs";
    static final String DATASETS = "datasets";
    static final String LOCK_FILE = ".cairn.lock";

    /** Folders of an experiment directory that are not runs (MLflow's reserved experiment folders). */
    static final Set<String> RESERVED_EXPERIMENT_FOLDERS = Set.of(TAGS, DATASETS, "traces");
    /** Folders of the root that are not experiments: the trash and the model registry's folder. */
    static final Set<String> RESERVED_ROOT_FOLDERS = Set.of(TRASH, "models");

    private static final Pattern EXPERIMENT_ID = Pattern.compile("^[0-9A-Za-z_\\-]{1,64}$");
    private static final Pattern RUN_ID = Pattern.compile("^[a-zA-Z0-9][\\w\\-]{0,255}$");

    private final Path root;
    private final Path trash;

    StoreLayout(Path root) {
        this.root = root;
        this.trash = root.resolve(TRASH);
    }

    Path root() {
        return root;
    }

    Path trash() {
        return trash;
    }

    Path activeExperimentDir(ExperimentId id) {
        return root.resolve(checkedExperimentId(id));
    }

    Path deletedExperimentDir(ExperimentId id) {
        return trash.resolve(checkedExperimentId(id));
    }

    static Path runDir(Path experimentDir, RunId id) {
        return experimentDir.resolve(checkedRunId(id));
    }

    /** The file of a key ({@code a/b} becomes subdirectory {@code a}, file {@code b}) under a folder. */
    Path keyFile(Path folder, String key) {
        Path file = folder.resolve(key).normalize();
        if (key.isEmpty() || !file.startsWith(folder) || file.equals(folder) || key.contains("~") || key.contains("\\")) {
            throw CairnException.invalidParameter("Invalid key '%s': it does not name a file inside %s", key, folder);
        }
        return file;
    }

    /**
     * The file that holds {@code key} under {@code folder} if some file there can, or null: keys that
     * are not canonical ({@code a/./b}, {@code a//b}), leave the folder, or contain '~' or '\\' name no
     * file a listing would report under that key, so a search treats them as absent without a lookup.
     */
    static Path keyFileIfValid(Path folder, String key) {
        if (key.isEmpty() || key.contains("~") || key.contains("\\")) {
            return null;
        }
        try {
            Path file = folder.resolve(key).normalize();
            if (!file.startsWith(folder) || file.equals(folder) || !keyOf(folder, file).equals(key)) {
                return null;
            }
            return file;
        } catch (java.nio.file.InvalidPathException e) {
            return null;
        }
    }

    /** The key a file under {@code folder} stands for ('/'-separated whatever the platform). */
    static String keyOf(Path folder, Path file) {
        Path rel = folder.relativize(file);
        StringBuilder key = new StringBuilder();
        for (Path part : rel) {
            if (!key.isEmpty()) {
                key.append('/');
            }
            key.append(part);
        }
        return key.toString();
    }

    static String checkedExperimentId(ExperimentId id) {
        if (!EXPERIMENT_ID.matcher(id.value()).matches()) {
            throw CairnException.notFound("Could not find experiment with ID %s", id.value());
        }
        return id.value();
    }

    static String checkedRunId(RunId id) {
        if (!RUN_ID.matcher(id.value()).matches()) {
            throw CairnException.invalidParameter("Invalid run ID: '%s'", id.value());
        }
        return id.value();
    }

    /** Temporary files carry '~', which no valid key contains, so listings can tell them apart. */
    static boolean isTemporary(Path file) {
        return file.getFileName().toString().contains("~");
    }
}
