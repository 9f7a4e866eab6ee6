package dev.cairn.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class LoadGeneratorOptionsTest {

    private static BenchConfig parse(String... args) {
        LoadGenerator generator = new LoadGenerator();
        LoadGenerator.commandLine(generator).parseArgs(args);
        return generator.config();
    }

    @Test
    void defaultsMatchThePublishedComparison() {
        BenchConfig config = parse();

        assertThat(config.url()).isEqualTo(URI.create("http://127.0.0.1:5000"));
        assertThat(config.clients()).isEqualTo(8);
        assertThat(config.duration()).isEqualTo(Duration.ofSeconds(20));
        assertThat(config.workloads()).containsExactly(WorkloadKind.values());
        assertThat(config.runs()).isEqualTo(1000);
        assertThat(config.historyPoints()).isEqualTo(100_000);
        assertThat(config.historyClients()).isEqualTo(1);
        assertThat(config.appenderUrl()).isNull();
        assertThat(config.appenderRate()).isEqualTo(20.0);
    }

    @Test
    void parsesTheAppenderOptions() {
        BenchConfig config = parse("--workloads", "GetMetricHistory", "--appender-url", "https://other:5001",
                "--appender-rate", "2.5");

        assertThat(config.appenderUrl()).isEqualTo(URI.create("https://other:5001"));
        assertThat(config.appenderRate()).isEqualTo(2.5);
        // The appender writes into the search experiment's runs, so they are set up for it.
        assertThat(config.needsSearchData()).isTrue();
    }

    @Test
    void rejectsAnAppenderRateThatIsNotPositive() {
        for (String rate : List.of("0", "-1", "NaN", "Infinity")) {
            assertThatThrownBy(() -> parse("--appender-url", "http://127.0.0.1:5001", "--appender-rate", rate))
                    .as(rate).isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining("appender rate");
        }
    }

    @Test
    void rejectsAnAppenderUrlThatIsNotHttp() {
        // "127.0.0.1:5001" is no URI at all and picocli refuses it; "localhost:5001" is one, of scheme "localhost".
        for (String url : List.of("ftp://127.0.0.1:5001", "127.0.0.1:5001", "localhost:5001", "/tmp/mlruns",
                "file:///tmp/mlruns")) {
            assertThatThrownBy(() -> parse("--appender-url", url))
                    .as(url).isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining("appender")
                    .hasMessageContaining(url);
        }
    }

    @Test
    void parsesEveryOption() {
        BenchConfig config = parse("--url", "http://localhost:8080/", "--clients", "4", "--duration", "1.5",
                "--warmup", "0", "--workloads", "searchruns,GetRun", "--runs", "20", "--history-points", "500",
                "--history-clients", "2", "--history-page-size", "100");

        assertThat(config.url()).isEqualTo(URI.create("http://localhost:8080/"));
        assertThat(config.clients()).isEqualTo(4);
        assertThat(config.duration()).isEqualTo(Duration.ofMillis(1500));
        assertThat(config.warmup()).isEqualTo(Duration.ZERO);
        assertThat(config.workloads()).containsExactly(WorkloadKind.SEARCH_RUNS, WorkloadKind.GET_RUN);
        assertThat(config.runs()).isEqualTo(20);
        assertThat(config.historyPoints()).isEqualTo(500);
        assertThat(config.historyClients()).isEqualTo(2);
        assertThat(config.historyPageSize()).isEqualTo(100);
        assertThat(config.needsSearchData()).isTrue();
        assertThat(config.needsWriteExperiment()).isFalse();
    }

    @Test
    void unknownWorkloadNamesTheKnownOnes() {
        assertThatThrownBy(() -> parse("--workloads", "LogMetricBatch10,GetRuns"))
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining("GetRuns")
                .hasMessageContaining("SearchExperiments");
    }

    @Test
    void rejectsImpossibleValues() {
        assertThatThrownBy(() -> parse("--clients", "0")).isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining("clients");
        assertThatThrownBy(() -> parse("--duration", "0")).isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining("duration");
        assertThatThrownBy(() -> parse("--runs", "0")).isInstanceOf(CommandLine.ParameterException.class);
    }

    @Test
    void writeWorkloadsNeedAWriteExperiment() {
        assertThat(parse("--workloads", "CreateRun").needsWriteExperiment()).isTrue();
        assertThat(parse("--workloads", "GetMetricHistory").needsSearchData()).isFalse();
        assertThat(WorkloadKind.parse(" logparambatch100 ")).isEqualTo(WorkloadKind.LOG_PARAM_BATCH_100);
        assertThat(List.of(WorkloadKind.values())).extracting(WorkloadKind::displayName)
                .containsExactly("LogMetricBatch10", "LogParamBatch10", "LogParamBatch100", "CreateRun", "GetRun",
                        "SearchRuns", "SearchExperiments", "GetMetricHistory");
    }
}
