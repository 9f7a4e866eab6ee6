package dev.cairn.bench;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;

/** JSON bodies of the MLflow REST calls the bench makes, in MLflow's snake_case field names. */
public final class RequestBodies {
    private final ObjectMapper mapper;

    public RequestBodies(ObjectMapper mapper) {
        this.mapper = requireNonNull(mapper, "mapper is null");
    }

    public record MetricPoint(String key, double value, long timestamp, long step) {}

    public ObjectNode createExperiment(String name, Map<String, String> tags) {
        ObjectNode body = mapper.createObjectNode().put("name", name);
        body.set("tags", keyValues(tags));
        return body;
    }

    public ObjectNode createRun(String experimentId, String runName, long startTime, Map<String, String> tags) {
        ObjectNode body = mapper.createObjectNode()
                .put("experiment_id", experimentId)
                .put("start_time", startTime);
        if (runName != null) {
            body.put("run_name", runName);
        }
        if (!tags.isEmpty()) {
            body.set("tags", keyValues(tags));
        }
        return body;
    }

    public ObjectNode logBatch(String runId, List<MetricPoint> metrics, Map<String, String> params,
            Map<String, String> tags) {
        ObjectNode body = mapper.createObjectNode().put("run_id", runId);
        if (!metrics.isEmpty()) {
            ArrayNode array = body.putArray("metrics");
            for (MetricPoint point : metrics) {
                array.addObject()
                        .put("key", point.key())
                        .put("value", point.value())
                        .put("timestamp", point.timestamp())
                        .put("step", point.step());
            }
        }
        if (!params.isEmpty()) {
            body.set("params", keyValues(params));
        }
        if (!tags.isEmpty()) {
            body.set("tags", keyValues(tags));
        }
        return body;
    }

    public ObjectNode searchRuns(List<String> experimentIds, String filter, int maxResults, String pageToken) {
        ObjectNode body = mapper.createObjectNode();
        ArrayNode ids = body.putArray("experiment_ids");
        experimentIds.forEach(ids::add);
        if (filter != null && !filter.isEmpty()) {
            body.put("filter", filter);
        }
        body.put("max_results", maxResults);
        if (pageToken != null) {
            body.put("page_token", pageToken);
        }
        return body;
    }

    public ObjectNode searchExperiments(int maxResults) {
        return mapper.createObjectNode().put("max_results", maxResults);
    }

    public ObjectNode setExperimentTag(String experimentId, String key, String value) {
        return mapper.createObjectNode().put("experiment_id", experimentId).put("key", key).put("value", value);
    }

    public ObjectNode renameExperiment(String experimentId, String newName) {
        return mapper.createObjectNode().put("experiment_id", experimentId).put("new_name", newName);
    }

    public ObjectNode experimentId(String experimentId) {
        return mapper.createObjectNode().put("experiment_id", experimentId);
    }

    private ArrayNode keyValues(Map<String, String> entries) {
        ArrayNode array = mapper.createArrayNode();
        entries.forEach((key, value) -> array.addObject().put("key", key).put("value", value));
        return array;
    }
}
