package dev.cairn.client.behaviour;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The behaviour suite through the client opening an MLflow-layout directory store directly. */
class ClientDirectoryBehaviourIT extends TrackingBehaviourSuite {
    @Override
    protected TrackingDriver newDriver(Path dir) {
        Path blocker = dir.resolve("not-a-directory");
        try {
            Files.writeString(blocker, "a file where a directory should be");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Path unreachable = blocker.resolve("mlruns");
        return new ClientDriver(dir.resolve("mlruns").toUri().toString(), dir, unreachable.toString(), unreachable.toString());
    }
}
