package jpm.sync;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import jpm.home.JpmHome;
import jpm.json.Json;
import jpm.rpc.WireCodec;

/**
 * JPM_HOME/sync/sources.json: every source and its status, written whole (a temp file, fsync,
 * rename, fsync of the directory) so a crash leaves the old file or the new one, never a mix.
 * Mode 0600 in a 0700 directory: URLs may carry tokens.
 */
public final class SourcesFile {
    static final int VERSION = 1;

    /** The file's form (public: the codec binds it by reflection). */
    public record Content(int version, List<Source> sources) {
        public Content {
            sources = sources == null ? List.of() : List.copyOf(sources);
        }
    }

    private final Path dir;
    private final Path file;

    SourcesFile(Path dir) {
        this.dir = dir;
        this.file = dir.resolve("sources.json");
    }

    Path file() {
        return file;
    }

    /** The sources, or none when there is no file yet. */
    List<Source> read() throws IOException {
        if (!Files.exists(file)) return List.of();
        try {
            Content c = (Content) WireCodec.fromTree(Json.parse(Files.readString(file)), Content.class);
            if (c.version() > VERSION) throw new IOException(file + " was written by a newer jpm (version " + c.version() + ")");
            return c.sources();
        } catch (RuntimeException e) {
            throw new IOException(file + " cannot be read: " + e.getMessage());
        }
    }

    void write(List<Source> sources) throws IOException {
        JpmHome.ensurePrivateDir(dir);
        Path tmp = dir.resolve("sources.json.tmp");
        byte[] bytes = (Json.writePretty(WireCodec.toTree(new Content(VERSION, sources), Content.class)) + "\n")
                .getBytes(StandardCharsets.UTF_8);
        Files.deleteIfExists(tmp);
        JpmHome.ensureFile(tmp, JpmHome.FILE_MODE);
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            ch.write(java.nio.ByteBuffer.wrap(bytes));
            ch.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true); // the rename itself reaches the disk
        }
    }
}
