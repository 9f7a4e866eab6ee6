package dev.cairn.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;

/** What commands get from the process: environment, working directory and the two output streams. */
record CliContext(Map<String, String> env, Path workingDir, PrintWriter out, PrintWriter err) {
    /** Whether a human is watching stderr (progress bars only then). */
    boolean interactive() {
        return System.console() != null;
    }
}
