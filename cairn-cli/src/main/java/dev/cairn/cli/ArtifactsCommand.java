package dev.cairn.cli;

import dev.cairn.client.CairnTracking;
import dev.cairn.core.artifact.ArtifactRepository;
import dev.cairn.core.artifact.FileInfo;
import dev.cairn.core.error.CairnException;
import dev.cairn.core.model.RunId;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code cairn artifacts list|log|download}, natively through the run's artifact repository (no Python). In a
 * directory store that was moved, the client finds the artifacts at the store's new place.
 */
@Command(name = "artifacts", mixinStandardHelpOptions = true, description = "List, upload and download run artifacts.",
        subcommands = {ArtifactsCommand.ListCommand.class, ArtifactsCommand.LogCommand.class, ArtifactsCommand.DownloadCommand.class})
final class ArtifactsCommand {
    /** MLflow's list-artifacts answer. */
    record ListArtifactsJson(String rootUri, List<FileInfo> files) {}

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List a run's artifacts under a path.")
    static final class ListCommand extends CliCommand {
        @Option(names = {"-r", "--run-id"}, required = true) String runId;

        @Option(names = {"-a", "--artifact-path"}, description = "Directory inside the run's artifacts (default: the root).")
        String path;

        @Override
        public Integer call() {
            try (CairnTracking tracking = common.open(context())) {
                RunId id = RunId.of(runId);
                String root = tracking.artifactLocation(id); // where they are now, should the directory store have moved
                List<FileInfo> files = tracking.listArtifacts(id, path);
                if (common.json()) {
                    Output.json(out(), new ListArtifactsJson(root, files));
                } else {
                    Output.table(out(), List.of("PATH", "SIZE"), files.stream().map(f -> List.of(
                            f.path() + (f.isDir() ? "/" : ""), f.fileSize() == null ? "" : String.valueOf(f.fileSize()))).toList());
                }
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "log", mixinStandardHelpOptions = true, description = "Upload a local file or directory to a run's artifacts.")
    static final class LogCommand extends CliCommand {
        @Parameters(paramLabel = "LOCAL_PATH", description = "File or directory to upload.") Path local;

        @Option(names = {"-r", "--run-id"}, required = true) String runId;

        @Option(names = {"-a", "--artifact-path"}, description = "Directory inside the run's artifacts (default: the root).")
        String artifactPath;

        @Override
        public Integer call() throws IOException {
            Path source = context().workingDir().resolve(local).normalize();
            if (!Files.exists(source)) {
                throw CairnException.invalidParameter("No such file or directory: %s", source);
            }
            List<Path> files = new ArrayList<>();
            if (Files.isDirectory(source)) {
                try (Stream<Path> walk = Files.walk(source)) {
                    walk.filter(Files::isRegularFile).sorted().forEach(files::add);
                }
            } else {
                files.add(source);
            }
            long total = 0;
            for (Path f : files) {
                total += Files.size(f);
            }
            String base = artifactPath == null ? "" : artifactPath.replaceAll("^/+|/+$", "");
            Progress progress = new Progress(err(), total, context().interactive() && !common.json());
            try (CairnTracking tracking = common.open(context()); ArtifactRepository repo = tracking.artifacts(RunId.of(runId))) {
                for (Path f : files) {
                    Path relative = Files.isDirectory(source) ? source.relativize(f) : f.getFileName();
                    String target = join(base, relative.toString().replace(java.io.File.separatorChar, '/'));
                    try (InputStream in = progress.counting(Files.newInputStream(f))) {
                        repo.write(target, in, Files.size(f));
                    }
                }
            } finally {
                progress.finish();
            }
            if (common.json()) {
                Output.json(out(), java.util.Map.of("files", files.size(), "bytes", total));
            } else {
                out().println("Uploaded " + files.size() + " file" + (files.size() == 1 ? "" : "s") + " (" + total
                        + " bytes) to run " + runId + (base.isEmpty() ? "" : " under " + base));
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "download", mixinStandardHelpOptions = true,
            description = "Download a run's artifact file or directory to DST/PATH (as MLflow lays it out).")
    static final class DownloadCommand extends CliCommand {
        @Option(names = {"-r", "--run-id"}, required = true) String runId;

        @Option(names = {"-a", "--artifact-path"}, description = "File or directory inside the run's artifacts (default: all).")
        String path;

        @Option(names = {"-d", "--dst-path"}, defaultValue = ".", description = "Local directory (default: the current one).")
        Path destination;

        @Override
        public Integer call() throws IOException {
            Path dst = context().workingDir().resolve(destination).normalize();
            String relative = path == null ? "" : path.replaceAll("^/+|/+$", "");
            try (CairnTracking tracking = common.open(context()); ArtifactRepository repo = tracking.artifacts(RunId.of(runId))) {
                List<FileInfo> files = new ArrayList<>();
                List<FileInfo> children = repo.list(relative);
                if (children.isEmpty() && !relative.isEmpty()) {
                    files.add(new FileInfo(relative, false, null)); // a single file (or nothing: open() says so)
                } else {
                    collect(repo, children, files);
                }
                long total = files.stream().mapToLong(f -> f.fileSize() == null ? 0 : f.fileSize()).sum();
                Progress progress = new Progress(err(), total, context().interactive() && !common.json());
                try {
                    for (FileInfo f : files) {
                        Path target = dst.resolve(f.path()).normalize();
                        if (!target.startsWith(dst)) {
                            throw CairnException.invalidParameter("Artifact '%s' would land outside %s", f.path(), dst);
                        }
                        Files.createDirectories(target.getParent());
                        try (InputStream in = progress.counting(repo.open(f.path()));
                             OutputStream os = Files.newOutputStream(target)) {
                            in.transferTo(os);
                        }
                    }
                } catch (UncheckedIOException e) {
                    throw e.getCause();
                } finally {
                    progress.finish();
                }
                Path landed = relative.isEmpty() ? dst : dst.resolve(relative);
                if (common.json()) {
                    Output.json(out(), java.util.Map.of("path", landed.toString(), "files", files.size()));
                } else {
                    out().println("Downloaded " + files.size() + " file" + (files.size() == 1 ? "" : "s") + " to " + landed);
                }
            }
            return ExitCodes.OK;
        }

        private static void collect(ArtifactRepository repo, List<FileInfo> entries, List<FileInfo> into) {
            for (FileInfo e : entries) {
                if (e.isDir()) {
                    collect(repo, repo.list(e.path()), into);
                } else {
                    into.add(e);
                }
            }
        }
    }

    static String join(String base, String name) {
        return base.isEmpty() ? name : base + "/" + name;
    }
}
