package dev.cairn.migrate;

import dev.cairn.core.error.CairnException;
import dev.cairn.core.error.ErrorCode;
import java.util.List;

/** The target already uses ids of the source for something different; the migration stopped before writing. */
public final class MigrationConflictException extends CairnException {
    private final List<String> conflicts;

    public MigrationConflictException(List<String> conflicts) {
        super(ErrorCode.RESOURCE_ALREADY_EXISTS, message(conflicts));
        this.conflicts = List.copyOf(conflicts);
    }

    public List<String> conflicts() {
        return conflicts;
    }

    private static String message(List<String> conflicts) {
        StringBuilder s = new StringBuilder("The target already holds different data under ").append(conflicts.size())
                .append(conflicts.size() == 1 ? " id" : " ids").append(" of the source; nothing was written:");
        conflicts.stream().limit(50).forEach(c -> s.append("\n  ").append(c));
        if (conflicts.size() > 50) {
            s.append("\n  ... and ").append(conflicts.size() - 50).append(" more");
        }
        s.append("\nMigrate into an empty store, or remove the conflicting entities from the target.");
        return s.toString();
    }
}
