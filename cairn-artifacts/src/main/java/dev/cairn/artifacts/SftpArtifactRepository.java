package dev.cairn.artifacts;

import static java.util.Objects.requireNonNull;

import dev.cairn.core.artifact.FileInfo;
import dev.cairn.core.artifact.MultipartUploads;
import dev.cairn.core.error.CairnException;
import dev.cairn.core.error.ErrorCode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.keyverifier.ServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.client.SftpClientFactory;
import org.apache.sshd.sftp.common.SftpConstants;
import org.apache.sshd.sftp.common.SftpException;

/**
 * Artifacts under a directory of an SFTP server, through one SSH session held for the repository's life.
 * Relative paths pass {@link ArtifactPath} before they are joined to the remote root, so the server's
 * own idea of {@code ..} never comes into play. Uploads go to a hidden temporary name and are renamed
 * into place, so readers never see a partial file.
 */
public final class SftpArtifactRepository extends StreamingArtifactRepository {
    private static final String TEMP_PREFIX = ".cairn-upload-";

    /** Where and how to connect; {@code password} and {@code keys} may both be given (tried keys first). */
    public record Target(String user, String host, int port, String rootPath, String password, List<KeyPair> keys,
                         ServerKeyVerifier hostKeyVerifier, Duration timeout) {
        public Target {
            requireNonNull(user, "user is null");
            requireNonNull(host, "host is null");
            requireNonNull(rootPath, "rootPath is null");
            requireNonNull(keys, "keys is null");
            requireNonNull(hostKeyVerifier, "hostKeyVerifier is null");
            requireNonNull(timeout, "timeout is null");
        }
    }

    private final Target target;
    private final String root;
    private final SshClient ssh;
    private final ClientSession session;
    private final SftpClient sftp;
    private volatile boolean rootExists;

    public SftpArtifactRepository(Target target) {
        this.target = requireNonNull(target, "target is null");
        String r = target.rootPath();
        this.root = r.length() > 1 && r.endsWith("/") ? r.substring(0, r.length() - 1) : (r.isEmpty() ? "." : r);
        ssh = SshClient.setUpDefaultClient();
        ssh.setServerKeyVerifier(target.hostKeyVerifier());
        ssh.start();
        ClientSession s = null;
        try {
            s = ssh.connect(target.user(), target.host(), target.port()).verify(target.timeout()).getSession();
            for (KeyPair key : target.keys()) {
                s.addPublicKeyIdentity(key);
            }
            if (target.password() != null) {
                s.addPasswordIdentity(target.password());
            }
            s.auth().verify(target.timeout());
            this.session = s;
            this.sftp = SftpClientFactory.instance().createSftpClient(s);
        } catch (IOException | RuntimeException e) {
            closeQuietly(s);
            ssh.stop();
            throw connectFailure(e);
        }
    }

    private CairnException connectFailure(Exception e) {
        String where = target.user() + "@" + target.host() + ":" + target.port();
        String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (reason.toLowerCase(java.util.Locale.ROOT).contains("auth")) {
            return new CairnException(ErrorCode.PERMISSION_DENIED, "SFTP login to " + where + " failed: " + reason, e);
        }
        return new CairnException(ErrorCode.TEMPORARILY_UNAVAILABLE,
                "Cannot reach SFTP server " + where + " within " + target.timeout().toSeconds() + "s: " + reason, e);
    }

    private String remote(String relative) {
        return relative.isEmpty() ? root : (root.equals("/") ? "/" + relative : root + "/" + relative);
    }


    @Override
    public void write(String path, InputStream content, long length) {
        requireNonNull(content, "content is null");
        String relative = ArtifactPath.normalize(path);
        if (relative.isEmpty()) {
            throw CairnException.invalidParameter("An artifact path is required to write a file.");
        }
        String parent = relative.contains("/") ? relative.substring(0, relative.lastIndexOf('/')) : "";
        String temp = ArtifactPath.join(parent, TEMP_PREFIX + UUID.randomUUID());
        try {
            mkdirs(parent);
            SftpClient.Attributes existing = stat(remote(relative));
            if (existing != null && existing.isDirectory()) {
                throw CairnException.invalidParameter("Artifact path '%s' is a directory.", relative);
            }
            long copied;
            try (OutputStream out = sftp.write(remote(temp))) {
                copied = content.transferTo(out);
            }
            if (length >= 0 && copied != length) {
                sftp.remove(remote(temp));
                throw CairnException.invalidParameter("Upload of '%s' ended after %d of %d bytes.", relative, copied, length);
            }
            if (existing != null) {
                sftp.remove(remote(relative));
            }
            sftp.rename(remote(temp), remote(relative));
        } catch (IOException e) {
            try {
                sftp.remove(remote(temp));
            } catch (IOException ignored) {
                // nothing was written, or the session is gone
            }
            throw failure("write '" + relative + "'", e);
        }
    }

    private void mkdirs(String relative) throws IOException {
        ensureRoot();
        String current = "";
        for (String segment : relative.split("/")) {
            current = ArtifactPath.join(current, segment);
            ensureDir(remote(current));
        }
    }

    /** Creates the root and its missing ancestors once per repository. */
    private void ensureRoot() throws IOException {
        if (rootExists) {
            return;
        }
        if (stat(root) == null) {
            StringBuilder current = new StringBuilder(root.startsWith("/") ? "" : ".");
            for (String segment : root.split("/")) {
                if (segment.isEmpty() || segment.equals(".")) {
                    continue;
                }
                current.append('/').append(segment);
                ensureDir(current.toString());
            }
        }
        rootExists = true;
    }

    private void ensureDir(String remotePath) throws IOException {
        SftpClient.Attributes attrs = stat(remotePath);
        if (attrs == null) {
            try {
                sftp.mkdir(remotePath);
            } catch (SftpException e) {
                SftpClient.Attributes again = stat(remotePath); // created concurrently?
                if (again == null || !again.isDirectory()) {
                    throw e;
                }
            }
        } else if (!attrs.isDirectory()) {
            throw CairnException.invalidParameter("'%s' exists and is not a directory.", remotePath);
        }
    }

    private SftpClient.Attributes stat(String remotePath) throws IOException {
        try {
            return sftp.stat(remotePath);
        } catch (SftpException e) {
            if (e.getStatus() == SftpConstants.SSH_FX_NO_SUCH_FILE || e.getStatus() == SftpConstants.SSH_FX_NO_SUCH_PATH) {
                return null;
            }
            throw e;
        }
    }

    @Override
    public List<FileInfo> list(String path) {
        String relative = ArtifactPath.normalize(path);
        try {
            SftpClient.Attributes attrs = stat(remote(relative));
            if (attrs == null || !attrs.isDirectory()) {
                return List.of();
            }
            List<FileInfo> out = new ArrayList<>();
            for (SftpClient.DirEntry entry : sftp.readDir(remote(relative))) {
                String name = entry.getFilename();
                String child = ArtifactPath.join(relative, name);
                if (name.equals(".") || name.equals("..") || name.startsWith(TEMP_PREFIX) || child.equals(MultipartUploads.STAGING_DIR)) {
                    continue;
                }
                SftpClient.Attributes a = entry.getAttributes();
                out.add(a.isDirectory() ? new FileInfo(child, true, null) : new FileInfo(child, false, a.getSize()));
            }
            out.sort(Comparator.comparing(FileInfo::path));
            return out;
        } catch (IOException e) {
            throw failure("list '" + relative + "'", e);
        }
    }

    @Override
    public InputStream open(String path) {
        String relative = ArtifactPath.normalize(path);
        try {
            SftpClient.Attributes attrs = stat(remote(relative));
            if (attrs == null || !attrs.isRegularFile()) {
                throw CairnException.notFound("No artifact at '%s'.", relative);
            }
            return sftp.read(remote(relative));
        } catch (IOException e) {
            throw failure("read '" + relative + "'", e);
        }
    }

    @Override
    public void download(String path, Path destination) {
        requireNonNull(destination, "destination is null");
        RepositoryDownloads.download(this, path, destination);
    }

    @Override
    public void delete(String path) {
        String relative = ArtifactPath.normalize(path);
        try {
            deleteTree(remote(relative));
        } catch (IOException e) {
            throw failure("delete '" + relative + "'", e);
        }
    }

    private void deleteTree(String remotePath) throws IOException {
        SftpClient.Attributes attrs;
        try {
            attrs = sftp.lstat(remotePath);
        } catch (SftpException e) {
            if (e.getStatus() == SftpConstants.SSH_FX_NO_SUCH_FILE || e.getStatus() == SftpConstants.SSH_FX_NO_SUCH_PATH) {
                return;
            }
            throw e;
        }
        if (attrs.isDirectory()) {
            List<String> children = new ArrayList<>();
            for (SftpClient.DirEntry entry : sftp.readDir(remotePath)) {
                if (!entry.getFilename().equals(".") && !entry.getFilename().equals("..")) {
                    children.add(remotePath + "/" + entry.getFilename());
                }
            }
            for (String child : children) {
                deleteTree(child);
            }
            sftp.rmdir(remotePath);
        } else {
            sftp.remove(remotePath);
        }
    }

    private CairnException failure(String what, IOException e) {
        if (e instanceof SftpException s && s.getStatus() == SftpConstants.SSH_FX_PERMISSION_DENIED) {
            return new CairnException(ErrorCode.PERMISSION_DENIED, "SFTP server refused to " + what + ": " + e.getMessage(), e);
        }
        if (!session.isOpen()) {
            return new CairnException(ErrorCode.TEMPORARILY_UNAVAILABLE,
                    "SFTP connection to " + target.host() + ":" + target.port() + " was lost while trying to " + what, e);
        }
        return new CairnException(ErrorCode.INTERNAL_ERROR, "SFTP failed to " + what + ": " + e.getMessage(), e);
    }

    /** Parts staged as files under the root, so every replica sharing the directory sees them. */
    @Override
    public Optional<MultipartUploads> multipartUploads() {
        return Optional.of(new StagedMultipartUploads(this));
    }

    @Override
    public void close() {
        closeQuietly(sftp);
        closeQuietly(session);
        ssh.stop();
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c != null) {
            try {
                c.close();
            } catch (Exception ignored) {
                // closing a broken session: nothing left to save
            }
        }
    }

    @Override
    public String toString() {
        return "SftpArtifactRepository[sftp://" + target.user() + "@" + target.host() + ":" + target.port() + root + "]";
    }
}
