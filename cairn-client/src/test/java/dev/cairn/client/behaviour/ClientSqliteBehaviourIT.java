package dev.cairn.client.behaviour;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The behaviour suite through the client opening a SQLite store directly (no server). */
class ClientSqliteBehaviourIT extends TrackingBehaviourSuite {
    @Override
    protected TrackingDriver newDriver(Path dir) {
        Path blocker = dir.resolve("not-a-directory");
        try {
            Files.writeString(blocker, "a file where a directory should be");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Path unreachable = blocker.resolve("mlflow.db");
        return new ClientDriver("sqlite:///" + dir.resolve("mlflow.db"), dir, "sqlite:///" + unreachable, unreachable.toString());
    }
}
