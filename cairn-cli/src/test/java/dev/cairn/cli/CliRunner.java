package dev.cairn.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Runs the CLI in-process with captured stdout and stderr. */
final class CliRunner {
    record Result(int exitCode, String out, String err) {}

    private final Map<String, String> env;
    private final Path workingDir;

    CliRunner(Map<String, String> env, Path workingDir) {
        this.env = env;
        this.workingDir = workingDir;
    }

    Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = CairnCli.execute(env, workingDir, new PrintWriter(out), new PrintWriter(err), args);
        return new Result(code, out.toString(), err.toString());
    }

    Result run(List<String> args) {
        return run(args.toArray(String[]::new));
    }

    static List<String> args(String... parts) {
        return new ArrayList<>(List.of(parts));
    }
}
