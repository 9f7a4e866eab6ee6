package dev.cairn.core.validation;

import static dev.cairn.core.error.CairnException.invalidParameter;

import dev.cairn.core.model.DatasetInput;
import dev.cairn.core.model.Metric;
import dev.cairn.core.model.Param;
import dev.cairn.core.model.Tag;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** MLflow's validation rules and limits, in one place for every store and the server. */
public final class Validation {
    public static final int MAX_ENTITY_KEY_LENGTH = 250;
    public static final int MAX_PARAM_VALUE_LENGTH = 6000;
    public static final int MAX_TAG_VALUE_LENGTH = 8000;
    public static final int MAX_EXPERIMENT_TAG_VALUE_LENGTH = 5000;
    public static final int MAX_EXPERIMENT_NAME_LENGTH = 500;
    public static final int MAX_METRICS_PER_BATCH = 1000;
    public static final int MAX_PARAMS_TAGS_PER_BATCH = 100;
    public static final int MAX_ENTITIES_PER_BATCH = 1000;
    public static final int MAX_DATASET_NAME_SIZE = 500;
    public static final int MAX_DATASET_DIGEST_SIZE = 36;
    public static final int MAX_DATASET_SOURCE_SIZE = 65535;
    public static final int MAX_DATASET_SCHEMA_SIZE = 1048575;
    public static final int MAX_DATASET_PROFILE_SIZE = 16384;
    public static final int MAX_INPUT_TAG_KEY_SIZE = 255;
    public static final int MAX_INPUT_TAG_VALUE_SIZE = 500;

    private static final Pattern VALID_KEY = Pattern.compile("^[/\\w.\\- :]*$", Pattern.UNICODE_CHARACTER_CLASS);
    private static final Pattern RUN_ID = Pattern.compile("^[a-zA-Z0-9][\\w\\-]{0,255}$");

    private Validation() {}

    public static void metricName(String name) {
        key("metric", name);
    }

    public static void paramName(String name) {
        key("parameter", name);
    }

    public static void tagName(String name) {
        key("tag", name);
    }

    /**
     * Keys become file names in directory stores and artifact paths, so besides the character set they
     * must not be absolute or change under path normalisation ({@code a/../b}, {@code ./a}, {@code a//b}).
     */
    private static void key(String what, String name) {
        if (name == null) {
            throw invalidParameter("Missing value for required parameter 'key'. A %s name must be given.", what);
        }
        if (!VALID_KEY.matcher(name).matches()) {
            throw invalidParameter(
                    "Invalid %s name: '%s'. Names may only contain alphanumerics, underscores (_), dashes (-),"
                            + " periods (.), spaces ( ), colon(:) and slashes (/).", what, name);
        }
        String normalised = normalised(name);
        if (!normalised.equals(name) || normalised.equals(".") || normalised.startsWith("..") || normalised.startsWith("/")) {
            throw invalidParameter(
                    "Invalid %s name: '%s'. Names may be treated as files in certain cases, and must not resolve"
                            + " to other names when treated as such. This name would resolve to '%s'",
                    what, name, normalised);
        }
        if (name.length() > MAX_ENTITY_KEY_LENGTH) {
            throw invalidParameter("'key' exceeds the maximum length of %d characters (got %d): '%s...'",
                    MAX_ENTITY_KEY_LENGTH, name.length(), name.substring(0, 40));
        }
    }

    /** POSIX-style normalisation as a file name would see it. */
    static String normalised(String name) {
        if (name.isEmpty()) {
            return ".";
        }
        boolean absolute = name.startsWith("/");
        java.util.ArrayDeque<String> parts = new java.util.ArrayDeque<>();
        for (String part : name.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..") && !parts.isEmpty() && !parts.peekLast().equals("..")) {
                parts.removeLast();
            } else if (!(part.equals("..") && absolute)) {
                parts.addLast(part);
            }
        }
        String joined = String.join("/", parts);
        String result = absolute ? "/" + joined : joined;
        return result.isEmpty() ? "." : result;
    }

    public static void paramValue(String key, String value) {
        length("Param value", key, value, MAX_PARAM_VALUE_LENGTH);
    }

    public static void tagValue(String key, String value) {
        length("Tag value", key, value, MAX_TAG_VALUE_LENGTH);
    }

    public static void experimentTag(Tag tag) {
        tagName(tag.key());
        length("Tag value", tag.key(), tag.value(), MAX_EXPERIMENT_TAG_VALUE_LENGTH);
    }

    private static void length(String what, String key, String value, int limit) {
        if (value != null && value.length() > limit) {
            throw invalidParameter("%s '%s' had length %d, which exceeded length limit of %d",
                    what, abbreviate(value), value.length(), limit);
        }
    }

    public static void metric(Metric metric) {
        metricName(metric.key());
    }

    public static void param(Param param) {
        paramName(param.key());
        paramValue(param.key(), param.value());
    }

    public static void runTag(Tag tag) {
        tagName(tag.key());
        tagValue(tag.key(), tag.value());
    }

    public static void batch(List<Metric> metrics, List<Param> params, List<Tag> tags) {
        if (metrics.size() > MAX_METRICS_PER_BATCH) {
            throw invalidParameter("A batch logging request can contain at most %d metrics. Got %d metrics."
                    + " Please split up metrics across multiple requests and try again.", MAX_METRICS_PER_BATCH, metrics.size());
        }
        if (params.size() > MAX_PARAMS_TAGS_PER_BATCH) {
            throw invalidParameter("A batch logging request can contain at most %d params. Got %d params."
                    + " Please split up params across multiple requests and try again.", MAX_PARAMS_TAGS_PER_BATCH, params.size());
        }
        if (tags.size() > MAX_PARAMS_TAGS_PER_BATCH) {
            throw invalidParameter("A batch logging request can contain at most %d tags. Got %d tags."
                    + " Please split up tags across multiple requests and try again.", MAX_PARAMS_TAGS_PER_BATCH, tags.size());
        }
        int total = metrics.size() + params.size() + tags.size();
        if (total > MAX_ENTITIES_PER_BATCH) {
            throw invalidParameter("A batch logging request can contain at most %d metrics, params, and tags in total."
                    + " Got %d entities.", MAX_ENTITIES_PER_BATCH, total);
        }
        metrics.forEach(Validation::metric);
        params.forEach(Validation::param);
        tags.forEach(Validation::runTag);
        Map<String, String> seen = new HashMap<>();
        Set<String> conflicting = new LinkedHashSet<>();
        for (Param p : params) {
            String previous = seen.putIfAbsent(p.key(), p.value());
            if (previous != null && !previous.equals(p.value())) {
                conflicting.add(p.key());
            }
        }
        if (!conflicting.isEmpty()) {
            throw invalidParameter("Duplicate parameter keys have been submitted: %s. Please ensure the request"
                    + " contains only one param value per param key.", conflicting);
        }
    }

    public static void experimentName(String name) {
        if (name == null || name.isBlank()) {
            throw invalidParameter("Invalid experiment name: '%s'", name == null ? "" : name);
        }
        if (name.length() > MAX_EXPERIMENT_NAME_LENGTH) {
            throw invalidParameter("Experiment name exceeds the maximum length of %d characters (got %d)",
                    MAX_EXPERIMENT_NAME_LENGTH, name.length());
        }
    }

    public static void runId(String runId) {
        if (runId == null || !RUN_ID.matcher(runId).matches()) {
            throw invalidParameter("Invalid run ID: '%s'", runId);
        }
    }

    public static void datasetInputs(List<DatasetInput> inputs) {
        for (DatasetInput input : inputs) {
            var d = input.dataset();
            limit("Dataset name", d.name(), MAX_DATASET_NAME_SIZE);
            limit("Dataset digest", d.digest(), MAX_DATASET_DIGEST_SIZE);
            limit("Dataset source", d.source(), MAX_DATASET_SOURCE_SIZE);
            limit("Dataset schema", d.schema(), MAX_DATASET_SCHEMA_SIZE);
            limit("Dataset profile", d.profile(), MAX_DATASET_PROFILE_SIZE);
            for (Tag t : input.tags()) {
                limit("Input tag key", t.key(), MAX_INPUT_TAG_KEY_SIZE);
                limit("Input tag value", t.value(), MAX_INPUT_TAG_VALUE_SIZE);
            }
        }
    }

    private static void limit(String what, String value, int max) {
        if (value != null && value.length() > max) {
            throw invalidParameter("%s exceeds the maximum length of %d characters (got %d)", what, max, value.length());
        }
    }

    private static String abbreviate(String value) {
        return value.length() <= 40 ? value : value.substring(0, 40) + "...";
    }
}
