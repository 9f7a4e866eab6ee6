package dev.cairn.migrate;

import java.io.PrintWriter;

/**
 * Progress bars on a terminal ({@code \r}-redrawn), or a line every few seconds when the output is a file or
 * pipe, so logs stay readable.
 */
public final class ConsoleProgress implements MigrationProgress {
    private static final int WIDTH = 30;

    private final PrintWriter out;
    private final boolean terminal;
    private String phase = "";
    private long phaseStart;
    private long lastPrint;

    public ConsoleProgress(PrintWriter out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    @Override
    public void phase(String name, long total) {
        finishLine();
        phase = name;
        phaseStart = System.nanoTime();
        lastPrint = 0;
        out.printf("%s: %d runs%n", name, total);
        out.flush();
    }

    @Override
    public void advanced(long done, long total, String what) {
        long now = System.nanoTime();
        boolean last = done == total;
        if (!last && now - lastPrint < (terminal ? 100_000_000L : 5_000_000_000L)) {
            return;
        }
        lastPrint = now;
        double seconds = Math.max((now - phaseStart) / 1e9, 1e-9);
        int filled = total <= 0 ? 0 : (int) (WIDTH * done / total);
        String bar = "[" + "#".repeat(filled) + " ".repeat(WIDTH - filled) + "]";
        String line = String.format("%-7s %s %d/%d runs %3d%% %.1f runs/s", phase, bar, done, total,
                total <= 0 ? 100 : 100 * done / total, done / seconds);
        if (terminal) {
            out.print("\r" + line + (last ? "\n" : ""));
        } else {
            out.println(line);
        }
        out.flush();
    }

    @Override
    public void note(String message) {
        finishLine();
        out.println(message);
        out.flush();
    }

    private void finishLine() {
        if (terminal && lastPrint != 0) {
            out.println();
            lastPrint = 0;
        }
    }
}
