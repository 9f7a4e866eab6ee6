package dev.cairn.store.file;

import static java.util.Objects.requireNonNull;

import dev.cairn.core.error.CairnException;
import dev.cairn.core.error.ErrorCode;
import dev.cairn.core.store.StoreConfig;
import dev.cairn.core.store.TrackingStore;
import dev.cairn.core.store.TrackingStoreProvider;
import dev.cairn.core.uri.TrackingUri;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/** Opens directory stores for {@code file:} URIs and plain paths. */
public final class FileTrackingStoreProvider implements TrackingStoreProvider {
    @Override
    public Set<String> schemes() {
        return Set.of("file");
    }

    @Override
    public TrackingStore open(TrackingUri uri, StoreConfig config) {
        requireNonNull(uri, "uri is null");
        requireNonNull(config, "config is null");
        Path root;
        try {
            root = uri.localPath(config.workingDir());
        } catch (IllegalArgumentException e) {
            throw CairnException.invalidParameter("Tracking URI '%s' does not name a local directory: %s", uri, e.getMessage());
        }
        if (Files.exists(root) && !Files.isDirectory(root)) {
            throw CairnException.invalidParameter(
                    "Tracking URI '%s' names %s, which is a file, not a directory. Point the tracking URI at a"
                            + " directory (it is created if missing), or move the file away.", uri, root);
        }
        try {
            Files.createDirectories(root);
        } catch (IOException e) {
            throw new CairnException(ErrorCode.PERMISSION_DENIED,
                    "Cannot create the tracking directory " + root + " (from tracking URI '" + uri + "'): " + e
                            + ". Create it yourself with write permission, or choose another tracking URI.", e);
        }
        if (!Files.isWritable(root)) {
            throw new CairnException(ErrorCode.PERMISSION_DENIED,
                    "The tracking directory " + root + " (from tracking URI '" + uri + "') is not writable. Grant write"
                            + " permission to this user, or choose another tracking URI.");
        }
        return new FileTrackingStore(root, config.defaultArtifactRoot());
    }
}
