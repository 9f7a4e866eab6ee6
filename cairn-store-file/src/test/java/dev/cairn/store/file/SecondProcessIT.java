package dev.cairn.store.file;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.core.model.ExperimentId;
import dev.cairn.core.model.Metric;
import dev.cairn.core.model.PageToken;
import dev.cairn.core.model.Run;
import dev.cairn.core.model.RunId;
import dev.cairn.core.model.Tag;
import dev.cairn.core.model.ViewType;
import dev.cairn.core.search.RunSearch;
import dev.cairn.core.search.SearchFilter;
import dev.cairn.core.store.CreateRunRequest;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real second JVM appends to a run while this one searches; every point arrives, in order, untorn. */
class SecondProcessIT {
    @TempDir
    Path dir;

    @Test
    void anotherJvmAppendsWhileThisOneSearches() throws Exception {
        FileTrackingStore store = new FileTrackingStore(dir, null);
        ExperimentId exp = store.createExperiment("two-jvms", null, List.of());
        RunId run = store.createRun(new CreateRunRequest(exp, "u", 1L, List.of(), "shared")).info().runId();
        int points = 3000;
        String java = ProcessHandle.current().info().command().orElse("java");
        Process other = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                MetricAppenderMain.class.getName(), dir.toString(), run.value(), Integer.toString(points))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        long lastStep = -1;
        int searches = 0;
        while (other.isAlive()) {
            List<Run> runs = store.searchRuns(new RunSearch(List.of(exp), SearchFilter.ALL, ViewType.ACTIVE_ONLY, 10,
                    List.of(), PageToken.FIRST)).items();
            assertThat(runs).hasSize(1);
            for (Metric m : runs.get(0).data().metrics()) {
                assertThat(m.value()).isEqualTo((double) m.step());
                assertThat(m.step()).isGreaterThanOrEqualTo(lastStep);
                lastStep = m.step();
            }
            searches++;
        }
        assertThat(other.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(other.exitValue()).isZero();
        Run done = store.getRun(run);
        assertThat(done.data().metrics()).containsExactly(new Metric("loss", points - 1, 1_700_000_000_000L + points - 1, points - 1));
        assertThat(done.data().tags()).contains(new Tag("appender", "done"));
        List<Metric> history = store.getMetricHistory(run, "loss", points * 2, PageToken.FIRST).items();
        assertThat(history).hasSize(points);
        for (int i = 0; i < points; i++) {
            assertThat(history.get(i).step()).isEqualTo(i);
        }
        System.out.println("searches while the other JVM appended: " + searches);
    }
}
