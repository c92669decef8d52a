package jpm.ecosystem;

import java.util.List;

/**
 * An ecosystem file that cannot be applied. It carries every diagnostic of the file, not just the
 * first error, so a user fixes everything in one round; the message is the errors rendered one per line.
 */
public final class EcosystemException extends RuntimeException {
    private final transient List<Diagnostic> diagnostics;

    public EcosystemException(List<Diagnostic> diagnostics) {
        super(render(diagnostics));
        this.diagnostics = List.copyOf(diagnostics);
        if (errors().isEmpty()) throw new IllegalArgumentException("an EcosystemException needs at least one error");
    }

    /** Every finding of the file (errors, warnings and infos) in file order. */
    public List<Diagnostic> diagnostics() {
        return diagnostics;
    }

    public List<Diagnostic> errors() {
        return diagnostics.stream().filter(Diagnostic::isError).toList();
    }

    private static String render(List<Diagnostic> diagnostics) {
        StringBuilder sb = new StringBuilder();
        for (Diagnostic d : diagnostics) {
            if (!d.isError()) continue;
            if (!sb.isEmpty()) sb.append('\n');
            sb.append(d.render());
        }
        return sb.toString();
    }
}
