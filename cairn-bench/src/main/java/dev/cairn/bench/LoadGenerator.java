package dev.cairn.bench;

import dev.cairn.bench.BenchFixture.HistoryData;
import dev.cairn.bench.BenchFixture.SearchData;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Load generator for any MLflow-compatible tracking server: sets up its data through the REST API,
 * then runs each workload with N concurrent clients for a fixed time and prints one line per
 * workload.
 */
@Command(name = "cairn-bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Runs MLflow tracking-server workloads against a server URL and prints req/s and "
                + "p50/p99 latency, one line per workload.")
public final class LoadGenerator implements Callable<Integer> {

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--url", defaultValue = "http://127.0.0.1:5000", description = "Server URL (default: ${DEFAULT-VALUE}).")
    URI url;

    @Option(names = "--clients", defaultValue = "8", description = "Concurrent clients per workload (default: ${DEFAULT-VALUE}).")
    int clients;

    @Option(names = "--duration", defaultValue = "20", description = "Measured seconds per workload (default: ${DEFAULT-VALUE}).")
    double durationSeconds;

    @Option(names = "--warmup", defaultValue = "3", description = "Unmeasured seconds before each workload (default: ${DEFAULT-VALUE}).")
    double warmupSeconds;

    @Option(names = "--workloads", split = ",", converter = WorkloadConverter.class, paramLabel = "NAME",
            description = "Comma-separated workloads (default: all): LogMetricBatch10, LogParamBatch10, LogParamBatch100, "
                    + "CreateRun, GetRun, SearchRuns, SearchExperiments, GetMetricHistory.")
    List<WorkloadKind> workloads;

    @Option(names = "--runs", defaultValue = "1000", description = "Runs in the search experiment (default: ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--history-points", defaultValue = "100000",
            description = "Points in the GetMetricHistory metric (default: ${DEFAULT-VALUE}).")
    int historyPoints;

    @Option(names = "--history-clients", defaultValue = "1",
            description = "Clients for GetMetricHistory, which measures single-request latency (default: ${DEFAULT-VALUE}).")
    int historyClients;

    @Option(names = "--history-page-size", defaultValue = "0",
            description = "max_results per get-history request; 0 asks for the whole history in one (default: ${DEFAULT-VALUE}).")
    int historyPageSize;

    @Option(names = "--appender-url", paramLabel = "URL",
            description = "A second server over the same store: while each workload runs, one client appends "
                    + "metric batches to the search experiment's runs through it (default: none).")
    URI appenderUrl;

    @Option(names = "--appender-rate", defaultValue = "20", paramLabel = "BATCHES",
            description = "Appender log-batch requests (10 points each) per second (default: ${DEFAULT-VALUE}).")
    double appenderRate;

    private final PrintStream out;
    private final PrintStream log;
    private final List<WorkloadResult> results = new ArrayList<>();
    private final List<Appender.Summary> appended = new ArrayList<>();

    public LoadGenerator() {
        this(System.out, System.err);
    }

    LoadGenerator(PrintStream out, PrintStream log) {
        this.out = out;
        this.log = log;
    }

    public static void main(String[] args) {
        System.exit(commandLine(new LoadGenerator()).execute(args));
    }

    static CommandLine commandLine(LoadGenerator generator) {
        // A failed setup call or an unreachable server is a message for the user, not a stack trace.
        return new CommandLine(generator)
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setExecutionExceptionHandler((exception, commandLine, parseResult) -> {
                    commandLine.getErr().println("cairn-bench: " + exception.getMessage());
                    return 2;
                });
    }

    /** The parsed options as a validated config; bad combinations become usage errors. */
    BenchConfig config() {
        try {
            return new BenchConfig(url, clients, seconds(durationSeconds), seconds(warmupSeconds),
                    workloads == null || workloads.isEmpty() ? Arrays.asList(WorkloadKind.values()) : workloads,
                    runs, historyPoints, historyClients, historyPageSize, appenderUrl, appenderRate);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
        }
    }

    private static Duration seconds(double seconds) {
        return Duration.ofNanos(Math.round(seconds * 1e9));
    }

    /** Results of the last {@link #call()}, in run order. */
    List<WorkloadResult> results() {
        return List.copyOf(results);
    }

    /** What the appender did during each workload of the last {@link #call()}; empty without one. */
    List<Appender.Summary> appended() {
        return List.copyOf(appended);
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
        BenchConfig config = config();
        MlflowHttp http = new MlflowHttp(config.url());
        checkReachable(http);
        // Checked before the setup, which can take minutes, so a wrong second URL fails at once.
        MlflowHttp appenderHttp = config.appends() ? new MlflowHttp(config.appenderUrl()) : null;
        if (appenderHttp != null) {
            checkReachable(appenderHttp);
        }
        FixtureSetup setup = new FixtureSetup(http, config.clients(), log);
        SearchData searchData = config.needsSearchData() ? setup.ensureSearchData(config.runs()) : null;
        HistoryData historyData = config.needs(WorkloadKind.GET_METRIC_HISTORY)
                ? setup.ensureHistory(config.historyPoints()) : null;
        String writeExperimentId = config.needsWriteExperiment() ? setup.createWriteExperiment() : null;
        BenchFixture fixture = new BenchFixture(searchData, historyData, writeExperimentId);
        Workloads workloads = new Workloads(http, setup, fixture, config.historyClients(), config.historyPageSize());
        LoadRunner runner = new LoadRunner(config.warmup(), config.duration());

        log.printf("bench: %s, %d clients, %.1f s per workload after %.1f s warm-up%n", config.url(), config.clients(),
                config.duration().toNanos() / 1e9, config.warmup().toNanos() / 1e9);
        results.clear();
        appended.clear();
        out.println(WorkloadResult.header());
        // A null resource is allowed and skipped; closing stops the appender if a workload throws.
        try (Appender appender = appenderHttp == null ? null
                : new Appender(appenderHttp, searchData.runIds(), config.appenderRate())) {
            if (appender != null) {
                log.printf(Locale.ROOT, "bench: appending %.1f batches/s of %d points through %s during each workload%n",
                        config.appenderRate(), Appender.POINTS_PER_BATCH, appenderHttp.baseUri());
            }
            for (WorkloadKind kind : config.workloads()) {
                if (appender != null) {
                    appender.start();
                }
                WorkloadResult result = runner.run(workloads.create(kind), config.clients());
                Appender.Summary summary = appender == null ? null : appender.stop();
                report(result, summary);
            }
        }
        boolean failed = results.stream().anyMatch(result -> result.errors() > 0)
                || appended.stream().anyMatch(summary -> summary.errors() > 0);
        return failed ? 1 : 0;
    }

    private void report(WorkloadResult result, Appender.Summary summary) {
        results.add(result);
        out.println(result.line());
        out.flush();
        if (result.firstError() != null) {
            log.printf("%s first error: %s%n", result.name(), result.firstError());
        }
        if (summary != null) {
            appended.add(summary);
            log.println(summary.line());
            if (summary.firstError() != null) {
                log.printf("appender first error: %s%n", summary.firstError());
            }
        }
    }

    private void checkReachable(MlflowHttp http) throws IOException, InterruptedException {
        try {
            http.send(http.getPath("/health"), HttpResponse.BodyHandlers.discarding());
        } catch (ConnectException e) {
            throw new IOException("no server answers at " + http.baseUri() + " (start one with `./cairn server` or `mlflow server`)", e);
        }
    }

    /** Workload names as printed, case-insensitive, with the known list on a typo. */
    static final class WorkloadConverter implements CommandLine.ITypeConverter<WorkloadKind> {
        @Override
        public WorkloadKind convert(String value) {
            try {
                return WorkloadKind.parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}
