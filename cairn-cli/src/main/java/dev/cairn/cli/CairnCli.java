package dev.cairn.cli;

import dev.cairn.core.error.CairnException;
import dev.cairn.protocol.ErrorResponse;
import dev.cairn.protocol.MlflowJson;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;

/** The {@code cairn} command line. {@link #execute} runs it in-process (tests); {@link #main} exits with its status. */
@Command(name = "cairn", mixinStandardHelpOptions = true, versionProvider = CairnCli.Version.class,
        description = "Experiment tracking for the JVM, speaking MLflow's tracking protocol.",
        footer = "%n" + ExitCodes.DESCRIPTION,
        subcommands = {
            ServerCommand.class,
            ExperimentsCommand.class,
            RunsCommand.class,
            ArtifactsCommand.class,
            DoctorCommand.class,
            DbCommand.class,
            GcCommand.class,
            dev.cairn.migrate.cli.MigrateCommand.class,
            dev.cairn.migrate.cli.RelocateCommand.class,
            CompletionCommand.class,
            CommandLine.HelpCommand.class
        })
public final class CairnCli implements Runnable {
    final CliContext context;

    @picocli.CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    CairnCli(CliContext context) {
        this.context = context;
    }

    @Override
    public void run() {
        // "cairn" alone: show what there is
        spec.commandLine().usage(context.out());
    }

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        int status = execute(new CliContext(System.getenv(), Path.of("").toAbsolutePath(), out, err), args);
        out.flush();
        err.flush();
        // the server command returns only when stopped; everything else is done now
        System.exit(status);
    }

    /** Runs one command line and returns its exit status (see {@link ExitCodes}). */
    public static int execute(Map<String, String> env, Path workingDir, PrintWriter out, PrintWriter err, String... args) {
        return execute(new CliContext(env, workingDir, out, err), args);
    }

    static int execute(CliContext context, String... args) {
        CommandLine cli = commandLine(context);
        return cli.execute(args);
    }

    static CommandLine commandLine(CliContext context) {
        CommandLine cli = new CommandLine(new CairnCli(context));
        cli.setOut(context.out());
        cli.setErr(context.err());
        cli.setExitCodeExceptionMapper(ExitCodes::of);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            CommonOptions common = commandLine.getCommand() instanceof CliCommand c ? c.common : null;
            report(context.err(), e, common);
            return ExitCodes.of(e);
        });
        cli.setParameterExceptionHandler((e, args) -> {
            PrintWriter err = e.getCommandLine().getErr();
            err.println("cairn: " + e.getMessage());
            if (!CommandLine.UnmatchedArgumentException.printSuggestions(e, err)) {
                err.println("Try '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help' for more information.");
            }
            err.flush();
            return ExitCodes.USAGE;
        });
        return cli;
    }

    /** One line naming the cause (or MLflow's error body in JSON mode); a stack trace only with --verbose. */
    static void report(PrintWriter err, Exception e, CommonOptions common) {
        CairnException cairn = e instanceof CairnException c ? c : null;
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (common != null && common.json()) {
            String code = cairn != null ? cairn.code().name()
                    : ExitCodes.of(e) == ExitCodes.USER_ERROR ? "INVALID_PARAMETER_VALUE" : "INTERNAL_ERROR";
            err.println(MlflowJson.write(new ErrorResponse(code, message)));
        } else {
            err.println("cairn: " + (cairn != null ? cairn.code().name() + ": " : "") + message);
        }
        if (common != null && common.verbose) {
            e.printStackTrace(err);
        } else if (cairn == null && !(e instanceof IllegalArgumentException)) {
            err.println("(run again with --verbose for details)");
        }
        err.flush();
    }

    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            // cairn-server's build writes the version into this resource; the CLI ships with that jar
            java.util.Properties p = new java.util.Properties();
            try (var in = CairnCli.class.getResourceAsStream("/dev/cairn/server/version.properties")) {
                if (in != null) {
                    p.load(in);
                }
            } catch (java.io.IOException e) {
                // fall through to "unknown"
            }
            return new String[] {"cairn " + p.getProperty("version", "unknown")};
        }
    }
}
