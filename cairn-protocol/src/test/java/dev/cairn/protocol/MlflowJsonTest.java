package dev.cairn.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.core.error.CairnException;
import dev.cairn.core.error.ErrorCode;
import dev.cairn.core.model.Experiment;
import dev.cairn.core.model.ExperimentId;
import dev.cairn.core.model.LifecycleStage;
import dev.cairn.core.model.Metric;
import dev.cairn.core.model.Param;
import dev.cairn.core.model.Run;
import dev.cairn.core.model.RunData;
import dev.cairn.core.model.RunId;
import dev.cairn.core.model.RunInfo;
import dev.cairn.core.model.RunInputs;
import dev.cairn.core.model.RunStatus;
import dev.cairn.core.model.Tag;
import dev.cairn.core.model.ViewType;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class MlflowJsonTest {

    private static <T> T read(String json, Class<T> type) {
        return MlflowJson.read(json.getBytes(StandardCharsets.UTF_8), type);
    }

    @Test
    void experimentRendersSnakeCaseWithInt64NumbersAndLowercaseStage() {
        Experiment e = new Experiment(ExperimentId.of("7"), "exp", "/tmp/a", LifecycleStage.DELETED, 1_700_000_000_123L,
                1_700_000_000_456L, List.of(new Tag("k", "v")));
        String json = MlflowJson.write(new GetExperimentResponse(ExperimentJson.from(e)));
        assertThat(json).isEqualTo("{\"experiment\":{\"experiment_id\":\"7\",\"name\":\"exp\",\"artifact_location\":\"/tmp/a\","
                + "\"lifecycle_stage\":\"deleted\",\"last_update_time\":1700000000456,\"creation_time\":1700000000123,"
                + "\"tags\":[{\"key\":\"k\",\"value\":\"v\"}]}}");
        assertThat(read(json, GetExperimentResponse.class).experiment().toModel()).isEqualTo(e);
    }

    @Test
    void runOmitsUnsetAndEmptyFieldsAndSendsRunUuid() {
        RunInfo info = new RunInfo(RunId.of("abc"), ExperimentId.of("1"), "r", null, RunStatus.RUNNING, 5, null, "file:///x",
                LifecycleStage.ACTIVE);
        String json = MlflowJson.write(RunJson.from(new Run(info, RunData.EMPTY, RunInputs.EMPTY)));
        assertThat(json).isEqualTo("{\"info\":{\"run_id\":\"abc\",\"run_uuid\":\"abc\",\"run_name\":\"r\",\"experiment_id\":\"1\","
                + "\"status\":\"RUNNING\",\"start_time\":5,\"artifact_uri\":\"file:///x\",\"lifecycle_stage\":\"active\"},"
                + "\"data\":{},\"inputs\":{}}");
    }

    @Test
    void emptyMessageIsEmptyObject() {
        assertThat(MlflowJson.write(EmptyResponse.INSTANCE)).isEqualTo("{}");
        assertThat(MlflowJson.write(new SearchRunsResponse(List.of(), null))).isEqualTo("{}");
    }

    @Test
    void nonFiniteMetricValuesRenderAsProtobufStrings() {
        var data = new RunData(List.of(new Metric("a", Double.NaN, 1, 0), new Metric("b", Double.POSITIVE_INFINITY, 1, 0),
                new Metric("c", Double.NEGATIVE_INFINITY, 1, 2)), List.of(new Param("p", "1")), List.of());
        String json = MlflowJson.write(RunDataJson.from(data));
        assertThat(json).contains("\"value\":\"NaN\"", "\"value\":\"Infinity\"", "\"value\":\"-Infinity\"");
        assertThat(read(json, RunDataJson.class).toModel()).isEqualTo(data);
    }

    @Test
    void nonFiniteValuesAcceptedAsStringsAndBareTokens() {
        assertThat(read("{\"run_id\":\"r\",\"key\":\"k\",\"value\":\"NaN\",\"timestamp\":1}", LogMetricRequest.class).metric().value())
                .isNaN();
        assertThat(read("{\"run_id\":\"r\",\"key\":\"k\",\"value\":Infinity,\"timestamp\":1}", LogMetricRequest.class).metric().value())
                .isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(read("{\"run_id\":\"r\",\"key\":\"k\",\"value\":\"-Infinity\",\"timestamp\":\"12\"}", LogMetricRequest.class)
                .metric()).isEqualTo(new Metric("k", Double.NEGATIVE_INFINITY, 12, 0));
    }

    @Test
    void enumsByNameOrProtoNumber() {
        assertThat(read("{\"run_view_type\":\"DELETED_ONLY\"}", SearchRunsRequest.class).runViewType()).isEqualTo(ViewType.DELETED_ONLY);
        assertThat(read("{\"run_view_type\":3}", SearchRunsRequest.class).runViewType()).isEqualTo(ViewType.ALL);
        assertThat(read("{\"run_id\":\"x\",\"status\":3}", UpdateRunRequest.class).status()).isEqualTo(RunStatus.FINISHED);
        assertThat(read("{\"run_id\":\"x\",\"status\":\"KILLED\"}", UpdateRunRequest.class).status()).isEqualTo(RunStatus.KILLED);
        assertThatThrownBy(() -> read("{\"status\":\"DONE\"}", UpdateRunRequest.class))
                .isInstanceOfSatisfying(CairnException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE);
                    assertThat(e.getMessage()).contains("'status'", "DONE");
                });
    }

    @Test
    void unknownFieldsIgnoredAndRunUuidAccepted() {
        GetRunRequest request = read("{\"run_uuid\":\"u1\",\"future_field\":{\"a\":[1,2]}}", GetRunRequest.class);
        assertThat(request.id()).isEqualTo(RunId.of("u1"));
    }

    @Test
    void getRequestsRoundTripThroughQueryParameters() {
        var request = new GetMetricHistoryBulkIntervalRequest(List.of("a", "b"), "loss", 3L, null, 10);
        var query = MlflowJson.toQuery(request);
        assertThat(query).containsExactly(
                java.util.Map.entry("run_ids", List.of("a", "b")), java.util.Map.entry("metric_key", List.of("loss")),
                java.util.Map.entry("start_step", List.of("3")), java.util.Map.entry("max_results", List.of("10")));
        assertThat(MlflowJson.fromQuery(query, GetMetricHistoryBulkIntervalRequest.class)).isEqualTo(request);
        var single = MlflowJson.fromQuery(java.util.Map.of("run_ids", List.of("only"), "view_type", List.of("ALL"),
                "unknown", List.of("x")), GetMetricHistoryBulkIntervalRequest.class);
        assertThat(single.runIds()).containsExactly("only");
        assertThat(MlflowJson.fromQuery(java.util.Map.of("view_type", List.of("DELETED_ONLY"), "order_by", List.of("a", "b")),
                SearchExperimentsRequest.class)).extracting(SearchExperimentsRequest::viewType, SearchExperimentsRequest::orderBy)
                .containsExactly(ViewType.DELETED_ONLY, List.of("a", "b"));
        assertThatThrownBy(() -> MlflowJson.fromQuery(java.util.Map.of("max_results", List.of("ten")), GetMetricHistoryRequest.class))
                .isInstanceOfSatisfying(CairnException.class, e -> assertThat(e.getMessage()).contains("'max_results'"));
    }

    @Test
    void doubleEncodedBodiesOfOldClientsAreAccepted() {
        assertThat(read("\"{\\\"name\\\": \\\"x\\\"}\"", CreateExperimentRequest.class).name()).isEqualTo("x");
        assertThatThrownBy(() -> read("\"not an object\"", CreateExperimentRequest.class))
                .isInstanceOfSatisfying(CairnException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.MALFORMED_REQUEST));
    }

    @Test
    void malformedJsonIsMalformedRequest() {
        assertThatThrownBy(() -> read("{\"name\": ", CreateExperimentRequest.class))
                .isInstanceOfSatisfying(CairnException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.MALFORMED_REQUEST));
        assertThatThrownBy(() -> read("[1,2]", CreateExperimentRequest.class))
                .isInstanceOfSatisfying(CairnException.class, e -> assertThat(e.code().httpStatus()).isEqualTo(400));
    }

    @Test
    void wrongTypesAreInvalidParameterNamingTheField() {
        assertThatThrownBy(() -> read("{\"run_id\":\"r\",\"key\":\"k\",\"value\":\"abc\",\"timestamp\":1}", LogMetricRequest.class))
                .isInstanceOfSatisfying(CairnException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE);
                    assertThat(e.getMessage()).contains("'value'");
                });
        assertThatThrownBy(() -> read("{\"max_results\":1.5}", SearchRunsRequest.class))
                .isInstanceOfSatisfying(CairnException.class, e -> assertThat(e.getMessage()).contains("'max_results'"));
        assertThatThrownBy(() -> read("{\"name\":{\"x\":1}}", CreateExperimentRequest.class))
                .isInstanceOfSatisfying(CairnException.class, e -> assertThat(e.getMessage()).contains("'name'"));
        assertThatThrownBy(() -> read("{\"run_id\":\"r\",\"metrics\":[{\"key\":\"k\",\"value\":\"x\"}]}", LogBatchRequest.class))
                .isInstanceOfSatisfying(CairnException.class, e -> assertThat(e.getMessage()).contains("'metrics[0].value'"));
    }

    @Test
    void missingRequiredFieldsUseMlflowWording() {
        assertThatThrownBy(() -> read("{}", GetExperimentRequest.class).validate())
                .hasMessage("Missing value for required parameter 'experiment_id'. See the API docs for more information about request parameters.");
        assertThatThrownBy(() -> read("{\"run_id\":\"r\",\"key\":\"k\",\"timestamp\":1}", LogMetricRequest.class).validate())
                .hasMessageContaining("'value'");
        assertThatThrownBy(() -> read("{\"run_id\":\"r\",\"params\":[{\"value\":\"a\"}]}", LogBatchRequest.class).validate())
                .hasMessageContaining("'params[0].key'");
        assertThat(read("{\"run_id\":\"r\",\"key\":\"k\"}", LogParamRequest.class).param().value()).isEmpty();
        assertThatThrownBy(() -> read("", LogParamRequest.class).validate()).hasMessageContaining("'run_id'");
    }
}
