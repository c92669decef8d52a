package jpm.ecosystem;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import jpm.ecosystem.Diagnostic.Severity;
import jpm.ecosystem.DocNode.Position;

/** Collects the findings of one file while it is read, so all of them are reported at once. */
final class Diagnostics {
    private final String file;
    private final List<Diagnostic> all = new ArrayList<>();

    Diagnostics(String file) {
        this.file = file;
    }

    String file() {
        return file;
    }

    void error(Position at, String pointer, String message) {
        add(Severity.ERROR, at, pointer, message);
    }

    void warning(Position at, String pointer, String message) {
        add(Severity.WARNING, at, pointer, message);
    }

    void info(Position at, String pointer, String message) {
        add(Severity.INFO, at, pointer, message);
    }

    void add(Severity severity, Position at, String pointer, String message) {
        Position p = at == null ? Position.NONE : at;
        all.add(new Diagnostic(file, p.line(), p.column(), pointer, message, severity));
    }

    boolean hasErrors() {
        return all.stream().anyMatch(Diagnostic::isError);
    }

    /** True when an error was reported for this pointer or a value below it. */
    boolean hasErrorAt(String pointer) {
        return all.stream().anyMatch(d -> d.isError() && d.pointer() != null
                && (d.pointer().equals(pointer) || d.pointer().startsWith(pointer + "/")));
    }

    /** All findings in file order (stable for findings at one position). */
    List<Diagnostic> sorted() {
        List<Diagnostic> out = new ArrayList<>(all);
        out.sort(Comparator.comparingInt(Diagnostic::line).thenComparingInt(Diagnostic::column));
        return out;
    }

    List<Diagnostic> sorted(Severity severity) {
        return sorted().stream().filter(d -> d.severity() == severity).toList();
    }

    /** The pointer of a child: {@code child("/apps", "0")}, with RFC 6901 escaping of the token. */
    static String child(String pointer, String token) {
        return pointer + "/" + token.replace("~", "~0").replace("/", "~1");
    }

    /** A syntax or bound problem that stops reading: nothing after it can be checked. */
    static final class Fatal extends RuntimeException {
        final transient Position position;

        Fatal(Position position, String message) {
            super(message, null, false, false);
            this.position = position;
        }
    }
}
