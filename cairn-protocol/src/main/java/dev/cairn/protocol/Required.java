package dev.cairn.protocol;

import dev.cairn.core.error.CairnException;
import dev.cairn.core.model.RunId;
import java.util.List;

/** Required-field checks with MLflow's wording, which clients and users grep for. */
public final class Required {
    private Required() {}

    /** A required string: absent and empty are both "missing", as protobuf cannot tell them apart. */
    public static String text(String value, String parameter) {
        if (value == null || value.isEmpty()) {
            throw missing(parameter);
        }
        return value;
    }

    public static <T> T value(T value, String parameter) {
        if (value == null) {
            throw missing(parameter);
        }
        return value;
    }

    public static <T> List<T> nonEmpty(List<T> values, String parameter) {
        if (values == null || values.isEmpty()) {
            throw missing(parameter);
        }
        return values;
    }

    /** MLflow still accepts the deprecated run_uuid wherever run_id is expected. */
    public static RunId runId(String runId, String runUuid) {
        if (runId != null && !runId.isEmpty()) {
            return RunId.of(runId);
        }
        if (runUuid != null && !runUuid.isEmpty()) {
            return RunId.of(runUuid);
        }
        throw missing("run_id");
    }

    public static CairnException missing(String parameter) {
        return CairnException.invalidParameter(
                "Missing value for required parameter '%s'. See the API docs for more information about request parameters.",
                parameter);
    }
}
