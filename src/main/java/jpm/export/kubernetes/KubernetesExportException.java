package jpm.export.kubernetes;

import java.util.List;

/** The file cannot be exported as asked (an app without an image, two apps with one name): each problem, and its remedy. */
public final class KubernetesExportException extends Exception {
    private static final long serialVersionUID = 1L;
    private final List<String> problems;

    KubernetesExportException(List<String> problems) {
        super(String.join("\n", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
