package dev.cairn.migrate;

import dev.cairn.core.artifact.ArtifactRepository;
import dev.cairn.core.artifact.FileInfo;
import dev.cairn.core.error.CairnException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/** Walks, hashes and copies whole artifact trees through the {@link ArtifactRepository} SPI (any backend). */
final class ArtifactTrees {
    private ArtifactTrees() {}

    /** Every file under the repository root, sorted by path. */
    static List<FileInfo> files(ArtifactRepository repo) {
        List<FileInfo> out = new ArrayList<>();
        Deque<String> dirs = new ArrayDeque<>();
        dirs.push("");
        while (!dirs.isEmpty()) {
            String dir = dirs.pop();
            for (FileInfo f : repo.list(dir)) {
                if (f.isDir()) {
                    dirs.push(f.path());
                } else {
                    out.add(f);
                }
            }
        }
        out.sort(Comparator.comparing(FileInfo::path));
        return out;
    }

    /** Path → "size:sha256" of every file, read byte by byte from the repository. */
    static SortedMap<String, String> fingerprints(ArtifactRepository repo) {
        SortedMap<String, String> out = new TreeMap<>();
        for (FileInfo f : files(repo)) {
            out.put(f.path(), fingerprint(repo, f.path()));
        }
        return out;
    }

    static String fingerprint(ArtifactRepository repo, String path) {
        MessageDigest sha = sha256();
        long size = 0;
        try (InputStream in = new DigestInputStream(repo.open(path), sha)) {
            byte[] buffer = new byte[64 * 1024];
            for (int n; (n = in.read(buffer)) >= 0; ) {
                size += n;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read artifact " + path + " of " + repo, e);
        }
        return size + ":" + HexFormat.of().formatHex(sha.digest());
    }

    /** Copies the files at {@code paths}, each streamed; returns the bytes copied. */
    static long copy(ArtifactRepository from, ArtifactRepository to, List<FileInfo> files) {
        long bytes = 0;
        for (FileInfo f : files) {
            long length = f.fileSize() == null ? -1 : f.fileSize();
            try (InputStream in = from.open(f.path())) {
                to.write(f.path(), in, length);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot copy artifact " + f.path(), e);
            }
            bytes += Math.max(0, length);
        }
        return bytes;
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw CairnException.internal("SHA-256 is not available", e);
        }
    }
}
