package dev.cairn.protocol;

import static org.assertj.core.api.Assertions.assertThat;

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
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The streamed encoding (server responses) with the hand-wired record serializers is byte for byte
 * what plain databind writes, and leaves the stream to its owner.
 */
class MlflowJsonStreamingTest {
    private static final ObjectMapper DATABIND = MlflowJson.newMapper(false);

    @Test
    void streamedMetricHistoryEqualsBufferedIncludingNonFiniteValues() throws IOException {
        List<MetricJson> points = new ArrayList<>();
        double[] values = {0.5, -1e-300, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 1e21, 3};
        for (int i = 0; i < 20_000; i++) {
            points.add(MetricJson.from(new Metric("loss/ü", values[i % values.length], 1_700_000_000_000L + i, i)));
        }
        assertStreamedEqualsBuffered(new GetMetricHistoryResponse(points, "tok"));
        assertStreamedEqualsBuffered(new GetMetricHistoryResponse(List.of(), null));
    }

    @Test
    void streamedSearchPageEqualsBuffered() throws IOException {
        List<RunJson> runs = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            RunInfo info = new RunInfo(RunId.of("run" + i), ExperimentId.of("1"), "name \"" + i + "\"", i % 2 == 0 ? null : "u",
                    RunStatus.FINISHED, i, i % 3 == 0 ? null : (long) i + 5, "file:///a/" + i, LifecycleStage.ACTIVE);
            RunData data = new RunData(List.of(new Metric("acc", i / 7.0, 5, 1)), List.of(new Param("p", "v\n" + i)),
                    List.of(new Tag("t", "\u2603")));
            runs.add(RunJson.from(new Run(info, i == 0 ? RunData.EMPTY : data, RunInputs.EMPTY)));
        }
        assertStreamedEqualsBuffered(new SearchRunsResponse(runs, "next"));
        assertStreamedEqualsBuffered(EmptyResponse.INSTANCE);
    }

    @Test
    void unsetFieldsOfHotRecordsAreLeftOutAsDatabindDoes() throws IOException {
        assertStreamedEqualsBuffered(new LogBatchRequest("r",
                List.of(new MetricJson("m", null, null, null), new MetricJson(null, 1.5, 2L, null)),
                List.of(new ParamJson("p", null), new ParamJson(null, "v")), List.of(new TagJson("t", null))));
    }

    @Test
    void leavesTheStreamOpenAndUnflushedForItsOwner() throws IOException {
        class Watched extends ByteArrayOutputStream {
            boolean closed;
            boolean flushed;

            @Override
            public void close() {
                closed = true;
            }

            @Override
            public void flush() {
                flushed = true;
            }
        }
        Watched out = new Watched();
        MlflowJson.writeTo(out, new SearchRunsResponse(List.of(), "x"));
        assertThat(out.toString()).isEqualTo("{\"next_page_token\":\"x\"}");
        assertThat(out.closed).isFalse();
        assertThat(out.flushed).isFalse();
    }

    private static void assertStreamedEqualsBuffered(Object message) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        MlflowJson.writeTo(out, message);
        assertThat(new String(out.toByteArray(), StandardCharsets.UTF_8))
                .isEqualTo(new String(DATABIND.writeValueAsBytes(message), StandardCharsets.UTF_8));
        assertThat(MlflowJson.writeBytes(message)).isEqualTo(out.toByteArray());
    }
}
