package dev.cairn.artifacts;

import dev.cairn.core.artifact.ArtifactRepository;
import dev.cairn.core.artifact.ArtifactRepositoryProvider;
import dev.cairn.core.error.CairnException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.sshd.client.keyverifier.AcceptAllServerKeyVerifier;
import org.apache.sshd.client.keyverifier.KnownHostsServerKeyVerifier;
import org.apache.sshd.client.keyverifier.RejectAllServerKeyVerifier;
import org.apache.sshd.client.keyverifier.ServerKeyVerifier;
import org.apache.sshd.common.util.security.SecurityUtils;

/**
 * {@code sftp://user[:password]@host[:port]/absolute/path}. Keys come from {@code CAIRN_SFTP_IDENTITY}
 * (a private key file) or the usual {@code ~/.ssh/id_ed25519}, {@code id_ecdsa}, {@code id_rsa}; the
 * server's host key must be in {@code ~/.ssh/known_hosts} (or {@code CAIRN_SFTP_KNOWN_HOSTS}) unless
 * {@code CAIRN_SFTP_STRICT_HOST_KEY_CHECKING=no}, as with OpenSSH. {@code CAIRN_SFTP_TIMEOUT_SECONDS}
 * bounds connecting and logging in (default 15).
 */
public final class SftpArtifactRepositoryProvider implements ArtifactRepositoryProvider {
    @Override
    public Set<String> schemes() {
        return Set.of("sftp");
    }

    @Override
    public ArtifactRepository open(String rootUri) {
        return new SftpArtifactRepository(target(rootUri, System.getenv(), Path.of(System.getProperty("user.home"))));
    }

    static SftpArtifactRepository.Target target(String rootUri, Map<String, String> env, Path home) {
        if (rootUri.indexOf('#') >= 0 || rootUri.indexOf('?') >= 0) {
            throw CairnException.invalidParameter("SFTP location must not contain '#' or '?'.");
        }
        URI uri;
        try {
            uri = URI.create(rootUri);
        } catch (IllegalArgumentException e) {
            throw CairnException.invalidParameter("Invalid SFTP location: %s", e.getMessage());
        }
        if (uri.getHost() == null) {
            throw CairnException.invalidParameter("SFTP location names no host (expected sftp://user@host:port/path).");
        }
        String user = System.getProperty("user.name");
        String password = null;
        if (uri.getRawUserInfo() != null) {
            String[] parts = uri.getRawUserInfo().split(":", 2);
            user = URLDecoder.decode(parts[0], StandardCharsets.UTF_8);
            password = parts.length > 1 ? URLDecoder.decode(parts[1], StandardCharsets.UTF_8) : null;
        }
        String path = uri.getPath() == null || uri.getPath().isEmpty() ? "." : uri.getPath();
        if (!path.equals(".")) {
            ArtifactPath.normalize(path.substring(1)); // refuse ".." and friends in the root itself
        }
        Duration timeout = Duration.ofSeconds(Long.parseLong(env.getOrDefault("CAIRN_SFTP_TIMEOUT_SECONDS", "15")));
        return new SftpArtifactRepository.Target(user, uri.getHost(), uri.getPort() < 0 ? 22 : uri.getPort(), path, password,
                keys(env, home), verifier(env, home), timeout);
    }

    private static List<KeyPair> keys(Map<String, String> env, Path home) {
        List<Path> candidates = new ArrayList<>();
        if (env.get("CAIRN_SFTP_IDENTITY") != null) {
            candidates.add(Path.of(env.get("CAIRN_SFTP_IDENTITY")));
        } else {
            for (String name : List.of("id_ed25519", "id_ecdsa", "id_rsa")) {
                candidates.add(home.resolve(".ssh").resolve(name));
            }
        }
        List<KeyPair> keys = new ArrayList<>();
        for (Path file : candidates) {
            if (!Files.isRegularFile(file)) {
                continue;
            }
            try (InputStream in = Files.newInputStream(file)) {
                Iterable<KeyPair> loaded = SecurityUtils.loadKeyPairIdentities(null, () -> file.toString(), in, null);
                if (loaded != null) {
                    loaded.forEach(keys::add);
                }
            } catch (IOException | GeneralSecurityException e) {
                throw CairnException.invalidParameter("Cannot load SSH key %s: %s", file, e.getMessage());
            }
        }
        return keys;
    }

    private static ServerKeyVerifier verifier(Map<String, String> env, Path home) {
        if ("no".equalsIgnoreCase(env.get("CAIRN_SFTP_STRICT_HOST_KEY_CHECKING"))) {
            return AcceptAllServerKeyVerifier.INSTANCE;
        }
        Path knownHosts = env.get("CAIRN_SFTP_KNOWN_HOSTS") != null
                ? Path.of(env.get("CAIRN_SFTP_KNOWN_HOSTS")) : home.resolve(".ssh/known_hosts");
        return new KnownHostsServerKeyVerifier(RejectAllServerKeyVerifier.INSTANCE, knownHosts);
    }
}
