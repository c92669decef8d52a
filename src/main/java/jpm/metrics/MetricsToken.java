package jpm.metrics;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import jpm.home.JpmHome;

/**
 * The bearer token of the metrics listener, in {@code JPM_HOME/metrics.token} (0600): made on the
 * listener's first start and kept, so a Prometheus configured with it ({@code credentials_file})
 * goes on working across daemon restarts. Deleting the file makes a new token at the next start.
 */
public final class MetricsToken {
    /** 32 random bytes, as 64 hex digits. */
    static final int BYTES = 32;
    /** A token of the user's own is accepted from this length: shorter ones are guessable. */
    static final int MIN_LENGTH = 32;

    private MetricsToken() {}

    /** The token, made now if the file does not exist; an IOException says why the file cannot be used. */
    public static String readOrCreate(Path file) throws IOException {
        if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) return read(file);
        byte[] random = new byte[BYTES];
        new SecureRandom().nextBytes(random);
        String token = HexFormat.of().formatHex(random);
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        // created 0600, never readable by others for a moment whatever the umask
        Files.createFile(tmp, PosixFilePermissions.asFileAttribute(JpmHome.FILE_MODE));
        Files.writeString(tmp, token, StandardCharsets.US_ASCII);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
        return token;
    }

    private static String read(Path file) throws IOException {
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) throw new IOException(file + " is not a regular file");
        Files.setPosixFilePermissions(file, JpmHome.FILE_MODE); // a copy made by hand may have come with 0644
        String token = Files.readString(file, StandardCharsets.UTF_8).strip();
        String problem = problem(token);
        if (problem != null) throw new IOException(file + ": " + problem + " (delete it: the listener makes a new token)");
        return token;
    }

    /** Why a token read from the file cannot be used, or null: what Prometheus sends must fit an HTTP header. */
    static String problem(String token) {
        if (token.length() < MIN_LENGTH) return "the token is shorter than " + MIN_LENGTH + " characters";
        if (!token.matches("[A-Za-z0-9._~+/=-]+")) return "the token holds characters other than letters, digits and ._~+/=-";
        return null;
    }
}
