package jpm.ecosystem;

/**
 * One finding about an ecosystem file, rendered as {@code file:line:col: /json/pointer: message}
 * (docs/ecosystem.md, "Diagnostics").
 *
 * @param line 1-based; 0 when the finding is about the whole file (then no position is shown)
 * @param column 1-based; 0 when {@code line} is 0
 * @param pointer the JSON pointer of the value as written in the file (original key names, so
 *     {@code /apps/0/exec} for PM2's alias of {@code script}); null when the finding is not
 *     about one value; {@code ""} is the whole document
 */
public record Diagnostic(String file, int line, int column, String pointer, String message, Severity severity) {
    public enum Severity { ERROR, WARNING, INFO }

    public Diagnostic {
        if (file == null) throw new IllegalArgumentException("file");
        if (message == null) throw new IllegalArgumentException("message");
        if (severity == null) throw new IllegalArgumentException("severity");
        if (line < 0 || column < 0) throw new IllegalArgumentException("line and column are 1-based, or 0 for none");
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    /** {@code file:line:col: /pointer: message}; parts that are absent are left out. */
    public String render() {
        StringBuilder sb = new StringBuilder(file);
        if (line > 0) sb.append(':').append(line).append(':').append(column);
        sb.append(": ");
        if (pointer != null) sb.append(pointer.isEmpty() ? "/" : pointer).append(": ");
        return sb.append(message).toString();
    }

    @Override
    public String toString() {
        return render();
    }
}
