package dev.cairn.cli;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;

/** A one-line progress bar on stderr for transfers worth watching; silent when nobody is watching. */
final class Progress {
    static final long WORTH_SHOWING = 1 << 20;

    private final PrintWriter err;
    private final long total;
    private final boolean enabled;
    private long done;
    private long lastDrawn;

    Progress(PrintWriter err, long total, boolean interactive) {
        this.err = err;
        this.total = total;
        this.enabled = interactive && total >= WORTH_SHOWING;
    }

    void advance(long bytes) {
        done += bytes;
        long now = System.nanoTime();
        if (enabled && (now - lastDrawn > 100_000_000L || done >= total)) {
            lastDrawn = now;
            int width = 30;
            int filled = total == 0 ? width : (int) Math.min(width, done * width / total);
            err.printf("\r[%s%s] %3d%% %.1f/%.1f MiB", "#".repeat(filled), " ".repeat(width - filled),
                    total == 0 ? 100 : done * 100 / total, done / 1048576.0, total / 1048576.0);
            err.flush();
        }
    }

    void finish() {
        if (enabled) {
            err.println();
            err.flush();
        }
    }

    InputStream counting(InputStream in) {
        return new FilterInputStream(in) {
            @Override
            public int read() throws IOException {
                int b = super.read();
                if (b >= 0) {
                    advance(1);
                }
                return b;
            }

            @Override
            public int read(byte[] buf, int off, int len) throws IOException {
                int n = super.read(buf, off, len);
                if (n > 0) {
                    advance(n);
                }
                return n;
            }
        };
    }
}
